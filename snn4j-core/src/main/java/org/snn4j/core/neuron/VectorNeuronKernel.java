package org.snn4j.core.neuron;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import org.snn4j.core.kernel.BlockGradient;
import org.snn4j.core.kernel.RowProduct;
import org.snn4j.core.surrogate.Surrogate;

/**
 * Vector API kernel ({@code SPECIES_PREFERRED} lanes over the contiguous element dimension). It mirrors
 * {@link ScalarNeuronKernel} operation for operation (no fused multiply-add), so both produce the same
 * floats; block tails, the SIGMOID surrogate (scalar {@code exp}) and the test-only smooth mode use the
 * scalar step methods. Only loaded when the {@code jdk.incubator.vector} module is present.
 */
final class VectorNeuronKernel extends NeuronKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Bytes with as many lanes as {@link #S}, for storing spikes as bytes; null below 8 lanes. */
    private static final VectorSpecies<Byte> BS = L >= 8 ? VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8))
            : null;

    /**
     * The spike test. The comparison must be a constant at each {@code compare} call site for C2 to
     * intrinsify it, hence two call sites instead of a variable operator.
     */
    private static VectorMask<Float> fires(FloatVector h, FloatVector th, boolean inclusive) {
        return inclusive ? h.compare(VectorOperators.GE, th) : h.compare(VectorOperators.GT, th);
    }

    @Override
    String name() {
        return "vector(" + L + " lanes)";
    }

    @Override
    void forwardBlock(Fwd f, Work w, int i0, int len, float[] hOut, int hBase, int hStride) {
        if (f.spec().smooth()) {
            ScalarNeuronKernel.INSTANCE.forwardBlock(f, w, i0, len, hOut, hBase, hStride);
            return;
        }
        f.co().expand(f.co().a(), i0, len, w.a);
        f.co().expand(f.co().b(), i0, len, w.b);
        f.co().expand(f.co().c(), i0, len, w.c);
        ScalarNeuronKernel.initState(f.spec(), w, len);
        int ub = S.loopBound(len);
        for (int t = 0; t < f.steps(); t++) {
            int ho = hBase + t * hStride;
            forwardStep(f, w, t, i0, ub, hOut, ho);
            ScalarNeuronKernel.forwardStep(f, w, t, i0, ub, len, hOut, ho);
        }
    }

    private static void forwardStep(Fwd f, Work w, int t, int i0, int ub, float[] hOut, int ho) {
        KernelSpec s = f.spec();
        FloatVector th = FloatVector.broadcast(S, f.theta());
        FloatVector vr = FloatVector.broadcast(S, s.vReset());
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        float[] x = f.x();
        float[] spikes = f.spikes();
        byte[] spikeBytes = f.spikeBytes();
        float[] mem = f.mem();
        int xo = (f.xStatic() ? 0 : t * f.n()) + i0;
        int o = t * f.n() + i0;
        boolean inclusive = s.inclusive();
        ByteVector byteZero = BS != null ? ByteVector.zero(BS) : null;
        ResetMode reset = s.reset();
        boolean next = s.nextStep();
        boolean zcc = s.zeroClearsCharge();
        for (int j = 0; j < ub; j += L) {
            FloatVector v = FloatVector.fromArray(S, w.v, j);
            FloatVector a = FloatVector.fromArray(S, w.a, j);
            FloatVector b = FloatVector.fromArray(S, w.b, j);
            FloatVector c = FloatVector.fromArray(S, w.c, j);
            FloatVector xv = FloatVector.fromArray(S, x, xo + j);
            FloatVector h;
            if (!next) {
                h = a.mul(v).add(b.mul(xv)).add(c);
            } else {
                FloatVector r = FloatVector.fromArray(S, w.sp, j);
                if (reset == ResetMode.SUBTRACT) {
                    h = a.mul(v).add(b.mul(xv)).add(c).sub(r.mul(th));
                } else if (reset == ResetMode.ZERO) {
                    if (zcc) {
                        FloatVector q = a.mul(v).add(b.mul(xv)).add(c);
                        h = q.add(r.mul(vr.sub(q)));
                    } else {
                        h = a.mul(v.add(r.mul(vr.sub(v)))).add(b.mul(xv)).add(c);
                    }
                } else {
                    h = a.mul(v).add(b.mul(xv)).add(c);
                }
            }
            VectorMask<Float> m = fires(h, th, inclusive);
            FloatVector spike = zero.blend(one, m);
            FloatVector out;
            if (!next) {
                out = switch (reset) {
                    case SUBTRACT -> h.sub(spike.mul(th));
                    case ZERO -> h.add(spike.mul(vr.sub(h)));
                    case NONE -> h;
                };
            } else {
                out = h;
                spike.intoArray(w.sp, j);
            }
            out.intoArray(w.v, j);
            if (hOut != null) {
                h.intoArray(hOut, ho + j);
            }
            if (spikeBytes != null) {
                if (byteZero != null) {
                    byteZero.blend((byte) 1, m.cast(BS)).intoArray(spikeBytes, o + j);
                } else {
                    long bits = m.toLong();
                    for (int k = 0; k < L; k++) {
                        spikeBytes[o + j + k] = (byte) ((bits >>> k) & 1);
                    }
                }
            } else if (spikes != null) {
                spike.intoArray(spikes, o + j);
            }
            if (mem != null) {
                out.intoArray(mem, o + j);
            }
        }
    }

    @Override
    void backwardBlock(Bwd g, Work w, int i0, int len, float[] h, int hBase, int hStride) {
        if (g.spec().smooth()) {
            ScalarNeuronKernel.INSTANCE.backwardBlock(g, w, i0, len, h, hBase, hStride);
            return;
        }
        ScalarNeuronKernel.beginBackward(g, w, i0, len);
        int ub = S.loopBound(len);
        for (int t = g.steps() - 1; t >= 0; t--) {
            int ho = hBase + t * hStride;
            long o = (long) t * g.n() + i0;
            if (g.gSp() != null) {
                fill(g.gSp(), o, len, w.gsBuf);
            }
            if (g.gMp() != null) {
                fill(g.gMp(), o, len, w.gmBuf);
            }
            if (!fusedSurrogate(g.spec().kind())) {
                surrogateStep(g, w, h, ho, ub);
            }
            ScalarNeuronKernel.surrogateStep(g, w, h, ho, ub, len);
            backwardStep(g, w, t, i0, ub, h, ho, ho - hStride);
            ScalarNeuronKernel.backwardStep(g, w, t, i0, ub, len, h, ho, ho - hStride);
        }
        ScalarNeuronKernel.endBackward(g, w, i0, len);
    }

    /** {@code dst[j] = G[e0 + j]} for {@code j < len}: vectors for a {@link RowProduct}, else its own fill. */
    private static void fill(BlockGradient p, long e0, int len, float[] dst) {
        if (p instanceof RowProduct rp) {
            fillProduct(rp, e0, len, dst);
        } else {
            p.fill(e0, len, dst, 0);
        }
    }

    /**
     * {@code dst[j] = Y[e0 + j]} for {@code j < len}: {@link RowProduct#fill} with vectors along each row
     * (fma is exactly rounded, so the same floats as the scalar fill and the GEMM).
     */
    private static void fillProduct(RowProduct p, long e0, int len, float[] dst) {
        float[] g = p.g();
        float[] wt = p.w();
        int k = p.k();
        int cols = p.cols();
        int e = (int) e0; // rows*cols is an array length, so this fits (and int division is cheaper)
        int r = e / cols;
        int c = e - r * cols;
        int j = 0;
        while (j < len) {
            int seg = Math.min(len - j, cols - c);
            int go = r * k;
            int ub = S.loopBound(seg);
            int q = 0;
            for (; q < ub; q += L) {
                FloatVector acc = FloatVector.zero(S);
                for (int pp = 0; pp < k; pp++) {
                    acc = FloatVector.fromArray(S, wt, pp * cols + c + q).fma(FloatVector.broadcast(S, g[go + pp]), acc);
                }
                acc.intoArray(dst, j + q);
            }
            if (q < seg) {
                // masked, not scalar: a row end falls inside most blocks and a scalar fma chain per element is slow
                VectorMask<Float> m = S.indexInRange(q, seg);
                FloatVector acc = FloatVector.zero(S);
                for (int pp = 0; pp < k; pp++) {
                    acc = FloatVector.fromArray(S, wt, pp * cols + c + q, m).fma(FloatVector.broadcast(S, g[go + pp]),
                            acc);
                }
                acc.intoArray(dst, j + q, m);
            }
            j += seg;
            c = 0;
            r++;
        }
    }

    /** Surrogates whose derivative {@link #backwardStep} computes inline (saving a pass through {@code w.d}). */
    private static boolean fusedSurrogate(Surrogate.Kind kind) {
        return kind == Surrogate.Kind.ATAN || kind == Surrogate.Kind.FAST_SIGMOID || kind == Surrogate.Kind.TRIANGLE;
    }

    private static void surrogateStep(Bwd g, Work w, float[] h, int o, int ub) {
        KernelSpec s = g.spec();
        float p = s.sgParam();
        FloatVector th = FloatVector.broadcast(S, g.theta());
        FloatVector one = FloatVector.broadcast(S, 1f);
        switch (s.kind()) {
            case FAST_SIGMOID -> {
                for (int j = 0; j < ub; j += L) {
                    FloatVector xv = FloatVector.fromArray(S, h, o + j).sub(th);
                    FloatVector q = one.add(xv.abs().mul(p));
                    one.div(q.mul(q)).intoArray(w.d, j);
                }
            }
            case ATAN -> {
                float c1 = (float) (Math.PI / 2) * p;
                FloatVector half = FloatVector.broadcast(S, p * 0.5f);
                for (int j = 0; j < ub; j += L) {
                    FloatVector u = FloatVector.fromArray(S, h, o + j).sub(th).mul(c1);
                    half.div(one.add(u.mul(u))).intoArray(w.d, j);
                }
            }
            case TRIANGLE -> {
                FloatVector zero = FloatVector.zero(S);
                for (int j = 0; j < ub; j += L) {
                    FloatVector r = one.sub(FloatVector.fromArray(S, h, o + j).sub(th).abs().div(p));
                    r.max(zero).div(p).intoArray(w.d, j);
                }
            }
            case SIGMOID -> ScalarNeuronKernel.surrogateStep(g, w, h, o, 0, ub);
            case STRAIGHT_THROUGH -> java.util.Arrays.fill(w.d, 0, ub, 1f);
        }
    }

    private static void backwardStep(Bwd g, Work w, int t, int i0, int ub, float[] h, int ho, int hpo) {
        KernelSpec s = g.spec();
        float theta = g.theta();
        FloatVector th = FloatVector.broadcast(S, theta);
        FloatVector negTh = FloatVector.broadcast(S, -theta);
        FloatVector vr = FloatVector.broadcast(S, s.vReset());
        FloatVector vInit = FloatVector.broadcast(S, s.vInit());
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        boolean inclusive = s.inclusive();
        float[] x = g.x();
        float[] gx = g.gx();
        int n = g.n();
        int o = t * n + i0;
        float[] gS = g.gSp() != null ? w.gsBuf : g.gS();
        float[] gM = g.gMp() != null ? w.gmBuf : g.gM();
        int so = g.gSp() != null ? 0 : o;
        int mo = g.gMp() != null ? 0 : o;
        int xo = (g.xStatic() ? 0 : t * n) + i0;
        boolean first = t == 0;
        boolean xStatic = g.xStatic();
        boolean detach = s.detach();
        ResetMode reset = s.reset();
        boolean zcc = s.zeroClearsCharge();
        boolean charge = g.ga() != null;
        boolean wantTh = g.gth() != null;
        // the same expressions as surrogateStep, so the derivatives are the same floats
        float p = s.sgParam();
        boolean atan = s.kind() == Surrogate.Kind.ATAN;
        boolean fastSigmoid = s.kind() == Surrogate.Kind.FAST_SIGMOID;
        boolean triangle = s.kind() == Surrogate.Kind.TRIANGLE;
        float c1 = (float) (Math.PI / 2) * p;
        FloatVector half = FloatVector.broadcast(S, p * 0.5f);
        for (int j = 0; j < ub; j += L) {
            FloatVector hh = FloatVector.fromArray(S, h, ho + j);
            FloatVector d;
            if (atan) {
                FloatVector u = hh.sub(th).mul(c1);
                d = half.div(one.add(u.mul(u)));
            } else if (fastSigmoid) {
                FloatVector q = one.add(hh.sub(th).abs().mul(p));
                d = one.div(q.mul(q));
            } else if (triangle) {
                d = one.sub(hh.sub(th).abs().div(p)).max(zero).div(p);
            } else {
                d = FloatVector.fromArray(S, w.d, j);
            }
            FloatVector gs = gS == null ? zero : FloatVector.fromArray(S, gS, so + j);
            FloatVector gm = gM == null ? zero : FloatVector.fromArray(S, gM, mo + j);
            FloatVector a = FloatVector.fromArray(S, w.a, j);
            FloatVector b = FloatVector.fromArray(S, w.b, j);
            FloatVector xv = FloatVector.fromArray(S, x, xo + j);
            FloatVector gH;
            FloatVector gTheta;
            FloatVector dx = b;
            FloatVector da;
            FloatVector db = xv;
            FloatVector dc = null; // null means 1
            if (!s.nextStep()) {
                FloatVector spike = zero.blend(one, fires(hh, th, inclusive));
                FloatVector gV = gm.add(FloatVector.fromArray(S, w.carryM, j));
                FloatVector gsE;
                switch (reset) {
                    case SUBTRACT -> {
                        gsE = detach ? gs : gs.add(gV.mul(negTh));
                        gH = gV.add(gsE.mul(d));
                        gTheta = gV.mul(spike.neg()).sub(gsE.mul(d));
                    }
                    case ZERO -> {
                        gsE = detach ? gs : gs.add(gV.mul(vr.sub(hh)));
                        gH = gV.mul(one.sub(spike)).add(gsE.mul(d));
                        gTheta = zero.sub(gsE.mul(d));
                    }
                    default -> {
                        gsE = detach ? gs : gs.add(gV.mul(zero));
                        gH = gV.add(gsE.mul(d));
                        gTheta = zero.sub(gsE.mul(d));
                    }
                }
                if (first) {
                    da = vInit;
                } else {
                    FloatVector hp = FloatVector.fromArray(S, h, hpo + j);
                    FloatVector sp = zero.blend(one, fires(hp, th, inclusive));
                    da = switch (reset) {
                        case SUBTRACT -> hp.sub(sp.mul(th));
                        case ZERO -> hp.add(sp.mul(vr.sub(hp)));
                        case NONE -> hp;
                    };
                }
                a.mul(gH).intoArray(w.carryM, j);
            } else {
                FloatVector gsT = gs.add(FloatVector.fromArray(S, w.carrySp, j));
                gH = gm.add(FloatVector.fromArray(S, w.carryM, j));
                gH = gH.add(gsT.mul(d));
                gTheta = gsT.mul(d).neg();
                FloatVector mPrev = first ? vInit : FloatVector.fromArray(S, h, hpo + j);
                FloatVector r = first ? zero : zero.blend(one, fires(mPrev, th, inclusive));
                FloatVector dm;
                FloatVector dr;
                switch (reset) {
                    case SUBTRACT -> {
                        dm = a;
                        dr = negTh;
                        da = mPrev;
                        gTheta = gTheta.sub(gH.mul(r));
                    }
                    case ZERO -> {
                        if (zcc) {
                            FloatVector c = FloatVector.fromArray(S, w.c, j);
                            FloatVector q = a.mul(mPrev).add(b.mul(xv)).add(c);
                            FloatVector keep = one.sub(r);
                            dm = a.mul(keep);
                            dr = vr.sub(q);
                            da = keep.mul(mPrev);
                            dx = keep.mul(b);
                            db = keep.mul(xv);
                            dc = keep;
                        } else {
                            dm = a.mul(one.sub(r));
                            dr = a.mul(vr.sub(mPrev));
                            da = mPrev.add(r.mul(vr.sub(mPrev)));
                        }
                    }
                    default -> {
                        dm = a;
                        dr = zero;
                        da = mPrev;
                    }
                }
                gH.mul(dm).intoArray(w.carryM, j);
                (detach ? zero : gH.mul(dr)).intoArray(w.carrySp, j);
            }
            // per-element parameter gradients only when the layer asked for them
            if (wantTh) {
                FloatVector.fromArray(S, w.gth, j).add(gTheta).intoArray(w.gth, j);
            }
            if (charge) {
                FloatVector.fromArray(S, w.ga, j).add(gH.mul(da)).intoArray(w.ga, j);
                FloatVector.fromArray(S, w.gb, j).add(gH.mul(db)).intoArray(w.gb, j);
                FloatVector.fromArray(S, w.gc, j).add(dc == null ? gH : gH.mul(dc)).intoArray(w.gc, j);
            }
            if (xStatic) {
                FloatVector.fromArray(S, w.gx, j).add(gH.mul(dx)).intoArray(w.gx, j);
            } else {
                gH.mul(dx).intoArray(gx, o + j);
            }
        }
    }
}
