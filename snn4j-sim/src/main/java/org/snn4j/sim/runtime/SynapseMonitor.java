package org.snn4j.sim.runtime;

import java.util.Arrays;
import java.util.List;

/**
 * Records synaptic variables (weights, traces, {@code lastupdate}) of chosen synapses over time, as
 * Brian2's {@code StateMonitor} on a {@code Synapses} object: at the start of every time step, like
 * {@link StateMonitor}. Synapses are chosen by their index in storage order (see {@link Synapses#i()},
 * {@link Synapses#j()}); connect before making the monitor.
 *
 * <pre>{@code
 * SynapseMonitor m = new SynapseMonitor(syn, List.of("w"), new int[] {0, 5});
 * net.run(Quantity.of(100, "ms"));
 * double[] w0 = m.values("w", 0);
 * }</pre>
 */
public final class SynapseMonitor {
    private final Synapses synapses;
    private final List<String> variables;
    private final int[] record;
    private double[] times = new double[64];
    private final double[][] data;  // per variable, time-major
    private int size;

    /** Records {@code variables} of the synapses {@code record} (null: all) at every step. */
    public SynapseMonitor(Synapses synapses, List<String> variables, int[] record) {
        this.synapses = synapses;
        if (variables.isEmpty()) throw new IllegalArgumentException("SynapseMonitor of " + synapses + ": no variables");
        for (String v : variables) synapses.array(v);
        this.variables = List.copyOf(variables);
        if (record == null) {
            record = new int[synapses.size()];
            Arrays.setAll(record, k -> k);
        }
        for (int r : record) {
            if (r < 0 || r >= synapses.size()) {
                throw new IllegalArgumentException("SynapseMonitor of " + synapses + ": synapse index " + r
                        + " out of range [0, " + synapses.size() + ")");
            }
        }
        this.record = record.clone();
        this.data = new double[variables.size()][Math.max(1, 64 * this.record.length)];
    }

    public Synapses synapses() { return synapses; }

    void record(double t) {
        if (size == times.length) times = Arrays.copyOf(times, size * 2);
        times[size] = t;
        int m = record.length;
        for (int v = 0; v < variables.size(); v++) {
            if ((size + 1) * m > data[v].length) data[v] = Arrays.copyOf(data[v], Math.max((size + 1) * m, data[v].length * 2));
            double[] d = data[v];
            int base = size * m;
            StateMonitor.gather(synapses.array(variables.get(v)), record, d, base);
        }
        size++;
    }

    int size() { return size; }

    void truncate(int newSize) { size = Math.min(size, newSize); }

    /** The recording times in seconds. */
    public double[] t() { return Arrays.copyOf(times, size); }

    /** The trace of {@code variable} for the k-th recorded synapse, in SI units. */
    public double[] values(String variable, int k) {
        int v = variables.indexOf(variable);
        if (v < 0) {
            throw new IllegalArgumentException("SynapseMonitor of " + synapses + " does not record '" + variable
                    + "' (it records " + variables + ")");
        }
        if (k < 0 || k >= record.length) throw new IndexOutOfBoundsException("recorded synapse " + k + " of " + record.length);
        double[] out = new double[size];
        for (int s = 0; s < size; s++) out[s] = data[v][s * record.length + k];
        return out;
    }
}
