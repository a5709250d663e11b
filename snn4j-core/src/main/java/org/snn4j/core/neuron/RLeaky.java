package org.snn4j.core.neuron;

/**
 * Recurrent first-order leaky integrate-and-fire neuron, as snnTorch {@code snn.RLeaky}: the previous
 * step's output spikes are fed back to the input.
 * <pre>
 *   rec[t] = V * S[t-1]                          one-to-one (all_to_all=False; V scalar or per neuron)
 *   rec[t] = S[t-1] W^T + bias                   all-to-all (a Linear(N, N), "recurrent.weight"/"recurrent.bias")
 *   R[t]   = step(U[t-1] - threshold)            detached reset signal (R[0] = 0)
 *   U[t]   = beta*U[t-1] + X[t] + rec[t] - R[t]*threshold      "subtract" (default)
 *   U[t]   = (1 - R[t])*(beta*U[t-1] + X[t] + rec[t])          "zero"
 *   U[t]   = beta*U[t-1] + X[t] + rec[t]                       "none"
 *   S[t]   = step(U[t] - threshold), step(x) = x > 0; returned membrane U[t]; U[-1] = 0, S[-1] = 0
 * </pre>
 * The fed-back spikes are not detached (BPTT runs through the recurrence with the surrogate). beta is
 * clamped to [0, 1]. Defaults as snnTorch: threshold 1, "subtract", {@code ATan(alpha=2)}, V = 1,
 * {@code learn_recurrent=True} (V or the Linear is trained), reset in the next step and detached.
 * Either {@link Builder#oneToOne(float...)} or {@link Builder#allToAll(int, long)} must be chosen
 * (snnTorch's default all_to_all=True needs linear_features, too). Learnable: beta, threshold
 * (one or per neuron), V, the recurrent Linear.
 */
public final class RLeaky extends LeakySynapticNeuron {
    private RLeaky(Builder b) {
        super(b, false);
    }

    public static Builder builder(float beta) {
        return new Builder(beta);
    }

    @Override
    public String toString() {
        return "RLeaky(beta[" + beta().size(0) + "], " + recurrence().name().toLowerCase(java.util.Locale.ROOT)
                + ", " + config() + ")";
    }

    /** Options of {@link RLeaky}; defaults are snnTorch's. */
    public static final class Builder extends LeakySynapticNeuron.RecurrentBuilder<Builder> {
        Builder(float beta) {
            super(checkValues("RLeaky", "beta", new float[] {beta}));
        }

        public RLeaky build() {
            requireRecurrence("RLeaky");
            return new RLeaky(this);
        }
    }
}
