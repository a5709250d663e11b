package org.snn4j.core.kernel.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import org.snn4j.core.kernel.DirectRows;

/** {@link DirectRows} on {@code FloatVector.SPECIES_PREFERRED}; loaded only when the module is present. */
public final class VectorDirectRows implements DirectRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public void convRow(float[] x, int base, int[] offs, float[] w, int w0, int taps, float b, float[] y, int y0,
                        int n) {
        FloatVector bv = FloatVector.broadcast(S, b);
        int j = 0;
        // two vectors per pass share each weight broadcast
        for (; j + 2 * L <= n; j += 2 * L) {
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = FloatVector.zero(S);
            for (int t = 0; t < taps; t++) {
                FloatVector wv = FloatVector.broadcast(S, w[w0 + t]);
                int xo = base + offs[t] + j;
                s0 = wv.fma(FloatVector.fromArray(S, x, xo), s0);
                s1 = wv.fma(FloatVector.fromArray(S, x, xo + L), s1);
            }
            bv.add(s0).intoArray(y, y0 + j);
            bv.add(s1).intoArray(y, y0 + j + L);
        }
        if (j + L < n) {
            // one full vector and a masked one (a 24-wide row with 16 lanes)
            VectorMask<Float> m = S.indexInRange(j + L, n);
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = FloatVector.zero(S);
            for (int t = 0; t < taps; t++) {
                FloatVector wv = FloatVector.broadcast(S, w[w0 + t]);
                int xo = base + offs[t] + j;
                s0 = wv.fma(FloatVector.fromArray(S, x, xo), s0);
                s1 = wv.fma(FloatVector.fromArray(S, x, xo + L, m), s1);
            }
            bv.add(s0).intoArray(y, y0 + j);
            bv.add(s1).intoArray(y, y0 + j + L, m);
        } else if (j < n) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector s0 = FloatVector.zero(S);
            for (int t = 0; t < taps; t++) {
                s0 = FloatVector.broadcast(S, w[w0 + t]).fma(FloatVector.fromArray(S, x, base + offs[t] + j, m), s0);
            }
            bv.add(s0).intoArray(y, y0 + j, m);
        }
    }

    @Override
    public void convRows4(float[] x, int base, int[] offs, float[] w, int w0, int wStride, int taps, float[] b,
                          float[] y, int y0, int yStride, int n) {
        if (n <= L || n > 2 * L) {
            DirectRows.super.convRows4(x, base, offs, w, w0, wStride, taps, b, y, y0, yStride, n);
            return;
        }
        // a row of one full vector and a masked one: each input load feeds four output channels
        VectorMask<Float> m = S.indexInRange(L, n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector c0 = a0;
        FloatVector c1 = a0;
        FloatVector d0 = a0;
        FloatVector d1 = a0;
        for (int t = 0; t < taps; t++) {
            int xo = base + offs[t];
            FloatVector x0 = FloatVector.fromArray(S, x, xo);
            FloatVector x1 = FloatVector.fromArray(S, x, xo + L, m);
            int wi = w0 + t;
            FloatVector wa = FloatVector.broadcast(S, w[wi]);
            FloatVector wb = FloatVector.broadcast(S, w[wi + wStride]);
            FloatVector wc = FloatVector.broadcast(S, w[wi + 2 * wStride]);
            FloatVector wd = FloatVector.broadcast(S, w[wi + 3 * wStride]);
            a0 = wa.fma(x0, a0);
            a1 = wa.fma(x1, a1);
            b0 = wb.fma(x0, b0);
            b1 = wb.fma(x1, b1);
            c0 = wc.fma(x0, c0);
            c1 = wc.fma(x1, c1);
            d0 = wd.fma(x0, d0);
            d1 = wd.fma(x1, d1);
        }
        store(a0, a1, b[0], y, y0, m);
        store(b0, b1, b[1], y, y0 + yStride, m);
        store(c0, c1, b[2], y, y0 + 2 * yStride, m);
        store(d0, d1, b[3], y, y0 + 3 * yStride, m);
    }

    private static void store(FloatVector s0, FloatVector s1, float b, float[] y, int y0, VectorMask<Float> m) {
        FloatVector bv = FloatVector.broadcast(S, b);
        bv.add(s0).intoArray(y, y0);
        bv.add(s1).intoArray(y, y0 + L, m);
    }

    @Override
    public void dotRows(float[] g, int g0, float[] x, int base, int[] offs, int taps, int n, float[] acc, int a0) {
        if (n <= 2 * L && n > L) {
            // the row's gradient stays in two registers over the taps
            VectorMask<Float> m = S.indexInRange(L, n);
            FloatVector ga = FloatVector.fromArray(S, g, g0);
            FloatVector gb = FloatVector.fromArray(S, g, g0 + L, m);
            for (int t = 0; t < taps; t++) {
                int xo = base + offs[t];
                FloatVector s = FloatVector.fromArray(S, acc, a0 + t * L);
                s = ga.fma(FloatVector.fromArray(S, x, xo), s);
                s = gb.fma(FloatVector.fromArray(S, x, xo + L, m), s);
                s.intoArray(acc, a0 + t * L);
            }
            return;
        }
        int ub = S.loopBound(n);
        for (int t = 0; t < taps; t++) {
            int xo = base + offs[t];
            FloatVector s = FloatVector.fromArray(S, acc, a0 + t * L);
            int j = 0;
            for (; j < ub; j += L) {
                s = FloatVector.fromArray(S, g, g0 + j).fma(FloatVector.fromArray(S, x, xo + j), s);
            }
            if (j < n) {
                VectorMask<Float> m = S.indexInRange(j, n);
                s = FloatVector.fromArray(S, g, g0 + j, m).fma(FloatVector.fromArray(S, x, xo + j, m), s);
            }
            s.intoArray(acc, a0 + t * L);
        }
    }

    @Override
    public int lanes() {
        return L;
    }
}
