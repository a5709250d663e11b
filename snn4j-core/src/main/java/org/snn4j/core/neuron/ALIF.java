package org.snn4j.core.neuron;

import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.tensor.Tensor;

/**
 * Adaptive leaky integrate-and-fire neuron (ALIF, the adaptive unit of LSNN, Bellec et al. 2018): each
 * spike raises the threshold, which then decays back.
 * <pre>
 *   A[t]  = rho*A[t-1] + S[t-1]                 adaptation trace (A[-1] = 0, S[-1] = 0; not detached)
 *   th[t] = b0 + betaA*A[t]                     b0 = the threshold option (learnable, one or per neuron)
 *   H[t]  = beta*V[t-1] + X[t]
 *   S[t]  = step(H[t] - th[t]),  step(x) = x > 0
 *   V[t]  = H[t] - Sd*th[t]                     "subtract" (default): removes the threshold crossed
 *   V[t]  = (1 - Sd)*H[t] + Sd*vReset           "zero"
 *   V[t]  = H[t]                                "none"
 *   returned membrane V[t];  V[-1] = vReset for "zero", else 0
 * </pre>
 * {@code Sd} is S, detached with {@code detachReset}. Defaults: membrane time constant 20 steps
 * ({@code beta = exp(-1/20)}), adaptation time constant 200 steps ({@code rho = exp(-1/200)}),
 * {@code betaA = 1.8} (the LSNN paper's values), b0 = 1, same-step reset not detached, {@code ATan(alpha=2)}.
 * beta is clamped to [0, 1]; learnable: beta ({@code learnBeta}, one or per neuron) and b0.
 */
public final class ALIF extends StateNeuron {
    private final float rho;
    private final float betaA;

    private ALIF(Builder b) {
        super(b, ResetTiming.SAME_STEP);
        rho = b.rho;
        betaA = b.betaA;
        slot("beta", b.beta, b.learnBeta, true);
    }

    /** The defaults. */
    public ALIF() {
        this(builder());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Tensor beta() {
        return slotValue(0);
    }

    public float rho() {
        return rho;
    }

    public float betaA() {
        return betaA;
    }

    @Override
    int stateCount() {
        return 2;
    }

    @Override
    float initialState(int k) {
        return k == 0 && config().resetMode() == ResetMode.ZERO ? config().vReset() : 0f;
    }

    @Override
    int membraneIndex() {
        return 0;
    }

    @Override
    void forwardRange(Run r, int t, int from, int to) {
        float[] v = r.z[0];
        float[] ad = r.z[1];
        float[] beta = r.pv[0];
        int po = r.row(t);
        int no = r.row(t + 1);
        int xo = r.xo(t);
        for (int i = from; i < to; i++) {
            float an = rho * ad[po + i] + r.s[po + i];
            float th = r.at(r.theta, i) + betaA * an;
            float h = r.at(beta, i) * v[po + i] + r.x[xo + i];
            float sp = r.fire(h - th);
            v[no + i] = switch (r.reset) {
                case SUBTRACT -> h - sp * th;
                case ZERO -> (1f - sp) * h + sp * r.vReset;
                case NONE -> h;
            };
            ad[no + i] = an;
            r.s[no + i] = sp;
        }
    }

    @Override
    void backwardRange(Run r, int t, int from, int to) {
        float[] v = r.z[0];
        float[] ad = r.z[1];
        float[] beta = r.pv[0];
        float[] gv = r.gz[0];
        float[] ga = r.gz[1];
        float[] gbeta = r.gp[0];
        int po = r.row(t);
        int no = r.row(t + 1);
        int xo = r.xo(t);
        for (int i = from; i < to; i++) {
            float an = ad[no + i];
            float th = r.at(r.theta, i) + betaA * an;
            float bt = r.at(beta, i);
            float vp = v[po + i];
            float h = bt * vp + r.x[xo + i];
            float sp = r.s[no + i];
            float gV = gv[i] + r.gMem(t, i);
            float gS = r.gSpike(t, i);
            float gH;
            float gSd;
            float gTh = 0f;
            switch (r.reset) {
                case SUBTRACT -> {
                    gH = gV;
                    gSd = -th * gV;
                    gTh = -sp * gV;
                }
                case ZERO -> {
                    gH = gV - sp * gV;
                    gSd = (r.vReset - h) * gV;
                }
                default -> {
                    gH = gV;
                    gSd = 0f;
                }
            }
            if (!r.detach) {
                gS += gSd;
            }
            float d = r.dfire(h - th);
            gH += gS * d;
            gTh -= gS * d;
            float gA = ga[i] + betaA * gTh;
            ga[i] = rho * gA;
            r.gsOut[i] += gA;
            gv[i] = bt * gH;
            if (gbeta != null) {
                gbeta[i] += vp * gH;
            }
            if (r.gth != null) {
                r.gth[i] += gTh;
            }
            r.addGx(t, i, gH);
        }
    }

    @Override
    public String toString() {
        return "ALIF(beta[" + beta().size(0) + "], rho=" + rho + ", beta_a=" + betaA + ", " + config() + ")";
    }

    /** Options of {@link ALIF}. */
    public static final class Builder extends StateNeuron.Builder<Builder> {
        private float[] beta = {(float) Math.exp(-1.0 / 20.0)};
        private boolean learnBeta;
        private float rho = (float) Math.exp(-1.0 / 200.0);
        private float betaA = 1.8f;

        Builder() {
            threshold = 1f;
            resetMode = ResetMode.SUBTRACT;
            resetTiming = ResetTiming.SAME_STEP;
            spikeTest = SpikeTest.GREATER;
            detachReset = false;
            surrogate = new ATan(2f);
        }

        /** Membrane decay, one value or one per neuron. */
        public Builder beta(float... perNeuron) {
            beta = checkValues("ALIF", "beta", perNeuron);
            return this;
        }

        public Builder learnBeta(boolean on) {
            learnBeta = on;
            return this;
        }

        /** Decay of the adaptation trace. */
        public Builder rho(float v) {
            if (!(v >= 0f && v <= 1f)) {
                throw new IllegalArgumentException("ALIF: rho must be in [0, 1], got " + v);
            }
            rho = v;
            return this;
        }

        /** Threshold increase per unit of adaptation. */
        public Builder betaA(float v) {
            betaA = OptionChecks.finite("ALIF", "beta_a", v);
            return this;
        }

        public ALIF build() {
            return new ALIF(this);
        }
    }
}
