package org.snn4j.sim.runtime;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.snn4j.sim.units.Dimension;
import org.snn4j.sim.units.Quantity;

/**
 * A group emitting spikes at given times, as Brian2's {@code SpikeGeneratorGroup}. The result is a
 * {@link NeuronGroup} without equations whose spikes come from the list (in the {@code thresholds}
 * slot), so monitors and synapses take it like any group.
 *
 * <p>Brian2's rules: a spike at time {@code t} is emitted in step {@code int((t + 1e-3*dt)/dt)}
 * (so a time on the grid, even with rounding error, is emitted in its own step); two spikes of
 * one neuron in the same step are an error, reported when the network builds (when dt is known).
 * With a period, the spikes repeat every {@code round(period/dt)} steps; the period must be a
 * multiple of dt and later than the last spike's step. Spike times must be non-negative and indices
 * in {@code [0, N)}.
 *
 * <pre>{@code
 * NeuronGroup g = SpikeGeneratorGroup.create(3, new int[] {0, 1, 2}, new double[] {1, 2, 3.5}, "ms");
 * }</pre>
 */
public final class SpikeGeneratorGroup {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private SpikeGeneratorGroup() {}

    /** Spikes of neurons {@code indices[k]} at {@code times[k]} (in {@code unit}, e.g. "ms"), not repeating. */
    public static NeuronGroup create(int n, int[] indices, double[] times, String unit) {
        return create(n, indices, times, unit, null);
    }

    /** As {@link #create(int, int[], double[], String)}, repeated every {@code period} (null: no repetition). */
    public static NeuronGroup create(int n, int[] indices, double[] times, String unit, Quantity period) {
        int id = COUNTER.getAndIncrement();
        String name = id == 0 ? "spikegeneratorgroup" : "spikegeneratorgroup_" + id;
        Quantity scale = Quantity.of(1, unit);
        if (!scale.dimension().equals(Dimension.TIME)) {
            throw new IllegalArgumentException("SpikeGeneratorGroup '" + name + "': times must be in a unit of time, got '"
                    + unit + "'");
        }
        if (indices.length != times.length) {
            throw new IllegalArgumentException("SpikeGeneratorGroup '" + name + "': " + indices.length + " indices but "
                    + times.length + " times");
        }
        if (period != null && (!period.dimension().equals(Dimension.TIME) || period.value() < 0)) {
            throw new IllegalArgumentException("SpikeGeneratorGroup '" + name + "': the period must be a non-negative time, got "
                    + period);
        }
        double[] t = new double[times.length];
        Integer[] order = new Integer[times.length];
        for (int k = 0; k < times.length; k++) {
            t[k] = times[k] * scale.value();
            order[k] = k;
            if (!(t[k] >= 0) || Double.isInfinite(t[k])) {
                throw new IllegalArgumentException("SpikeGeneratorGroup '" + name + "': spike " + k + " (neuron "
                        + indices[k] + ") has time " + times[k] + " " + unit + "; times must be finite and >= 0");
            }
            if (indices[k] < 0 || indices[k] >= n) {
                throw new IllegalArgumentException("SpikeGeneratorGroup '" + name + "': spike " + k + " has index "
                        + indices[k] + ", outside [0, " + n + ")");
            }
        }
        Arrays.sort(order, (a, b) -> t[a] != t[b] ? Double.compare(t[a], t[b]) : Integer.compare(indices[a], indices[b]));
        int[] idx = new int[order.length];
        double[] ts = new double[order.length];
        for (int k = 0; k < order.length; k++) {
            idx[k] = indices[order[k]];
            ts[k] = t[order[k]];
        }
        NeuronGroup g = new NeuronGroup(n, "").name(name);
        g.spikeSource = new Source(name, idx, ts, period == null ? 0 : period.value(), g);
        return g;
    }

    /** The spike list, binned into steps when the network's dt is known. */
    static final class Source implements SpikeSource {
        private final String name;
        private final int[] indices;
        private final double[] times;
        private final double period;
        private final NeuronGroup group;
        private double binnedDt = Double.NaN;
        private long[] bins;
        private long periodBins;

        Source(String name, int[] indices, double[] times, double period, NeuronGroup group) {
            this.name = name;
            this.indices = indices;
            this.times = times;
            this.period = period;
            this.group = group;
        }

        @Override
        public void prepare(double dt) {
            if (binnedDt != dt) bin(dt);
        }

        private void bin(double dt) {
            long[] b = new long[times.length];
            for (int k = 0; k < times.length; k++) {
                b[k] = (long) ((times[k] + 1e-3 * dt) / dt);
                if (k > 0 && b[k] == b[k - 1] && indices[k] == indices[k - 1]) {
                    throw new IllegalArgumentException("SpikeGeneratorGroup '" + name + "': using a dt of " + dt * 1e3
                            + " ms, neuron " + indices[k] + " spikes more than once during a time step (at "
                            + times[k - 1] * 1e3 + " ms and " + times[k] * 1e3 + " ms, both in step " + b[k] + ")");
                }
            }
            long pb = 0;
            if (period > 0) {
                if (period < dt) {
                    throw new IllegalArgumentException("SpikeGeneratorGroup '" + name + "': the period " + period * 1e3
                            + " ms is smaller than dt (" + dt * 1e3 + " ms)");
                }
                pb = Math.round(period / dt);
                if (Math.abs(pb * dt - period) > 1e-9 * period) {
                    throw new IllegalArgumentException("SpikeGeneratorGroup '" + name + "': the period " + period * 1e3
                            + " ms is not a multiple of dt (" + dt * 1e3 + " ms)");
                }
                if (b.length > 0 && b[b.length - 1] >= pb) {
                    throw new IllegalArgumentException("SpikeGeneratorGroup '" + name + "': the period " + period * 1e3
                            + " ms must be later than the last spike (" + times[times.length - 1] * 1e3 + " ms)");
                }
            }
            bins = b;
            periodBins = pb;
            binnedDt = dt;
        }

        @Override
        public int spikes(long step, int[] out) {
            if (binnedDt != group.dt) bin(group.dt);
            long b = periodBins > 0 ? step % periodBins : step;
            int lo = lowerBound(bins, b);
            int count = 0;
            for (int k = lo; k < bins.length && bins[k] == b; k++) out[count++] = indices[k];
            return count;
        }

        private static int lowerBound(long[] a, long key) {
            int lo = 0, hi = a.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (a[mid] < key) lo = mid + 1; else hi = mid;
            }
            return lo;
        }
    }
}
