package org.snn4j.core.encode;

import org.snn4j.core.tensor.Tensor;

/**
 * Delta modulation as snnTorch {@code spikegen.delta}: the input is already a sequence
 * {@code [T, B, ...]}; an element spikes at step {@code t} when it rose by at least
 * {@code threshold} since step {@code t-1}: {@code s[t] = 1 if x[t] - x[t-1] >= threshold}. With
 * {@code off_spike}, a fall of at least threshold gives {@code -1} ({@code x[t] - x[t-1] <= -threshold}).
 * Before the first step {@code x[-1]} is 0, or with {@code padding} {@code x[0]} itself (so step 0
 * never spikes). Defaults: threshold 0.1, off_spike false, padding false.
 *
 * <p>{@link #encode} takes {@code x [T, B, ...]} (a time-static {@code x} is expanded) and
 * {@code steps} must equal {@code T}, or be 0 to take {@code T} from {@code x}. The output is
 * marked binary only without off-spikes. The seed is unused.
 */
public final class DeltaEncoder implements Encoder {
    private final double threshold;
    private final boolean offSpike;
    private final boolean padding;

    public DeltaEncoder(double threshold, boolean offSpike, boolean padding) {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("delta: threshold must be finite, got " + threshold);
        }
        this.threshold = threshold;
        this.offSpike = offSpike;
        this.padding = padding;
    }

    public DeltaEncoder() {
        this(0.1, false, false);
    }

    @Override
    public Tensor encode(Tensor x, int steps, long seed) {
        if (x.rank() < 1) {
            throw new IllegalArgumentException("delta: x must be a [T, ...] sequence, got shape " + x.shapeString());
        }
        int t0 = x.size(0);
        if (steps != 0 && steps != t0) {
            throw new IllegalArgumentException("delta: steps=" + steps + " but x has " + t0
                    + " steps (shape " + x.shapeString() + "); pass steps=0 or T");
        }
        Tensor full = x.detach().materialize();
        float[] xd = full.data();
        int n = t0 == 0 ? 0 : xd.length / t0;
        float[] out = new float[xd.length];
        float thr = (float) threshold;
        for (int t = 0; t < t0; t++) {
            for (int i = 0; i < n; i++) {
                float prev = t > 0 ? xd[(t - 1) * n + i] : padding ? xd[i] : 0f;
                float d = xd[t * n + i] - prev;
                float s = d >= thr ? 1f : 0f;
                if (offSpike && d <= -thr) {
                    s -= 1f;
                }
                out[t * n + i] = s;
            }
        }
        Tensor result = Tensor.of(out, x.shape());
        return offSpike ? result : result.markBinary();
    }

    @Override
    public String name() {
        return "delta";
    }
}
