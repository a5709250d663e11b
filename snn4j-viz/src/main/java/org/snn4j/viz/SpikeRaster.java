package org.snn4j.viz;

import java.util.Objects;

/**
 * Spikes of one layer for one sample, time-major: {@code spike(t, n)} for time step {@code t < steps} and neuron
 * {@code n < neurons}. Stored as a copied flat {@code boolean[steps * neurons]}.
 */
public final class SpikeRaster {
    private final String name;
    private final int steps;
    private final int neurons;
    private final boolean[] spikes;

    private SpikeRaster(String name, int steps, int neurons, boolean[] spikes) {
        this.name = Objects.requireNonNull(name, "name");
        if (steps <= 0 || neurons <= 0) {
            throw new IllegalArgumentException("raster '" + name + "' needs steps > 0 and neurons > 0, got ["
                    + steps + ", " + neurons + "]");
        }
        this.steps = steps;
        this.neurons = neurons;
        this.spikes = spikes;
    }

    /** From a flat time-major {@code float[T * N]}; any non-zero value counts as a spike. */
    public static SpikeRaster of(String name, float[] flat, int steps, int neurons) {
        checkLength(name, flat.length, steps, neurons);
        boolean[] s = new boolean[flat.length];
        for (int i = 0; i < flat.length; i++) {
            s[i] = flat[i] != 0f;
        }
        return new SpikeRaster(name, steps, neurons, s);
    }

    /** From a flat time-major {@code boolean[T * N]}. */
    public static SpikeRaster of(String name, boolean[] flat, int steps, int neurons) {
        checkLength(name, flat.length, steps, neurons);
        return new SpikeRaster(name, steps, neurons, flat.clone());
    }

    /** From {@code float[T][N]}; any non-zero value counts as a spike. */
    public static SpikeRaster of(String name, float[][] tn) {
        int n = tn.length == 0 ? 0 : tn[0].length;
        boolean[] s = new boolean[tn.length * n];
        for (int t = 0; t < tn.length; t++) {
            if (tn[t].length != n) {
                throw new IllegalArgumentException("raster '" + name + "': row " + t + " has " + tn[t].length
                        + " neurons, expected " + n);
            }
            for (int i = 0; i < n; i++) {
                s[t * n + i] = tn[t][i] != 0f;
            }
        }
        return new SpikeRaster(name, tn.length, n, s);
    }

    /** From {@code boolean[T][N]}. */
    public static SpikeRaster of(String name, boolean[][] tn) {
        int n = tn.length == 0 ? 0 : tn[0].length;
        boolean[] s = new boolean[tn.length * n];
        for (int t = 0; t < tn.length; t++) {
            if (tn[t].length != n) {
                throw new IllegalArgumentException("raster '" + name + "': row " + t + " has " + tn[t].length
                        + " neurons, expected " + n);
            }
            System.arraycopy(tn[t], 0, s, t * n, n);
        }
        return new SpikeRaster(name, tn.length, n, s);
    }

    private static void checkLength(String name, int length, int steps, int neurons) {
        if ((long) steps * neurons != length) {
            throw new IllegalArgumentException("raster '" + name + "': " + length + " values do not match shape ["
                    + steps + ", " + neurons + "]");
        }
    }

    public String name() {
        return name;
    }

    public int steps() {
        return steps;
    }

    public int neurons() {
        return neurons;
    }

    public boolean spike(int t, int n) {
        Objects.checkIndex(t, steps);
        Objects.checkIndex(n, neurons);
        return spikes[t * neurons + n];
    }

    /** Total number of spikes. */
    public long count() {
        long c = 0;
        for (boolean b : spikes) {
            if (b) {
                c++;
            }
        }
        return c;
    }

    /** Mean firing rate in spikes per neuron per time step, in [0, 1]. */
    public double rate() {
        return (double) count() / ((double) steps * neurons);
    }
}
