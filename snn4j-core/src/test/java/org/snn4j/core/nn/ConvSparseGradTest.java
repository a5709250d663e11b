package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.snn4j.core.kernel.ConvGeometry;
import org.snn4j.core.kernel.ConvKernels;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.kernel.SparseRows;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/** The convolution's input gradient driven by the nonzero output gradients ({@link ConvKernels#inputGradSparse}). */
class ConvSparseGradTest {
    private final int savedThreads = Parallel.threads();
    private final double savedDensity = ConvKernels.maxSparseGradDensity();

    @AfterEach
    void restore() {
        Parallel.setThreads(savedThreads);
        ConvKernels.setMaxSparseGradDensity(savedDensity);
    }

    @Test
    void oneNonzeroGradientSpreadsTheKernelByHand() {
        // 1 channel, 3x3 input, 2x2 kernel W = [[1,2],[3,4]] -> 2x2 output; gy nonzero only at (0,1), value 2:
        // gx[oy + ky, ox + kx] = 2 * W[ky, kx] at rows 0..1, columns 1..2
        ConvGeometry g = new ConvGeometry(1, 1, 3, 3, 1, 2, 2, 1, 1, 0, 0, 1, 1, 1);
        float[] gx = new float[9];
        ConvKernels.inputGradSparse(g, new float[] {1, 2, 3, 4}, new float[] {0, 2, 0, 0}, gx);
        assertArrayEquals(new float[] {0, 2, 4, 0, 6, 8, 0, 0, 0}, gx, 0f);
    }

    @Test
    void paddingStrideAndVerticalDilationByHand() {
        // 1 -> 1 channel, 2x2 input, kernel 2x1 with vertical dilation 2, stride 2x1, padding 1x0:
        // output rows (2 + 2 - 2 - 1)/2 + 1 = 1, columns (2 - 1)/1 + 1 = 2; output (0, ox) reads input rows
        // -1 and 1 (0*2 - 1 + ky*2), column ox. gy = [3, 5]: gx[1, 0] = 3*W[1], gx[1, 1] = 5*W[1], row 0 nothing
        ConvGeometry g = new ConvGeometry(1, 1, 2, 2, 1, 2, 1, 2, 1, 1, 0, 2, 1, 1);
        assertEquals(1, g.outH());
        assertEquals(2, g.outW());
        float[] gx = new float[4];
        ConvKernels.inputGradSparse(g, new float[] {7, 11}, new float[] {3, 5}, gx);
        assertArrayEquals(new float[] {0, 0, 33, 55}, gx, 0f);
    }

    /** The gradient from the definition, in double, and the sum of the absolute values of its terms. */
    private static double[][] reference(ConvGeometry g, float[] w, float[] gy) {
        double[] exact = new double[g.n() * g.inSample()];
        double[] mag = new double[exact.length];
        for (int n = 0; n < g.n(); n++) {
            for (int o = 0; o < g.cout(); o++) {
                for (int oy = 0; oy < g.outH(); oy++) {
                    for (int ox = 0; ox < g.outW(); ox++) {
                        double v = gy[((n * g.cout() + o) * g.outH() + oy) * g.outW() + ox];
                        for (int c = 0; c < g.cin(); c++) {
                            for (int ky = 0; ky < g.kh(); ky++) {
                                for (int kx = 0; kx < g.kw(); kx++) {
                                    int iy = oy * g.sh() - g.ph() + ky * g.dh();
                                    int ix = ox * g.sw() - g.pw() + kx * g.dw();
                                    if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) {
                                        continue;
                                    }
                                    int i = ((n * g.cin() + c) * g.h() + iy) * g.w() + ix;
                                    double term = v * w[((o * g.cin() + c) * g.kh() + ky) * g.kw() + kx];
                                    exact[i] += term;
                                    mag[i] += Math.abs(term);
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {exact, mag};
    }

    private static float[] sparseGradient(int n, double density, Rng rng) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble() < density ? rng.uniform(-1, 1) : 0f;
        }
        return v;
    }

    @Test
    void matchesTheDefinitionWithinRoundingAndTheDensePath() {
        Rng rng = new Rng(7);
        // stride 2x1, padding 1x2, vertical dilation 2, non-square kernel 3x2, 5 -> 6 channels
        ConvGeometry g = new ConvGeometry(9, 5, 9, 8, 6, 3, 2, 2, 1, 1, 2, 2, 1, 1);
        float[] w = new float[g.cout() * g.patch()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.uniform(-1, 1);
        }
        float[] gy = sparseGradient(g.n() * g.outSample(), 0.25, rng);
        float[] sparse = new float[g.n() * g.inSample()];
        ConvKernels.inputGradSparse(g, w, gy, sparse);
        float[] dense = new float[sparse.length];
        ConvKernels.backwardDense(g, null, null, w, gy, dense, null);
        double[][] ref = reference(g, w, gy);
        // at most cout*kh*kw = 36 terms per element; a float sum of m terms is within (m-1)*2^-24*sum|terms|
        double u = 36 * Math.scalb(1.0, -24);
        int nonzero = 0;
        for (int i = 0; i < sparse.length; i++) {
            double tol = u * ref[1][i];
            assertTrue(Math.abs(sparse[i] - ref[0][i]) <= tol, "sparse element " + i + ": " + sparse[i] + " vs " + ref[0][i]);
            assertTrue(Math.abs(dense[i] - ref[0][i]) <= tol, "dense element " + i + ": " + dense[i] + " vs " + ref[0][i]);
            nonzero += sparse[i] != 0f ? 1 : 0;
        }
        assertTrue(nonzero > sparse.length / 4, "the test reaches most inputs: " + nonzero);
    }

    @Test
    void oneAndTwoThreadsAreBitwiseEqual() {
        Rng rng = new Rng(8);
        ConvGeometry g = new ConvGeometry(50, 3, 10, 10, 8, 5, 5, 1, 1, 2, 2, 1, 1, 1);
        float[] w = new float[g.cout() * g.patch()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.uniform(-1, 1);
        }
        float[] gy = sparseGradient(g.n() * g.outSample(), 0.3, rng);
        float[][] gx = new float[2][g.n() * g.inSample()];
        for (int t = 1; t <= 2; t++) {
            Parallel.setThreads(t);
            ConvKernels.inputGradSparse(g, w, gy, gx[t - 1]);
        }
        assertArrayEquals(gx[0], gx[1], 0f);
    }

    @Test
    void convFollowedByMaxPoolTakesTheSparsePath() {
        Rng rng = new Rng(9);
        Conv2d conv = new Conv2d(3, 4, 3, rng);
        MaxPool2d pool = new MaxPool2d(2);
        float[] x = new float[2 * 3 * 3 * 10 * 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.uniform(-1, 1);
        }
        float[][] gx = new float[2][];
        float[][] gw = new float[2][];
        for (int k = 0; k < 2; k++) {
            // k = 0: sparse (the pooled gradient is 1/4 nonzero), k = 1: dense
            ConvKernels.setMaxSparseGradDensity(k == 0 ? 0.5 : 0);
            conv.zeroGrad();
            Tensor in = Tensor.of(x.clone(), 2, 3, 3, 10, 10).requiresGrad(true);
            Tensor y = pool.forward(conv.forward(in));
            y.backward(Tensor.full(1f, y.shape()));
            gx[k] = in.grad().data().clone();
            gw[k] = conv.weight().grad().data().clone();
        }
        // weight gradient: the same dense kernel either way
        assertArrayEquals(gw[1], gw[0], 0f);
        // input gradient: sums of at most 4*3*3 = 36 terms |W| <= 1/sqrt(27) times 1, in two orders
        for (int i = 0; i < gx[0].length; i++) {
            assertEquals(gx[1][i], gx[0][i], 2 * 36 * Math.scalb(1.0, -24) * 36 / Math.sqrt(27), "element " + i);
        }
    }

    @Test
    void vectorAndScalarSparseRowsGiveTheSameFloats() throws Exception {
        SparseRows vector = Kernels.vectorAvailable()
                ? (SparseRows) Class.forName("org.snn4j.core.kernel.internal.VectorSparseRows").getDeclaredConstructor()
                        .newInstance()
                : SparseRows.SCALAR;
        Rng rng = new Rng(10);
        float[] table = new float[4 * 128 + 3 * 64];
        for (int i = 0; i < table.length; i++) {
            table[i] = rng.uniform(-1, 1);
        }
        int[] off = {0, 0, 256, 384, 128, 0};
        float[] v = {9f, 0.5f, -0.25f, 2f, 1.5f, 9f};
        for (int t0 : new int[] {0, 64}) {
        for (int rows = 1; rows <= 3; rows++) {
            for (int n : new int[] {1, 7, 16, 60, 64, 75, 128}) {
                float[] dst = new float[600];
                for (int i = 0; i < dst.length; i++) {
                    dst[i] = rng.uniform(-1, 1);
                }
                float[] expected = dst.clone();
                float[] actual = dst.clone();
                // terms 1..4 of the lists (offsets 0, 256, 384, 128, plus t0, plus 64 per row), destination rows 150 apart
                SparseRows.SCALAR.addCombinations(table, off, v, 1, 4, rows, 64, expected, 30, 150, n, t0);
                vector.addCombinations(table, off, v, 1, 4, rows, 64, actual, 30, 150, n, t0);
                String where = "t0=" + t0 + " rows=" + rows + " n=" + n;
                assertArrayEquals(expected, actual, 0f, where);
                float acc = Math.fma(1.5f, table[128 + t0], Math.fma(2f, table[384 + t0], Math.fma(-0.25f, table[256 + t0],
                        Math.fma(0.5f, table[t0], 0f))));
                assertEquals(dst[30] + acc, actual[30], 0f, "first element by hand " + where);
                assertEquals(dst[30 + n], actual[30 + n], 0f, "past the end untouched");
            }
        }
        }
    }

    @Test
    void densityCountsNonzeros() {
        assertEquals(0.4, ConvKernels.density(new float[] {0, 1, 0, -2, 0}), 1e-12);
    }
}
