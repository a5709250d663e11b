package org.snn4j.core.neuron;

import org.snn4j.core.tensor.Tensor;

/**
 * Integrate-and-fire neuron, as SpikingJelly {@code IFNode}: {@code H[t] = V[t-1] + X[t]}, then fire and
 * reset as {@link LIF} ({@code >=} test, hard reset to 0 by default or soft reset, same step; membrane
 * returned after reset, {@code V[-1] = vReset}). Defaults as SpikingJelly: threshold 1, v_reset 0,
 * detach_reset false, surrogate {@code Sigmoid(alpha=4)}.
 */
public final class IF extends SpikingNeuron {
    private IF(Builder b) {
        super(b.config());
    }

    /** SpikingJelly defaults. */
    public IF() {
        this(builder());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    Coefficients coefficients(Tensor x) {
        return Coefficients.scalar(1f, 1f, 0f);
    }

    @Override
    public String toString() {
        return "IF(" + config() + ")";
    }

    /** Options of {@link IF}; defaults are SpikingJelly's. */
    public static final class Builder extends SpikingNeuron.Builder<Builder> {
        Builder() {
            LIF.spikingJellyDefaults(this);
        }

        public IF build() {
            return new IF(this);
        }
    }
}
