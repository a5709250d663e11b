package org.snn4j.viz;

import java.util.Arrays;
import java.util.Objects;

/**
 * Membrane potential of one neuron over time steps, with its spike times.
 *
 * @param label      legend label, e.g. "hidden #12"
 * @param potential  membrane potential per time step, {@code float[T]}
 * @param spikeTimes time steps at which the neuron spiked, or {@code null} to derive them as the steps where
 *                   {@code potential >= threshold} (right for potentials recorded before reset)
 */
public record Trace(String label, float[] potential, int[] spikeTimes) {
    public Trace {
        Objects.requireNonNull(label, "label");
        potential = Objects.requireNonNull(potential, "potential").clone();
        if (spikeTimes != null) {
            spikeTimes = spikeTimes.clone();
            for (int t : spikeTimes) {
                Objects.checkIndex(t, potential.length);
            }
        }
    }

    /** Trace whose spikes are derived from the threshold at plot time. */
    public static Trace of(String label, float[] potential) {
        return new Trace(label, potential, null);
    }

    /** Trace with spikes from a 0/1 spike train {@code float[T]} (non-zero = spike). */
    public static Trace of(String label, float[] potential, float[] spikes) {
        if (spikes.length != potential.length) {
            throw new IllegalArgumentException("trace '" + label + "': " + spikes.length + " spike values for "
                    + potential.length + " potential values");
        }
        int[] times = new int[spikes.length];
        int k = 0;
        for (int t = 0; t < spikes.length; t++) {
            if (spikes[t] != 0f) {
                times[k++] = t;
            }
        }
        return new Trace(label, potential, Arrays.copyOf(times, k));
    }

    @Override
    public float[] potential() {
        return potential.clone();
    }

    @Override
    public int[] spikeTimes() {
        return spikeTimes == null ? null : spikeTimes.clone();
    }

    /** Spike times: the given ones, or the steps where the potential reaches {@code threshold}. */
    public int[] spikeTimes(double threshold) {
        if (spikeTimes != null) {
            return spikeTimes.clone();
        }
        int[] times = new int[potential.length];
        int k = 0;
        for (int t = 0; t < potential.length; t++) {
            if (potential[t] >= threshold) {
                times[k++] = t;
            }
        }
        return Arrays.copyOf(times, k);
    }
}
