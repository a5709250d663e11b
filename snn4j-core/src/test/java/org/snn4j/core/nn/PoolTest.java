package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/** Hand-computed windows, finite-difference gradients and layouts of the 2-d pools. */
class PoolTest {
    /** 1..n as a [1, 1, 1, h, w] sequence. */
    private static Tensor ramp(int h, int w) {
        float[] d = new float[h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = i + 1;
        }
        return Tensor.of(d, 1, 1, 1, h, w);
    }

    private static Tensor random(long seed, int... shape) {
        Rng rng = new Rng(seed);
        float[] d = new float[(int) Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.uniform(-1, 1);
        }
        return Tensor.of(d, shape).requiresGrad(true);
    }

    /** Distinct values 0.1 apart in random order, so a finite-difference step never changes a maximum. */
    private static Tensor distinct(long seed, int... shape) {
        int n = (int) Tensor.numel(shape);
        int[] perm = new Rng(seed).permutation(n);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = 0.1f * perm[i] - 0.05f * n;
        }
        return Tensor.of(d, shape).requiresGrad(true);
    }

    private static void gradCheck(Function<Tensor, Tensor> f, Tensor x) {
        GradCheck.Result r = GradCheck.check(a -> f.apply(a[0]), new Tensor[] {x}, 1e-2, 1e-3, 1e-2);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void avgPoolTwoByTwoByHand() {
        // 4x4 ramp 1..16; window (0,0) = {1,2,5,6} -> 3.5, (0,1) = {3,4,7,8} -> 5.5, (1,0) = {9,10,13,14} -> 11.5, ...
        Tensor y = new AvgPool2d(2).forward(ramp(4, 4));
        assertArrayEquals(new int[] {1, 1, 1, 2, 2}, y.shape());
        assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, y.data(), 0f);
        Tensor s = new SumPool2d(2).forward(ramp(4, 4));
        assertArrayEquals(new float[] {14, 22, 46, 54}, s.data(), 0f);
    }

    @Test
    void avgPoolPaddingDivisorsByHand() {
        // 3x3 ramp, kernel 3, stride 2, padding 1: Hout = (3 + 2 - 3)/2 + 1 = 2. Window (0,0) covers rows/cols
        // -1..1 -> {1,2,4,5} = 12; (0,1) {2,3,5,6} = 16; (1,0) {4,5,7,8} = 24; (1,1) {5,6,8,9} = 28.
        Tensor x = ramp(3, 3);
        Tensor inc = new AvgPool2d(3, 2, 1).forward(x);
        assertArrayEquals(new float[] {12f / 9, 16f / 9, 24f / 9, 28f / 9}, inc.data(), 1e-6f);
        Tensor exc = new AvgPool2d(3, 3, 2, 2, 1, 1, false).forward(x);
        assertArrayEquals(new float[] {3, 4, 6, 7}, exc.data(), 1e-6f);
        Tensor sum = new SumPool2d(3, 2, 1).forward(x);
        assertArrayEquals(new float[] {12, 16, 24, 28}, sum.data(), 0f);
        // backward of the excluding average: element 5 (centre) is in all four windows, each of 4 elements
        x.requiresGrad(true);
        new AvgPool2d(3, 3, 2, 2, 1, 1, false).forward(x).backward(Tensor.full(1f, 1, 1, 1, 2, 2));
        assertArrayEquals(new float[] {0.25f, 0.5f, 0.25f, 0.5f, 1f, 0.5f, 0.25f, 0.5f, 0.25f}, x.grad().data(), 0f);
    }

    @Test
    void maxPoolTiesGoToTheFirstIndexAndPaddingIsNeverSelected() {
        // window [[2, 5], [5, 1]]: the maximum 5 appears at (0,1) and (1,0); the gradient goes to (0,1)
        Tensor x = Tensor.of(new float[] {2, 5, 5, 1}, 1, 1, 1, 2, 2).requiresGrad(true);
        Tensor y = new MaxPool2d(2).forward(x);
        assertArrayEquals(new float[] {5}, y.data(), 0f);
        y.backward(Tensor.full(3f, 1, 1, 1, 1, 1));
        assertArrayEquals(new float[] {0, 3, 0, 0}, x.grad().data(), 0f);
        // negative input with padding 1, kernel 2, stride 2: each window holds one input element and padding
        Tensor neg = Tensor.of(new float[] {-1, -2, -3, -4}, 1, 2, 2);
        assertArrayEquals(new float[] {-1, -2, -3, -4}, new MaxPool2d(2, 2, 1).forward(neg).data(), 0f);
        // all -inf: the first element of the window is selected, as PyTorch
        float ni = Float.NEGATIVE_INFINITY;
        Tensor inf = Tensor.of(new float[] {ni, ni, ni, ni}, 1, 2, 2).requiresGrad(true);
        new MaxPool2d(2).forward(inf).backward(Tensor.full(1f, 1, 1, 1));
        assertArrayEquals(new float[] {1, 0, 0, 0}, inf.grad().data(), 0f);
        // NaN propagates
        assertTrue(Float.isNaN(new MaxPool2d(2).forward(Tensor.of(new float[] {1, Float.NaN, 3, 2}, 1, 2, 2))
                .data()[0]));
    }

    @Test
    void overlappingMaxWindowsAddTheirGradients() {
        // 3x3, kernel 2, stride 1: the centre 9 is the maximum of all four windows
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 9, 5, 6, 7, 8}, 1, 3, 3).requiresGrad(true);
        Tensor y = new MaxPool2d(2, 1, 0).forward(x);
        assertArrayEquals(new float[] {9, 9, 9, 9}, y.data(), 0f);
        y.backward(Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2));
        assertArrayEquals(new float[] {0, 0, 0, 0, 10, 0, 0, 0, 0}, x.grad().data(), 0f);
    }

    @Test
    void adaptiveAvgPoolUsesPyTorchWindows() {
        // W = 5 to 3: start = floor(i*5/3) = 0, 1, 3; end = ceil((i+1)*5/3) = 2, 4, 5
        // windows [0,2) [1,4) [3,5) of 1..5: 1.5, 3, 4.5
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5}, 1, 1, 1, 1, 5).requiresGrad(true);
        Tensor y = new AdaptiveAvgPool2d(1, 3).forward(x);
        assertArrayEquals(new float[] {1.5f, 3f, 4.5f}, y.data(), 0f);
        y.backward(Tensor.of(new float[] {6, 3, 6}, 1, 1, 1, 1, 3));
        // element 1: 6/2 + 3/3 = 4; element 3: 3/3 + 6/2 = 4; others one window
        assertArrayEquals(new float[] {3, 4, 1, 4, 3}, x.grad().data(), 0f);
        // global average of a 4x4 ramp: 8.5
        assertArrayEquals(new float[] {8.5f}, new AdaptiveAvgPool2d(1).forward(ramp(4, 4)).data(), 0f);
        // 4x4 to 2x2 is the 2x2 average pool
        assertArrayEquals(new AvgPool2d(2).forward(ramp(4, 4)).data(),
                new AdaptiveAvgPool2d(2).forward(ramp(4, 4)).data(), 0f);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        gradCheck(new AvgPool2d(2)::forward, random(1, 2, 3, 2, 4, 6));
        gradCheck(new AvgPool2d(3, 2, 1)::forward, random(2, 2, 1, 2, 5, 5));
        gradCheck(new AvgPool2d(3, 2, 2, 1, 1, 0, false)::forward, random(3, 1, 2, 2, 5, 4));
        gradCheck(new SumPool2d(2, 1, 0)::forward, random(4, 2, 2, 1, 4, 4));
        gradCheck(new MaxPool2d(2)::forward, distinct(5, 2, 2, 2, 4, 4));
        gradCheck(new MaxPool2d(3, 2, 1)::forward, distinct(6, 2, 1, 2, 5, 5));
        gradCheck(new AdaptiveAvgPool2d(2, 3)::forward, random(7, 2, 2, 1, 5, 7));
    }

    @Test
    void timeStaticInputGivesTimeStaticOutputWithSummedGradient() {
        Module[] pools = {new AvgPool2d(2), new SumPool2d(2), new MaxPool2d(2), new AdaptiveAvgPool2d(3)};
        for (Module pool : pools) {
            Tensor step = distinct(8, 2, 3, 4, 4);
            Tensor st = Tensor.repeatTime(step, 3);
            Tensor ys = pool.forward(st);
            assertTrue(ys.isTimeStatic(), pool.toString());
            Tensor leaf = distinct(8, 2, 3, 4, 4);
            Tensor full = Tensor.repeatTime(leaf, 3).materialize();
            Tensor yf = pool.forward(full);
            assertArrayEquals(yf.data(), ys.toArray(), 0f, pool.toString());
            // the gradient of the static input is the sum over the 3 steps of the per-step gradients
            int[] os = ys.shape();
            Tensor g = random(9, os);
            float[] gSum = g.sumOverTime().data();
            ys.backward(Tensor.of(gSum, java.util.Arrays.copyOfRange(os, 1, os.length)));
            yf.backward(Tensor.of(g.data().clone(), os));
            assertNotNull(leaf.grad());
            assertArrayEquals(leaf.grad().data(), step.grad().data(), 1e-5f, pool.toString());
        }
    }

    @Test
    void byteSpikesGiveTheSameResultsAsFloatSpikes() {
        Rng rng = new Rng(10);
        int[] shape = {3, 2, 2, 6, 6};
        byte[] b = new byte[(int) Tensor.numel(shape)];
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (rng.nextFloat() < 0.3f ? 1 : 0);
            f[i] = b[i];
        }
        Tensor bytes = Tensor.ofSpikes(b, shape);
        Tensor floats = Tensor.of(f, shape).markBinary();
        Tensor mb = new MaxPool2d(2).forward(bytes);
        Tensor mf = new MaxPool2d(2).forward(floats);
        assertNotNull(mb.spikeBytes());
        assertTrue(mb.isBinary() && mf.isBinary());
        assertArrayEquals(mf.data(), mb.data(), 0f);
        assertArrayEquals(new AvgPool2d(3, 2, 1).forward(floats).data(), new AvgPool2d(3, 2, 1).forward(bytes).data(),
                0f);
        assertArrayEquals(new SumPool2d(2).forward(floats).data(), new SumPool2d(2).forward(bytes).data(), 0f);
        // the max pool of spikes is the OR of the window
        for (int p = 0; p < 12; p++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    int any = 0;
                    for (int r = 0; r < 2; r++) {
                        for (int c = 0; c < 2; c++) {
                            any |= b[p * 36 + (2 * i + r) * 6 + 2 * j + c];
                        }
                    }
                    assertEquals(any, mb.data()[p * 9 + i * 3 + j], 0f);
                }
            }
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        int before = Parallel.threads();
        try {
            float[][] out = new float[2][];
            float[][] grad = new float[2][];
            for (int k = 0; k < 2; k++) {
                Parallel.setThreads(k + 1);
                Tensor x = random(11, 4, 8, 4, 16, 16);
                Tensor y = new MaxPool2d(3, 2, 1).forward(new AvgPool2d(3, 1, 1).forward(x));
                y.backward(random(12, y.shape()).detach());
                out[k] = y.data();
                grad[k] = x.grad().data();
            }
            assertArrayEquals(out[0], out[1], 0f);
            assertArrayEquals(grad[0], grad[1], 0f);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void badGeometryAndShapesAreNamed() {
        IllegalArgumentException pad = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, 2, 2));
        assertTrue(pad.getMessage().contains("padding 2x2"), pad.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> new AvgPool2d(5).forward(Tensor.zeros(1, 1, 1, 3, 3)));
        assertTrue(small.getMessage().contains("5x5") && small.getMessage().contains("[1, 1, 1, 3, 3]"),
                small.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> new SumPool2d(2).forward(Tensor.zeros(4, 4)));
        assertTrue(rank.getMessage().contains("[4, 4]"), rank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(0));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveAvgPool2d(0, 2));
    }
}
