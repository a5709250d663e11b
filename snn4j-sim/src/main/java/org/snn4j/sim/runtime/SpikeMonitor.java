package org.snn4j.sim.runtime;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Records the spikes of a group (indices and times, seconds), as Brian2's {@code SpikeMonitor}:
 * right after the thresholds of each time step, with the time at the start of that step.
 */
public final class SpikeMonitor {
    private final NeuronGroup group;
    private int[] indices = new int[256];
    private double[] times = new double[256];
    private int size;
    private final int[] count;

    public SpikeMonitor(NeuronGroup group) {
        this.group = group;
        this.count = new int[group.size()];
    }

    public NeuronGroup group() { return group; }

    void record(int[] spikes, int n, double t) {
        if (size + n > indices.length) {
            int cap = Math.max(size + n, indices.length * 2);
            indices = Arrays.copyOf(indices, cap);
            times = Arrays.copyOf(times, cap);
        }
        for (int k = 0; k < n; k++) {
            indices[size + k] = spikes[k];
            times[size + k] = t;
            count[spikes[k]]++;
        }
        size += n;
    }

    int size() { return size; }

    void truncate(int newSize) {
        for (int k = newSize; k < size; k++) count[indices[k]]--;
        size = Math.min(size, newSize);
    }

    /** The total number of spikes. */
    public int numSpikes() { return size; }

    /** The index of each spike, in order of time (and of index within a step). */
    public int[] i() { return Arrays.copyOf(indices, size); }

    /** The time of each spike in seconds. */
    public double[] t() { return Arrays.copyOf(times, size); }

    /** The number of spikes of each neuron. */
    public int[] count() { return count.clone(); }

    /** The spike times (seconds) of neuron {@code index}. */
    public double[] spikeTimes(int index) {
        double[] out = new double[count[index]];
        int j = 0;
        for (int k = 0; k < size; k++) if (indices[k] == index) out[j++] = times[k];
        return Arrays.copyOf(out, j);
    }

    /**
     * The spike times (seconds) of every neuron, as Brian2's {@code spike_trains()}: element {@code k} holds
     * neuron {@code k}'s times in order (empty if it did not fire).
     */
    public double[][] spikeTrains() {
        double[][] out = new double[count.length][];
        for (int k = 0; k < count.length; k++) out[k] = new double[count[k]];
        int[] fill = new int[count.length];
        for (int k = 0; k < size; k++) out[indices[k]][fill[indices[k]]++] = times[k];
        return out;
    }

    /** Set by the network when it builds: the time step, for plots. */
    double dt = 1e-4;

    /**
     * Draws a raster plot (one row per neuron, one column per time step up to the last spike) as a
     * PNG, written atomically. Limited to 50 million cells; record a subgroup for larger ones.
     */
    public Path plot(Path file) {
        int steps = 1;
        for (int k = 0; k < size; k++) steps = Math.max(steps, (int) Math.round(times[k] / dt) + 1);
        int n = group.size();
        if ((long) steps * n > 50_000_000L) {
            throw new IllegalArgumentException("raster of " + group + " too large to draw: " + steps + " steps x "
                    + n + " neurons");
        }
        boolean[] flat = new boolean[steps * n];
        for (int k = 0; k < size; k++) flat[(int) Math.round(times[k] / dt) * n + indices[k]] = true;
        var raster = org.snn4j.viz.SpikeRaster.of(group.name(), flat, steps, n);
        try {
            return org.snn4j.viz.Png.write(org.snn4j.viz.RasterPlot.render(group.name() + " spikes (dt = "
                    + dt * 1e3 + " ms)", List.of(raster)), file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code i,t} (t in seconds), one row per spike, atomically. */
    public void toCsv(Path file) {
        StringBuilder sb = new StringBuilder("i,t\n");
        for (int k = 0; k < size; k++) sb.append(indices[k]).append(',').append(times[k]).append('\n');
        AtomicWrite.text(file, sb);
    }
}
