package org.snn4j.core.neuron;

/**
 * The SpikingJelly nonlinear integrate-and-fire neurons ({@link QIF}, {@link EIF}): a nonlinear charge
 * {@code H[t] = f(V[t-1], X[t])}, then fire and reset in the same step as {@link LIF}:
 * <pre>
 *   S[t] = step(H[t] - threshold),  step(x) = x >= 0
 *   V[t] = (1 - S[t])*H[t] + S[t]*vReset       hard reset (SpikingJelly's form; S detached with detach_reset)
 *   V[t] = H[t] - S[t]*threshold               soft reset (v_reset=None)
 *   V[t] = H[t]                                no reset
 *   returned membrane V[t];  V[-1] = vReset (hard) or 0
 * </pre>
 */
abstract class NonlinearIF extends StateNeuron {
    final float tau;
    final float vRest;

    NonlinearIF(Builder<?> b) {
        super(b, ResetTiming.SAME_STEP);
        this.tau = b.tau;
        this.vRest = b.vRest;
        float vr = config().vReset();
        if (config().resetMode() == ResetMode.ZERO && !(threshold() > vr && vRest >= vr)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": needs threshold > v_reset and v_rest"
                    + " >= v_reset (got threshold " + threshold() + ", v_reset " + vr + ", v_rest " + vRest + ")");
        }
    }

    /** The charge H from the previous membrane v and the input x. */
    abstract float charge(float v, float x);

    /** dH/dv at v. */
    abstract float chargeSlope(float v);

    @Override
    int stateCount() {
        return 1;
    }

    @Override
    float initialState(int k) {
        return config().resetMode() == ResetMode.ZERO ? config().vReset() : 0f;
    }

    @Override
    int membraneIndex() {
        return 0;
    }

    /** The same-step reset of charge {@code h} with spike {@code sp} (SpikingJelly's arithmetic). */
    static float resetOf(ResetMode mode, float h, float sp, float th, float vr) {
        return switch (mode) {
            case ZERO -> (1f - sp) * h + sp * vr;
            case SUBTRACT -> h - sp * th;
            case NONE -> h;
        };
    }

    @Override
    void forwardRange(Run r, int t, int from, int to) {
        float[] v = r.z[0];
        int po = r.row(t);
        int no = r.row(t + 1);
        int xo = r.xo(t);
        for (int i = from; i < to; i++) {
            float th = r.at(r.theta, i);
            float h = charge(v[po + i], r.x[xo + i]);
            float sp = r.fire(h - th);
            v[no + i] = resetOf(r.reset, h, sp, th, r.vReset);
            r.s[no + i] = sp;
        }
    }

    @Override
    void backwardRange(Run r, int t, int from, int to) {
        float[] v = r.z[0];
        float[] gv = r.gz[0];
        int po = r.row(t);
        int no = r.row(t + 1);
        int xo = r.xo(t);
        float invTau = 1f / tau;
        for (int i = from; i < to; i++) {
            float th = r.at(r.theta, i);
            float vPrev = v[po + i];
            float h = charge(vPrev, r.x[xo + i]);
            float sp = r.s[no + i];
            float gV = gv[i] + r.gMem(t, i);
            float gS = r.gSpike(t, i);
            float gH;
            float gSr;
            float gTh = 0f;
            switch (r.reset) {
                case ZERO -> {
                    gH = gV - sp * gV;
                    gSr = (r.vReset - h) * gV;
                }
                case SUBTRACT -> {
                    gH = gV;
                    gSr = -th * gV;
                    gTh = -sp * gV;
                }
                default -> {
                    gH = gV;
                    gSr = 0f;
                }
            }
            if (!r.detach) {
                gS += gSr;
            }
            float d = r.dfire(h - th);
            gH += gS * d;
            gTh -= gS * d;
            gv[i] = gH * chargeSlope(vPrev);
            if (r.gth != null) {
                r.gth[i] += gTh;
            }
            r.addGx(t, i, gH * invTau);
        }
    }

    /**
     * Options of the nonlinear IF neurons; SpikingJelly's BaseNode defaults plus v_reset -0.1.
     *
     * @param <B> the concrete builder
     */
    public abstract static class Builder<B extends Builder<B>> extends StateNeuron.Builder<B> {
        float tau = 2f;
        float vRest = 0f;

        Builder() {
            LIF.spikingJellyDefaults(this);
            vReset = -0.1f;
        }

        public B tau(float v) {
            if (!(v > 1f) || !Float.isFinite(v)) {
                throw new IllegalArgumentException("tau must be finite and > 1, got " + v);
            }
            tau = v;
            return self();
        }

        public B vRest(float v) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("v_rest must be finite, got " + v);
            }
            vRest = v;
            return self();
        }
    }
}
