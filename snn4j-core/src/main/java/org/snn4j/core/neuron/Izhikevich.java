package org.snn4j.core.neuron;

/**
 * Izhikevich-type neuron (a QIF with an adaptation current w), as SpikingJelly {@code IzhikevichNode}
 * (an {@code AdaptBaseNode}): charge, adaptation, fire, reset in the same step.
 * <pre>
 *   H[t] = V[t-1] + (X[t] + a0*(V[t-1] - vRest)*(V[t-1] - vC) - W[t-1]) / tau
 *   W'   = W[t-1] + (1/tauW) * (a*(H[t] - vRest) - W[t-1])          (the adaptation reads the charged H)
 *   S[t] = step(H[t] - threshold),  step(x) = x >= 0
 *   V[t] = (1 - Sd)*H[t] + S[t]*vReset      hard reset (default vReset 0)
 *   V[t] = H[t] - Sd*threshold              soft reset
 *   V[t] = H[t]                             no reset
 *   W[t] = W' + b*S[t]                      spike-triggered jump (S not detached)
 *   returned membrane V[t];  V[-1] = vReset (hard) or 0;  W[-1] = wRest
 * </pre>
 * {@code Sd} is S, detached from the graph with detach_reset (the {@code S*vReset} and {@code b*S} terms
 * keep their gradient, as in SpikingJelly). Defaults as SpikingJelly: tau 2, v_c 0.8, a0 1, threshold 1,
 * v_reset 0, v_rest -0.1, w_rest 0, tau_w 2, a 0, b 0, detach_reset false, {@code Sigmoid(alpha=4)}.
 */
public final class Izhikevich extends StateNeuron {
    private final float tau;
    private final float vC;
    private final float a0;
    private final float vRest;
    private final float wRest;
    private final float tauW;
    private final float a;
    private final float b;

    private Izhikevich(Builder bd) {
        super(bd, ResetTiming.SAME_STEP);
        tau = bd.tau;
        vC = bd.vC;
        a0 = bd.a0;
        vRest = bd.vRest;
        wRest = bd.wRest;
        tauW = bd.tauW;
        a = bd.a;
        b = bd.b;
    }

    /** SpikingJelly defaults. */
    public Izhikevich() {
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

    public float wRest() {
        return wRest;
    }

    public float tauW() {
        return tauW;
    }

    public float a() {
        return a;
    }

    public float b() {
        return b;
    }

    @Override
    int stateCount() {
        return 2;
    }

    @Override
    float initialState(int k) {
        if (k == 1) {
            return wRest;
        }
        return config().resetMode() == ResetMode.ZERO ? config().vReset() : 0f;
    }

    @Override
    int membraneIndex() {
        return 0;
    }

    @Override
    void forwardRange(Run r, int t, int from, int to) {
        float[] v = r.z[0];
        float[] w = r.z[1];
        int po = r.row(t);
        int no = r.row(t + 1);
        int xo = r.xo(t);
        float kw = 1f / tauW;
        for (int i = from; i < to; i++) {
            float th = r.at(r.theta, i);
            float vp = v[po + i];
            float wp = w[po + i];
            float h = vp + (r.x[xo + i] + a0 * (vp - vRest) * (vp - vC) - wp) / tau;
            float w1 = wp + kw * (a * (h - vRest) - wp);
            float sp = r.fire(h - th);
            v[no + i] = switch (r.reset) {
                case ZERO -> (1f - sp) * h + sp * r.vReset;
                case SUBTRACT -> h - sp * th;
                case NONE -> h;
            };
            w[no + i] = w1 + b * sp;
            r.s[no + i] = sp;
        }
    }

    @Override
    void backwardRange(Run r, int t, int from, int to) {
        float[] v = r.z[0];
        float[] w = r.z[1];
        float[] gv = r.gz[0];
        float[] gw = r.gz[1];
        int po = r.row(t);
        int no = r.row(t + 1);
        int xo = r.xo(t);
        float kw = 1f / tauW;
        for (int i = from; i < to; i++) {
            float th = r.at(r.theta, i);
            float vp = v[po + i];
            float wp = w[po + i];
            float h = vp + (r.x[xo + i] + a0 * (vp - vRest) * (vp - vC) - wp) / tau;
            float sp = r.s[no + i];
            float gV = gv[i] + r.gMem(t, i);
            float gW = gw[i];
            float gS = r.gSpike(t, i) + b * gW;
            float gH;
            float gSd;
            float gTh = 0f;
            switch (r.reset) {
                case ZERO -> {
                    gH = gV - sp * gV;
                    gS += r.vReset * gV;
                    gSd = -h * gV;
                }
                case SUBTRACT -> {
                    gH = gV;
                    gSd = -th * gV;
                    gTh = -sp * gV;
                }
                default -> {
                    gH = gV;
                    gSd = 0f;
                }
            }
            if (!r.detach) {
                gS += gSd;
            }
            gH += gW * kw * a;
            float d = r.dfire(h - th);
            gH += gS * d;
            gTh -= gS * d;
            gw[i] = gW * (1f - kw) - gH / tau;
            gv[i] = gH * (1f + a0 * ((vp - vC) + (vp - vRest)) / tau);
            if (r.gth != null) {
                r.gth[i] += gTh;
            }
            r.addGx(t, i, gH / tau);
        }
    }

    @Override
    public String toString() {
        return "Izhikevich(tau=" + tau + ", v_c=" + vC + ", a0=" + a0 + ", v_rest=" + vRest + ", w_rest=" + wRest
                + ", tau_w=" + tauW + ", a=" + a + ", b=" + b + ", " + config() + ")";
    }

    /** Options of {@link Izhikevich}; defaults are SpikingJelly's. */
    public static final class Builder extends StateNeuron.Builder<Builder> {
        private float tau = 2f;
        private float vC = 0.8f;
        private float a0 = 1f;
        private float vRest = -0.1f;
        private float wRest = 0f;
        private float tauW = 2f;
        private float a = 0f;
        private float b = 0f;

        Builder() {
            LIF.spikingJellyDefaults(this);
        }

        public Builder tau(float v) {
            tau = OptionChecks.aboveOne("Izhikevich", "tau", v);
            return this;
        }

        public Builder vC(float v) {
            vC = OptionChecks.finite("Izhikevich", "v_c", v);
            return this;
        }

        public Builder a0(float v) {
            a0 = OptionChecks.positive("Izhikevich", "a0", v);
            return this;
        }

        public Builder vRest(float v) {
            vRest = OptionChecks.finite("Izhikevich", "v_rest", v);
            return this;
        }

        public Builder wRest(float v) {
            wRest = OptionChecks.finite("Izhikevich", "w_rest", v);
            return this;
        }

        public Builder tauW(float v) {
            tauW = OptionChecks.positive("Izhikevich", "tau_w", v);
            return this;
        }

        /** Subthreshold coupling a. */
        public Builder a(float v) {
            a = OptionChecks.finite("Izhikevich", "a", v);
            return this;
        }

        /** Spike-triggered jump b. */
        public Builder b(float v) {
            b = OptionChecks.finite("Izhikevich", "b", v);
            return this;
        }

        public Izhikevich build() {
            return new Izhikevich(this);
        }
    }
}
