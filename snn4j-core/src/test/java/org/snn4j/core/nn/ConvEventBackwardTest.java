package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.snn4j.core.kernel.ConvGeometry;
import org.snn4j.core.kernel.ConvKernels;
import org.snn4j.core.kernel.LinearPath;
import org.snn4j.core.kernel.PooledGradient;
import org.snn4j.core.kernel.SpikeMatrix;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/**
 * The fused event-driven backward of the convolution ({@link ConvKernels#backwardEvent}): weight gradient and
 * sparse input gradient from one channel-last transpose of the output gradient per sample.
 */
class ConvEventBackwardTest {
    private final int savedThreads = Parallel.threads();
    private final double savedDensity = ConvKernels.maxSparseGradDensity();

    @AfterEach
    void restore() {
        Parallel.setThreads(savedThreads);
        ConvKernels.setMaxSparseGradDensity(savedDensity);
        ConvKernels.setPath(LinearPath.AUTO);
    }

    @Test
    void byHand() {
        // 1 -> 1 channel, 3x3 spikes x = [[1,0,0],[0,0,1],[0,1,0]], kernel W = [[1,2],[3,4]], output 2x2,
        // gy = [[0,2],[0,-1]] (one nonzero per output row, as after a pool)
        ConvGeometry g = new ConvGeometry(1, 1, 3, 3, 1, 2, 2, 1, 1, 0, 0, 1, 1, 1);
        SpikeMatrix x = SpikeMatrix.of(new byte[] {1, 0, 0, 0, 0, 1, 0, 1, 0}, 1, 9);
        float[] gy = {0, 2, 0, -1};
        float[] gx = new float[9];
        float[] gw = new float[4];
        ConvKernels.backwardEvent(g, x, new float[] {1, 2, 3, 4}, gy, gx, gw);
        // dW[ky,kx] = sum over outputs (oy,ox) of gy * x[oy+ky, ox+kx]:
        // (0,0): gy01*x01 + gy11*x11 = 0;  (0,1): gy01*x02 + gy11*x12 = 2*0 + (-1)*1 = -1
        // (1,0): gy01*x11 + gy11*x21 = 0 + (-1)*1 = -1;  (1,1): gy01*x12 + gy11*x22 = 2*1 + 0 = 2
        assertArrayEquals(new float[] {0, -1, -1, 2}, gw, 0f);
        // gx[oy+ky, ox+kx] += gy * W[ky,kx]: from (0,1) value 2 -> row 0 cols 1..2 += 2,4; row 1 cols 1..2 += 6,8;
        // from (1,1) value -1 -> row 1 cols 1..2 += -1,-2; row 2 cols 1..2 += -3,-4
        assertArrayEquals(new float[] {0, 2, 4, 0, 5, 6, 0, -3, -4}, gx, 0f);
    }

    private static float[] uniform(int n, Rng rng) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.uniform(-1, 1);
        }
        return v;
    }

    private static byte[] spikes(int n, double density, Rng rng) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (rng.nextDouble() < density ? 1 : 0);
        }
        return b;
    }

    /** An output gradient with one nonzero per 2x2 block of each plane, at a random place (as a max-pool routes it). */
    private static float[] pooledGradient(ConvGeometry g, Rng rng) {
        int ho = g.outH();
        int wo = g.outW();
        float[] gy = new float[g.n() * g.outSample()];
        for (int plane = 0; plane < g.n() * g.cout(); plane++) {
            for (int by = 0; by < ho; by += 2) {
                for (int bx = 0; bx < wo; bx += 2) {
                    int oy = Math.min(ho - 1, by + rng.nextInt(2));
                    int ox = Math.min(wo - 1, bx + rng.nextInt(2));
                    gy[plane * ho * wo + oy * wo + ox] = rng.uniform(-1, 1);
                }
            }
        }
        return gy;
    }

    @Test
    void equalsTheSeparateEventWeightGradientAndSparseInputGradientBitwise() {
        Rng rng = new Rng(17);
        ConvGeometry[] geometries = {
            // the CSNN's second layer, few samples
            new ConvGeometry(20, 12, 12, 12, 64, 5, 5, 1, 1, 0, 0, 1, 1, 1),
            // stride 2x1, padding 1x2, vertical dilation 2, non-square kernel, 70 output channels (two mask words)
            new ConvGeometry(9, 5, 9, 8, 70, 3, 2, 2, 1, 1, 2, 2, 1, 1),
            // 1x1 kernel, stride 2, odd sizes, several chunks and blocks (1024/12 = 86 samples per chunk)
            new ConvGeometry(400, 3, 7, 5, 5, 1, 1, 2, 2, 0, 0, 1, 1, 1),
        };
        for (ConvGeometry g : geometries) {
            float[] w = uniform(g.cout() * g.patch(), rng);
            for (double d : new double[] {0.0, 0.05, 0.3, 1.0}) {
                SpikeMatrix x = SpikeMatrix.of(spikes(g.n() * g.inSample(), d, rng), g.n(), g.inSample());
                float[] gy = pooledGradient(g, rng);
                float[] gwSep = new float[w.length];
                float[] gxSep = new float[g.n() * g.inSample()];
                ConvKernels.weightGradEvent(g, x, gy, gwSep);
                ConvKernels.inputGradSparse(g, w, gy, gxSep);
                float[] gw = new float[w.length];
                float[] gx = new float[gxSep.length];
                ConvKernels.backwardEvent(g, x, w, gy, gx, gw);
                String where = g + " density " + d;
                assertArrayEquals(gwSep, gw, 0f, where + " weight gradient");
                assertArrayEquals(gxSep, gx, 0f, where + " input gradient");
                float[] gwOnly = new float[w.length];
                ConvKernels.backwardEvent(g, x, w, gy, null, gwOnly);
                assertArrayEquals(gwSep, gwOnly, 0f, where + " weight gradient alone");
            }
        }
    }

    @Test
    void oneAndTwoThreadsAreBitwiseEqual() {
        Rng rng = new Rng(23);
        ConvGeometry g = new ConvGeometry(300, 4, 10, 10, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        float[] w = uniform(g.cout() * g.patch(), rng);
        SpikeMatrix x = SpikeMatrix.of(spikes(g.n() * g.inSample(), 0.1, rng), g.n(), g.inSample());
        float[] gy = pooledGradient(g, rng);
        float[][] gw = new float[2][w.length];
        float[][] gx = new float[2][g.n() * g.inSample()];
        for (int t = 1; t <= 2; t++) {
            Parallel.setThreads(t);
            ConvKernels.backwardEvent(g, x, w, gy, gx[t - 1], gw[t - 1]);
        }
        assertArrayEquals(gw[0], gw[1], 0f);
        assertArrayEquals(gx[0], gx[1], 0f);
    }

    @Test
    void rejectsGroupsAndHorizontalDilation() {
        ConvGeometry grouped = new ConvGeometry(1, 4, 5, 5, 4, 3, 3, 1, 1, 0, 0, 1, 1, 2);
        ConvGeometry dilated = new ConvGeometry(1, 2, 5, 5, 2, 3, 2, 1, 1, 0, 0, 1, 2, 1);
        SpikeMatrix x = SpikeMatrix.of(new byte[2 * 25], 1, 50);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConvKernels.backwardEvent(
                dilated, x, new float[2 * 2 * 6], new float[2 * dilated.outH() * dilated.outW()], null, new float[24]));
        assertTrue(e.getMessage().contains("dilation=1x2"), e.getMessage());
        assertTrue(!ConvKernels.backwardEventSupported(grouped));
    }

    /** A spiking conv + max-pool takes the fused path; its gradients match the dense path within rounding. */
    @Test
    void convOnSpikesFollowedByMaxPoolMatchesTheDensePath() {
        Rng rng = new Rng(29);
        Conv2d conv = new Conv2d(3, 8, 3, 1, 1, 1, 1, true, rng);
        MaxPool2d pool = new MaxPool2d(2);
        byte[] x = spikes(4 * 5 * 3 * 8 * 8, 0.1, rng);
        float[] seed = uniform(4 * 5 * 8 * 4 * 4, rng);
        float[][] gx = new float[2][];
        float[][] gw = new float[2][];
        for (int k = 0; k < 2; k++) {
            // k = 0: event forward, fused backward; k = 1: dense forward and backward
            ConvKernels.setPath(k == 0 ? LinearPath.EVENT : LinearPath.DENSE);
            ConvKernels.setMaxSparseGradDensity(k == 0 ? 0.5 : 0);
            conv.zeroGrad();
            Tensor in = Tensor.ofSpikes(x.clone(), 4, 5, 3, 8, 8).markBinary().requiresGrad(true);
            Tensor y = pool.forward(conv.forward(in));
            y.backward(Tensor.of(seed.clone(), 4, 5, 8, 4, 4));
            gx[k] = in.grad().data().clone();
            gw[k] = conv.weight().grad().data().clone();
        }
        // at most 8 channels * 9 taps = 72 terms per input gradient, 4*5*64 positions per weight element
        for (int i = 0; i < gx[0].length; i++) {
            assertTrue(Math.abs(gx[0][i] - gx[1][i]) <= 1e-5, "input gradient " + i + ": " + gx[0][i] + " vs " + gx[1][i]);
        }
        for (int i = 0; i < gw[0].length; i++) {
            assertTrue(Math.abs(gw[0][i] - gw[1][i]) <= 1e-4, "weight gradient " + i + ": " + gw[0][i] + " vs " + gw[1][i]);
        }
    }

    /**
     * A 2x2 max-pool's factored gradient over the output planes of {@code g} (odd sizes leave the last row or
     * column unselected): a random element of each window, values in [-1, 1] with about a third zeros and some -0.
     */
    private static PooledGradient pooled(ConvGeometry g, Rng rng) {
        int ho = g.outH();
        int wo = g.outW();
        int ph = ho / 2;
        int pw = wo / 2;
        int planes = g.n() * g.cout();
        float[] gy = new float[planes * ph * pw];
        int[] arg = new int[gy.length];
        for (int i = 0; i < gy.length; i++) {
            int q = i % (ph * pw);
            int oy = 2 * (q / pw) + rng.nextInt(2);
            int ox = 2 * (q % pw) + rng.nextInt(2);
            arg[i] = oy * wo + ox;
            double u = rng.nextDouble();
            gy[i] = u < 0.3 ? 0f : u < 0.35 ? -0f : rng.uniform(-1, 1);
        }
        return new PooledGradient(gy, arg, planes, ho * wo, ph * pw);
    }

    @Test
    void pooledGradientByHand() {
        // one plane of 3x4 pooled 2x2 -> 1x2 outputs: gy = {3, -0}, selected (1,1) and (0,3)
        PooledGradient pg = new PooledGradient(new float[] {3f, -0f}, new int[] {5, 3}, 1, 12, 2);
        // gx = zeros, then += 3 at 5 and += -0 at 3 (0 + -0 = +0)
        float[] gx = pg.materialize();
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0}, gx, 0f);
        assertTrue(Float.floatToRawIntBits(gx[3]) == 0, "0 + -0 is +0");
        assertTrue(pg.nonzero() == 1);
        // out/in = 2/12 <= 0.2 without counting; 1/12 <= 0.1 counted; 1/12 > 0.05
        assertTrue(pg.densityAtMost(0.2) && pg.densityAtMost(0.1) && !pg.densityAtMost(0.05));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PooledGradient(new float[3], new int[3], 1, 12, 2));
        assertTrue(e.getMessage().contains("gy 3"), e.getMessage());
    }

    @Test
    void pooledFormEqualsTheMaterialisedGradientBitwise() {
        Rng rng = new Rng(31);
        ConvGeometry[] geometries = {
            new ConvGeometry(20, 12, 12, 12, 64, 5, 5, 1, 1, 0, 0, 1, 1, 1),
            // 7x7 output (odd: last row and column never selected), 70 channels
            new ConvGeometry(9, 5, 9, 8, 70, 3, 2, 1, 1, 0, 0, 1, 1, 1),
            // stride 2, padding 1, several chunks and blocks
            new ConvGeometry(300, 3, 9, 9, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1),
        };
        for (ConvGeometry g : geometries) {
            float[] w = uniform(g.cout() * g.patch(), rng);
            for (double d : new double[] {0.0, 0.1, 1.0}) {
                SpikeMatrix x = SpikeMatrix.of(spikes(g.n() * g.inSample(), d, rng), g.n(), g.inSample());
                PooledGradient pg = pooled(g, rng);
                float[] gy = pg.materialize();
                float[] gwRef = new float[w.length];
                float[] gxRef = new float[g.n() * g.inSample()];
                ConvKernels.backwardEvent(g, x, w, gy, gxRef, gwRef);
                float[] gbRef = new float[g.cout()];
                ConvKernels.biasGrad(g, gy, gbRef);
                float[] gw = new float[w.length];
                float[] gx = new float[gxRef.length];
                ConvKernels.backwardEvent(g, x, w, pg, gx, gw);
                float[] gb = new float[g.cout()];
                ConvKernels.biasGrad(g, pg, gb);
                String where = g + " density " + d;
                assertArrayEquals(gwRef, gw, 0f, where + " weight gradient");
                assertArrayEquals(gxRef, gx, 0f, where + " input gradient");
                assertArrayEquals(gbRef, gb, 0f, where + " bias gradient");
                float[] gwOnly = new float[w.length];
                ConvKernels.backwardEvent(g, x, w, pg, null, gwOnly);
                assertArrayEquals(gwRef, gwOnly, 0f, where + " weight gradient alone");
            }
        }
        ConvGeometry g = geometries[0];
        PooledGradient wrong = pooled(new ConvGeometry(3, 12, 12, 12, 64, 5, 5, 1, 1, 0, 0, 1, 1, 1), rng);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvKernels.biasGrad(g, wrong, new float[64]));
        assertTrue(e.getMessage().contains("192 planes"), e.getMessage());
    }

    @Test
    void pooledFormOneAndTwoThreadsAreBitwiseEqual() {
        Rng rng = new Rng(37);
        ConvGeometry g = new ConvGeometry(300, 4, 10, 10, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        float[] w = uniform(g.cout() * g.patch(), rng);
        SpikeMatrix x = SpikeMatrix.of(spikes(g.n() * g.inSample(), 0.1, rng), g.n(), g.inSample());
        PooledGradient pg = pooled(g, rng);
        float[][] gw = new float[2][w.length];
        float[][] gx = new float[2][g.n() * g.inSample()];
        float[][] gb = new float[2][g.cout()];
        for (int t = 1; t <= 2; t++) {
            Parallel.setThreads(t);
            ConvKernels.backwardEvent(g, x, w, pg, gx[t - 1], gw[t - 1]);
            ConvKernels.biasGrad(g, pg, gb[t - 1]);
        }
        assertArrayEquals(gw[0], gw[1], 0f);
        assertArrayEquals(gx[0], gx[1], 0f);
        assertArrayEquals(gb[0], gb[1], 0f);
    }

    /** The max-pool hands its gradient on in factored form; the layers' gradients equal those from the array. */
    @Test
    void maxPoolHandsOnTheFactoredGradient() {
        Rng rng = new Rng(41);
        Conv2d conv = new Conv2d(3, 8, 3, 1, 1, 1, 1, true, rng);
        MaxPool2d pool = new MaxPool2d(2);
        byte[] x = spikes(4 * 5 * 3 * 9 * 9, 0.1, rng);
        float[] seed = uniform(4 * 5 * 8 * 4 * 4, rng);
        ConvKernels.setPath(LinearPath.EVENT);
        Tensor in = Tensor.ofSpikes(x, 4, 5, 3, 9, 9).markBinary().requiresGrad(true);
        Tensor y = conv.forward(in);
        Tensor z = pool.forward(y);
        // the pool's input gradient alone, then the whole chain
        Tensor yLeaf = Tensor.of(y.data().clone(), y.shape()).requiresGrad(true);
        pool.forward(yLeaf).backward(Tensor.of(seed.clone(), 4, 5, 8, 4, 4));
        z.backward(Tensor.of(seed.clone(), 4, 5, 8, 4, 4));
        // reference: the fused backward from the materialised gradient of the pool
        float[] gy = yLeaf.grad().data();
        ConvGeometry g = new ConvGeometry(20, 3, 9, 9, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        float[] gx = new float[x.length];
        float[] gw = new float[conv.weight().storedNumel()];
        float[] gb = new float[8];
        ConvKernels.backwardEvent(g, SpikeMatrix.of(x, 20, 3 * 81), conv.weight().data(), gy, gx, gw);
        ConvKernels.biasGrad(g, gy, gb);
        assertArrayEquals(gx, in.grad().data(), 0f);
        assertArrayEquals(gw, conv.weight().grad().data(), 0f);
        assertArrayEquals(gb, conv.bias().grad().data(), 0f);
    }
}
