package org.snn4j.core.nn;

import org.snn4j.core.util.Parallel;

/**
 * Loops of the batch-norm layers over a block {@code [n, c, s]} (rows, channels, spatial) starting at an
 * offset. Per-channel reductions run over fixed-size chunks of rows (the chunk size depends only on
 * {@code c*s}), each chunk by one task into its own partial sums, and the partials are added in chunk order,
 * so the results do not depend on the thread count. Within a chunk each {@code (row, channel)} segment of
 * {@code s} values is summed in float with eight accumulators and added to a double.
 */
final class BatchNormKernel {
    private static final int CHUNK_ELEMENTS = 1 << 15;
    private static final int MIN_TASK_ELEMENTS = 1 << 14;

    private BatchNormKernel() {
    }

    private static int chunkRows(int c, int s) {
        return Math.max(1, CHUNK_ELEMENTS / Math.max(1, c * s));
    }

    /** Adds the per-channel sums of rows {@code [row, rowEnd)} into {@code part}. */
    private interface Segment {
        void add(int row, int rowEnd, double[] part);
    }

    private static void reduce(int n, int c, int s, Segment body, double[] out) {
        int rows = chunkRows(c, s);
        int chunks = (n + rows - 1) / rows;
        double[][] parts = new double[chunks][c];
        Parallel.forRange(chunks, Math.max(1, MIN_TASK_ELEMENTS / (rows * Math.max(1, c * s))),
                (from, to) -> {
                    for (int k = from; k < to; k++) {
                        body.add(k * rows, Math.min(n, (k + 1) * rows), parts[k]);
                    }
                });
        java.util.Arrays.fill(out, 0);
        for (double[] p : parts) {
            for (int ch = 0; ch < c; ch++) {
                out[ch] += p[ch];
            }
        }
    }

    /** Mean and biased variance per channel (two passes). */
    static void meanVar(float[] x, int off, int n, int c, int s, double[] mean, double[] var) {
        int cs = c * s;
        reduce(n, c, s, (r0, r1, part) -> {
            for (int r = r0; r < r1; r++) {
                int o = off + r * cs;
                if (s == 1) {
                    for (int ch = 0; ch < c; ch++) {
                        part[ch] += x[o + ch];
                    }
                } else {
                    for (int ch = 0; ch < c; ch++) {
                        part[ch] += sum(x, o + ch * s, s);
                    }
                }
            }
        }, mean);
        double count = (double) n * s;
        float[] m = new float[c];
        for (int ch = 0; ch < c; ch++) {
            mean[ch] /= count;
            m[ch] = (float) mean[ch];
        }
        reduce(n, c, s, (r0, r1, part) -> {
            for (int r = r0; r < r1; r++) {
                int o = off + r * cs;
                if (s == 1) {
                    for (int ch = 0; ch < c; ch++) {
                        float d = x[o + ch] - m[ch];
                        part[ch] += d * d;
                    }
                } else {
                    for (int ch = 0; ch < c; ch++) {
                        part[ch] += sqDev(x, o + ch * s, s, m[ch]);
                    }
                }
            }
        }, var);
        for (int ch = 0; ch < c; ch++) {
            var[ch] /= count;
        }
    }

    /** {@code s1[c] = sum g}, {@code s2[c] = sum g * (x - mean_c)} over the block. */
    static void gradSums(float[] g, int gOff, float[] x, int xOff, int n, int c, int s, float[] mean, int mOff,
            double[] s1, double[] s2) {
        int cs = c * s;
        reduce(n, c, s, (r0, r1, part) -> {
            for (int r = r0; r < r1; r++) {
                int o = gOff + r * cs;
                if (s == 1) {
                    for (int ch = 0; ch < c; ch++) {
                        part[ch] += g[o + ch];
                    }
                } else {
                    for (int ch = 0; ch < c; ch++) {
                        part[ch] += sum(g, o + ch * s, s);
                    }
                }
            }
        }, s1);
        reduce(n, c, s, (r0, r1, part) -> {
            for (int r = r0; r < r1; r++) {
                int go = gOff + r * cs;
                int xo = xOff + r * cs;
                if (s == 1) {
                    for (int ch = 0; ch < c; ch++) {
                        part[ch] += g[go + ch] * (x[xo + ch] - mean[mOff + ch]);
                    }
                } else {
                    for (int ch = 0; ch < c; ch++) {
                        part[ch] += dotDev(g, go + ch * s, x, xo + ch * s, s, mean[mOff + ch]);
                    }
                }
            }
        }, s2);
    }

    /**
     * {@code out = u * k_c + (x - m_c) * e_c + d_c} over the block, parallel over rows; with {@code u == null}
     * the first term is left out (the forward normalisation {@code (x - m) * a + b}).
     */
    static void affine(float[] u, int uOff, float[] x, int xOff, int n, int c, int s, float[] k, float[] m,
            float[] e, float[] d, int pOff, float[] out, int outOff) {
        int cs = c * s;
        Parallel.forRange(n, Math.max(1, MIN_TASK_ELEMENTS / Math.max(1, cs)), (from, to) -> {
            for (int r = from; r < to; r++) {
                int xo = xOff + r * cs;
                int oo = outOff + r * cs;
                int uo = uOff + r * cs;
                if (s == 1) {
                    if (u == null) {
                        for (int ch = 0; ch < c; ch++) {
                            out[oo + ch] = (x[xo + ch] - m[pOff + ch]) * e[pOff + ch] + d[pOff + ch];
                        }
                    } else {
                        for (int ch = 0; ch < c; ch++) {
                            out[oo + ch] = u[uo + ch] * k[pOff + ch] + (x[xo + ch] - m[pOff + ch]) * e[pOff + ch]
                                    + d[pOff + ch];
                        }
                    }
                } else {
                    for (int ch = 0; ch < c; ch++) {
                        int b = ch * s;
                        float mc = m[pOff + ch], ec = e[pOff + ch], dc = d[pOff + ch];
                        if (u == null) {
                            for (int i = 0; i < s; i++) {
                                out[oo + b + i] = (x[xo + b + i] - mc) * ec + dc;
                            }
                        } else {
                            float kc = k[pOff + ch];
                            for (int i = 0; i < s; i++) {
                                out[oo + b + i] = u[uo + b + i] * kc + (x[xo + b + i] - mc) * ec + dc;
                            }
                        }
                    }
                }
            }
        });
    }

    static float sum(float[] x, int off, int len) {
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            int o = off + i;
            a0 += x[o];
            a1 += x[o + 1];
            a2 += x[o + 2];
            a3 += x[o + 3];
            a4 += x[o + 4];
            a5 += x[o + 5];
            a6 += x[o + 6];
            a7 += x[o + 7];
        }
        for (; i < len; i++) {
            a0 += x[off + i];
        }
        return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
    }

    private static float sqDev(float[] x, int off, int len, float m) {
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            int o = off + i;
            float d0 = x[o] - m, d1 = x[o + 1] - m, d2 = x[o + 2] - m, d3 = x[o + 3] - m;
            float d4 = x[o + 4] - m, d5 = x[o + 5] - m, d6 = x[o + 6] - m, d7 = x[o + 7] - m;
            a0 += d0 * d0;
            a1 += d1 * d1;
            a2 += d2 * d2;
            a3 += d3 * d3;
            a4 += d4 * d4;
            a5 += d5 * d5;
            a6 += d6 * d6;
            a7 += d7 * d7;
        }
        for (; i < len; i++) {
            float d = x[off + i] - m;
            a0 += d * d;
        }
        return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
    }

    private static float dotDev(float[] g, int gOff, float[] x, int xOff, int len, float m) {
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            int go = gOff + i;
            int xo = xOff + i;
            a0 += g[go] * (x[xo] - m);
            a1 += g[go + 1] * (x[xo + 1] - m);
            a2 += g[go + 2] * (x[xo + 2] - m);
            a3 += g[go + 3] * (x[xo + 3] - m);
            a4 += g[go + 4] * (x[xo + 4] - m);
            a5 += g[go + 5] * (x[xo + 5] - m);
            a6 += g[go + 6] * (x[xo + 6] - m);
            a7 += g[go + 7] * (x[xo + 7] - m);
        }
        for (; i < len; i++) {
            a0 += g[gOff + i] * (x[xOff + i] - m);
        }
        return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
    }
}
