package org.snn4j.core.metrics;

import org.snn4j.core.tensor.Tensor;

/**
 * Firing rates of a layer's spike output {@code [T, B, ...]} (time-static allowed):
 * {@link #mean} is the mean number of spikes per neuron per step over the whole tensor,
 * {@code sum(s) / (T * B * N)}; {@link #perNeuron} gives each neuron's rate averaged over steps and
 * samples, {@code r[n] = sum_{t,b} s[t,b,n] / (T * B)}, with shape {@code [...]} (the dimensions
 * after the batch). Sums are in double.
 */
public final class FiringRate {
    private FiringRate() {
    }

    private static void check(String what, Tensor s) {
        if (s.rank() < 2) {
            throw new IllegalArgumentException(what + ": spikes must be [T, B, ...], got shape " + s.shapeString());
        }
    }

    /** Mean spikes per neuron per step. */
    public static double mean(Tensor spikes) {
        check("FiringRate.mean", spikes);
        if (spikes.numel() == 0) {
            return 0;
        }
        byte[] b = spikes.spikeBytes();
        if (b != null) {
            // byte-backed spikes are counted as bytes: their floats (4x the memory) are never built
            long count = 0;
            for (byte v : b) {
                count += v;
            }
            return (double) count / spikes.storedNumel();
        }
        double sum = 0;
        for (float v : spikes.data()) {
            sum += v;
        }
        return sum / spikes.storedNumel();
    }

    /** Per-neuron rates, shape {@code spikes.shape[2..]}. */
    public static Tensor perNeuron(Tensor spikes) {
        check("FiringRate.perNeuron", spikes);
        int[] shape = spikes.shape();
        int[] neuronShape = java.util.Arrays.copyOfRange(shape, 2, shape.length);
        int n = (int) Tensor.numel(neuronShape);
        float[] d = spikes.data();
        int rows = n == 0 ? 0 : d.length / n;
        double[] acc = new double[n];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                acc[i] += d[r * n + i];
            }
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = rows == 0 ? 0f : (float) (acc[i] / rows);
        }
        return Tensor.of(out, neuronShape);
    }
}
