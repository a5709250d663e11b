package org.snn4j.core.encode;

import java.util.Arrays;

import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/**
 * Population coding with Gaussian receptive fields: each input feature is seen by {@code N}
 * neurons whose centres are spread evenly over {@code [min, max]},
 * {@code c_j = min + j * (max - min) / (N - 1)} ({@code c_0 = (min + max) / 2} when N = 1), each
 * responding with intensity {@code a_j(x) = exp(-(x - c_j)^2 / (2 sigma^2))} in (0, 1], where
 * {@code sigma = width * (max - min) / (N - 1)} (width in units of the centre spacing;
 * {@code width * (max - min)} when N = 1).
 *
 * <p>Input {@code [B, ..., F]} becomes {@code [T, B, ..., F * N]}: feature {@code f}'s neurons sit
 * at {@code f * N + j}. Output mode {@code current} (default) feeds the intensities as a
 * time-static current at every step (like {@link DirectEncoder}); mode {@code spikes} rate-codes
 * them: at every step neuron j spikes with probability {@code a_j} (draws as in
 * {@link RateEncoder}: stream {@code Rng.derive(seed, b)} per sample, time-major).
 * Defaults: N 8, range [0, 1], width 1, current mode.
 */
public final class PopulationEncoder implements Encoder {
    private final int neurons;
    private final double min;
    private final double max;
    private final double width;
    private final boolean spikes;

    public PopulationEncoder(int neurons, double min, double max, double width, boolean spikes) {
        if (neurons <= 0) {
            throw new IllegalArgumentException("population: neurons must be positive, got " + neurons);
        }
        if (!(max > min) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("population: need finite min < max, got min=" + min + " max=" + max);
        }
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("population: width must be positive, got " + width);
        }
        this.neurons = neurons;
        this.min = min;
        this.max = max;
        this.width = width;
        this.spikes = spikes;
    }

    /** Centre of neuron {@code j}. */
    public double centre(int j) {
        return neurons == 1 ? (min + max) / 2 : min + j * (max - min) / (neurons - 1);
    }

    /** The Gaussian width sigma. */
    public double sigma() {
        return width * (max - min) / Math.max(1, neurons - 1);
    }

    /** Intensities {@code [B, ..., F * N]} of {@code x [B, ..., F]}. */
    public Tensor intensities(Tensor x) {
        if (x.rank() < 1 || x.isTimeStatic()) {
            throw new IllegalArgumentException("population: x must be a plain [B, ...] tensor, got shape " + x.shapeString());
        }
        float[] xd = x.data();
        float[] out = new float[xd.length * neurons];
        double[] c = new double[neurons];
        for (int j = 0; j < neurons; j++) {
            c[j] = centre(j);
        }
        double inv = 1.0 / (2 * sigma() * sigma());
        for (int i = 0; i < xd.length; i++) {
            for (int j = 0; j < neurons; j++) {
                double d = xd[i] - c[j];
                out[i * neurons + j] = (float) Math.exp(-d * d * inv);
            }
        }
        int[] shape = x.shape();
        if (shape.length == 1) {
            shape = new int[] {shape[0], neurons};
        } else {
            shape[shape.length - 1] *= neurons;
        }
        return Tensor.of(out, shape);
    }

    @Override
    public Tensor encode(Tensor x, int steps, long seed) {
        Encoder.check(name(), x, steps);
        Tensor a = intensities(x);
        if (!spikes) {
            return Tensor.repeatTime(a, steps);
        }
        float[] p = a.data();
        int batch = a.size(0);
        int per = batch == 0 ? 0 : p.length / batch;
        int stepLen = p.length;
        float[] out = new float[steps * stepLen];
        Parallel.forRange(batch, 1, (from, to) -> {
            for (int b = from; b < to; b++) {
                Rng rng = Rng.derive(seed, b);
                for (int t = 0; t < steps; t++) {
                    int off = t * stepLen + b * per;
                    for (int i = 0; i < per; i++) {
                        if (rng.nextFloat() < p[b * per + i]) {
                            out[off + i] = 1f;
                        }
                    }
                }
            }
        });
        return Tensor.of(out, Encoder.withTime(steps, a.shape())).markBinary();
    }

    public int neurons() {
        return neurons;
    }

    @Override
    public String name() {
        return "population";
    }

    @Override
    public String toString() {
        return "population(N=" + neurons + ", range=" + Arrays.toString(new double[] {min, max}) + ", width=" + width
                + (spikes ? ", spikes" : ", current") + ")";
    }
}
