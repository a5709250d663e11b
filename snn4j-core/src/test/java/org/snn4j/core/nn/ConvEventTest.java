package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.snn4j.core.kernel.ConvKernels;
import org.snn4j.core.kernel.Gemm;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.kernel.LinearPath;
import org.snn4j.core.kernel.ScalarGemm;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/**
 * The event-driven convolution against the dense one on random spike inputs, and both against
 * themselves on 1 and 2 threads.
 */
class ConvEventTest {
    private final Gemm savedGemm = Kernels.gemm();
    private final int savedThreads = Parallel.threads();
    private final double savedWindows = ConvKernels.minBitWindowDensity();

    @AfterEach
    void restore() {
        ConvKernels.setPath(LinearPath.AUTO);
        ConvKernels.setMinBitWindowDensity(savedWindows);
        Kernels.setGemm(savedGemm);
        Parallel.setThreads(savedThreads);
    }

    private record Run(float[] y, float[] gw, float[] gb, float[] gx) {
    }

    private static Tensor spikes(float[] x, int[] shape, boolean bytes, boolean timeStatic) {
        int[] stored = timeStatic ? java.util.Arrays.copyOfRange(shape, 1, shape.length) : shape;
        Tensor t;
        if (bytes) {
            byte[] b = new byte[x.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (x[i] != 0f ? 1 : 0);
            }
            t = Tensor.ofSpikes(b, stored);
        } else {
            t = Tensor.of(x.clone(), stored);
        }
        return (timeStatic ? Tensor.repeatTime(t, shape[0]) : t).markBinary();
    }

    private static Run run(LinearPath path, Module conv, Tensor weight, Tensor bias, Tensor in, float[] seed) {
        ConvKernels.setPath(path);
        conv.zeroGrad();
        in.zeroGrad();
        in.requiresGrad(true);
        Tensor y = conv.forward(in);
        y.backward(Tensor.of(seed.clone(), y.isTimeStatic()
                ? java.util.Arrays.copyOfRange(y.shape(), 1, y.rank()) : y.shape()));
        Tensor root = in.isTimeStatic() ? null : in;
        return new Run(y.data().clone(), weight.grad().data().clone(),
                bias == null ? new float[0] : bias.grad().data().clone(),
                root == null ? new float[0] : root.grad().data().clone());
    }

    private static float[] binary(int n, double density, Rng rng) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble() < density ? 1f : 0f;
        }
        return x;
    }

    private static float[] uniform(int n, Rng rng) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.uniform(-1, 1);
        }
        return x;
    }

    private static float[] abs(float[] v) {
        float[] a = v.clone();
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.abs(a[i]);
        }
        return a;
    }

    /**
     * |dense - event| <= terms * 2^-23 * (sum of |terms|) element-wise: the two paths add the same
     * products (exact, since x is 0 or 1) in different orders, and a float sum of m terms in any order
     * is within (m - 1) * 2^-24 * sum|terms| of the exact one (so two orders within twice that).
     * {@code magnitude} is the sum of |terms|, computed by the same layer with |W|, |b| and |g|.
     */
    private static void assertWithinRounding(float[] dense, float[] event, float[] magnitude, int terms, String what) {
        double u = Math.scalb(1.0, -23) * terms;
        for (int i = 0; i < dense.length; i++) {
            double tol = u * magnitude[i] + 1e-30;
            assertTrue(Math.abs(dense[i] - event[i]) <= tol, what + " element " + i + ": dense " + dense[i]
                    + " event " + event[i] + " differ by more than " + tol);
        }
    }

    @Test
    void eventPathByHand() {
        Conv2d c = new Conv2d(1, 1, 2, new Rng(1));
        System.arraycopy(new float[] {1, 2, 3, 4}, 0, c.weight().data(), 0, 4);
        c.bias().data()[0] = 0.5f;
        // x = [[1,1,0],[0,1,0],[1,0,1]], W = [[1,2],[3,4]]: each output adds the weights under its active inputs
        // (0,0): x00, x01, x11 -> 1+2+4 = 7; (0,1): x01, x11 -> 1+3 = 4; (1,0): x11, x20 -> 2+3 = 5; (1,1): x11, x22 -> 1+4 = 5
        byte[] x = {1, 1, 0, 0, 1, 0, 1, 0, 1};
        Run r = run(LinearPath.EVENT, c, c.weight(), c.bias(), Tensor.ofSpikes(x, 1, 1, 1, 3, 3).markBinary(),
                new float[] {1, 1, 1, 1});
        assertArrayEquals(new float[] {7.5f, 4.5f, 5.5f, 5.5f}, r.y(), 0f);
        // dW[ky,kx] = number of active inputs under tap (ky,kx) over the 4 windows: x00+x01+x10+x11 = 3,
        // x01+x02+x11+x12 = 2, x10+x11+x20+x21 = 2, x11+x12+x21+x22 = 2
        assertArrayEquals(new float[] {3, 2, 2, 2}, r.gw(), 0f);
        assertArrayEquals(new float[] {4}, r.gb(), 0f);
    }

    @Test
    void eventPathMatchesDenseAtSeveralDensities() {
        Rng rng = new Rng(2025);
        // stride, padding, dilation, groups and a non-square kernel together
        Conv2d conv = new Conv2d(4, 6, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 2}, 2,
                true, rng);
        int[] shape = {3, 5, 4, 9, 8};
        int[] out = conv.outputSize(9, 8);
        // H: (9 + 2 - 2 - 1)/2 + 1 = 5; W: (8 + 2 - 2 - 1)/1 + 1 = 8
        assertArrayEquals(new int[] {5, 8}, out);
        int k = 2 * 3 * 2;
        int positions = 3 * 5 * 5 * 8;
        for (double d : new double[] {0.0, 0.05, 0.2, 0.6, 1.0}) {
            float[] x = binary(3 * 5 * 4 * 9 * 8, d, rng);
            float[] seed = uniform(3 * 5 * 6 * 5 * 8, rng);
            for (boolean bytes : new boolean[] {false, true}) {
                String where = "density " + d + (bytes ? " bytes" : " floats");
                Run dense = run(LinearPath.DENSE, conv, conv.weight(), conv.bias(), spikes(x, shape, bytes, false), seed);
                Run event = run(LinearPath.EVENT, conv, conv.weight(), conv.bias(), spikes(x, shape, bytes, false), seed);
                // magnitudes: the same sums with |W|, |b| (forward) and |g| (weight gradient)
                float[] w = conv.weight().data().clone();
                float[] b = conv.bias().data().clone();
                System.arraycopy(abs(w), 0, conv.weight().data(), 0, w.length);
                System.arraycopy(abs(b), 0, conv.bias().data(), 0, b.length);
                Run mag = run(LinearPath.DENSE, conv, conv.weight(), conv.bias(), spikes(x, shape, bytes, false), abs(seed));
                System.arraycopy(w, 0, conv.weight().data(), 0, w.length);
                System.arraycopy(b, 0, conv.bias().data(), 0, b.length);
                assertWithinRounding(dense.y(), event.y(), mag.y(), k + 1, where + " forward");
                assertWithinRounding(dense.gw(), event.gw(), mag.gw(), positions, where + " weight gradient");
                assertArrayEquals(dense.gb(), event.gb(), 0f, where + " bias gradient");
                assertArrayEquals(dense.gx(), event.gx(), 0f, where + " input gradient (dense in both)");
            }
        }
    }

    /**
     * With the plain scalar GEMM (one running sum per element, in patch order) the event path adds
     * the same floats in the same order, so forward and weight gradient are bitwise equal; the shape
     * is chosen to have several im2col chunks per reduction block and several blocks.
     */
    @Test
    void eventPathEqualsScalarDenseExactly() {
        Kernels.setGemm(new ScalarGemm());
        Rng rng = new Rng(31);
        Conv2d conv = new Conv2d(4, 6, new int[] {3, 3}, new int[] {1, 2}, new int[] {2, 1}, new int[] {2, 1}, 2,
                true, rng);
        // 10 x 7 = 70 output positions -> 15 samples per chunk; 2*160 = 320 samples -> 22 chunks, 11 blocks of 2
        int[] shape = {2, 160, 4, 10, 13};
        for (double d : new double[] {0.1, 0.5}) {
            float[] x = binary(2 * 160 * 4 * 10 * 13, d, rng);
            float[] seed = uniform(2 * 160 * 6 * 10 * 7, rng);
            Run dense = run(LinearPath.DENSE, conv, conv.weight(), conv.bias(), spikes(x, shape, true, false), seed);
            Run event = run(LinearPath.EVENT, conv, conv.weight(), conv.bias(), spikes(x, shape, true, false), seed);
            assertArrayEquals(dense.y(), event.y(), 0f, "density " + d + " forward");
            assertArrayEquals(dense.gw(), event.gw(), 0f, "density " + d + " weight gradient");
            assertArrayEquals(dense.gx(), event.gx(), 0f, "density " + d + " input gradient");
        }
        // no bias, 1-d
        Conv1d c1 = new Conv1d(3, 5, 4, 2, 3, 1, 1, false, rng);
        float[] x = binary(4 * 6 * 3 * 30, 0.2, rng);
        float[] seed = uniform(4 * 6 * 5 * c1.outputLength(30), rng);
        Run dense = run(LinearPath.DENSE, c1, c1.weight(), null, spikes(x, new int[] {4, 6, 3, 30}, false, false), seed);
        Run event = run(LinearPath.EVENT, c1, c1.weight(), null, spikes(x, new int[] {4, 6, 3, 30}, false, false), seed);
        assertArrayEquals(dense.y(), event.y(), 0f, "conv1d forward");
        assertArrayEquals(dense.gw(), event.gw(), 0f, "conv1d weight gradient");
    }

    /**
     * One group: the event paths read the receptive fields as bit windows of the padded input rows
     * (rows of at most 64 columns) and fall back to active lists otherwise (wider rows; the weight
     * gradient also for a horizontal stride). Each case must give the scalar dense GEMM's floats.
     * Cases: stride 1 with padding and vertical dilation; padded rows of exactly 64 columns and 64
     * output columns (one output row per mask word); a horizontal stride; rows of 70 columns. Each
     * with bit windows forced on and off ({@link ConvKernels#setMinBitWindowDensity}).
     */
    @Test
    void bitWindowsAndListsEqualScalarDenseExactly() {
        Kernels.setGemm(new ScalarGemm());
        Rng rng = new Rng(77);
        record Case(int cin, int cout, int[] k, int[] stride, int[] pad, int[] dil, int h, int w) {
        }
        Case[] cases = {
            new Case(3, 20, new int[] {5, 3}, new int[] {1, 1}, new int[] {2, 1}, new int[] {2, 1}, 11, 12),
            new Case(2, 17, new int[] {3, 1}, new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 1}, 5, 62),
            new Case(2, 33, new int[] {2, 5}, new int[] {1, 3}, new int[] {0, 2}, new int[] {1, 1}, 6, 20),
            new Case(2, 16, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 4, 70),
        };
        for (Case c : cases) {
            Conv2d conv = new Conv2d(c.cin(), c.cout(), c.k(), c.stride(), c.pad(), c.dil(), 1, true, rng);
            int[] out = conv.outputSize(c.h(), c.w());
            int[] shape = {2, 3, c.cin(), c.h(), c.w()};
            for (double d : new double[] {0.15, 0.6}) {
                String where = c + " density " + d;
                float[] x = binary(2 * 3 * c.cin() * c.h() * c.w(), d, rng);
                float[] seed = uniform(2 * 3 * c.cout() * out[0] * out[1], rng);
                Run dense = run(LinearPath.DENSE, conv, conv.weight(), conv.bias(), spikes(x, shape, false, false), seed);
                for (double windows : new double[] {0, 2}) {
                    ConvKernels.setMinBitWindowDensity(windows);
                    for (boolean bytes : new boolean[] {false, true}) {
                        String w2 = where + (windows == 0 ? " windows" : " lists") + (bytes ? " bytes" : " floats");
                        Run event = run(LinearPath.EVENT, conv, conv.weight(), conv.bias(), spikes(x, shape, bytes, false), seed);
                        assertArrayEquals(dense.y(), event.y(), 0f, w2 + " forward");
                        assertArrayEquals(dense.gw(), event.gw(), 0f, w2 + " weight gradient");
                        assertArrayEquals(dense.gx(), event.gx(), 0f, w2 + " input gradient");
                    }
                }
            }
        }
    }

    @Test
    void timeStaticSpikesTakeBothPaths() {
        Kernels.setGemm(new ScalarGemm());
        Rng rng = new Rng(8);
        Conv2d conv = new Conv2d(3, 4, 3, 1, 1, 1, 1, true, rng);
        float[] x = binary(6 * 3 * 7 * 7, 0.3, rng);
        float[] seed = uniform(6 * 4 * 7 * 7, rng);
        int[] shape = {5, 6, 3, 7, 7};
        Run dense = run(LinearPath.DENSE, conv, conv.weight(), conv.bias(), spikes(x, shape, true, true), seed);
        Run event = run(LinearPath.EVENT, conv, conv.weight(), conv.bias(), spikes(x, shape, true, true), seed);
        assertArrayEquals(dense.y(), event.y(), 0f);
        assertArrayEquals(dense.gw(), event.gw(), 0f);
        assertArrayEquals(dense.gb(), event.gb(), 0f);
    }

    @Test
    void autoPicksByDensity() {
        Rng rng = new Rng(5);
        Conv2d conv = new Conv2d(2, 3, 3, rng);
        int[] shape = {2, 3, 2, 6, 6};
        for (double d : new double[] {0.05, 0.9}) {
            float[] x = binary(2 * 3 * 2 * 36, d, rng);
            float[] seed = uniform(2 * 3 * 3 * 16, rng);
            double ones = 0;
            for (float v : x) {
                ones += v;
            }
            boolean event = ones / x.length <= ConvKernels.maxEventDensity(true);
            Run expected = run(event ? LinearPath.EVENT : LinearPath.DENSE, conv, conv.weight(), conv.bias(),
                    spikes(x, shape, true, false), seed);
            Run auto = run(LinearPath.AUTO, conv, conv.weight(), conv.bias(), spikes(x, shape, true, false), seed);
            assertArrayEquals(expected.y(), auto.y(), 0f, "density " + d);
            assertArrayEquals(expected.gw(), auto.gw(), 0f, "density " + d);
        }
    }

    /** Every path gives bitwise the same forward and gradients on 1 and 2 threads (several chunks and blocks). */
    @Test
    void oneAndTwoThreadsAreBitwiseEqual() {
        Rng rng = new Rng(44);
        Conv2d conv = new Conv2d(4, 8, 3, 1, 1, 1, 2, true, rng);
        int[] shape = {4, 40, 4, 10, 10};
        float[] spikesX = binary(4 * 40 * 4 * 100, 0.15, rng);
        float[] realX = uniform(4 * 40 * 4 * 100, rng);
        float[] seed = uniform(4 * 40 * 8 * 100, rng);
        for (LinearPath path : new LinearPath[] {LinearPath.DENSE, LinearPath.EVENT}) {
            for (int input = 0; input < 2; input++) {
                Run[] runs = new Run[2];
                for (int t = 1; t <= 2; t++) {
                    Parallel.setThreads(t);
                    Tensor in = input == 0 ? spikes(spikesX, shape, true, false) : Tensor.of(realX.clone(), shape);
                    runs[t - 1] = run(path, conv, conv.weight(), conv.bias(), in, seed);
                }
                String where = path + (input == 0 ? " spikes" : " real input");
                assertArrayEquals(runs[0].y(), runs[1].y(), 0f, where + " forward");
                assertArrayEquals(runs[0].gw(), runs[1].gw(), 0f, where + " weight gradient");
                assertArrayEquals(runs[0].gb(), runs[1].gb(), 0f, where + " bias gradient");
                assertArrayEquals(runs[0].gx(), runs[1].gx(), 0f, where + " input gradient");
            }
        }
    }
}
