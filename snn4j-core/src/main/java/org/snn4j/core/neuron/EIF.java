package org.snn4j.core.neuron;

/**
 * Exponential integrate-and-fire neuron, as SpikingJelly {@code EIFNode}:
 * <pre>
 *   H[t] = V[t-1] + (X[t] + vRest - V[t-1] + deltaT*exp((V[t-1] - thetaRh)/deltaT)) / tau
 * </pre>
 * then fire ({@code >=}) and reset in the same step as {@link NonlinearIF}. Defaults as SpikingJelly:
 * tau 2, delta_T 1, theta_rh 0.8, threshold 1, v_rest 0, v_reset -0.1 (hard reset; V[-1] = -0.1),
 * detach_reset false, {@code Sigmoid(alpha=4)}. Options: threshold (learnable, one or per neuron),
 * surrogate, reset mode, detached reset.
 */
public final class EIF extends NonlinearIF {
    private final float deltaT;
    private final float thetaRh;

    private EIF(Builder b) {
        super(b);
        this.deltaT = b.deltaT;
        this.thetaRh = b.thetaRh;
    }

    /** SpikingJelly defaults. */
    public EIF() {
        this(builder());
    }

    public static Builder builder() {
        return new Builder();
    }

    public float tau() {
        return tau;
    }

    public float deltaT() {
        return deltaT;
    }

    public float thetaRh() {
        return thetaRh;
    }

    public float vRest() {
        return vRest;
    }

    @Override
    float charge(float v, float x) {
        return v + (x + vRest - v + deltaT * (float) Math.exp((v - thetaRh) / deltaT)) / tau;
    }

    @Override
    float chargeSlope(float v) {
        return 1f + ((float) Math.exp((v - thetaRh) / deltaT) - 1f) / tau;
    }

    @Override
    public String toString() {
        return "EIF(tau=" + tau + ", delta_T=" + deltaT + ", theta_rh=" + thetaRh + ", v_rest=" + vRest + ", "
                + config() + ")";
    }

    /** Options of {@link EIF}; defaults are SpikingJelly's. */
    public static final class Builder extends NonlinearIF.Builder<Builder> {
        private float deltaT = 1f;
        private float thetaRh = 0.8f;

        Builder() {
        }

        public Builder deltaT(float v) {
            deltaT = OptionChecks.positive("EIF", "delta_T", v);
            return this;
        }

        public Builder thetaRh(float v) {
            thetaRh = OptionChecks.finite("EIF", "theta_rh", v);
            return this;
        }

        public EIF build() {
            return new EIF(this);
        }
    }
}
