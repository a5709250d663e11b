package org.snn4j.core.neuron;

/**
 * Recurrent second-order leaky integrate-and-fire neuron, as snnTorch {@code snn.RSynaptic}: the
 * previous step's output spikes are added to the synaptic current.
 * <pre>
 *   rec[t] = V * S[t-1]   or   S[t-1] W^T + bias                 (one-to-one / all-to-all, as RLeaky)
 *   R[t]   = step(U[t-1] - threshold)                            detached reset signal (R[0] = 0)
 *   I[t]   = alpha*I[t-1] + X[t] + rec[t]
 *   U[t]   = beta*U[t-1] + I[t] - R[t]*threshold                 "subtract" (default)
 *   U[t]   = (1 - R[t])*(beta*U[t-1] + I[t])                     "zero" (I is not reset)
 *   U[t]   = beta*U[t-1] + I[t]                                  "none"
 *   S[t]   = step(U[t] - threshold), step(x) = x > 0; returned membrane U[t]; I[-1] = U[-1] = 0
 * </pre>
 * Defaults as snnTorch: threshold 1, "subtract", {@code ATan(alpha=2)}, V = 1, learn_recurrent true,
 * next-step detached reset; alpha and beta clamped to [0, 1]. Learnable: alpha, beta, threshold (one or
 * per neuron), V or the recurrent Linear. Choose {@link Builder#oneToOne(float...)} or
 * {@link Builder#allToAll(int, long)}.
 */
public final class RSynaptic extends LeakySynapticNeuron {
    private RSynaptic(Builder b) {
        super(b, true);
    }

    public static Builder builder(float alpha, float beta) {
        return new Builder(alpha, beta);
    }

    @Override
    public String toString() {
        return "RSynaptic(alpha[" + alpha().size(0) + "], beta[" + beta().size(0) + "], "
                + recurrence().name().toLowerCase(java.util.Locale.ROOT) + ", " + config() + ")";
    }

    /** Options of {@link RSynaptic}; defaults are snnTorch's. */
    public static final class Builder extends LeakySynapticNeuron.RecurrentBuilder<Builder> {
        Builder(float alpha, float beta) {
            super(checkValues("RSynaptic", "beta", new float[] {beta}));
            this.alpha = checkValues("RSynaptic", "alpha", new float[] {alpha});
        }

        public Builder learnAlpha(boolean on) {
            this.learnAlpha = on;
            return this;
        }

        /** One alpha per neuron. */
        public Builder alpha(float... perNeuron) {
            this.alpha = checkValues("RSynaptic", "alpha", perNeuron);
            return this;
        }

        public RSynaptic build() {
            requireRecurrence("RSynaptic");
            return new RSynaptic(this);
        }
    }
}
