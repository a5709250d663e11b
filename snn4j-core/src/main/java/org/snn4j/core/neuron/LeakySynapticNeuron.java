package org.snn4j.core.neuron;

import org.snn4j.core.surrogate.ATan;

/**
 * The snnTorch first- and second-order leaky neurons with an optional recurrent input ({@link RLeaky},
 * {@link Synaptic}, {@link RSynaptic}). With {@code in[t] = X[t] + rec[t]} ({@code rec = 0} without
 * recurrence) and the detached reset signal {@code R[t] = S[t-1]} (snnTorch's
 * {@code mem_reset(mem[t-1])}, {@code R[0] = 0}):
 * <pre>
 *   I[t] = alpha*I[t-1] + in[t]                 (second order; first order: I[t] = in[t])
 *   B[t] = beta*U[t-1] + I[t]
 *   U[t] = B[t] - R[t]*threshold                "subtract"
 *   U[t] = B[t] - R[t]*B[t]                     "zero" (the whole new charge is cleared; I is not reset)
 *   U[t] = B[t]                                 "none"
 *   S[t] = step(U[t] - threshold)               returned membrane U[t]; I[-1] = U[-1] = 0
 * </pre>
 * alpha and beta are clamped to [0, 1] in the update (zero gradient outside), scalar or per neuron.
 */
abstract class LeakySynapticNeuron extends StateNeuron {
    private final boolean synaptic;
    private final int ia;
    private final int ib;

    LeakySynapticNeuron(Builder<?> b, boolean synaptic) {
        super(b, ResetTiming.NEXT_STEP);
        this.synaptic = synaptic;
        requireResetToZero();
        int k = 0;
        if (synaptic) {
            slot("alpha", b.alpha, b.learnAlpha, true);
            ia = k++;
        } else {
            ia = -1;
        }
        slot("beta", b.beta, b.learnBeta, true);
        ib = k;
    }

    /** The alpha tensor ([1] or [N]; the parameter when learnable), or null for a first-order neuron. */
    public org.snn4j.core.tensor.Tensor alpha() {
        return ia < 0 ? null : slotValue(ia);
    }

    /** The beta tensor ([1] or [N]; the parameter when learnable). */
    public org.snn4j.core.tensor.Tensor beta() {
        return slotValue(ib);
    }

    @Override
    int stateCount() {
        return synaptic ? 2 : 1;
    }

    @Override
    float initialState(int k) {
        return 0f;
    }

    @Override
    int membraneIndex() {
        return synaptic ? 1 : 0;
    }

    @Override
    void forwardRange(Run r, int t, int from, int to) {
        float[] u = r.z[membraneIndex()];
        float[] cur = synaptic ? r.z[0] : null;
        float[] alpha = synaptic ? r.pv[ia] : null;
        float[] beta = r.pv[ib];
        float[] x = r.x;
        float[] s = r.s;
        float[] rec = r.rec;
        float[] theta = r.theta;
        // the reset as two factors: U = B*(1 - zr*R) - sr*R*threshold
        float sr = r.reset == ResetMode.SUBTRACT ? 1f : 0f;
        float zr = r.reset == ResetMode.ZERO ? 1f : 0f;
        int po = r.row(t);
        int no = r.row(t + 1);
        int xo = r.xo(t);
        for (int i = from; i < to; i++) {
            float in = rec == null ? x[xo + i] : x[xo + i] + rec[po + i];
            float rs = s[po + i];
            float th = r.at(theta, i);
            float iNew = synaptic ? r.at(alpha, i) * cur[po + i] + in : in;
            float bb = r.at(beta, i) * u[po + i] + iNew;
            float un = bb - (zr * rs) * bb - (sr * rs) * th; // "subtract": bb - R*th ; "zero": bb - R*bb
            if (synaptic) {
                cur[no + i] = iNew;
            }
            u[no + i] = un;
            s[no + i] = r.fire(un - th);
        }
    }

    @Override
    void backwardRange(Run r, int t, int from, int to) {
        int mi = membraneIndex();
        float[] u = r.z[mi];
        float[] cur = synaptic ? r.z[0] : null;
        float[] alpha = synaptic ? r.pv[ia] : null;
        float[] beta = r.pv[ib];
        float[] gu = r.gz[mi];
        float[] gcur = synaptic ? r.gz[0] : null;
        float[] galpha = synaptic ? r.gp[ia] : null;
        float[] gbeta = r.gp[ib];
        int po = r.row(t);
        int no = r.row(t + 1);
        int xo = r.xo(t);
        for (int i = from; i < to; i++) {
            float th = r.at(r.theta, i);
            float un = u[no + i];
            float gU = gu[i] + r.gMem(t, i);
            float gS = r.gSpike(t, i);
            float d = r.dfire(un - th);
            gU += gS * d;
            float gTh = -(gS * d);
            float rs = r.s[po + i];
            float uPrev = u[po + i];
            float bt = r.at(beta, i);
            float iNew = synaptic ? cur[no + i]
                    : (r.rec == null ? r.x[xo + i] : r.x[xo + i] + r.rec[po + i]);
            float gB;
            float gR;
            switch (r.reset) {
                case SUBTRACT -> {
                    gB = gU;
                    gTh -= rs * gU;
                    gR = -th * gU;
                }
                case ZERO -> {
                    float bb = bt * uPrev + iNew;
                    gB = gU - rs * gU;
                    gR = -bb * gU;
                }
                default -> {
                    gB = gU;
                    gR = 0f;
                }
            }
            if (!r.detach) {
                r.gsOut[i] += gR;
            }
            gu[i] = bt * gB;
            if (gbeta != null) {
                gbeta[i] += uPrev * gB;
            }
            float gI = gB;
            if (synaptic) {
                gI += gcur[i];
                gcur[i] = r.at(alpha, i) * gI;
                if (galpha != null) {
                    galpha[i] += cur[po + i] * gI;
                }
            }
            if (r.gth != null) {
                r.gth[i] += gTh;
            }
            r.addGx(t, i, gI);
            if (r.grec != null) {
                r.grec[po + i] = gI;
            }
        }
    }

    /**
     * Options shared by the snnTorch leaky family; defaults are snnTorch's: threshold 1, "subtract",
     * {@code ATan(alpha=2)} surrogate, spike {@code U > threshold}, reset in the next step, detached.
     *
     * @param <B> the concrete builder
     */
    public abstract static class Builder<B extends Builder<B>> extends StateNeuron.Builder<B> {
        float[] alpha = {0f};
        float[] beta;
        boolean learnAlpha;
        boolean learnBeta;

        Builder(float[] beta) {
            this.beta = beta;
            resetTiming = ResetTiming.NEXT_STEP;
            spikeTest = SpikeTest.GREATER;
            detachReset = true;
            surrogate = new ATan(2f);
            resetMode = ResetMode.SUBTRACT;
        }

        public B learnBeta(boolean on) {
            this.learnBeta = on;
            return self();
        }

        /** One beta per neuron. */
        public B beta(float... perNeuron) {
            this.beta = checkValues("beta", "values", perNeuron);
            return self();
        }
    }

    /**
     * Options of the recurrent members of the family ({@link RLeaky}, {@link RSynaptic}): the shared options
     * plus the recurrence, which must be chosen.
     *
     * @param <B> the concrete builder
     */
    public abstract static class RecurrentBuilder<B extends RecurrentBuilder<B>> extends Builder<B> {
        RecurrentBuilder(float[] beta) {
            super(beta);
        }

        @Override
        public B oneToOne(float... v) {
            return super.oneToOne(v);
        }

        @Override
        public B allToAll(int features, long seed) {
            return super.allToAll(features, seed);
        }

        @Override
        public B learnRecurrent(boolean on) {
            return super.learnRecurrent(on);
        }

        /** Throws unless oneToOne or allToAll was chosen. */
        void requireRecurrence(String model) {
            if (recurrence == Recurrence.NONE) {
                throw new IllegalArgumentException(model + ": choose oneToOne(V) or allToAll(features, seed)");
            }
        }
    }
}
