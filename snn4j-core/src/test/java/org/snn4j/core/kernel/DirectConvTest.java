package org.snn4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.ops.Ops;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/** The direct convolution for few input channels ({@link DirectConv}) against the definition. */
class DirectConvTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(savedThreads);
        ConvKernels.setPath(LinearPath.AUTO);
    }

    @Test
    void byHand() {
        // 1 -> 1 channel, x = [[1,2,3],[4,5,6],[7,8,9]], W = [[1,0],[-1,2]], bias 0.5, output 2x2:
        // y[oy,ox] = x[oy,ox] - x[oy+1,ox] + 2 x[oy+1,ox+1] + 0.5
        // (0,0): 1 - 4 + 10 = 7;  (0,1): 2 - 5 + 12 = 9;  (1,0): 4 - 7 + 16 = 13;  (1,1): 5 - 8 + 18 = 15
        ConvGeometry g = new ConvGeometry(1, 1, 3, 3, 1, 2, 2, 1, 1, 0, 0, 1, 1, 1);
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] y = new float[4];
        DirectConv.forward(g, x, new float[] {1, 0, -1, 2}, new float[] {0.5f}, y);
        assertArrayEquals(new float[] {7.5f, 9.5f, 13.5f, 15.5f}, y, 0f);
        // gy = [[1,0],[0,-2]]: dW[ky,kx] = x[ky,kx] - 2 x[1+ky,1+kx] -> (0,0) 1-10 = -9, (0,1) 2-12 = -10,
        // (1,0) 4-16 = -12, (1,1) 5-18 = -13
        float[] gw = new float[4];
        DirectConv.weightGrad(g, x, new float[] {1, 0, 0, -2}, gw);
        assertArrayEquals(new float[] {-9, -10, -12, -13}, gw, 0f);
    }

    /** The definition in double, with the sum of the terms' magnitudes for a rounding bound. */
    private static double[][] reference(ConvGeometry g, float[] x, float[] w, float[] bias) {
        int ho = g.outH();
        int wo = g.outW();
        double[] y = new double[g.n() * g.outSample()];
        double[] mag = new double[y.length];
        for (int n = 0; n < g.n(); n++) {
            for (int o = 0; o < g.cout(); o++) {
                for (int oy = 0; oy < ho; oy++) {
                    for (int ox = 0; ox < wo; ox++) {
                        double s = bias == null ? 0 : bias[o];
                        double m = Math.abs(s);
                        for (int c = 0; c < g.cin(); c++) {
                            for (int ky = 0; ky < g.kh(); ky++) {
                                for (int kx = 0; kx < g.kw(); kx++) {
                                    int iy = oy * g.sh() - g.ph() + ky * g.dh();
                                    int ix = ox * g.sw() - g.pw() + kx * g.dw();
                                    if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) {
                                        continue;
                                    }
                                    double t = (double) w[((o * g.cin() + c) * g.kh() + ky) * g.kw() + kx]
                                            * x[((n * g.cin() + c) * g.h() + iy) * g.w() + ix];
                                    s += t;
                                    m += Math.abs(t);
                                }
                            }
                        }
                        int i = ((n * g.cout() + o) * ho + oy) * wo + ox;
                        y[i] = s;
                        mag[i] = m;
                    }
                }
            }
        }
        return new double[][] {y, mag};
    }

    private static double[][] referenceWeightGrad(ConvGeometry g, float[] x, float[] gy) {
        int ho = g.outH();
        int wo = g.outW();
        double[] gw = new double[g.cout() * g.patch()];
        double[] mag = new double[gw.length];
        for (int o = 0; o < g.cout(); o++) {
            for (int c = 0; c < g.cin(); c++) {
                for (int ky = 0; ky < g.kh(); ky++) {
                    for (int kx = 0; kx < g.kw(); kx++) {
                        int i = ((o * g.cin() + c) * g.kh() + ky) * g.kw() + kx;
                        for (int n = 0; n < g.n(); n++) {
                            for (int oy = 0; oy < ho; oy++) {
                                for (int ox = 0; ox < wo; ox++) {
                                    int iy = oy * g.sh() - g.ph() + ky * g.dh();
                                    int ix = ox * g.sw() - g.pw() + kx * g.dw();
                                    if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) {
                                        continue;
                                    }
                                    double t = (double) gy[((n * g.cout() + o) * ho + oy) * wo + ox]
                                            * x[((n * g.cin() + c) * g.h() + iy) * g.w() + ix];
                                    gw[i] += t;
                                    mag[i] += Math.abs(t);
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {gw, mag};
    }

    private static float[] uniform(int n, Rng rng) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.uniform(-1, 1);
        }
        return v;
    }

    private static final ConvGeometry[] GEOMETRIES = {
        // the CSNN's first layer: 1 -> 12, 5x5 on 28x28 (24-wide rows: one vector and a masked one)
        new ConvGeometry(3, 1, 28, 28, 12, 5, 5, 1, 1, 0, 0, 1, 1, 1),
        // vertical stride 2, padding 1x2, dilation 2x3, non-square kernel, 3 channels
        new ConvGeometry(4, 3, 11, 13, 5, 3, 2, 2, 1, 1, 2, 2, 3, 1),
        // 2 channels, wide rows (several full vectors and a tail), padding 2
        new ConvGeometry(2, 2, 6, 45, 4, 3, 3, 1, 1, 2, 2, 1, 1, 1),
        // 4 channels, 1x1 kernel, narrow rows (masked vector only), 40 samples (several weight-gradient blocks)
        new ConvGeometry(40, 4, 5, 3, 3, 1, 1, 1, 1, 0, 0, 1, 1, 1),
    };

    @Test
    void randomGeometriesMatchTheDefinitionWithinRounding() {
        Rng rng = new Rng(5);
        double eps = Math.ulp(1f);
        for (ConvGeometry g : GEOMETRIES) {
            float[] x = uniform(g.n() * g.inSample(), rng);
            float[] w = uniform(g.cout() * g.patch(), rng);
            float[] bias = uniform(g.cout(), rng);
            for (boolean withBias : new boolean[] {true, false}) {
                float[] b = withBias ? bias : null;
                float[] y = new float[g.n() * g.outSample()];
                DirectConv.forward(g, x, w, b, y);
                double[][] ref = reference(g, x, w, b);
                for (int i = 0; i < y.length; i++) {
                    double tol = (g.patch() + 2) * eps * ref[1][i] + 1e-30;
                    assertEquals(ref[0][i], y[i], tol, g + " output " + i);
                }
            }
            float[] gy = uniform(g.n() * g.outSample(), rng);
            float[] gw = new float[w.length];
            DirectConv.weightGrad(g, x, gy, gw);
            double[][] ref = referenceWeightGrad(g, x, gy);
            int terms = g.n() * g.outH() * g.outW();
            for (int i = 0; i < gw.length; i++) {
                assertEquals(ref[0][i], gw[i], (terms + 2) * eps * ref[1][i] + 1e-30, g + " weight gradient " + i);
            }
        }
    }

    @Test
    void vectorAndScalarRowsGiveTheSameOutputs() throws ReflectiveOperationException {
        DirectRows vector = (DirectRows) Class.forName("org.snn4j.core.kernel.internal.VectorDirectRows")
                .getDeclaredConstructor().newInstance();
        Rng rng = new Rng(9);
        float[] x = uniform(400, rng);
        float[] w = uniform(40, rng);
        int[] offs = {0, 1, 2, 37, 38, 39, 74, 75, 76, 200};
        for (int n : new int[] {1, 7, 16, 24, 32, 33, 50, 64, 70}) {
            float[] ys = new float[n + 3];
            float[] yv = new float[n + 3];
            DirectRows.SCALAR.convRow(x, 5, offs, w, 3, offs.length, 0.25f, ys, 2, n);
            vector.convRow(x, 5, offs, w, 3, offs.length, 0.25f, yv, 2, n);
            assertArrayEquals(ys, yv, 0f, "row of " + n);
            // four channels at once (weights 7 apart, outputs n + 5 apart): the same floats as four scalar rows
            float[] b4 = {0.25f, -0f, -1f, 3f};
            float[] y4s = new float[4 * (n + 5)];
            float[] y4v = new float[4 * (n + 5)];
            for (int r = 0; r < 4; r++) {
                DirectRows.SCALAR.convRow(x, 5, offs, w, 1 + 7 * r, offs.length, b4[r], y4s, r * (n + 5), n);
            }
            vector.convRows4(x, 5, offs, w, 1, 7, offs.length, b4, y4v, 0, n + 5, n);
            assertArrayEquals(y4s, y4v, 0f, "four rows of " + n);
            // dot rows: the lane partial sums add up to the dot product within rounding
            float[] gs = new float[offs.length];
            float[] gv = new float[offs.length * vector.lanes()];
            DirectRows.SCALAR.dotRows(w, 1, x, 3, offs, offs.length, Math.min(n, 29), gs, 0);
            vector.dotRows(w, 1, x, 3, offs, offs.length, Math.min(n, 29), gv, 0);
            for (int t = 0; t < offs.length; t++) {
                float s = 0f;
                for (int l = 0; l < vector.lanes(); l++) {
                    s += gv[t * vector.lanes() + l];
                }
                assertEquals(gs[t], s, 1e-5f, "dot of " + n + " tap " + t);
            }
        }
    }

    @Test
    void pooledGradientGivesTheWeightGradientOfItsArrayBitwise() {
        Rng rng = new Rng(17);
        // 24x24 output planes pooled 2x2 -> 12x12: one selected element per window, some gradients zero or -0
        ConvGeometry g = new ConvGeometry(5, 1, 28, 28, 12, 5, 5, 1, 1, 0, 0, 1, 1, 1);
        int planes = g.n() * g.cout();
        float[] gy = new float[planes * 144];
        int[] arg = new int[gy.length];
        for (int p = 0; p < planes; p++) {
            for (int q = 0; q < 144; q++) {
                int i = q / 12;
                int j = q % 12;
                arg[p * 144 + q] = (2 * i + rng.nextInt(2)) * 24 + 2 * j + rng.nextInt(2);
                double u = rng.nextDouble();
                gy[p * 144 + q] = u < 0.1 ? 0f : u < 0.2 ? -0f : rng.uniform(-1, 1);
            }
        }
        PooledGradient pg = new PooledGradient(gy, arg, planes, 576, 144);
        float[] x = uniform(g.n() * g.inSample(), rng);
        float[] ref = new float[g.cout() * g.patch()];
        DirectConv.weightGrad(g, x, pg.materialize(), ref);
        float[] gw = new float[ref.length];
        DirectConv.weightGrad(g, x, pg, gw);
        assertArrayEquals(ref, gw, 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DirectConv.weightGrad(g.withSamples(4), x, pg, gw));
        assertTrue(e.getMessage().contains("planes"), e.getMessage());
    }

    @Test
    void oneAndTwoThreadsAreBitwiseEqual() {
        Rng rng = new Rng(13);
        ConvGeometry g = new ConvGeometry(37, 1, 28, 28, 12, 5, 5, 1, 1, 0, 0, 1, 1, 1);
        float[] x = uniform(g.n() * g.inSample(), rng);
        float[] w = uniform(g.cout() * g.patch(), rng);
        float[] gy = uniform(g.n() * g.outSample(), rng);
        float[][] y = new float[2][g.n() * g.outSample()];
        float[][] gw = new float[2][w.length];
        for (int t = 1; t <= 2; t++) {
            Parallel.setThreads(t);
            DirectConv.forward(g, x, w, null, y[t - 1]);
            DirectConv.weightGrad(g, x, gy, gw[t - 1]);
        }
        assertArrayEquals(y[0], y[1], 0f);
        assertArrayEquals(gw[0], gw[1], 0f);
    }

    @Test
    void rejectsWhatItDoesNotHandle() {
        assertFalse(DirectConv.supported(new ConvGeometry(1, 4, 5, 5, 4, 3, 3, 1, 1, 0, 0, 1, 1, 2)));
        assertFalse(DirectConv.supported(new ConvGeometry(1, 5, 5, 5, 4, 3, 3, 1, 1, 0, 0, 1, 1, 1)));
        ConvGeometry strided = new ConvGeometry(1, 1, 5, 5, 1, 3, 3, 1, 2, 0, 0, 1, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DirectConv.forward(strided, new float[25], new float[9], null, new float[6]));
        assertTrue(e.getMessage().contains("stride w=2"), e.getMessage());
    }

    /** A Conv2d on a float image without input gradient: weight and bias gradients by finite differences. */
    @Test
    void conv2dOnAnImageTakesTheDirectPathAndItsGradientsMatchFiniteDifferences() {
        Rng rng = new Rng(21);
        Conv2d c = new Conv2d(2, 3, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0},
                new int[] {1, 2}, 1, true, rng);
        Tensor x = Tensor.of(uniform(2 * 2 * 7 * 6, rng), 2, 2, 7, 6);
        GradCheck.Result r = GradCheck.check(a -> c.forward(x), new Tensor[] {c.weight(), c.bias()}, 1e-2, 1e-3, 1e-2);
        assertTrue(r.passed(), r.toString());
        // and the same outputs and gradients as im2col + GEMM within rounding
        float[][] outs = new float[2][];
        float[][] grads = new float[2][];
        for (int k = 0; k < 2; k++) {
            ConvKernels.setPath(k == 0 ? LinearPath.AUTO : LinearPath.DENSE);
            c.weight().zeroGrad();
            Tensor y = c.forward(x);
            Ops.sum(Ops.mul(y, y)).backward();
            outs[k] = y.data().clone();
            grads[k] = c.weight().grad().data().clone();
        }
        assertArrayEquals(outs[1], outs[0], 1e-5f);
        assertArrayEquals(grads[1], grads[0], 1e-4f);
    }
}
