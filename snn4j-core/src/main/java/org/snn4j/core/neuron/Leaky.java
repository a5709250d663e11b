package org.snn4j.core.neuron;

import java.util.List;

import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.tensor.Tensor;

/**
 * First-order leaky integrate-and-fire neuron, as snnTorch {@code snn.Leaky}.
 * <pre>
 *   R[t] = step(U[t-1] - threshold)              reset signal from the previous membrane (R[0] = 0), detached
 *   U[t] = beta*U[t-1] + X[t] - R[t]*threshold    reset_mechanism "subtract" (default)
 *   U[t] = beta*(1 - R[t])*U[t-1] + X[t]          reset_mechanism "zero"
 *   U[t] = beta*U[t-1] + X[t]                     reset_mechanism "none"
 *   S[t] = step(U[t] - threshold),  step(x) = x > 0;  returned mem = U[t];  U[-1] = 0
 * </pre>
 * {@code beta} is clamped to [0, 1] in the update (its gradient is zero outside). Defaults as snnTorch:
 * threshold 1.0, "subtract", {@code spike_grad = ATan(alpha=2)}, {@code reset_delay=True} (the
 * {@link ResetTiming#NEXT_STEP} timing), reset signal detached (snnTorch's {@code mem_reset} detaches
 * it; the threshold in {@code -R*threshold} still receives a gradient when learnable).
 * {@link Builder#resetDelay(boolean) resetDelay(false)} gives snnTorch's {@code reset_delay=False}:
 * {@code U[t] = H[t] - S[t]*threshold} (or {@code (1-S[t])*H[t]}) in the same step with the spike not
 * detached, which is {@link ResetTiming#SAME_STEP} without detach. Learnable: {@code beta}
 * ({@code learnBeta}, parameter "beta" shape [1], or [N] with {@code beta(float...)}: one per neuron,
 * N = product of the dims after B) and threshold ({@code learnThreshold}).
 */
public final class Leaky extends SpikingNeuron {
    private final Tensor beta;
    private final boolean learnBeta;

    private Leaky(Builder b) {
        super(b.config());
        this.learnBeta = b.learnBeta;
        Tensor t = Tensor.of(b.beta.clone(), b.beta.length);
        this.beta = b.learnBeta ? registerParameter("beta", t) : t;
    }

    /** snnTorch defaults with the given decay rate. */
    public Leaky(float beta) {
        this(builder(beta));
    }

    public static Builder builder(float beta) {
        return new Builder(beta);
    }

    public float beta() {
        return beta.data()[0];
    }

    /** The beta tensor (a parameter when learnable). */
    public Tensor betaTensor() {
        return beta;
    }

    @Override
    Coefficients coefficients(Tensor x) {
        float[] bd = beta.data();
        if (bd.length == 1) {
            return Coefficients.scalar(Math.min(1f, Math.max(0f, bd[0])), 1f, 0f);
        }
        int neurons = 1;
        for (int i = 2; i < x.rank(); i++) {
            neurons *= x.size(i);
        }
        if (neurons != bd.length) {
            throw new IllegalArgumentException(where() + ": per-neuron beta has " + bd.length
                    + " entries but input shape " + x.shapeString() + " has " + neurons + " neurons per sample");
        }
        float[] a = new float[bd.length];
        for (int p = 0; p < a.length; p++) {
            a[p] = Math.min(1f, Math.max(0f, bd[p]));
        }
        return new Coefficients(a, new float[] {1f}, new float[] {0f}, 1, bd.length);
    }

    @Override
    List<Tensor> chargeParameters() {
        return learnBeta ? List.of(beta) : List.of();
    }

    @Override
    Tensor[] chargeGradients(Coefficients co, float[] ga, float[] gb, float[] gc) {
        float[] bd = beta.data();
        float[] g = new float[bd.length];
        for (int p = 0; p < g.length; p++) {
            g[p] = bd[p] >= 0f && bd[p] <= 1f ? ga[p] : 0f;
        }
        return new Tensor[] {Tensor.of(g, g.length)};
    }

    @Override
    public String toString() {
        String b = beta.size(0) == 1 ? String.valueOf(beta()) : "[" + beta.size(0) + "]";
        return "Leaky(beta=" + b + (learnBeta ? " learnable" : "") + ", " + config() + ")";
    }

    /** Options of {@link Leaky}; defaults are snnTorch's. */
    public static final class Builder extends SpikingNeuron.Builder<Builder> {
        private float[] beta;
        private boolean learnBeta;

        Builder(float beta) {
            if (!Float.isFinite(beta)) {
                throw new IllegalArgumentException("Leaky: beta must be finite, got " + beta);
            }
            this.beta = new float[] {beta};
            resetTiming = ResetTiming.NEXT_STEP;
            spikeTest = SpikeTest.GREATER;
            detachReset = true;
            surrogate = new ATan(2f);
            resetMode = ResetMode.SUBTRACT;
        }

        public Builder learnBeta(boolean on) {
            this.learnBeta = on;
            return this;
        }

        /** One beta per neuron (snnTorch's beta tensor of shape (input_size)); N = product of the dims after B. */
        public Builder beta(float... perNeuron) {
            if (perNeuron == null || perNeuron.length == 0) {
                throw new IllegalArgumentException("Leaky: beta needs at least one value");
            }
            for (float v : perNeuron) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("Leaky: beta must be finite, got " + v);
                }
            }
            this.beta = perNeuron.clone();
            return this;
        }

        /** snnTorch reset_delay: true = next-step detached reset (default); false = same step, not detached. */
        public Builder resetDelay(boolean on) {
            resetTiming = on ? ResetTiming.NEXT_STEP : ResetTiming.SAME_STEP;
            detachReset = on;
            return this;
        }

        public Leaky build() {
            return new Leaky(this);
        }
    }
}
