package org.snn4j.core.neuron;

import org.snn4j.core.surrogate.Sigmoid;
import org.snn4j.core.tensor.Tensor;

/**
 * Leaky integrate-and-fire neuron, as SpikingJelly {@code LIFNode} (multi-step).
 * <pre>
 *   H[t] = V[t-1] + (X[t] - (V[t-1] - vReset)) / tau        decay_input = true (default)
 *   H[t] = V[t-1] - (V[t-1] - vReset) / tau + X[t]          decay_input = false
 *          (soft reset: the same with vReset = 0 in the charge)
 *   S[t] = step(H[t] - threshold),  step(x) = x >= 0
 *   V[t] = H[t] + S[t]*(vReset - H[t])      hard reset (default, vReset = 0)
 *   V[t] = H[t] - S[t]*threshold            soft reset (SpikingJelly v_reset=None)
 *   returned membrane = V[t] (v_seq, after reset);  V[-1] = vReset (hard) or 0 (soft)
 * </pre>
 * i.e. {@code a = 1 - 1/tau}, {@code b = 1/tau} (or 1), {@code c = vReset/tau} (0 for soft reset).
 * Defaults as SpikingJelly: tau = 2, decay_input = true, threshold 1, v_reset 0, detach_reset false,
 * surrogate {@code Sigmoid(alpha=4)} (SpikingJelly's {@code surrogate.Sigmoid()} default), same-step
 * reset, {@code >=} spike test.
 */
public final class LIF extends SpikingNeuron {
    private final float tau;
    private final boolean decayInput;

    private LIF(Builder b) {
        super(b.config());
        this.tau = b.tau;
        this.decayInput = b.decayInput;
    }

    /** SpikingJelly defaults with the given tau. */
    public LIF(float tau) {
        this(builder().tau(tau));
    }

    public static Builder builder() {
        return new Builder();
    }

    public float tau() {
        return tau;
    }

    public boolean decayInput() {
        return decayInput;
    }

    @Override
    Coefficients coefficients(Tensor x) {
        float k = 1f / tau;
        boolean hard = config().resetMode() == ResetMode.ZERO;
        return Coefficients.scalar(1f - k, decayInput ? k : 1f, hard ? k * config().vReset() : 0f);
    }

    @Override
    public String toString() {
        return "LIF(tau=" + tau + (decayInput ? "" : ", decay_input=false") + ", " + config() + ")";
    }

    /** Sets SpikingJelly's BaseNode defaults on a builder. */
    static void spikingJellyDefaults(SpikingNeuron.Builder<?> b) {
        b.threshold = 1f;
        b.resetMode = ResetMode.ZERO;
        b.vReset = 0f;
        b.resetTiming = ResetTiming.SAME_STEP;
        b.spikeTest = SpikeTest.GREATER_EQUAL;
        b.detachReset = false;
        b.surrogate = new Sigmoid(4f);
    }

    /** Options of {@link LIF}; defaults are SpikingJelly's. */
    public static final class Builder extends SpikingNeuron.Builder<Builder> {
        private float tau = 2f;
        private boolean decayInput = true;

        Builder() {
            spikingJellyDefaults(this);
        }

        public Builder tau(float v) {
            if (!(v > 1f) || !Float.isFinite(v)) {
                throw new IllegalArgumentException("LIF: tau must be finite and > 1, got " + v);
            }
            tau = v;
            return this;
        }

        public Builder decayInput(boolean on) {
            decayInput = on;
            return this;
        }

        public LIF build() {
            return new LIF(this);
        }
    }
}
