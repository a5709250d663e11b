package org.snn4j.core.neuron;

import java.util.Arrays;

import org.snn4j.core.surrogate.Surrogate;

/**
 * Plain-Java fused kernel. Its per-element step methods are also the tail loops of the vector kernel,
 * and its arithmetic (operation order, no fused multiply-add) is the reference the vector kernel
 * reproduces bit for bit.
 */
final class ScalarNeuronKernel extends NeuronKernel {
    static final ScalarNeuronKernel INSTANCE = new ScalarNeuronKernel();

    @Override
    String name() {
        return "scalar";
    }

    static float fire(KernelSpec s, float h, float theta) {
        if (s.smooth()) {
            return Surrogate.primitive(s.kind(), s.sgParam(), h - theta);
        }
        return (s.inclusive() ? h >= theta : h > theta) ? 1f : 0f;
    }

    /** SAME_STEP: the state after the reset of charge {@code h} with spike {@code s}. */
    static float resetOf(KernelSpec s, float h, float spike, float theta) {
        return switch (s.reset()) {
            case SUBTRACT -> h - spike * theta;
            case ZERO -> h + spike * (s.vReset() - h);
            case NONE -> h;
        };
    }

    static void initState(KernelSpec s, Work w, int len) {
        Arrays.fill(w.v, 0, len, s.vInit());
        Arrays.fill(w.sp, 0, len, 0f);
    }

    @Override
    void forwardBlock(Fwd f, Work w, int i0, int len, float[] hOut, int hBase, int hStride) {
        f.co().expand(f.co().a(), i0, len, w.a);
        f.co().expand(f.co().b(), i0, len, w.b);
        f.co().expand(f.co().c(), i0, len, w.c);
        initState(f.spec(), w, len);
        for (int t = 0; t < f.steps(); t++) {
            forwardStep(f, w, t, i0, 0, len, hOut, hBase + t * hStride);
        }
    }

    /** One time step of the forward pass for block elements {@code [j0, j1)}; charges to {@code hOut[ho + j]}. */
    static void forwardStep(Fwd f, Work w, int t, int i0, int j0, int j1, float[] hOut, int ho) {
        KernelSpec s = f.spec();
        float theta = f.theta();
        float vr = s.vReset();
        float[] x = f.x();
        float[] spikes = f.spikes();
        byte[] spikeBytes = f.spikeBytes();
        float[] mem = f.mem();
        int xo = (f.xStatic() ? 0 : t * f.n()) + i0;
        int o = t * f.n() + i0;
        for (int j = j0; j < j1; j++) {
            float v = w.v[j];
            float h;
            if (!s.nextStep()) {
                h = w.a[j] * v + w.b[j] * x[xo + j] + w.c[j];
            } else {
                float r = w.sp[j];
                h = switch (s.reset()) {
                    case SUBTRACT -> w.a[j] * v + w.b[j] * x[xo + j] + w.c[j] - r * theta;
                    case ZERO -> {
                        if (s.zeroClearsCharge()) {
                            float q = w.a[j] * v + w.b[j] * x[xo + j] + w.c[j];
                            yield q + r * (vr - q);
                        }
                        yield w.a[j] * (v + r * (vr - v)) + w.b[j] * x[xo + j] + w.c[j];
                    }
                    case NONE -> w.a[j] * v + w.b[j] * x[xo + j] + w.c[j];
                };
            }
            float spike = fire(s, h, theta);
            float out;
            if (!s.nextStep()) {
                out = resetOf(s, h, spike, theta);
            } else {
                out = h;
                w.sp[j] = spike;
            }
            w.v[j] = out;
            if (hOut != null) {
                hOut[ho + j] = h;
            }
            if (spikeBytes != null) {
                spikeBytes[o + j] = (byte) (spike != 0f ? 1 : 0);
            } else if (spikes != null) {
                spikes[o + j] = spike;
            }
            if (mem != null) {
                mem[o + j] = out;
            }
        }
    }

    /** Surrogate derivatives at {@code H[t] - theta} for block elements {@code [j0, j1)} into {@code w.d}. */
    static void surrogateStep(Bwd g, Work w, float[] h, int o, int j0, int j1) {
        KernelSpec s = g.spec();
        float p = s.sgParam();
        float theta = g.theta();
        switch (s.kind()) {
            case FAST_SIGMOID -> {
                for (int j = j0; j < j1; j++) {
                    float q = 1f + p * Math.abs(h[o + j] - theta);
                    w.d[j] = 1f / (q * q);
                }
            }
            case ATAN -> {
                float c1 = (float) (Math.PI / 2) * p;
                float half = p * 0.5f;
                for (int j = j0; j < j1; j++) {
                    float u = c1 * (h[o + j] - theta);
                    w.d[j] = half / (1f + u * u);
                }
            }
            case SIGMOID -> {
                for (int j = j0; j < j1; j++) {
                    w.d[j] = Surrogate.derivative(Surrogate.Kind.SIGMOID, p, h[o + j] - theta);
                }
            }
            case TRIANGLE -> {
                for (int j = j0; j < j1; j++) {
                    float r = 1f - Math.abs(h[o + j] - theta) / p;
                    w.d[j] = Math.max(r, 0f) / p;
                }
            }
            case STRAIGHT_THROUGH -> Arrays.fill(w.d, j0, j1, 1f);
        }
    }

    @Override
    void backwardBlock(Bwd g, Work w, int i0, int len, float[] h, int hBase, int hStride) {
        beginBackward(g, w, i0, len);
        for (int t = g.steps() - 1; t >= 0; t--) {
            int ho = hBase + t * hStride;
            long o = (long) t * g.n() + i0;
            if (g.gSp() != null) {
                g.gSp().fill(o, len, w.gsBuf, 0);
            }
            if (g.gMp() != null) {
                g.gMp().fill(o, len, w.gmBuf, 0);
            }
            surrogateStep(g, w, h, ho, 0, len);
            backwardStep(g, w, t, i0, 0, len, h, ho, ho - hStride);
        }
        endBackward(g, w, i0, len);
    }

    static void beginBackward(Bwd g, Work w, int i0, int len) {
        g.co().expand(g.co().a(), i0, len, w.a);
        g.co().expand(g.co().b(), i0, len, w.b);
        g.co().expand(g.co().c(), i0, len, w.c);
        Arrays.fill(w.carryM, 0, len, 0f);
        Arrays.fill(w.carrySp, 0, len, 0f);
        Arrays.fill(w.gx, 0, len, 0f);
        Arrays.fill(w.ga, 0, len, 0f);
        Arrays.fill(w.gb, 0, len, 0f);
        Arrays.fill(w.gc, 0, len, 0f);
        Arrays.fill(w.gth, 0, len, 0f);
    }

    static void endBackward(Bwd g, Work w, int i0, int len) {
        if (g.xStatic()) {
            System.arraycopy(w.gx, 0, g.gx(), i0, len);
        }
        copyIf(w.ga, g.ga(), i0, len);
        copyIf(w.gb, g.gb(), i0, len);
        copyIf(w.gc, g.gc(), i0, len);
        copyIf(w.gth, g.gth(), i0, len);
    }

    private static void copyIf(float[] src, float[] dst, int i0, int len) {
        if (dst != null) {
            System.arraycopy(src, 0, dst, i0, len);
        }
    }

    /**
     * One reverse time step for block elements {@code [j0, j1)}; {@code w.d} holds the surrogate
     * derivatives at {@code H[t] - theta}. {@code w.carryM} is dL/d(state at t) coming from step t+1,
     * {@code w.carrySp} dL/dS[t] through the next step's reset (NEXT_STEP, not detached). The charges
     * of steps t and t-1 are at {@code h[ho + j]} and {@code h[hpo + j]}.
     */
    static void backwardStep(Bwd g, Work w, int t, int i0, int j0, int j1, float[] h, int ho, int hpo) {
        KernelSpec s = g.spec();
        float theta = g.theta();
        float vr = s.vReset();
        float[] x = g.x();
        float[] gx = g.gx();
        int n = g.n();
        int o = t * n + i0;
        // upstream gradients: the full arrays, or this step's block computed from a RowProduct
        float[] gS = g.gSp() != null ? w.gsBuf : g.gS();
        float[] gM = g.gMp() != null ? w.gmBuf : g.gM();
        int so = g.gSp() != null ? 0 : o;
        int mo = g.gMp() != null ? 0 : o;
        int xo = (g.xStatic() ? 0 : t * n) + i0;
        boolean first = t == 0;
        for (int j = j0; j < j1; j++) {
            float hh = h[ho + j];
            float d = w.d[j];
            float gs = gS == null ? 0f : gS[so + j];
            float gm = gM == null ? 0f : gM[mo + j];
            float gH;
            float gTheta;
            float dx;
            float da;
            float db;
            float dc;
            float xv = x[xo + j];
            if (!s.nextStep()) {
                float spike = fire(s, hh, theta);
                float gV = gm + w.carryM[j];
                float dvdh;
                float dvds;
                float dvdth;
                switch (s.reset()) {
                    case SUBTRACT -> {
                        dvdh = 1f;
                        dvds = -theta;
                        dvdth = -spike;
                    }
                    case ZERO -> {
                        dvdh = 1f - spike;
                        dvds = vr - hh;
                        dvdth = 0f;
                    }
                    default -> {
                        dvdh = 1f;
                        dvds = 0f;
                        dvdth = 0f;
                    }
                }
                float gsE = s.detach() ? gs : gs + gV * dvds;
                gH = gV * dvdh + gsE * d;
                gTheta = (s.reset() == ResetMode.SUBTRACT ? gV * dvdth : 0f) - gsE * d;
                float vPrev;
                if (first) {
                    vPrev = s.vInit();
                } else {
                    float hp = h[hpo + j];
                    vPrev = resetOf(s, hp, fire(s, hp, theta), theta);
                }
                dx = w.b[j];
                da = vPrev;
                db = xv;
                dc = 1f;
                w.carryM[j] = w.a[j] * gH;
            } else {
                gH = gm + w.carryM[j];
                float gsT = gs + w.carrySp[j];
                gH = gH + gsT * d;
                gTheta = -(gsT * d);
                float mPrev = first ? s.vInit() : h[hpo + j];
                float r = first ? 0f : fire(s, mPrev, theta);
                float dm;
                float dr;
                dx = w.b[j];
                db = xv;
                dc = 1f;
                switch (s.reset()) {
                    case SUBTRACT -> {
                        dm = w.a[j];
                        dr = -theta;
                        da = mPrev;
                        gTheta = gTheta - gH * r;
                    }
                    case ZERO -> {
                        if (s.zeroClearsCharge()) {
                            float q = w.a[j] * mPrev + w.b[j] * xv + w.c[j];
                            float keep = 1f - r;
                            dm = w.a[j] * keep;
                            dr = vr - q;
                            da = keep * mPrev;
                            dx = keep * w.b[j];
                            db = keep * xv;
                            dc = keep;
                        } else {
                            dm = w.a[j] * (1f - r);
                            dr = w.a[j] * (vr - mPrev);
                            da = mPrev + r * (vr - mPrev);
                        }
                    }
                    default -> {
                        dm = w.a[j];
                        dr = 0f;
                        da = mPrev;
                    }
                }
                w.carryM[j] = gH * dm;
                w.carrySp[j] = s.detach() ? 0f : gH * dr;
            }
            if (g.gth() != null) {
                w.gth[j] += gTheta;
            }
            if (g.ga() != null) {
                w.ga[j] += gH * da;
                w.gb[j] += gH * db;
                w.gc[j] += gH * dc;
            }
            if (g.xStatic()) {
                w.gx[j] += gH * dx;
            } else {
                gx[o + j] = gH * dx;
            }
        }
    }
}
