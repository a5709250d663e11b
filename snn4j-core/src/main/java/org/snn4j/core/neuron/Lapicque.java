package org.snn4j.core.neuron;

import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.tensor.Tensor;

/**
 * Lapicque's RC neuron, as snnTorch {@code snn.Lapicque}: a leaky integrator written with a resistance
 * R, a capacitance C and a time step dt ({@code time_step}, default 1).
 * <pre>
 *   R[t] = step(U[t-1] - threshold)                         detached reset signal, R[0] = 0
 *   U[t] = X[t]*dt/C + (1 - dt/(R*C))*U[t-1] - R[t]*threshold                "subtract" (default)
 *   U[t] = (1 - R[t]) * (X[t]*dt/C + (1 - dt/(R*C))*U[t-1])                  "zero"
 *   U[t] = X[t]*dt/C + (1 - dt/(R*C))*U[t-1]                                 "none"
 *   S[t] = step(U[t] - threshold), step(x) = x > 0; returned mem = U[t]; U[-1] = 0
 * </pre>
 * so {@code a = 1 - dt/(RC)} (the forward-Euler decay; snnTorch stores {@code beta = exp(-dt/(RC))}
 * but does not use it in the update) and {@code b = dt/C} (snnTorch writes {@code X*R*(1/(RC))*dt}).
 * Parameters as snnTorch: give R and C; or beta alone (R = 1, C = dt/ln(1/beta)); or beta and R
 * (C = dt/(R ln(1/beta))); or beta and C (R = dt/(C ln(1/beta))). With beta alone,
 * {@code a = 1 - ln(1/beta)} and {@code b = ln(1/beta)}. Note the zero reset clears the whole new
 * charge (unlike {@link Leaky}, which clears only the previous membrane). Other defaults as Leaky:
 * threshold 1, ATan(2), next-step detached reset, {@code >} spike test.
 */
public final class Lapicque extends SpikingNeuron {
    private final float r;
    private final float cap;
    private final float dt;

    private Lapicque(Builder b) {
        super(b.config());
        this.dt = b.timeStep;
        float beta = b.beta;
        boolean hasBeta = !Float.isNaN(beta);
        boolean hasR = !Float.isNaN(b.r);
        boolean hasC = !Float.isNaN(b.c);
        if (hasR && hasC && !hasBeta) {
            r = b.r;
            cap = b.c;
        } else if (hasBeta && !hasR && !hasC) {
            r = 1f;
            cap = (float) (dt / (r * Math.log(1.0 / beta)));
        } else if (hasBeta && hasR && !hasC) {
            r = b.r;
            cap = (float) (dt / (r * Math.log(1.0 / beta)));
        } else if (hasBeta && hasC && !hasR) {
            cap = b.c;
            r = (float) (dt / (cap * Math.log(1.0 / beta)));
        } else {
            throw new IllegalArgumentException("Lapicque: give R and C, or beta alone, or beta with one of R and C"
                    + " (got beta=" + b.beta + ", R=" + b.r + ", C=" + b.c + ")");
        }
        if (!(r > 0) || !(cap > 0) || !Float.isFinite(r) || !Float.isFinite(cap)) {
            throw new IllegalArgumentException("Lapicque: R and C must be positive and finite, got R=" + r + ", C=" + cap);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public float resistance() {
        return r;
    }

    public float capacitance() {
        return cap;
    }

    public float timeStep() {
        return dt;
    }

    /** The decay factor used in the update, {@code 1 - dt/(R C)}. */
    public float decay() {
        return 1f - dt / (r * cap);
    }

    /** The input scale {@code dt / C}. */
    public float inputScale() {
        return dt / cap;
    }

    @Override
    Coefficients coefficients(Tensor x) {
        return Coefficients.scalar(decay(), inputScale(), 0f);
    }

    @Override
    boolean zeroClearsCharge() {
        return true;
    }

    @Override
    public String toString() {
        return "Lapicque(R=" + r + ", C=" + cap + ", dt=" + dt + ", " + config() + ")";
    }

    /** Options of {@link Lapicque}; defaults are snnTorch's. */
    public static final class Builder extends SpikingNeuron.Builder<Builder> {
        private float beta = Float.NaN;
        private float r = Float.NaN;
        private float c = Float.NaN;
        private float timeStep = 1f;

        Builder() {
            resetTiming = ResetTiming.NEXT_STEP;
            spikeTest = SpikeTest.GREATER;
            detachReset = true;
            surrogate = new ATan(2f);
        }

        public Builder beta(float v) {
            if (!(v > 0f && v < 1f)) {
                throw new IllegalArgumentException("Lapicque: beta must be in (0, 1), got " + v);
            }
            beta = v;
            return this;
        }

        public Builder resistance(float v) {
            r = v;
            return this;
        }

        public Builder capacitance(float v) {
            c = v;
            return this;
        }

        public Builder timeStep(float v) {
            if (!(v > 0f)) {
                throw new IllegalArgumentException("Lapicque: time_step must be positive, got " + v);
            }
            timeStep = v;
            return this;
        }

        public Lapicque build() {
            return new Lapicque(this);
        }
    }
}
