package org.snn4j.core.encode;

import org.snn4j.core.tensor.Tensor;

/**
 * Latency (time-to-first-spike) encoding as snnTorch {@code spikegen.latency}: every element fires
 * exactly once (or never, with {@code clip}), larger values earlier. Spike times, in float:
 * <ul>
 *   <li>log (RC) mode, the default: {@code t = tau * ln(x' / (x' - threshold))} with
 *       {@code x' = max(x, threshold + epsilon)}, the time an RC circuit driven by {@code x} takes to
 *       charge to {@code threshold}. With {@code first_spike_time = f > 0} the times are shifted so
 *       the smallest is {@code f}: {@code t = t - min(t) + f}. With {@code normalize}
 *       {@code t = (t - f) * (T - f - 1) / max(t - f) + f}, so the latest lands on step {@code T-1}.</li>
 *   <li>linear mode: {@code t = min(tau * (1 - x), tau * (1 - threshold)) + f}, where
 *       {@code normalize} sets {@code tau = T - 1 - f}; if some time is then negative (x &gt; 1)
 *       they are rescaled to {@code [0, T-1]}: {@code t = (t - min) / (max - min) * (T - 1)}. Values
 *       above 1 without normalize are rejected.</li>
 * </ul>
 * The spike goes to step {@code round(t)} (half to even, as {@code torch.round}). As in snnTorch,
 * if any rounded time exceeds {@code T-1}, all times are clipped to {@code T-1} and then step
 * {@code T-1} is cleared entirely, so those elements (and any rounding exactly to {@code T-1}) do
 * not fire. With {@code clip}, elements below {@code threshold} do not fire.
 *
 * <p>As in snnTorch, {@code min}/{@code max} in the shift, normalize and rescale steps are taken
 * over the whole tensor passed in (the batch), and so is the "any time exceeds" test. For the
 * usual data in [0, 1] that contains a value below threshold (MNIST backgrounds) those extremes
 * are the same for every batch.
 *
 * <p>Defaults: tau 1, threshold 0.01 (must lie in (0, 1)), epsilon 1e-7, first_spike_time 0,
 * normalize/linear/clip false. The seed is unused.
 */
public final class LatencyEncoder implements Encoder {
    private final double tau;
    private final double threshold;
    private final double epsilon;
    private final int firstSpikeTime;
    private final boolean normalize;
    private final boolean linear;
    private final boolean clip;

    public LatencyEncoder(double tau, double threshold, double epsilon, int firstSpikeTime, boolean normalize,
            boolean linear, boolean clip) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("latency: threshold must lie in (0, 1), got " + threshold);
        }
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("latency: tau must be positive, got " + tau);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("latency: epsilon must be positive, got " + epsilon);
        }
        if (firstSpikeTime < 0) {
            throw new IllegalArgumentException("latency: first_spike_time must be >= 0, got " + firstSpikeTime);
        }
        this.tau = tau;
        this.threshold = threshold;
        this.epsilon = epsilon;
        this.firstSpikeTime = firstSpikeTime;
        this.normalize = normalize;
        this.linear = linear;
        this.clip = clip;
    }

    /** snnTorch's defaults: log mode, tau 1, threshold 0.01. */
    public LatencyEncoder() {
        this(1, 0.01, 1e-7, 0, false, false, false);
    }

    /**
     * The float spike times (before rounding) of every element of {@code x}, snnTorch's
     * {@code latency_code}.
     */
    public float[] spikeTimes(Tensor x, int steps) {
        Encoder.check(name(), x, steps);
        if (firstSpikeTime > steps - 1) {
            throw new IllegalArgumentException("latency: first_spike_time (" + firstSpikeTime
                    + ") must be <= steps - 1 (" + (steps - 1) + ")");
        }
        float[] xd = x.data();
        int n = xd.length;
        float[] st = new float[n];
        if (n == 0) {
            return st;
        }
        float f = firstSpikeTime;
        if (!linear) {
            float thr = (float) threshold;
            float floor = (float) (threshold + epsilon);
            float tauF = (float) tau;
            for (int i = 0; i < n; i++) {
                float v = Math.max(xd[i], floor);
                st[i] = tauF * (float) Math.log(v / (v - thr));
            }
            if (firstSpikeTime > 0) {
                float min = min(st);
                for (int i = 0; i < n; i++) {
                    st[i] = st[i] - f * (min / f - 1);
                }
            }
            if (normalize) {
                float max = Float.NEGATIVE_INFINITY;
                for (float t : st) {
                    max = Math.max(max, t - f);
                }
                float span = steps - f - 1;
                for (int i = 0; i < n; i++) {
                    st[i] = (st[i] - f) * span / max + f;
                }
            }
        } else {
            float max = Float.NEGATIVE_INFINITY;
            for (float v : xd) {
                max = Math.max(max, v);
            }
            if (max > 1 && !normalize) {
                throw new IllegalArgumentException("latency: linear mode with values above 1 (max " + max
                        + ") gives negative spike times; set normalize or scale x into [0, 1]");
            }
            float tauF = normalize ? steps - 1 - f : (float) tau;
            float cap = -tauF * ((float) threshold - 1);
            for (int i = 0; i < n; i++) {
                st[i] = Math.min(-tauF * (xd[i] - 1), cap) + f;
            }
            float min = min(st);
            if (min < 0 && normalize) {
                float hi = Float.NEGATIVE_INFINITY;
                for (float t : st) {
                    hi = Math.max(hi, t);
                }
                float scale = 1 / (hi - min);
                for (int i = 0; i < n; i++) {
                    st[i] = (st[i] - min) * scale * (steps - 1);
                }
            }
        }
        return st;
    }

    private static float min(float[] a) {
        float m = Float.POSITIVE_INFINITY;
        for (float v : a) {
            m = Math.min(m, v);
        }
        return m;
    }

    @Override
    public Tensor encode(Tensor x, int steps, long seed) {
        float[] st = spikeTimes(x, steps);
        float[] xd = x.data();
        int n = st.length;
        int[] idx = new int[n];
        boolean overflow = false;
        for (int i = 0; i < n; i++) {
            double r = Math.rint(st[i]);
            if (r > steps - 1) {
                overflow = true;
            }
            idx[i] = (int) Math.max(0, Math.min(r, steps - 1));
        }
        float[] out = new float[steps * n];
        for (int i = 0; i < n; i++) {
            if (overflow && idx[i] == steps - 1) {
                continue; // snnTorch clears the last step after clipping
            }
            if (clip && xd[i] < threshold) {
                continue;
            }
            out[idx[i] * n + i] = 1f;
        }
        return Tensor.of(out, Encoder.withTime(steps, x.shape())).markBinary();
    }

    @Override
    public String name() {
        return "latency";
    }
}
