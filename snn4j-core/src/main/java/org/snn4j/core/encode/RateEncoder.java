package org.snn4j.core.encode;

import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/**
 * Rate (Bernoulli, "Poisson") encoding as snnTorch {@code spikegen.rate}: at every step each
 * element spikes independently with probability {@code p = clip(gain * x + offset, 0, 1)}; steps
 * before {@code first_spike_time} are silent. Defaults: gain 1, offset 0, first_spike_time 0.
 *
 * <p>Draws: sample {@code b} uses the stream {@code Rng.derive(seed, b)}, consuming one uniform
 * {@code u} per step and element in time-major order, and spikes when {@code u < p} (so
 * {@code p = 0} never and {@code p = 1} always spikes). Steps before first_spike_time consume
 * draws too, so they do not shift the later ones.
 */
public final class RateEncoder implements Encoder {
    private final double gain;
    private final double offset;
    private final int firstSpikeTime;

    public RateEncoder(double gain, double offset, int firstSpikeTime) {
        if (!Double.isFinite(gain) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("rate: gain=" + gain + " and offset=" + offset + " must be finite");
        }
        if (firstSpikeTime < 0) {
            throw new IllegalArgumentException("rate: first_spike_time must be >= 0, got " + firstSpikeTime);
        }
        this.gain = gain;
        this.offset = offset;
        this.firstSpikeTime = firstSpikeTime;
    }

    public RateEncoder() {
        this(1, 0, 0);
    }

    @Override
    public Tensor encode(Tensor x, int steps, long seed) {
        Encoder.check(name(), x, steps);
        if (firstSpikeTime > steps - 1) {
            throw new IllegalArgumentException("rate: first_spike_time (" + firstSpikeTime
                    + ") must be <= steps - 1 (" + (steps - 1) + ")");
        }
        float[] xd = x.data();
        int batch = x.size(0);
        int per = batch == 0 ? 0 : xd.length / batch;
        int stepLen = xd.length;
        float[] out = new float[steps * stepLen];
        Parallel.forRange(batch, 1, (from, to) -> {
            float[] p = new float[per];
            for (int b = from; b < to; b++) {
                Rng rng = Rng.derive(seed, b);
                for (int i = 0; i < per; i++) {
                    p[i] = probability(xd[b * per + i]);
                }
                for (int t = 0; t < steps; t++) {
                    int off = t * stepLen + b * per;
                    for (int i = 0; i < per; i++) {
                        float u = rng.nextFloat();
                        if (u < p[i] && t >= firstSpikeTime) {
                            out[off + i] = 1f;
                        }
                    }
                }
            }
        });
        return Tensor.of(out, Encoder.withTime(steps, x.shape())).markBinary();
    }

    /** {@code clip(gain * x + offset, 0, 1)} (NaN gives 0). */
    public float probability(float x) {
        double p = gain * x + offset;
        return p >= 1 ? 1f : p > 0 ? (float) p : 0f;
    }

    @Override
    public String name() {
        return "rate";
    }
}
