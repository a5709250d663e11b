package org.snn4j.core.kernel.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import org.snn4j.core.kernel.Gemm;
import org.snn4j.core.util.Parallel;

/**
 * Pure-Java GEMM on the Vector API: B is packed into panels {@value #KC} deep and {@code NR}
 * (two vectors) wide, A into panels of {@value #MR} rows, and a 6 x 2-vector register-blocked
 * micro-kernel accumulates with FMA. All four transpose combinations, offsets and strides are
 * handled by the packing routines only.
 *
 * <p>Work is split over row panels of C with {@link Parallel#forRange}. Every element of C is
 * computed by the same sequence of FMAs (panels are zero-padded, never special-cased), so the
 * result is bitwise identical for any thread count.
 */
public final class VectorGemm implements Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 6;
    private static final int NR = 2 * L;
    static final int KC = 256;
    /** Rows of A packed at once per task: MC x KC floats stay in L2. */
    private static final int MC = 16 * MR;
    /** Columns of B packed at once: KC x NC floats (about 2 MB) per block. */
    private static final int NC = (2048 / NR) * NR;

    private static final ThreadLocal<float[]> A_PACK = ThreadLocal.withInitial(() -> new float[MC * KC]);
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);
    private static final ThreadLocal<float[][]> B_PACK = ThreadLocal.withInitial(() -> new float[1][0]);

    @Override
    public String name() {
        return "java-vector";
    }

    /** Depth up to which the direct kernel below beats packing (a spiking layer's input gradient has k = outputs). */
    static final int SMALL_K = 32;

    /**
     * {@code C = alpha*op(A)*B + beta*C} for a small depth k with B not transposed: each vector of a row
     * of C is summed over p in a register and stored once, so C is written exactly once and B stays in cache.
     */
    private static void smallK(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int ub = S.loopBound(n);
        Parallel.forRange(m, Math.max(1, 16384 / Math.max(1, n * k)), (from, to) -> {
            float[] coef = new float[k];
            for (int i = from; i < to; i++) {
                for (int p = 0; p < k; p++) {
                    coef[p] = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                }
                int ci = cOff + i * ldc;
                int j = 0;
                for (; j < ub; j += L) {
                    FloatVector acc = FloatVector.zero(S);
                    for (int p = 0; p < k; p++) {
                        acc = FloatVector.fromArray(S, b, bOff + p * ldb + j)
                                .fma(FloatVector.broadcast(S, coef[p]), acc);
                    }
                    if (beta != 0f) {
                        acc = FloatVector.fromArray(S, c, ci + j)
                                .fma(FloatVector.broadcast(S, beta), acc);
                    }
                    acc.intoArray(c, ci + j);
                }
                for (; j < n; j++) {
                    float acc = 0f;
                    for (int p = 0; p < k; p++) {
                        acc = Math.fma(b[bOff + p * ldb + j], coef[p], acc);
                    }
                    c[ci + j] = beta != 0f ? Math.fma(c[ci + j], beta, acc) : acc;
                }
            }
        });
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        GemmArgs.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            GemmArgs.scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (k <= SMALL_K && !transB) {
            smallK(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        boolean overwrite = beta == 0f;
        if (!overwrite && beta != 1f) {
            Parallel.forRange(m, 64, (from, to) -> GemmArgs.scale(to - from, n, beta, c, cOff + from * ldc, ldc));
        }
        int mPanels = (m + MR - 1) / MR;
        float[][] bHolder = B_PACK.get();
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int nPanels = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                if (bHolder[0].length < nPanels * NR * kc) {
                    bHolder[0] = new float[nPanels * NR * kc];
                }
                float[] bp = bHolder[0];
                int fjc = jc;
                int fpc = pc;
                Parallel.forRange(nPanels, Math.max(1, 8192 / (NR * kc)),
                        (from, to) -> packB(transB, b, bOff, ldb, fpc, kc, fjc, nc, bp, from, to));
                boolean first = overwrite && pc == 0;
                // enough panels per task to amortise the fork (about 256K FMAs)
                int minPanels = Math.max(1, (1 << 18) / (MR * nc * kc));
                Parallel.forRange(mPanels, minPanels, (from, to) -> {
                    float[] ap = A_PACK.get();
                    float[] tile = TILE.get();
                    int rowEnd = Math.min(m, to * MR);
                    for (int ic = from * MR; ic < rowEnd; ic += MC) {
                        int mc = Math.min(MC, rowEnd - ic);
                        packA(transA, a, aOff, lda, ic, mc, fpc, kc, ap);
                        int aPanels = (mc + MR - 1) / MR;
                        for (int jp = 0; jp < nPanels; jp++) {
                            int nr = Math.min(NR, nc - jp * NR);
                            int cCol = cOff + fjc + jp * NR;
                            for (int ip = 0; ip < aPanels; ip++) {
                                int mr = Math.min(MR, mc - ip * MR);
                                kernel(kc, ap, ip * MR * kc, bp, jp * NR * kc, tile);
                                update(tile, c, cCol + (ic + ip * MR) * ldc, ldc, mr, nr, alpha, first);
                            }
                        }
                    }
                });
            }
        }
    }

    /** Packs op(B)[pc..pc+kc, jc..jc+nc) panels {@code [from,to)} as {@code [panel][p][NR]}, zero-padded. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                              float[] bp, int from, int to) {
        for (int jp = from; jp < to; jp++) {
            int j0 = jc + jp * NR;
            int w = Math.min(NR, jc + nc - j0);
            int base = jp * NR * kc;
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * NR;
                    System.arraycopy(b, bOff + (pc + p) * ldb + j0, bp, dst, w);
                    if (w < NR) {
                        java.util.Arrays.fill(bp, dst + w, dst + NR, 0f);
                    }
                }
            } else {
                for (int jj = 0; jj < NR; jj++) {
                    if (jj < w) {
                        int src = bOff + (j0 + jj) * ldb + pc;
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * NR + jj] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * NR + jj] = 0f;
                        }
                    }
                }
            }
        }
    }

    /** Packs op(A)[ic..ic+mc, pc..pc+kc) as {@code [panel][p][MR]}, zero-padded to whole panels. */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, float[] ap) {
        int panels = (mc + MR - 1) / MR;
        for (int ip = 0; ip < panels; ip++) {
            int base = ip * MR * kc;
            int rows = Math.min(MR, mc - ip * MR);
            int i0 = ic + ip * MR;
            if (!transA) {
                for (int r = 0; r < MR; r++) {
                    if (r < rows) {
                        int src = aOff + (i0 + r) * lda + pc;
                        for (int p = 0; p < kc; p++) {
                            ap[base + p * MR + r] = a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            ap[base + p * MR + r] = 0f;
                        }
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + i0;
                    int dst = base + p * MR;
                    for (int r = 0; r < MR; r++) {
                        ap[dst + r] = r < rows ? a[src + r] : 0f;
                    }
                }
            }
        }
    }

    private static void kernel(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        int ao = aOff;
        int bo = bOff;
        for (int p = 0; p < kc; p++, ao += MR, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector av = FloatVector.broadcast(S, ap[ao]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        // Accumulators leave the method through a tile array: passing vectors to helper methods
        // that C2 does not inline would box them.
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
    }

    /** {@code C = alpha*tile (+ C)} on the valid mr x nr corner of the tile. */
    private static void update(float[] tile, float[] c, int cOff, int ldc, int mr, int nr, float alpha, boolean overwrite) {
        FloatVector al = FloatVector.broadcast(S, alpha);
        if (nr == NR) {
            for (int r = 0; r < mr; r++) {
                int o = cOff + r * ldc;
                FloatVector v0 = FloatVector.fromArray(S, tile, r * NR);
                FloatVector v1 = FloatVector.fromArray(S, tile, r * NR + L);
                if (overwrite) {
                    v0.mul(al).intoArray(c, o);
                    v1.mul(al).intoArray(c, o + L);
                } else {
                    v0.fma(al, FloatVector.fromArray(S, c, o)).intoArray(c, o);
                    v1.fma(al, FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
                }
            }
        } else {
            VectorMask<Float> m0 = S.indexInRange(0, nr);
            VectorMask<Float> m1 = S.indexInRange(L, nr);
            for (int r = 0; r < mr; r++) {
                int o = cOff + r * ldc;
                FloatVector v0 = FloatVector.fromArray(S, tile, r * NR);
                FloatVector v1 = FloatVector.fromArray(S, tile, r * NR + L);
                if (overwrite) {
                    v0.mul(al).intoArray(c, o, m0);
                    v1.mul(al).intoArray(c, o + L, m1);
                } else {
                    v0.fma(al, FloatVector.fromArray(S, c, o, m0)).intoArray(c, o, m0);
                    v1.fma(al, FloatVector.fromArray(S, c, o + L, m1)).intoArray(c, o + L, m1);
                }
            }
        }
    }
}
