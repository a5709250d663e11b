package org.snn4j.sim.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the events of a group with the values of chosen variables at each event, as Brian2's
 * {@code EventMonitor}. The event is {@code "spike"} (the only event groups have for now): recorded
 * in the {@code thresholds} slot, after the spikes are known and before the reset, with the time
 * {@code t} at the start of the step, so a recorded {@code v} is the value that crossed the threshold.
 *
 * <pre>{@code
 * EventMonitor m = new EventMonitor(group, "spike", "v", "w");
 * ... m.i(), m.t(), m.values("v")
 * }</pre>
 */
public final class EventMonitor implements Scheduled {
    private final NeuronGroup group;
    private final String event;
    private final List<String> variables;
    private int[] indices = new int[256];
    private double[] times = new double[256];
    private final Map<String, double[]> values = new LinkedHashMap<>();
    private int size;
    private double dt = 1e-4;

    public EventMonitor(NeuronGroup group, String event, String... variables) {
        if (!event.equals("spike")) {
            throw new IllegalArgumentException("EventMonitor on " + group + ": unknown event '" + event
                    + "' (groups have the event 'spike')");
        }
        this.group = group;
        this.event = event;
        this.variables = List.of(variables);
        for (String v : variables) {
            if (v.equals("i") || v.equals("t")) {
                throw new IllegalArgumentException("EventMonitor on " + group + ": '" + v + "' is always recorded");
            }
            if (group.isSubexpression(v)) {
                throw new IllegalArgumentException("EventMonitor on " + group + ": '" + v
                        + "' is a subexpression; record the variables it is computed from");
            }
            group.dimension(v); // reports an unknown variable with a hint
            this.values.put(v, new double[256]);
        }
    }

    public NeuronGroup group() { return group; }

    public String event() { return event; }

    public List<String> variables() { return variables; }

    @Override
    public List<NeuronGroup> groups() { return List.of(group); }

    @Override
    public void prepare(double newDt) { this.dt = newDt; }

    @Override
    public void afterThresholds(long step, double t) {
        CompiledGroup c = group.compiled;
        int n = c.spikeCount;
        if (n == 0) return;
        if (size + n > indices.length) {
            int cap = Math.max(size + n, indices.length * 2);
            indices = Arrays.copyOf(indices, cap);
            times = Arrays.copyOf(times, cap);
            values.replaceAll((k, a) -> Arrays.copyOf(a, cap));
        }
        for (int k = 0; k < n; k++) {
            int idx = c.spikes[k];
            indices[size + k] = idx;
            times[size + k] = t;
            for (Map.Entry<String, double[]> e : values.entrySet()) e.getValue()[size + k] = group.get(e.getKey(), idx);
        }
        size += n;
    }

    @Override
    public int size() { return size; }

    @Override
    public void truncate(int newSize) { size = Math.min(size, newSize); }

    /** The number of events recorded. */
    public int numEvents() { return size; }

    /** The neuron index of each event. */
    public int[] i() { return Arrays.copyOf(indices, size); }

    /** The time of each event, seconds. */
    public double[] t() { return Arrays.copyOf(times, size); }

    /** The recorded values (SI) of {@code variable}, one per event. */
    public double[] values(String variable) {
        double[] a = values.get(variable);
        if (a == null) {
            throw new IllegalArgumentException("EventMonitor on " + group + " does not record '" + variable
                    + "' (it records " + variables + ")");
        }
        return Arrays.copyOf(a, size);
    }

    /** Writes {@code i,t,<variables>} (SI units), one row per event, atomically. */
    public void toCsv(Path file) {
        StringBuilder sb = new StringBuilder("i,t");
        for (String v : variables) sb.append(',').append(v);
        sb.append('\n');
        for (int k = 0; k < size; k++) {
            sb.append(indices[k]).append(',').append(times[k]);
            for (double[] a : values.values()) sb.append(',').append(a[k]);
            sb.append('\n');
        }
        AtomicWrite.text(file, sb);
    }

    /**
     * Plots the events as a raster (index against time in ms, one dot per event) as a PNG; with
     * recorded variables, a second file {@code <name>-<variable>.png} per variable shows its value
     * at each event against time.
     */
    public Path plot(Path file) {
        try {
            List<org.snn4j.viz.Series> raster = new ArrayList<>();
            double[] tMs = t();
            for (int k = 0; k < tMs.length; k++) tMs[k] *= 1e3;
            double[] idx = new double[size];
            for (int k = 0; k < size; k++) idx[k] = indices[k];
            raster.add(new org.snn4j.viz.Series(event, tMs, idx));
            var chart = org.snn4j.viz.LineChart.chart(group.name() + " " + event + " events", "t (ms)", "neuron index",
                    raster, 900, 500);
            for (var s : chart.getSeriesMap().values()) {
                s.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
            }
            org.snn4j.viz.Png.write(org.knowm.xchart.BitmapEncoder.getBufferedImage(chart), file);
            String base = file.getFileName().toString().replaceFirst("\\.png$", "");
            for (String v : variables) {
                Path vf = file.resolveSibling(base + "-" + v + ".png");
                var vc = org.snn4j.viz.LineChart.chart(group.name() + ": " + v + " at each " + event, "t (ms)",
                        v + " (" + group.dimension(v) + ")", List.of(new org.snn4j.viz.Series(v, tMs, values(v))), 900, 500);
                for (var s : vc.getSeriesMap().values()) {
                    s.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
                }
                org.snn4j.viz.Png.write(org.knowm.xchart.BitmapEncoder.getBufferedImage(vc), vf);
            }
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
