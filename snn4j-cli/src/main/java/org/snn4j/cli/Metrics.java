package org.snn4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.snn4j.io.AtomicFiles;

/** Per-epoch metrics rows, written as {@code metrics.csv} and {@code metrics.json}. */
public final class Metrics {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final List<Map<String, Object>> rows = new ArrayList<>();
    /** Training history within epochs: global step, mean loss and accuracy over the last window of batches. */
    private final List<double[]> steps = new ArrayList<>();
    /** Run-level values written at the top of metrics.json next to the rows (selected_epoch, ...). */
    private final Map<String, Object> summary = new LinkedHashMap<>();

    public void add(Map<String, Object> row) {
        rows.add(new LinkedHashMap<>(row));
    }

    public List<Map<String, Object>> rows() {
        return rows;
    }

    /** Sets a run-level value of metrics.json ({@code selected_epoch}, {@code test_acc_selected}). */
    public void putSummary(String key, Object value) {
        summary.put(key, value);
    }

    /** Adds a point of the step-level history. */
    public void addStep(long step, double loss, double accuracy) {
        steps.add(new double[] {step, loss, accuracy});
    }

    /** The step-level history: {step, loss, accuracy} per point. */
    public List<double[]> steps() {
        return steps;
    }

    /** The value of {@code key} in the last row, or NaN. */
    public Object last(String key) {
        if (rows.isEmpty()) {
            return Double.NaN;
        }
        Object v = rows.get(rows.size() - 1).get(key);
        return v == null ? Double.NaN : v;
    }

    /** Column {@code key} as doubles (NaN where absent). */
    public double[] column(String key) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = rows.get(i).get(key);
            out[i] = v instanceof Number n ? n.doubleValue() : Double.NaN;
        }
        return out;
    }

    /** All column names in first-seen order. */
    public List<String> columns() {
        Set<String> keys = new LinkedHashSet<>();
        for (Map<String, Object> r : rows) {
            keys.addAll(r.keySet());
        }
        return new ArrayList<>(keys);
    }

    /** Writes metrics.csv and metrics.json atomically into {@code dir}. */
    public void write(Path dir) throws IOException {
        List<String> cols = columns();
        StringBuilder csv = new StringBuilder(String.join(",", cols)).append('\n');
        for (Map<String, Object> r : rows) {
            for (int i = 0; i < cols.size(); i++) {
                if (i > 0) {
                    csv.append(',');
                }
                csv.append(format(r.get(cols.get(i))));
            }
            csv.append('\n');
        }
        AtomicFiles.write(dir.resolve("metrics.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder st = new StringBuilder("step,train_loss,train_acc\n");
        for (double[] p : steps) {
            st.append((long) p[0]).append(',').append(format(p[1])).append(',').append(format(p[2])).append('\n');
        }
        AtomicFiles.write(dir.resolve("steps.csv"), st.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> json = new LinkedHashMap<>(summary);
        json.put("epochs", rows);
        AtomicFiles.write(dir.resolve("metrics.json"), JSON.writeValueAsBytes(json));
    }

    static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            return String.format(Locale.ROOT, "%.6g", ((Number) v).doubleValue());
        }
        return v.toString();
    }

    /** Restores rows and the step history saved in a checkpoint. */
    @SuppressWarnings("unchecked")
    public static Metrics fromSaved(Object saved, Object savedSteps) {
        Metrics m = new Metrics();
        if (savedSteps instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof List<?> p && p.size() == 3) {
                    m.addStep(((Number) p.get(0)).longValue(), ((Number) p.get(1)).doubleValue(),
                            ((Number) p.get(2)).doubleValue());
                }
            }
        }
        if (saved instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> map) {
                    m.add((Map<String, Object>) map);
                }
            }
        }
        return m;
    }
}
