package org.snn4j.core.neuron;

/**
 * Second-order leaky integrate-and-fire neuron with a synaptic current, as snnTorch {@code snn.Synaptic}.
 * <pre>
 *   R[t] = step(U[t-1] - threshold)              reset signal from the previous membrane, detached (R[0] = 0)
 *   I[t] = alpha*I[t-1] + X[t]                   synaptic current
 *   U[t] = beta*U[t-1] + I[t] - R[t]*threshold   reset_mechanism "subtract" (default)
 *   U[t] = (1 - R[t])*(beta*U[t-1] + I[t])       "zero" (the current I is not reset)
 *   U[t] = beta*U[t-1] + I[t]                    "none"
 *   S[t] = step(U[t] - threshold), step(x) = x > 0;  returned membrane U[t];  I[-1] = U[-1] = 0
 * </pre>
 * alpha and beta are clamped to [0, 1] in the update (zero gradient outside). Defaults as snnTorch:
 * threshold 1, "subtract", {@code ATan(alpha=2)}, reset in the next step and detached. Learnable:
 * alpha ({@code learnAlpha}, parameter "alpha"), beta ({@code learnBeta}, "beta"), threshold
 * ({@code learnThreshold}); each one value ([1]) or one per neuron ({@code alpha(float...)},
 * {@code beta(float...)}, {@code thresholds(float...)}; [N], N = product of the dims after B).
 * Reset detachment ({@code detachReset(false)} lets the gradient through R into S[t-1]), reset mode and
 * surrogate are options; the reset timing is snnTorch's only.
 */
public final class Synaptic extends LeakySynapticNeuron {
    private Synaptic(Builder b) {
        super(b, true);
    }

    /** snnTorch defaults with the given decay rates. */
    public Synaptic(float alpha, float beta) {
        this(builder(alpha, beta));
    }

    public static Builder builder(float alpha, float beta) {
        return new Builder(alpha, beta);
    }

    @Override
    public String toString() {
        return "Synaptic(alpha[" + alpha().size(0) + "], beta[" + beta().size(0) + "], " + config() + ")";
    }

    /** Options of {@link Synaptic}; defaults are snnTorch's. */
    public static final class Builder extends LeakySynapticNeuron.Builder<Builder> {
        Builder(float alpha, float beta) {
            super(checkValues("Synaptic", "beta", new float[] {beta}));
            this.alpha = checkValues("Synaptic", "alpha", new float[] {alpha});
        }

        public Builder learnAlpha(boolean on) {
            this.learnAlpha = on;
            return this;
        }

        /** One alpha per neuron. */
        public Builder alpha(float... perNeuron) {
            this.alpha = checkValues("Synaptic", "alpha", perNeuron);
            return this;
        }

        public Synaptic build() {
            return new Synaptic(this);
        }
    }
}
