package org.snn4j.sim.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.snn4j.sim.units.Dimension;
import org.snn4j.sim.units.Quantity;

/**
 * Records state variables (or subexpressions, computed by the reference interpreter for the recorded
 * neurons) of a group over time, as Brian2's {@code StateMonitor}: at the start of
 * every time step (before the state update, so the first value is the initial state), or every
 * {@code interval} (a multiple of the network's dt).
 *
 * <pre>{@code
 * StateMonitor m = new StateMonitor(g, List.of("v"), new int[] {0});
 * net.run(Quantity.of(30, "ms"));
 * double[] t = m.t();            // seconds
 * double[] v0 = m.values("v", 0); // SI units, for the first recorded neuron
 * }</pre>
 */
public final class StateMonitor {
    private final NeuronGroup group;
    private final List<String> variables;
    private final int[] record;
    private final Quantity interval;
    private long every = 1;
    private double[] times = new double[64];
    private final double[][] data;  // per variable, time-major [step * record.length + k]
    private int size;

    /** Records {@code variables} of all neurons at every step. */
    public StateMonitor(NeuronGroup group, String... variables) { this(group, List.of(variables), null, null); }

    /** Records {@code variables} of the neurons {@code record} (null: all) at every step. */
    public StateMonitor(NeuronGroup group, List<String> variables, int[] record) { this(group, variables, record, null); }

    /**
     * @param record   the indices to record, or null for all
     * @param interval the recording interval (a multiple of the network's dt), or null for every step
     */
    public StateMonitor(NeuronGroup group, List<String> variables, int[] record, Quantity interval) {
        this.group = group;
        if (variables.isEmpty()) throw new IllegalArgumentException("StateMonitor of " + group + ": no variables");
        for (String v : variables) if (!group.isSubexpression(v)) group.array(v);
        this.variables = List.copyOf(variables);
        if (record == null) {
            record = new int[group.size()];
            Arrays.setAll(record, k -> k);
        }
        for (int r : record) {
            if (r < 0 || r >= group.size()) {
                throw new IllegalArgumentException("StateMonitor of " + group + ": index " + r + " out of range [0, "
                        + group.size() + ")");
            }
        }
        this.record = record.clone();
        if (interval != null && !interval.dimension().equals(Dimension.TIME)) {
            throw new IllegalArgumentException("StateMonitor of " + group + ": the interval must be a time, got " + interval);
        }
        this.interval = interval;
        this.data = new double[variables.size()][Math.max(1, 64 * this.record.length)];
    }

    public NeuronGroup group() { return group; }

    public List<String> variables() { return variables; }

    /** The recorded neuron indices. */
    public int[] recordedIndices() { return record.clone(); }

    void prepare(double dt) {
        if (interval == null) {
            every = 1;
            return;
        }
        double ratio = interval.value() / dt;
        long k = Math.round(ratio);
        if (k < 1 || Math.abs(ratio - k) > 1e-6 * Math.max(1, ratio)) {
            throw new IllegalArgumentException("StateMonitor of " + group + ": the interval " + interval.value() * 1e3
                    + " ms is not a multiple of the network's dt (" + dt * 1e3 + " ms)");
        }
        every = k;
    }

    void record(long step, double t) {
        if (step % every != 0) return;
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
        }
        times[size] = t;
        int m = record.length;
        for (int v = 0; v < variables.size(); v++) {
            if ((size + 1) * m > data[v].length) data[v] = Arrays.copyOf(data[v], Math.max((size + 1) * m, data[v].length * 2));
            double[] d = data[v];
            int base = size * m;
            if (group.isSubexpression(variables.get(v))) {
                System.arraycopy(group.evaluateSubexpression(variables.get(v), record), 0, d, base, m);
                continue;
            }
            Object a = group.array(variables.get(v));
            gather(a, record, d, base);
        }
        size++;
    }

    /** Copies {@code array[record[k]]} (double, float or boolean state) into {@code d[base + k]}. */
    static void gather(Object array, int[] record, double[] d, int base) {
        int m = record.length;
        switch (array) {
            case double[] x -> { for (int k = 0; k < m; k++) d[base + k] = x[record[k]]; }
            case float[] x -> { for (int k = 0; k < m; k++) d[base + k] = x[record[k]]; }
            case boolean[] x -> { for (int k = 0; k < m; k++) d[base + k] = x[record[k]] ? 1 : 0; }
            default -> throw new IllegalStateException("cannot record a " + array.getClass().getSimpleName());
        }
    }

    int size() { return size; }

    void truncate(int newSize) { size = Math.min(size, newSize); }

    /** The recording times in seconds. */
    public double[] t() { return Arrays.copyOf(times, size); }

    /** The number of recorded time points. */
    public int count() { return size; }

    /** {@code values[k][step]} of {@code variable} for the k-th recorded neuron, in SI units. */
    public double[][] values(String variable) {
        double[][] out = new double[record.length][];
        for (int k = 0; k < record.length; k++) out[k] = values(variable, k);
        return out;
    }

    /** The trace of {@code variable} for the k-th recorded neuron (not neuron index k unless all are recorded). */
    public double[] values(String variable, int k) {
        int v = variables.indexOf(variable);
        if (v < 0) {
            throw new IllegalArgumentException("StateMonitor of " + group + " does not record '" + variable
                    + "' (it records " + variables + ")");
        }
        if (k < 0 || k >= record.length) throw new IndexOutOfBoundsException("recorded neuron " + k + " of " + record.length);
        double[] out = new double[size];
        for (int s = 0; s < size; s++) out[s] = data[v][s * record.length + k];
        return out;
    }

    /**
     * Plots {@code variable} against time (ms) for the first {@code maxTraces} recorded neurons as a PNG
     * (SI units on the y axis; volts shown in mV), written atomically.
     */
    public Path plot(String variable, int maxTraces, Path file) {
        double[] tMs = t();
        for (int k = 0; k < tMs.length; k++) tMs[k] *= 1e3;
        boolean volt = group.dimension(variable).equals(Dimension.VOLTAGE);
        List<org.snn4j.viz.Series> series = new ArrayList<>();
        for (int k = 0; k < Math.min(maxTraces, record.length); k++) {
            double[] y = values(variable, k);
            if (volt) for (int s = 0; s < y.length; s++) y[s] *= 1e3;
            series.add(new org.snn4j.viz.Series(record.length == 1 ? "" : variable + "[" + record[k] + "]", tMs, y));
        }
        String unit = volt ? "mV" : group.dimension(variable).toString();
        try {
            return org.snn4j.viz.Png.write(org.snn4j.viz.LineChart.render(group.name() + ": " + variable, "t (ms)",
                    variable + (unit.isEmpty() || unit.equals("1") ? "" : " (" + unit + ")"), series), file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code t,<var>[<index>],...} (SI units), one row per recording time, atomically. */
    public void toCsv(Path file) {
        StringBuilder sb = new StringBuilder("t");
        List<String> cols = new ArrayList<>();
        for (String v : variables) for (int r : record) cols.add(v + "[" + r + "]");
        for (String c : cols) sb.append(',').append(c);
        sb.append('\n');
        int m = record.length;
        for (int s = 0; s < size; s++) {
            sb.append(times[s]);
            for (int v = 0; v < variables.size(); v++) {
                for (int k = 0; k < m; k++) sb.append(',').append(data[v][s * m + k]);
            }
            sb.append('\n');
        }
        AtomicWrite.text(file, sb);
    }
}
