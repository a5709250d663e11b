package org.snn4j.core.neuron;

import java.util.Arrays;
import java.util.List;

import org.snn4j.core.tensor.Tensor;

/**
 * Parametric LIF (PLIF), as SpikingJelly {@code ParametricLIFNode}: a LIF whose {@code 1/tau} is
 * learned as {@code k = sigmoid(w)}.
 * <pre>
 *   H[t] = V[t-1] + (X[t] - (V[t-1] - vReset)) * k       decay_input = true (default)
 *   H[t] = V[t-1] - (V[t-1] - vReset) * k + X[t]         decay_input = false
 *   k = sigmoid(w),  w initialised to -ln(init_tau - 1)  (init_tau = 2 gives w = 0, k = 0.5)
 * </pre>
 * fire and reset as {@link LIF} (defaults: threshold 1, hard reset to 0, {@code >=}, same step,
 * detach_reset false, {@code Sigmoid(alpha=4)}). Parameter "w": one per layer (shape [1], SpikingJelly's
 * behaviour), or per channel (shape [C], dim 2 of {@code [T, B, C, ...]}) or per neuron (shape [N], N =
 * product of the dims after B) on request. Its gradient is
 * {@code k(1-k) * sum(-dL/da + dL/db [decay_input] + vReset dL/dc)}, reduced deterministically.
 */
public final class ParametricLIF extends SpikingNeuron {
    /** How many w values. */
    public enum Granularity {
        LAYER, CHANNEL, NEURON
    }

    private final Tensor w;
    private final Granularity granularity;
    private final boolean decayInput;

    private ParametricLIF(Builder b) {
        super(b.config());
        this.granularity = b.granularity;
        this.decayInput = b.decayInput;
        float w0 = (float) -Math.log(b.initTau - 1.0);
        float[] init = new float[b.size];
        Arrays.fill(init, w0);
        this.w = registerParameter("w", Tensor.of(init, b.size));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The parameter {@code w} ({@code 1/tau = sigmoid(w)}). */
    public Tensor w() {
        return w;
    }

    public Granularity granularity() {
        return granularity;
    }

    @Override
    Coefficients coefficients(Tensor x) {
        int[] s = x.shape();
        int inner;
        int count = w.size(0);
        switch (granularity) {
            case LAYER -> inner = 1;
            case CHANNEL -> {
                if (s.length < 3 || s[2] != count) {
                    throw new IllegalArgumentException(where() + ": per-channel w has " + count
                            + " channels but input shape " + x.shapeString() + " has "
                            + (s.length < 3 ? "no channel dim 2" : s[2] + " channels at dim 2"));
                }
                int in = 1;
                for (int i = 3; i < s.length; i++) {
                    in *= s[i];
                }
                inner = in;
            }
            default -> {
                int neurons = 1;
                for (int i = 2; i < s.length; i++) {
                    neurons *= s[i];
                }
                if (neurons != count) {
                    throw new IllegalArgumentException(where() + ": per-neuron w has " + count
                            + " entries but input shape " + x.shapeString() + " has " + neurons + " neurons per sample");
                }
                inner = 1;
            }
        }
        float vr = config().resetMode() == ResetMode.ZERO ? config().vReset() : 0f;
        float[] a = new float[count];
        float[] b = new float[count];
        float[] c = new float[count];
        float[] wd = w.data();
        for (int p = 0; p < count; p++) {
            float k = sigmoid(wd[p]);
            a[p] = 1f - k;
            b[p] = decayInput ? k : 1f;
            c[p] = k * vr;
        }
        return new Coefficients(a, b, c, inner, count);
    }

    private static float sigmoid(float v) {
        return (float) (1.0 / (1.0 + Math.exp(-(double) v)));
    }

    @Override
    List<Tensor> chargeParameters() {
        return List.of(w);
    }

    @Override
    Tensor[] chargeGradients(Coefficients co, float[] ga, float[] gb, float[] gc) {
        float vr = config().resetMode() == ResetMode.ZERO ? config().vReset() : 0f;
        float[] wd = w.data();
        float[] g = new float[wd.length];
        for (int p = 0; p < wd.length; p++) {
            float k = sigmoid(wd[p]);
            float gk = -ga[p] + (decayInput ? gb[p] : 0f) + vr * gc[p];
            g[p] = k * (1f - k) * gk;
        }
        return new Tensor[] {Tensor.of(g, wd.length)};
    }

    @Override
    public String toString() {
        return "ParametricLIF(" + granularity.name().toLowerCase(java.util.Locale.ROOT) + " w[" + w.size(0) + "]"
                + (decayInput ? "" : ", decay_input=false") + ", " + config() + ")";
    }

    /** Options of {@link ParametricLIF}; defaults are SpikingJelly's. */
    public static final class Builder extends SpikingNeuron.Builder<Builder> {
        private float initTau = 2f;
        private boolean decayInput = true;
        private Granularity granularity = Granularity.LAYER;
        private int size = 1;

        Builder() {
            LIF.spikingJellyDefaults(this);
        }

        public Builder initTau(float v) {
            if (!(v > 1f) || !Float.isFinite(v)) {
                throw new IllegalArgumentException("ParametricLIF: init_tau must be finite and > 1, got " + v);
            }
            initTau = v;
            return this;
        }

        public Builder decayInput(boolean on) {
            decayInput = on;
            return this;
        }

        /** One w per channel (dim 2 of [T, B, C, ...]). */
        public Builder perChannel(int channels) {
            if (channels <= 0) {
                throw new IllegalArgumentException("ParametricLIF: channels must be positive, got " + channels);
            }
            granularity = Granularity.CHANNEL;
            size = channels;
            return this;
        }

        /** One w per neuron (product of the dims after B). */
        public Builder perNeuron(int neurons) {
            if (neurons <= 0) {
                throw new IllegalArgumentException("ParametricLIF: neurons must be positive, got " + neurons);
            }
            granularity = Granularity.NEURON;
            size = neurons;
            return this;
        }

        public ParametricLIF build() {
            return new ParametricLIF(this);
        }
    }
}
