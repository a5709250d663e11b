package org.snn4j.core.kernel;

import java.util.Arrays;

import org.snn4j.core.util.Parallel;

/**
 * Direct 2-d convolution for few input channels (a network's first layer on images: 1 -> 12 channels, 5x5,
 * where im2col + GEMM has a product depth of 25 and 12 rows). Per sample the input is copied into
 * zero-padded planes {@code [cin][h + 2ph][w + 2pw]}; then every output row {@code (o, oy)} is, vectorised
 * over its {@code wo} contiguous columns (horizontal stride 1),
 * {@code y[o, oy, :] = b[o] + sum_{c, ky, kx} W[o, c, ky, kx] * xp[c, oy*sh + ky*dh, kx*dw + :]}
 * as fused multiply-adds in {@code (c, ky, kx)} order ({@link DirectRows#convRow}). The weight gradient is
 * {@code dW[o, c, ky, kx] = sum_n sum_{oy} <gy[n, o, oy, :], xp[n, c, oy*sh + ky*dh, kx*dw + :]>}: per row,
 * {@link DirectRows#lanes()} partial sums per tap, summed in lane order per block of samples, the blocks
 * (fixed by the shape) in order, so results do not depend on the thread count.
 */
public final class DirectConv {
    /** Most input channels the direct path is taken for. */
    public static final int MAX_IN_CHANNELS = 4;
    /** Most blocks of samples the weight gradient is reduced over. */
    static final int MAX_BLOCKS = 16;
    private static final DirectRows ROWS = Kernels.vectorOr(DirectRows.class,
            "org.snn4j.core.kernel.internal.VectorDirectRows", DirectRows.SCALAR);

    private DirectConv() {
    }

    /** Whether the direct path handles {@code g}: one group, horizontal stride 1, at most {@link #MAX_IN_CHANNELS} inputs. */
    public static boolean supported(ConvGeometry g) {
        return g.groups() == 1 && g.sw() == 1 && g.cin() <= MAX_IN_CHANNELS;
    }

    private static void check(ConvGeometry g) {
        if (!supported(g)) {
            throw new IllegalArgumentException("direct convolution needs one group, horizontal stride 1 and at most "
                    + MAX_IN_CHANNELS + " input channels, got groups=" + g.groups() + " stride w=" + g.sw()
                    + " in channels=" + g.cin());
        }
    }

    /**
     * A sample's zero-padded planes {@code [cin][h + 2ph][w + 2pw]}: row length {@code wp}, size {@code padded},
     * and the tap offsets {@code offs[t] = c*HP*WP + ky*dh*WP + kx*dw} in {@code (c, ky, kx)} order.
     */
    private record Padded(ConvGeometry g, int wp, int padded, int[] offs) {
        static Padded of(ConvGeometry g) {
            int wp = g.w() + 2 * g.pw();
            int hp = g.h() + 2 * g.ph();
            int plane = hp * wp;
            int[] offs = new int[g.patch()];
            int t = 0;
            for (int c = 0; c < g.cin(); c++) {
                for (int ky = 0; ky < g.kh(); ky++) {
                    for (int kx = 0; kx < g.kw(); kx++) {
                        offs[t++] = c * plane + ky * g.dh() * wp + kx * g.dw();
                    }
                }
            }
            return new Padded(g, wp, g.cin() * plane, offs);
        }

        /** Copies sample {@code s} of {@code x} into the planes {@code xp} (padding already zero). */
        void fill(float[] x, int s, float[] xp) {
            int hp = g.h() + 2 * g.ph();
            for (int c = 0; c < g.cin(); c++) {
                for (int iy = 0; iy < g.h(); iy++) {
                    System.arraycopy(x, ((s * g.cin() + c) * g.h() + iy) * g.w(), xp,
                            (c * hp + iy + g.ph()) * wp + g.pw(), g.w());
                }
            }
        }

        /** Where output row {@code oy} starts reading in the planes. */
        int rowBase(int oy) {
            return oy * g.sh() * wp;
        }
    }

    /** {@code y = conv(x, W) + b} (overwritten); {@code bias} may be null. */
    public static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        check(g);
        Padded pd = Padded.of(g);
        int[] offs = pd.offs();
        int ho = g.outH();
        int wo = g.outW();
        int k = g.patch();
        Parallel.forRange(g.n(), 1, (from, to) -> {
            float[] xp = new float[pd.padded()];
            float[] b4 = new float[4];
            int cout = g.cout();
            int plane = ho * wo;
            for (int s = from; s < to; s++) {
                pd.fill(x, s, xp);
                int o = 0;
                // four output channels per pass share the input loads
                for (; o + 4 <= cout; o += 4) {
                    for (int r = 0; r < 4; r++) {
                        b4[r] = bias != null ? bias[o + r] : -0f;
                    }
                    int y0 = (s * cout + o) * plane;
                    for (int oy = 0; oy < ho; oy++) {
                        ROWS.convRows4(xp, pd.rowBase(oy), offs, w, o * k, k, k, b4, y, y0 + oy * wo, plane, wo);
                    }
                }
                for (; o < cout; o++) {
                    // -0 is the identity of float addition: no bias leaves the sums as they are
                    float b = bias != null ? bias[o] : -0f;
                    int y0 = (s * g.cout() + o) * ho * wo;
                    for (int oy = 0; oy < ho; oy++) {
                        ROWS.convRow(xp, pd.rowBase(oy), offs, w, o * k, k, b, y, y0 + oy * wo, wo);
                    }
                }
            }
        });
    }

    /** Weight gradient {@code gw} (overwritten) from the output gradient {@code gy} and the input {@code x}. */
    public static void weightGrad(ConvGeometry g, float[] x, float[] gy, float[] gw) {
        weightGrad(g, x, gy, null, gw);
    }

    /**
     * {@link #weightGrad(ConvGeometry, float[], float[], float[])} from a max-pool's gradient in factored form: each
     * output plane is built in a small buffer as {@link PooledGradient#materialize()} builds it (the same floats),
     * so the whole array is never made.
     */
    public static void weightGrad(ConvGeometry g, float[] x, PooledGradient pg, float[] gw) {
        pg.requireCovers((long) g.n() * g.cout(), g.outH() * g.outW());
        weightGrad(g, x, null, pg, gw);
    }

    private static void weightGrad(ConvGeometry g, float[] x, float[] gyArray, PooledGradient pg, float[] gw) {
        check(g);
        Padded pd = Padded.of(g);
        int[] offs = pd.offs();
        int ho = g.outH();
        int wo = g.outW();
        int k = g.patch();
        int cout = g.cout();
        int lanes = ROWS.lanes();
        int nBlocks = Math.max(1, Math.min(MAX_BLOCKS, g.n()));
        int per = (g.n() + nBlocks - 1) / nBlocks;
        int blocks = g.n() == 0 ? 0 : (g.n() + per - 1) / per;
        float[][] partial = new float[blocks][];
        Parallel.forRange(blocks, 1, (from, to) -> {
            float[] xp = new float[pd.padded()];
            float[] acc = new float[cout * k * lanes];
            int hw = ho * wo;
            float[] plane = pg != null ? new float[hw] : null;
            for (int b = from; b < to; b++) {
                Arrays.fill(acc, 0f);
                for (int s = b * per; s < Math.min(g.n(), (b + 1) * per); s++) {
                    pd.fill(x, s, xp);
                    for (int o = 0; o < cout; o++) {
                        float[] gy = gyArray;
                        int g0 = (s * cout + o) * hw;
                        if (pg != null) {
                            // the plane as materialize() builds it
                            Arrays.fill(plane, 0f);
                            pg.addPlane(s * cout + o, plane, 0);
                            gy = plane;
                            g0 = 0;
                        }
                        for (int oy = 0; oy < ho; oy++) {
                            ROWS.dotRows(gy, g0 + oy * wo, xp, pd.rowBase(oy), offs, k, wo, acc, o * k * lanes);
                        }
                    }
                }
                float[] p = new float[cout * k];
                for (int i = 0; i < p.length; i++) {
                    float sum = 0f;
                    for (int l = 0; l < lanes; l++) {
                        sum += acc[i * lanes + l];
                    }
                    p[i] = sum;
                }
                partial[b] = p;
            }
        });
        ConvKernels.sumBlocks(partial, gw);
    }
}
