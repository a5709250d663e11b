package org.snn4j.core.efficiency;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Models measured on the same samples, side by side (an ANN and the SNN converted from it, or any two or more
 * networks): totals and a per-layer table of their {@link EfficiencyReport}s, with each model's energy under one
 * {@link EnergyProfile} and, optionally, its memory-access cost.
 * <pre>
 *   ratio            = second / first                     (two models; empty, or null in JSON, when first = 0)
 *   layer energy     = EnergyEstimate of the layer's own counts (its effective MACs, ACs, membrane updates);
 *                      the layers' energies add up to the model's
 *   footprint (fmt)  = parameter and buffer elements x the profile's bytes per value
 * </pre>
 * Layers are paired by kind and order: the k-th connection layer (one with weights) of each model on one row,
 * the k-th activation or neuron layer on another, in the first model's order; layers left over in a later model
 * follow on rows of their own. A conversion keeps every connection layer and replaces each activation by one
 * neuron layer, so an ANN and its SNN pair up layer by layer.
 */
public final class EfficiencyComparison {
    /**
     * One model of the comparison.
     *
     * @param label    short name for column headers ({@code ann}, {@code snn T=32})
     * @param report   its metrics
     * @param memory   the memory-access cost of its energy estimate, or null for compute energy only
     * @param accuracy its accuracy on the measured samples, or NaN when not known
     */
    public record Model(String label, EfficiencyReport report, MemoryAccessCost memory, double accuracy) {
        public Model {
            if (label == null || label.isBlank() || report == null) {
                throw new IllegalArgumentException("EfficiencyComparison.Model: label and report must be given");
            }
        }

        /** A model without a known accuracy. */
        public Model(String label, EfficiencyReport report, MemoryAccessCost memory) {
            this(label, report, memory, Double.NaN);
        }
    }

    /** One row of the per-layer table: the paired layer of each model, null where a model has none. */
    public record Row(List<LayerMetrics> layers) {
        public Row {
            layers = Collections.unmodifiableList(new ArrayList<>(layers));
        }
    }

    private final List<Model> models;
    private final EnergyProfile profile;
    private final List<EnergyEstimate> energies = new ArrayList<>();
    private final List<Row> rows;

    /** Compares {@code models} (at least one; ratios need exactly two) under {@code profile}. */
    public EfficiencyComparison(List<Model> models, EnergyProfile profile) {
        if (models == null || models.isEmpty() || profile == null) {
            throw new IllegalArgumentException("EfficiencyComparison: at least one model and a profile must be given");
        }
        this.models = List.copyOf(models);
        this.profile = profile;
        for (Model m : this.models) {
            energies.add(EnergyEstimate.of(m.report().opCounts(), profile, m.memory()));
        }
        this.rows = pair(this.models);
    }

    /** Two models: {@code first} and {@code second}, ratios second / first. */
    public static EfficiencyComparison of(Model first, Model second, EnergyProfile profile) {
        return new EfficiencyComparison(List.of(first, second), profile);
    }

    public List<Model> models() {
        return models;
    }

    public EnergyProfile profile() {
        return profile;
    }

    /** The energy per sample of model {@code i}. */
    public EnergyEstimate energy(int i) {
        return energies.get(i);
    }

    /** The paired layers, one row per pair. */
    public List<Row> rows() {
        return rows;
    }

    /** The energy per sample of one layer of model {@code i}, picojoules. */
    public double layerEnergyPj(int i, LayerMetrics layer) {
        return EnergyEstimate.of(layer.opCounts(), profile, models.get(i).memory()).totalPj();
    }

    /** Bytes of model {@code i}'s parameters and buffers stored in the profile's format. */
    public long footprintBytes(int i) {
        return models.get(i).report().footprintBytes() / Float.BYTES * profile.bytesPerValue();
    }

    /** {@code b / a}; NaN when {@code a} is 0 or either is NaN. */
    public static double ratio(double a, double b) {
        return a == 0 || Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : b / a;
    }

    private static List<Row> pair(List<Model> models) {
        int n = models.size();
        List<Deque<LayerMetrics>> conn = new ArrayList<>();
        List<Deque<LayerMetrics>> act = new ArrayList<>();
        for (Model m : models) {
            Deque<LayerMetrics> c = new ArrayDeque<>();
            Deque<LayerMetrics> a = new ArrayDeque<>();
            for (LayerMetrics l : m.report().layers()) {
                (l.isConnection() ? c : a).add(l);
            }
            conn.add(c);
            act.add(a);
        }
        List<Row> out = new ArrayList<>();
        Set<LayerMetrics> used = Collections.newSetFromMap(new IdentityHashMap<>());
        for (LayerMetrics l : models.get(0).report().layers()) {
            List<LayerMetrics> row = new ArrayList<>();
            row.add(l);
            for (int k = 1; k < n; k++) {
                LayerMetrics p = (l.isConnection() ? conn : act).get(k).poll();
                row.add(p);
                if (p != null) {
                    used.add(p);
                }
            }
            out.add(new Row(row));
        }
        for (int k = 1; k < n; k++) {
            for (LayerMetrics l : models.get(k).report().layers()) {
                if (!used.contains(l)) {
                    List<LayerMetrics> row = new ArrayList<>(Collections.nCopies(n, (LayerMetrics) null));
                    row.set(k, l);
                    out.add(new Row(row));
                }
            }
        }
        return out;
    }

    private boolean anyAccuracy() {
        return models.stream().anyMatch(m -> !Double.isNaN(m.accuracy()));
    }

    private boolean anyMemory() {
        return models.stream().anyMatch(m -> m.memory() != null);
    }

    /** The totals: metric name (JSON key) and one value per model. */
    private Map<String, double[]> totals() {
        Map<String, double[]> t = new LinkedHashMap<>();
        int n = models.size();
        if (anyAccuracy()) {
            t.put("accuracy", column(i -> models.get(i).accuracy()));
        }
        t.put("footprint_bytes", column(i -> models.get(i).report().footprintBytes()));
        if (profile.bytesPerValue() != Float.BYTES) {
            t.put("footprint_bytes_" + format(), column(i -> footprintBytes(i)));
        }
        t.put("connection_sparsity", column(i -> models.get(i).report().connectionSparsity()));
        t.put("activation_sparsity", column(i -> models.get(i).report().activationSparsity()));
        t.put("dense_synops", column(i -> models.get(i).report().denseSynops()));
        t.put("effective_macs", column(i -> models.get(i).report().effectiveMacs()));
        t.put("effective_acs", column(i -> models.get(i).report().effectiveAcs()));
        t.put("membrane_updates", column(i -> models.get(i).report().membraneUpdates()));
        t.put("synaptic_pj", column(i -> energies.get(i).synapticPj()));
        t.put("neuron_pj", column(i -> energies.get(i).neuronPj()));
        if (anyMemory()) {
            t.put("memory_pj", column(i -> energies.get(i).memoryPj()));
        }
        t.put("total_pj", column(i -> energies.get(i).totalPj()));
        assert t.values().stream().allMatch(v -> v.length == n);
        return t;
    }

    private double[] column(java.util.function.IntToDoubleFunction f) {
        double[] v = new double[models.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsDouble(i);
        }
        return v;
    }

    /** The profile's format, the first word of its name ({@code fp32}). */
    private String format() {
        return profile.name().split(" ")[0];
    }

    private boolean ratios() {
        return models.size() == 2;
    }

    /**
     * Text: the per-layer table (effective MACs, ACs, activation sparsity, membrane updates and energy in nJ per
     * model, columns keyed A, B, ... when there are several; then the energy ratio B / A), the totals table, and a
     * line naming the profile, memory costs and source.
     */
    public String table() {
        StringBuilder sb = new StringBuilder();
        int n = models.size();
        List<String> head = new ArrayList<>(List.of("layer", "type"));
        for (int i = 0; i < n; i++) {
            String l = n == 1 ? "" : " " + key(i);
            head.addAll(List.of("MACs" + l, "ACs" + l, "act.sparsity" + l, "mem.updates" + l, "nJ" + l));
        }
        if (ratios()) {
            head.add("nJ ratio");
        }
        List<String[]> lines = new ArrayList<>();
        lines.add(head.toArray(String[]::new));
        for (Row r : rows) {
            List<String> cells = new ArrayList<>(List.of(joined(r, LayerMetrics::name), joined(r, LayerMetrics::type)));
            double[] nj = new double[n];
            for (int i = 0; i < n; i++) {
                LayerMetrics l = r.layers().get(i);
                if (l == null) {
                    cells.addAll(List.of("", "", "", "", ""));
                    nj[i] = Double.NaN;
                    continue;
                }
                nj[i] = layerEnergyPj(i, l) / 1000.0;
                boolean c = l.isConnection();
                cells.addAll(List.of(c ? EfficiencyReport.count(l.effectiveMacs()) : "",
                        c ? EfficiencyReport.count(l.effectiveAcs()) : "",
                        EfficiencyReport.ratio(l.activationSparsity()),
                        l.denseMembraneUpdates() == 0 ? "" : EfficiencyReport.count(l.membraneUpdates()), nj(nj[i])));
            }
            if (ratios()) {
                cells.add(EfficiencyReport.ratio(ratio(nj[0], nj[1])));
            }
            lines.add(cells.toArray(String[]::new));
        }
        if (n > 1) {
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : ", ").append(key(i)).append(" = ").append(models.get(i).label());
            }
            sb.append(ratios() ? "; ratio = B / A" : "").append('\n');
        }
        sb.append("per layer, per sample:\n");
        EfficiencyReport.appendTable(sb, lines);

        List<String> th = new ArrayList<>(List.of("metric", ""));
        for (Model m : models) {
            th.add(m.label());
        }
        if (ratios()) {
            th.add("ratio");
        }
        List<String[]> tl = new ArrayList<>();
        tl.add(th.toArray(String[]::new));
        for (Map.Entry<String, double[]> e : totals().entrySet()) {
            List<String> cells = new ArrayList<>(List.of(label(e.getKey()), ""));
            for (double v : e.getValue()) {
                cells.add(formatTotal(e.getKey(), v));
            }
            if (ratios()) {
                cells.add(EfficiencyReport.ratio(ratio(e.getValue()[0], e.getValue()[1])));
            }
            tl.add(cells.toArray(String[]::new));
        }
        sb.append("\ntotals, per sample:\n");
        EfficiencyReport.appendTable(sb, tl);
        sb.append(String.format(Locale.ROOT, "energy: %s, multiply %s pJ, add %s pJ (MAC %s pJ, AC %s pJ); %s",
                profile.name(), num(profile.multiplyPj()), num(profile.addPj()), num(profile.macPj()),
                num(profile.acPj()), profile.source()));
        for (Model m : models) {
            sb.append("; memory ").append(m.label()).append(": ").append(m.memory() == null ? "none"
                    : m.memory().name() + " " + num(m.memory().pjPerAccess()) + " pJ/access");
        }
        sb.append('\n');
        return sb.toString();
    }

    /** The column key of model {@code i}: A, B, C, ... */
    private static String key(int i) {
        return i < 26 ? String.valueOf((char) ('A' + i)) : "M" + (i + 1);
    }

    private static String joined(Row r, java.util.function.Function<LayerMetrics, String> f) {
        List<String> parts = new ArrayList<>();
        for (LayerMetrics l : r.layers()) {
            String s = l == null ? "-" : f.apply(l);
            if (!parts.contains(s)) {
                parts.add(s);
            }
        }
        if (parts.size() == 2 && parts.contains("-")) {
            parts.remove("-");
            return r.layers().get(0) == null ? "- / " + parts.get(0) : parts.get(0) + " / -";
        }
        return String.join(" / ", parts);
    }

    /** The table label of a totals key of {@link #toMap()} ({@code total_pj}: "total energy nJ"). */
    public static String label(String key) {
        return switch (key) {
            case "footprint_bytes" -> "footprint bytes (fp32)";
            case "synaptic_pj" -> "synaptic energy nJ";
            case "neuron_pj" -> "neuron energy nJ";
            case "memory_pj" -> "memory energy nJ";
            case "total_pj" -> "total energy nJ";
            default -> key.startsWith("footprint_bytes_") ? "footprint bytes (" + key.substring(16) + ")"
                    : key.replace('_', ' ').replace("macs", "MACs").replace("acs", "ACs");
        };
    }

    private static String formatTotal(String key, double v) {
        if (key.endsWith("_pj")) {
            return nj(v / 1000.0);
        }
        if (key.startsWith("footprint")) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        if (key.endsWith("sparsity") || key.equals("accuracy")) {
            return EfficiencyReport.ratio(v);
        }
        return EfficiencyReport.count(v);
    }

    private static String nj(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** At most 6 significant digits, no trailing zeros ({@code 3.7 + 0.9} prints as 4.6). */
    static String num(double v) {
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(6)).stripTrailingZeros()
                .toPlainString();
    }

    /**
     * JSON-friendly maps: the profile, each model (label, accuracy, memory cost, its report and energy), the
     * totals (metric, one value per model, ratio) and the layer rows (each model's layer with its energy, and the
     * energy ratio). NaN is null.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", profile.name());
        p.put("multiply_pj", profile.multiplyPj());
        p.put("add_pj", profile.addPj());
        p.put("bytes_per_value", profile.bytesPerValue());
        p.put("source", profile.source());
        m.put("profile", p);
        if (ratios()) {
            m.put("ratio", models.get(1).label() + " / " + models.get(0).label());
        }
        List<Map<String, Object>> ms = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            Model model = models.get(i);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("label", model.label());
            e.put("accuracy", EfficiencyReport.jsonNumber(model.accuracy()));
            e.put("memory", model.memory() == null ? null : model.memory().name());
            e.put("memory_pj_per_access", model.memory() == null ? null : model.memory().pjPerAccess());
            e.put("footprint_bytes_" + format(), footprintBytes(i));
            e.put("energy", energies.get(i).toMap());
            e.put("report", model.report().toMap());
            ms.add(e);
        }
        m.put("models", ms);
        List<Map<String, Object>> ts = new ArrayList<>();
        for (Map.Entry<String, double[]> e : totals().entrySet()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("metric", e.getKey());
            List<Object> values = new ArrayList<>();
            for (double v : e.getValue()) {
                values.add(EfficiencyReport.jsonNumber(v));
            }
            t.put("values", values);
            if (ratios()) {
                t.put("ratio", EfficiencyReport.jsonNumber(ratio(e.getValue()[0], e.getValue()[1])));
            }
            ts.add(t);
        }
        m.put("totals", ts);
        List<Map<String, Object>> ls = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            List<Object> layers = new ArrayList<>();
            double[] pj = new double[models.size()];
            for (int i = 0; i < models.size(); i++) {
                LayerMetrics l = r.layers().get(i);
                if (l == null) {
                    layers.add(null);
                    pj[i] = Double.NaN;
                    continue;
                }
                Map<String, Object> lm = l.toMap();
                pj[i] = layerEnergyPj(i, l);
                lm.put("energy_pj", pj[i]);
                layers.add(lm);
            }
            row.put("layers", layers);
            if (ratios()) {
                row.put("energy_ratio", EfficiencyReport.jsonNumber(ratio(pj[0], pj[1])));
            }
            ls.add(row);
        }
        m.put("layers", ls);
        return m;
    }
}
