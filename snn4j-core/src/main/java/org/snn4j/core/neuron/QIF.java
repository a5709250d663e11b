package org.snn4j.core.neuron;

/**
 * Quadratic integrate-and-fire neuron, as SpikingJelly {@code QIFNode}:
 * <pre>
 *   H[t] = V[t-1] + (X[t] + a0*(V[t-1] - vRest)*(V[t-1] - vC)) / tau
 * </pre>
 * then fire ({@code >=}) and reset in the same step as {@link NonlinearIF}. Defaults as SpikingJelly:
 * tau 2, v_c 0.8, a0 1, threshold 1, v_rest 0, v_reset -0.1 (hard reset; so V[-1] = -0.1),
 * detach_reset false, {@code Sigmoid(alpha=4)}. Options: threshold (learnable, one or per neuron),
 * surrogate, reset mode (hard to a value, soft, none), detached reset.
 */
public final class QIF extends NonlinearIF {
    private final float vC;
    private final float a0;

    private QIF(Builder b) {
        super(b);
        this.vC = b.vC;
        this.a0 = b.a0;
    }

    /** SpikingJelly defaults. */
    public QIF() {
        this(builder());
    }

    public static Builder builder() {
        return new Builder();
    }

    public float tau() {
        return tau;
    }

    public float vC() {
        return vC;
    }

    public float a0() {
        return a0;
    }

    public float vRest() {
        return vRest;
    }

    @Override
    float charge(float v, float x) {
        return v + (x + a0 * (v - vRest) * (v - vC)) / tau;
    }

    @Override
    float chargeSlope(float v) {
        return 1f + a0 * ((v - vC) + (v - vRest)) / tau;
    }

    @Override
    public String toString() {
        return "QIF(tau=" + tau + ", v_c=" + vC + ", a0=" + a0 + ", v_rest=" + vRest + ", " + config() + ")";
    }

    /** Options of {@link QIF}; defaults are SpikingJelly's. */
    public static final class Builder extends NonlinearIF.Builder<Builder> {
        private float vC = 0.8f;
        private float a0 = 1f;

        Builder() {
        }

        public Builder vC(float v) {
            vC = OptionChecks.finite("QIF", "v_c", v);
            return this;
        }

        public Builder a0(float v) {
            a0 = OptionChecks.positive("QIF", "a0", v);
            return this;
        }

        public QIF build() {
            return new QIF(this);
        }
    }
}
