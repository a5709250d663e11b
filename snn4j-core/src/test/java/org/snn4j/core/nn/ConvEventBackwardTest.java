package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.snn4j.core.kernel.ConvGeometry;
import org.snn4j.core.kernel.ConvKernels;
import org.snn4j.core.kernel.LinearPath;
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
}
