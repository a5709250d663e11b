package org.snn4j.core.nn;

import java.util.Arrays;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.tensor.PackedBits;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/**
 * Dropout for sequences {@code [T, B, ...]} with one mask per sample shared by all time steps (SpikingJelly's
 * multi-step {@code layer.Dropout}): a neuron dropped in a sample stays silent for the whole sequence. In
 * training
 * <pre>
 *   y[t, b, i] = x[t, b, i] * m[b, i],   m[b, i] = 0 with probability p, else 1/(1-p)
 * </pre>
 * and in evaluation {@code y = x} (the input itself). {@code p = 1} drops everything ({@code y = 0}).
 * Backward: {@code dx = dy * m}. A time-static input gives a time-static output.
 *
 * <p>Draws: forward call {@code k} (counted from 0, see {@link #setCalls}) uses the stream
 * {@code Rng.derive(Rng.derive(seed, k).nextLong(), b)} for sample {@code b}, one {@code u = nextFloat()} per
 * element of {@code [...]} in order, and drops the element when {@code u < p}. So the masks depend only on
 * the seed, the call and the sample, not on the thread count.
 */
public final class Dropout extends Module {
    private final float p;
    private final long seed;
    private long calls;

    public Dropout(double p, long seed) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        }
        this.p = (float) p;
        this.seed = seed;
    }

    public float p() {
        return p;
    }

    /** Number of training-mode forward calls so far: the key of the next mask. */
    public long calls() {
        return calls;
    }

    /** Sets the call counter, so a resumed run draws the masks an uninterrupted one would. */
    public void setCalls(long calls) {
        if (calls < 0) {
            throw new IllegalArgumentException("Dropout: calls must be >= 0, got " + calls);
        }
        this.calls = calls;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0f) {
            return x;
        }
        if (x.rank() < 2) {
            throw new IllegalArgumentException("Dropout: expected [T, B, ...], got shape " + x.shapeString());
        }
        int batch = x.size(1);
        float[] m = mask(seed, calls++, p, batch, batch == 0 ? 0 : (int) (Tensor.numel(x.shape()) / x.size(0) / batch));
        return apply(x, m);
    }

    /**
     * The scaled mask {@code [B * per]} of call {@code call} (see the class comment): entries 0 or
     * {@code 1/(1-p)} (all 0 when {@code p = 1}).
     */
    public static float[] mask(long seed, long call, float p, int batch, int per) {
        long callSeed = Rng.derive(seed, call).nextLong();
        float keep = p >= 1f ? 0f : 1f / (1f - p);
        float[] m = new float[batch * per];
        Parallel.forRange(batch, Math.max(1, 4096 / Math.max(1, per)), (from, to) -> {
            for (int b = from; b < to; b++) {
                Rng rng = Rng.derive(callSeed, b);
                int off = b * per;
                for (int i = 0; i < per; i++) {
                    m[off + i] = rng.nextFloat() < p ? 0f : keep;
                }
            }
        });
        return m;
    }

    /**
     * {@code y[t, ...] = x[t, ...] * mask[...]} with one mask of {@code x}'s step size for every step; recorded
     * for autograd. Time-static input gives a time-static output.
     */
    public static Tensor apply(Tensor x, float[] mask) {
        int steps = x.size(0);
        int step = steps == 0 ? 0 : (int) (Tensor.numel(x.shape()) / steps);
        if (mask.length != step) {
            throw new IllegalArgumentException("Dropout: mask has " + mask.length + " elements but one step of "
                    + x.shapeString() + " has " + step);
        }
        boolean st = x.isTimeStatic();
        int storedSteps = st ? 1 : steps;
        // spikes are read as bytes (their floats are never built)
        byte[] xb = x.spikeBytes();
        float[] xd = xb == null ? x.data() : null;
        float[] y = new float[x.storedNumel()];
        Parallel.forRange(storedSteps, Math.max(1, (1 << 14) / Math.max(1, step)), (from, to) -> {
            for (int t = from; t < to; t++) {
                int off = t * step;
                if (xb != null) {
                    for (int i = 0; i < step; i++) {
                        y[off + i] = xb[off + i] * mask[i];
                    }
                } else {
                    for (int i = 0; i < step; i++) {
                        y[off + i] = xd[off + i] * mask[i];
                    }
                }
            }
        });
        int[] s = x.shape();
        Tensor out = st ? Tensor.staticOf(y, steps, Arrays.copyOfRange(s, 1, s.length)) : Tensor.of(y, s);
        if (Autograd.isTracking(x)) {
            SavedSpikes.keep(x);
            // kept for backward: which elements are kept (1 bit each) and the one scale of the mask
            float scale = keptScale(mask);
            PackedBits kept = PackedBits.pack(mask);
            float[] full = Float.isNaN(scale) ? mask : null;
            out.withGradFn(new GradFn("dropout", x) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    float[] g = gradOutput.data();
                    float[] gx = new float[g.length];
                    float[] m = full;
                    if (m == null) {
                        // the mask again, for this pass only: 0 or the scale
                        m = kept.toFloats();
                        for (int i = 0; i < m.length; i++) {
                            m[i] *= scale;
                        }
                    }
                    for (int t = 0; t < storedSteps; t++) {
                        int off = t * step;
                        for (int i = 0; i < step; i++) {
                            gx[off + i] = g[off + i] * m[i];
                        }
                    }
                    accumulate(0, Pool2d.storedLike(x, gx));
                }
            });
        }
        return out;
    }

    /**
     * The one value other than +0.0 in {@code mask} (0 when there is none), or NaN when it holds several (a
     * general mask, kept as floats).
     */
    private static float keptScale(float[] mask) {
        int v = 0;
        for (float m : mask) {
            int b = Float.floatToRawIntBits(m);
            if (b != 0) {
                if (v == 0) {
                    v = b;
                } else if (b != v) {
                    return Float.NaN;
                }
            }
        }
        float f = Float.intBitsToFloat(v);
        return f != f ? Float.NaN : f;
    }

    @Override
    public String toString() {
        return "Dropout(p=" + p + ")";
    }
}
