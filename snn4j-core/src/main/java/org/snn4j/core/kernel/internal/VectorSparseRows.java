package org.snn4j.core.kernel.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import org.snn4j.core.kernel.SparseRows;

/**
 * {@link SparseRows} on 16-float vectors: two rows of 64 floats (eight accumulators) per pass over
 * the terms, so the multiply-adds of one term are independent of each other and the loop is bound
 * by loads rather than by the latency of one accumulator chain; loaded only when the module is present.
 */
public final class VectorSparseRows implements SparseRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = 16;
    private static final boolean WIDE = FloatVector.SPECIES_PREFERRED.length() >= L;

    @Override
    public void addCombinations(float[] table, int[] off, float[] v, int f, int cnt, int rows, int tStep, float[] dst,
                                int d, int dStep, int n, int t0) {
        if (!WIDE) {
            SparseRows.SCALAR.addCombinations(table, off, v, f, cnt, rows, tStep, dst, d, dStep, n, t0);
            return;
        }
        if (n == 4 * L) {
            int r = 0;
            for (; r + 1 < rows; r += 2) {
                pairFull(table, off, v, f, cnt, t0 + r * tStep, tStep, dst, d + r * dStep, dStep);
            }
            if (r < rows) {
                single(table, off, v, f, cnt, t0 + r * tStep, dst, d + r * dStep, n);
            }
            return;
        }
        int r = 0;
        for (; r + 1 < rows; r += 2) {
            for (int j0 = 0; j0 < n; j0 += 4 * L) {
                pair(table, off, v, f, cnt, t0 + r * tStep + j0, tStep, dst, d + r * dStep + j0, dStep, n - j0);
            }
        }
        if (r < rows) {
            for (int j0 = 0; j0 < n; j0 += 4 * L) {
                single(table, off, v, f, cnt, t0 + r * tStep + j0, dst, d + r * dStep + j0, n - j0);
            }
        }
    }

    /** Two rows ({@code add} and {@code add + tStep}), 64 floats each ({@code left} of them stored). */
    private static void pair(float[] table, int[] off, float[] v, int f, int cnt, int add, int tStep, float[] dst, int o,
                             int dStep, int left) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        for (int k = f; k < f + cnt; k++) {
            FloatVector x = FloatVector.broadcast(S, v[k]);
            int t = off[k] + add;
            int u = t + tStep;
            a0 = x.fma(FloatVector.fromArray(S, table, t), a0);
            a1 = x.fma(FloatVector.fromArray(S, table, t + L), a1);
            a2 = x.fma(FloatVector.fromArray(S, table, t + 2 * L), a2);
            a3 = x.fma(FloatVector.fromArray(S, table, t + 3 * L), a3);
            b0 = x.fma(FloatVector.fromArray(S, table, u), b0);
            b1 = x.fma(FloatVector.fromArray(S, table, u + L), b1);
            b2 = x.fma(FloatVector.fromArray(S, table, u + 2 * L), b2);
            b3 = x.fma(FloatVector.fromArray(S, table, u + 3 * L), b3);
        }
        VectorMask<Float> m0 = S.indexInRange(0, left);
        VectorMask<Float> m1 = S.indexInRange(L, left);
        VectorMask<Float> m2 = S.indexInRange(2 * L, left);
        VectorMask<Float> m3 = S.indexInRange(3 * L, left);
        FloatVector.fromArray(S, dst, o, m0).add(a0).intoArray(dst, o, m0);
        FloatVector.fromArray(S, dst, o + L, m1).add(a1).intoArray(dst, o + L, m1);
        FloatVector.fromArray(S, dst, o + 2 * L, m2).add(a2).intoArray(dst, o + 2 * L, m2);
        FloatVector.fromArray(S, dst, o + 3 * L, m3).add(a3).intoArray(dst, o + 3 * L, m3);
        int q = o + dStep;
        FloatVector.fromArray(S, dst, q, m0).add(b0).intoArray(dst, q, m0);
        FloatVector.fromArray(S, dst, q + L, m1).add(b1).intoArray(dst, q + L, m1);
        FloatVector.fromArray(S, dst, q + 2 * L, m2).add(b2).intoArray(dst, q + 2 * L, m2);
        FloatVector.fromArray(S, dst, q + 3 * L, m3).add(b3).intoArray(dst, q + 3 * L, m3);
    }

    /** Two rows of exactly 64 floats, without masks. */
    private static void pairFull(float[] table, int[] off, float[] v, int f, int cnt, int add, int tStep, float[] dst,
                                 int o, int dStep) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        for (int k = f; k < f + cnt; k++) {
            FloatVector x = FloatVector.broadcast(S, v[k]);
            int t = off[k] + add;
            int u = t + tStep;
            a0 = x.fma(FloatVector.fromArray(S, table, t), a0);
            a1 = x.fma(FloatVector.fromArray(S, table, t + L), a1);
            a2 = x.fma(FloatVector.fromArray(S, table, t + 2 * L), a2);
            a3 = x.fma(FloatVector.fromArray(S, table, t + 3 * L), a3);
            b0 = x.fma(FloatVector.fromArray(S, table, u), b0);
            b1 = x.fma(FloatVector.fromArray(S, table, u + L), b1);
            b2 = x.fma(FloatVector.fromArray(S, table, u + 2 * L), b2);
            b3 = x.fma(FloatVector.fromArray(S, table, u + 3 * L), b3);
        }
        FloatVector.fromArray(S, dst, o).add(a0).intoArray(dst, o);
        FloatVector.fromArray(S, dst, o + L).add(a1).intoArray(dst, o + L);
        FloatVector.fromArray(S, dst, o + 2 * L).add(a2).intoArray(dst, o + 2 * L);
        FloatVector.fromArray(S, dst, o + 3 * L).add(a3).intoArray(dst, o + 3 * L);
        int q = o + dStep;
        FloatVector.fromArray(S, dst, q).add(b0).intoArray(dst, q);
        FloatVector.fromArray(S, dst, q + L).add(b1).intoArray(dst, q + L);
        FloatVector.fromArray(S, dst, q + 2 * L).add(b2).intoArray(dst, q + 2 * L);
        FloatVector.fromArray(S, dst, q + 3 * L).add(b3).intoArray(dst, q + 3 * L);
    }

    /** One row of 64 floats ({@code left} of them stored). */
    private static void single(float[] table, int[] off, float[] v, int f, int cnt, int add, float[] dst, int o,
                               int left) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int k = f; k < f + cnt; k++) {
            FloatVector x = FloatVector.broadcast(S, v[k]);
            int t = off[k] + add;
            a0 = x.fma(FloatVector.fromArray(S, table, t), a0);
            a1 = x.fma(FloatVector.fromArray(S, table, t + L), a1);
            a2 = x.fma(FloatVector.fromArray(S, table, t + 2 * L), a2);
            a3 = x.fma(FloatVector.fromArray(S, table, t + 3 * L), a3);
        }
        VectorMask<Float> m0 = S.indexInRange(0, left);
        VectorMask<Float> m1 = S.indexInRange(L, left);
        VectorMask<Float> m2 = S.indexInRange(2 * L, left);
        VectorMask<Float> m3 = S.indexInRange(3 * L, left);
        FloatVector.fromArray(S, dst, o, m0).add(a0).intoArray(dst, o, m0);
        FloatVector.fromArray(S, dst, o + L, m1).add(a1).intoArray(dst, o + L, m1);
        FloatVector.fromArray(S, dst, o + 2 * L, m2).add(a2).intoArray(dst, o + 2 * L, m2);
        FloatVector.fromArray(S, dst, o + 3 * L, m3).add(a3).intoArray(dst, o + 3 * L, m3);
    }
}
