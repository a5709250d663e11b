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

    /** Direct loops over the PyTorch definitions: {max, argmax} or the window sum and element count. */
    private static float[][] reference(float[] x, int planes, int h, int w, int kh, int kw, int sh, int sw, int ph,
            int pw) {
        int oh = (h + 2 * ph - kh) / sh + 1;
        int ow = (w + 2 * pw - kw) / sw + 1;
        float[][] r = new float[4][planes * oh * ow]; // max, argmax, sum, valid count
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int o = (p * oh + i) * ow + j;
                    float m = Float.NEGATIVE_INFINITY;
                    int arg = -1;
                    float sum = 0;
                    int count = 0;
                    for (int a = 0; a < kh; a++) {
                        for (int b = 0; b < kw; b++) {
                            int y = i * sh - ph + a;
                            int z = j * sw - pw + b;
                            if (y < 0 || y >= h || z < 0 || z >= w) {
                                continue;
                            }
                            float v = x[p * h * w + y * w + z];
                            if (arg < 0 || v > m) {
                                m = v;
                                arg = y * w + z;
                            }
                            sum += v;
                            count++;
                        }
                    }
                    r[0][o] = m;
                    r[1][o] = arg;
                    r[2][o] = sum;
                    r[3][o] = count;
                }
            }
        }
        return r;
    }

    @Test
    void everyGeometryMatchesDirectLoopsOverTheDefinition() {
        // {kh, kw, sh, sw, ph, pw}: the 2x2/2 fast path and the general loops, with ties (values from 5 levels,
        // including -0.0 and 0.0) and byte spikes
        int[][] geometries = {{2, 2, 2, 2, 0, 0}, {2, 2, 2, 2, 1, 1}, {3, 3, 2, 2, 1, 1}, {3, 3, 1, 1, 1, 1},
            {2, 2, 1, 1, 0, 0}, {3, 3, 3, 3, 0, 0}, {1, 1, 1, 1, 0, 0}, {2, 3, 1, 2, 1, 1}};
        float[] levels = {-1f, -0f, 0f, 0.5f, 2f};
        Rng rng = new Rng(21);
        int planes = 6, h = 7, w = 6;
        float[] x = new float[planes * h * w];
        byte[] spikes = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = levels[rng.nextInt(levels.length)];
            spikes[i] = (byte) (rng.nextFloat() < 0.2f ? 1 : 0);
        }
        float[] sf = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            sf[i] = spikes[i];
        }
        for (int[] g : geometries) {
            String name = java.util.Arrays.toString(g);
            float[][] ref = reference(x, planes, h, w, g[0], g[1], g[2], g[3], g[4], g[5]);
            Tensor in = Tensor.of(x.clone(), 2, 3, h, w).requiresGrad(true);
            Tensor y = new MaxPool2d(g[0], g[1], g[2], g[3], g[4], g[5]).forward(in);
            assertArrayEquals(ref[0], y.data(), 0f, name);
            // the gradient marks the selected element of each window (one window at a time)
            int n = ref[0].length;
            int per = n / planes;
            float[] seed = new float[n];
            for (int o = 0; o < n; o++) {
                seed[o] = o + 1; // distinct, so every window's choice shows in the sums
            }
            y.backward(Tensor.of(seed, y.shape()));
            float[] expected = new float[x.length];
            for (int o = 0; o < n; o++) {
                expected[(o / per) * h * w + (int) ref[1][o]] += o + 1;
            }
            assertArrayEquals(expected, in.grad().data(), 0f, name);
            float[] avgInc = new float[n];
            float[] avgExc = new float[n];
            for (int o = 0; o < n; o++) {
                avgInc[o] = ref[2][o] / (g[0] * g[1]);
                avgExc[o] = ref[2][o] / ref[3][o];
            }
            Tensor xin = Tensor.of(x.clone(), 2, 3, h, w);
            assertArrayEquals(ref[2], new SumPool2d(g[0], g[1], g[2], g[3], g[4], g[5]).forward(xin).data(), 0f, name);
            assertArrayEquals(avgInc, new AvgPool2d(g[0], g[1], g[2], g[3], g[4], g[5], true).forward(xin).data(), 0f,
                    name);
            assertArrayEquals(avgExc, new AvgPool2d(g[0], g[1], g[2], g[3], g[4], g[5], false).forward(xin).data(),
                    0f, name);
            // byte spikes: the first spike of the window
            float[][] sref = reference(sf, planes, h, w, g[0], g[1], g[2], g[3], g[4], g[5]);
            Tensor sb = Tensor.ofSpikes(spikes.clone(), 2, 3, h, w).requiresGrad(true);
            Tensor ys = new MaxPool2d(g[0], g[1], g[2], g[3], g[4], g[5]).forward(sb);
            assertArrayEquals(sref[0], ys.data(), 0f, name);
            ys.backward(Tensor.of(seed.clone(), ys.shape()));
            float[] sexp = new float[x.length];
            for (int o = 0; o < n; o++) {
                sexp[(o / per) * h * w + (int) sref[1][o]] += o + 1;
            }
            assertArrayEquals(sexp, sb.grad().data(), 0f, name);
            assertArrayEquals(sref[2], new SumPool2d(g[0], g[1], g[2], g[3], g[4], g[5])
                    .forward(Tensor.ofSpikes(spikes, 2, 3, h, w)).data(), 0f, name);
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
