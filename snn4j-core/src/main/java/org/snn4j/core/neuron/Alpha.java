package org.snn4j.core.neuron;

import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.tensor.Tensor;

/**
 * Alpha neuron, as snnTorch {@code snn.Alpha}: the membrane is the sum of an excitatory and an
 * inhibitory synaptic current of opposite sign decaying at rates alpha &gt; beta, so an input pulse
 * gives an alpha-function-like response.
 * <pre>
 *   R[t]  = step(U[t-1] - threshold)                 reset signal from the previous membrane, detached (R[0] = 0)
 *   E'    = alpha*E[t-1] + X[t]                      excitatory current
 *   I'    = beta*I[t-1] - X[t]                       inhibitory current
 *   tau_a = ln(alpha) / (ln(beta) - ln(alpha)) + 1
 *   M     = tau_a * (E' + I')
 *   "zero" (default):  E[t] = E' - R*E',  I[t] = I' - R*I',  U[t] = M - R*M
 *   "subtract":        E[t] = E' - R*threshold,  I[t] = I' - R*I',  U[t] = M + R*I[t-1]
 *   "none":            E[t] = E',  I[t] = I',  U[t] = M
 *   S[t]  = step(U[t] - threshold), step(x) = x > 0;  returned membrane U[t];  E, I, U start at 0
 * </pre>
 * The subtract form is snnTorch's as written ({@code mem - reset*(-syn_inh)} with the previous
 * inhibitory current). alpha and beta are clamped to [0, 1] in the update (zero gradient outside);
 * the gradient of tau_a reaches both. Defaults as snnTorch: threshold 1, reset "zero", {@code ATan(alpha=2)},
 * next-step detached reset; alpha must exceed beta and beta must not be 1. Learnable: alpha, beta,
 * threshold (one value or one per neuron).
 */
public final class Alpha extends StateNeuron {
    private final int ia = 0;
    private final int ib = 1;

    private Alpha(Builder b) {
        super(b, ResetTiming.NEXT_STEP);
        requireResetToZero();
        for (int i = 0; i < Math.max(b.alpha.length, b.beta.length); i++) {
            float a = b.alpha[b.alpha.length == 1 ? 0 : i];
            float bt = b.beta[b.beta.length == 1 ? 0 : i];
            if (!(a > bt)) {
                throw new IllegalArgumentException("Alpha: alpha must be greater than beta, got alpha=" + a
                        + ", beta=" + bt + (b.alpha.length > 1 || b.beta.length > 1 ? " at neuron " + i : ""));
            }
            if (bt == 1f) {
                throw new IllegalArgumentException("Alpha: beta cannot be 1 (tau_a divides by ln(beta) - ln(alpha))");
            }
        }
        if (b.alpha.length > 1 && b.beta.length > 1 && b.alpha.length != b.beta.length) {
            throw new IllegalArgumentException("Alpha: " + b.alpha.length + " alphas but " + b.beta.length + " betas");
        }
        slot("alpha", b.alpha, b.learnAlpha, true);
        slot("beta", b.beta, b.learnBeta, true);
    }

    /** snnTorch defaults with the given decay rates. */
    public Alpha(float alpha, float beta) {
        this(builder(alpha, beta));
    }

    public static Builder builder(float alpha, float beta) {
        return new Builder(alpha, beta);
    }

    public Tensor alpha() {
        return slotValue(ia);
    }

    public Tensor beta() {
        return slotValue(ib);
    }

    /** tau_a = ln(alpha) / (ln(beta) - ln(alpha)) + 1 of the clamped values. */
    static float tauAlpha(float a, float b) {
        double la = Math.log(a);
        double lb = Math.log(b);
        return (float) (la / (lb - la) + 1.0);
    }

    @Override
    int stateCount() {
        return 3;
    }

    @Override
    float initialState(int k) {
        return 0f;
    }

    @Override
    int membraneIndex() {
        return 2;
    }

    /** aux[0] = tau_a, aux[1] = d tau_a / d alpha, aux[2] = d tau_a / d beta, per entry. */
    @Override
    void prepare(Run r) {
        float[] a = r.pv[ia];
        float[] b = r.pv[ib];
        int len = Math.max(a.length, b.length);
        float[] ta = new float[len];
        float[] da = new float[len];
        float[] db = new float[len];
        for (int p = 0; p < len; p++) {
            double av = a[a.length == 1 ? 0 : p];
            double bv = b[b.length == 1 ? 0 : p];
            double la = Math.log(av);
            double lb = Math.log(bv);
            double den = (lb - la) * (lb - la);
            ta[p] = tauAlpha((float) av, (float) bv);
            da[p] = (float) (lb / av / den);
            db[p] = (float) (-la / bv / den);
        }
        r.aux = new float[][] {ta, da, db};
    }

    @Override
    void forwardRange(Run r, int t, int from, int to) {
        float[] e = r.z[0];
        float[] inh = r.z[1];
        float[] u = r.z[2];
        float[] alpha = r.pv[ia];
        float[] beta = r.pv[ib];
        float[] tau = r.aux[0];
        int po = r.row(t);
        int no = r.row(t + 1);
        int xo = r.xo(t);
        for (int i = from; i < to; i++) {
            float x = r.x[xo + i];
            float rs = r.s[po + i];
            float th = r.at(r.theta, i);
            float ep = r.at(alpha, i) * e[po + i] + x;
            float ip = r.at(beta, i) * inh[po + i] - x;
            float m = r.at(tau, i) * (ep + ip);
            float en;
            float in;
            float un;
            switch (r.reset) {
                case ZERO -> {
                    en = ep - rs * ep;
                    in = ip - rs * ip;
                    un = m - rs * m;
                }
                case SUBTRACT -> {
                    en = ep - rs * th;
                    in = ip - rs * ip;
                    un = m - rs * -inh[po + i];
                }
                default -> {
                    en = ep;
                    in = ip;
                    un = m;
                }
            }
            e[no + i] = en;
            inh[no + i] = in;
            u[no + i] = un;
            r.s[no + i] = r.fire(un - th);
        }
    }

    @Override
    void backwardRange(Run r, int t, int from, int to) {
        float[] e = r.z[0];
        float[] inh = r.z[1];
        float[] u = r.z[2];
        float[] alpha = r.pv[ia];
        float[] beta = r.pv[ib];
        float[] tau = r.aux[0];
        float[] dta = r.aux[1];
        float[] dtb = r.aux[2];
        float[] ge = r.gz[0];
        float[] gi = r.gz[1];
        float[] gu = r.gz[2];
        float[] galpha = r.gp[ia];
        float[] gbeta = r.gp[ib];
        int po = r.row(t);
        int no = r.row(t + 1);
        int xo = r.xo(t);
        for (int i = from; i < to; i++) {
            float x = r.x[xo + i];
            float th = r.at(r.theta, i);
            float rs = r.s[po + i];
            float a = r.at(alpha, i);
            float b = r.at(beta, i);
            float ta = r.at(tau, i);
            float ePrev = e[po + i];
            float iPrev = inh[po + i];
            float ep = a * ePrev + x;
            float ip = b * iPrev - x;
            float m = ta * (ep + ip);
            float gU = gu[i] + r.gMem(t, i);
            float gS = r.gSpike(t, i);
            float d = r.dfire(u[no + i] - th);
            gU += gS * d;
            float gTh = -(gS * d);
            float gE = ge[i];
            float gI = gi[i];
            float gEp;
            float gIp;
            float gTa;
            float gR;
            float gIprev = 0f;
            switch (r.reset) {
                case ZERO -> {
                    float gm = gU - rs * gU;
                    gEp = gE - rs * gE + ta * gm;
                    gIp = gI - rs * gI + ta * gm;
                    gTa = gm * (ep + ip);
                    gR = -ep * gE - ip * gI - m * gU;
                }
                case SUBTRACT -> {
                    gEp = gE + ta * gU;
                    gIp = gI - rs * gI + ta * gU;
                    gTa = gU * (ep + ip);
                    gTh -= rs * gE;
                    gIprev = rs * gU;
                    gR = -th * gE - ip * gI + iPrev * gU;
                }
                default -> {
                    gEp = gE + ta * gU;
                    gIp = gI + ta * gU;
                    gTa = gU * (ep + ip);
                    gR = 0f;
                }
            }
            if (!r.detach) {
                r.gsOut[i] += gR;
            }
            ge[i] = a * gEp;
            gi[i] = b * gIp + gIprev;
            gu[i] = 0f; // U[t-1] enters step t only through R = S[t-1]
            if (galpha != null) {
                galpha[i] += ePrev * gEp + gTa * r.at(dta, i);
            }
            if (gbeta != null) {
                gbeta[i] += iPrev * gIp + gTa * r.at(dtb, i);
            }
            if (r.gth != null) {
                r.gth[i] += gTh;
            }
            r.addGx(t, i, gEp - gIp);
        }
    }

    @Override
    public String toString() {
        return "Alpha(alpha[" + alpha().size(0) + "], beta[" + beta().size(0) + "], " + config() + ")";
    }

    /** Options of {@link Alpha}; defaults are snnTorch's (reset "zero"). */
    public static final class Builder extends StateNeuron.Builder<Builder> {
        float[] alpha;
        float[] beta;
        boolean learnAlpha;
        boolean learnBeta;

        Builder(float alpha, float beta) {
            this.alpha = checkValues("Alpha", "alpha", new float[] {alpha});
            this.beta = checkValues("Alpha", "beta", new float[] {beta});
            resetTiming = ResetTiming.NEXT_STEP;
            spikeTest = SpikeTest.GREATER;
            detachReset = true;
            surrogate = new ATan(2f);
            resetMode = ResetMode.ZERO;
            vReset = 0f;
        }

        public Builder learnAlpha(boolean on) {
            learnAlpha = on;
            return this;
        }

        public Builder learnBeta(boolean on) {
            learnBeta = on;
            return this;
        }

        /** One alpha per neuron. */
        public Builder alpha(float... perNeuron) {
            alpha = checkValues("Alpha", "alpha", perNeuron);
            return this;
        }

        /** One beta per neuron. */
        public Builder beta(float... perNeuron) {
            beta = checkValues("Alpha", "beta", perNeuron);
            return this;
        }

        public Alpha build() {
            return new Alpha(this);
        }
    }
}
