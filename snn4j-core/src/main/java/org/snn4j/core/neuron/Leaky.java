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
 * ({@code learnBeta}, parameter "beta" shape [1]) and threshold ({@code learnThreshold}).
 */
public final class Leaky extends SpikingNeuron {
    private final Tensor beta;
    private final boolean learnBeta;

    private Leaky(Builder b) {
        super(b.config());
        this.learnBeta = b.learnBeta;
        Tensor t = Tensor.of(new float[] {b.beta}, 1);
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
        float bt = beta.data()[0];
        float a = Math.min(1f, Math.max(0f, bt));
        return Coefficients.scalar(a, 1f, 0f);
    }

    @Override
    List<Tensor> chargeParameters() {
        return learnBeta ? List.of(beta) : List.of();
    }

    @Override
    Tensor[] chargeGradients(Coefficients co, float[] ga, float[] gb, float[] gc) {
        float bt = beta.data()[0];
        float g = bt >= 0f && bt <= 1f ? ga[0] : 0f;
        return new Tensor[] {Tensor.of(new float[] {g}, 1)};
    }

    @Override
    public String toString() {
        return "Leaky(beta=" + beta() + (learnBeta ? " learnable" : "") + ", " + config() + ")";
    }

    /** Options of {@link Leaky}; defaults are snnTorch's. */
    public static final class Builder extends SpikingNeuron.Builder<Builder> {
        private final float beta;
        private boolean learnBeta;

        Builder(float beta) {
            if (!Float.isFinite(beta)) {
                throw new IllegalArgumentException("Leaky: beta must be finite, got " + beta);
            }
            this.beta = beta;
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
