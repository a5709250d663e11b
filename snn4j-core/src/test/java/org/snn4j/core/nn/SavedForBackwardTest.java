package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.kernel.BlockGradient;
import org.snn4j.core.neuron.LIF;
import org.snn4j.core.ops.Ops;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.tensor.PackedBits;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * What layers keep for backward: spike inputs packed to bits, max-pool on spikes without a stored argmax and with
 * a deferred input gradient, dropout on spike bytes; every gradient equals the one of the float path it replaces.
 */
class SavedForBackwardTest {
    private static Tensor random(long seed, float lo, float hi, int... shape) {
        Rng rng = new Rng(seed);
        float[] d = new float[(int) Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.uniform(lo, hi);
        }
        return Tensor.of(d, shape);
    }

    private static byte[] spikes(long seed, int n, float density) {
        Rng rng = new Rng(seed);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (rng.nextFloat() < density ? 1 : 0);
        }
        return b;
    }

    private static LIF lif() {
        return LIF.builder().tau(2f).threshold(0.5f).hardReset(0f).surrogate(new ATan(2f)).build();
    }

    private static void assertBitwise(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + " element " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    @Test
    void lifSpikesKeptByTheNextLayerTakeAnEighthOfTheirBytes() {
        // LIF on [T, B, N] = [4, 8, 96]: its 3072 spikes are 3072 bytes; once the linear layer above has read them
        // for its forward and keeps them for its weight gradient, they are 3072 bits = 384 bytes (floats: 12288)
        int t = 4, b = 8, n = 96;
        Tensor current = random(1, -1f, 3f, t, b, n).requiresGrad(true);
        Tensor s = lif().forward(current);
        assertEquals((long) t * b * n, s.storageBytes());
        Linear fc = new Linear(n, 10, new Rng(2));
        Tensor y = fc.forward(s);
        assertEquals((long) t * b * n / 8, s.storageBytes());
        assertEquals(8.0, (double) (t * b * n) / s.storageBytes(), 0.0);
        assertEquals(32.0, 4.0 * t * b * n / s.storageBytes(), 0.0);
        // the weight gradient read back from the bits: dW[o, i] = sum_r g[r, o] * s[r, i] with g = 1
        Ops.sum(y).backward();
        float[] sd = s.data();
        float[] gw = fc.weight().grad().data();
        for (int i = 0; i < n; i++) {
            double col = 0;
            for (int r = 0; r < t * b; r++) {
                col += sd[r * n + i];
            }
            for (int o = 0; o < 10; o++) {
                assertEquals(col, gw[o * n + i], 1e-4);
            }
        }
        assertNotNull(current.grad());
    }

    @Test
    void spikeInputsOfConvAndLinearPassGradientChecks() {
        // the layers are linear in their weights: finite differences are exact up to float rounding
        Rng rng = new Rng(3);
        byte[] b = spikes(4, 3 * 2 * 3 * 5 * 5, 0.3f);
        Conv2d conv = new Conv2d(3, 4, 3, 1, 1, 1, 1, true, rng);
        Tensor x = Tensor.ofSpikes(b.clone(), 3, 2, 3, 5, 5);
        GradCheck.Result r = GradCheck.check(a -> conv.forward(x), new Tensor[] {conv.weight(), conv.bias()}, 1e-2,
                1e-3, 1e-2);
        assertTrue(r.passed(), r.toString());
        assertNotNull(x.packedSpikes(), "the convolution keeps its spike input as bits");
        Linear fc = new Linear(75, 6, rng);
        Tensor xf = Tensor.ofSpikes(b.clone(), 3, 2, 75);
        r = GradCheck.check(a -> fc.forward(xf), new Tensor[] {fc.weight(), fc.bias()}, 1e-2, 1e-3, 1e-2);
        assertTrue(r.passed(), r.toString());
        assertNotNull(xf.packedSpikes());
    }

    /** {kh, kw, sh, sw, ph, pw}: the 2x2 fast path, overlapping and padded windows, an odd input size. */
    private static final int[][] GEOMETRIES = {{2, 2, 2, 2, 0, 0}, {3, 3, 2, 2, 1, 1}, {3, 3, 1, 1, 1, 1},
        {2, 3, 1, 2, 1, 0}, {3, 2, 3, 2, 0, 1}};

    @Test
    void maxPoolOnSpikesGivesTheGradientOfTheFloatPath() {
        for (int[] g : GEOMETRIES) {
            for (int size : new int[] {6, 7}) {
                String where = java.util.Arrays.toString(g) + " on " + size + "x" + size;
                // spikes from a LIF layer, pooled as bytes (deferred gradient, no argmax) or as floats (argmax):
                // the gradient reaching the LIF input must be the same floats
                Tensor ca = random(5, -1f, 3f, 3, 2, 2, size, size).requiresGrad(true);
                Tensor cb = random(5, -1f, 3f, 3, 2, 2, size, size).requiresGrad(true);
                MaxPool2d pa = new MaxPool2d(g[0], g[1], g[2], g[3], g[4], g[5]);
                MaxPool2d pb = new MaxPool2d(g[0], g[1], g[2], g[3], g[4], g[5]);
                Tensor sa = lif().forward(ca);
                assertNotNull(sa.spikeBytes());
                Tensor ya = pa.forward(sa);
                assertNotNull(sa.packedSpikes(), where);
                Tensor yb = pb.forward(Ops.scale(lif().forward(cb), 1f)); // float spikes: the argmax path
                assertBitwise(yb.data(), ya.data(), "output " + where);
                Tensor r = random(6, -1f, 1f, ya.shape());
                Ops.sum(Ops.mul(ya, r)).backward();
                Ops.sum(Ops.mul(yb, r)).backward();
                assertBitwise(cb.grad().data(), ca.grad().data(), "input gradient " + where);
            }
        }
    }

    @Test
    void deferredMaxPoolGradientFillsAnyRangeExactly() {
        Rng rng = new Rng(7);
        for (int[] g : GEOMETRIES) {
            int planes = 5, h = 7, w = 6;
            MaxPool2d pool = new MaxPool2d(g[0], g[1], g[2], g[3], g[4], g[5]);
            int oh = pool.outHeight(h), ow = pool.outWidth(w);
            byte[] b = spikes(g[0] * 10 + g[2], planes * h * w, 0.3f);
            float[] gy = random(8, -1f, 1f, planes * oh * ow).data();
            gy[0] = -0f; // the array holds 0 + gy, so +0.0 where gy is -0.0
            MaxPoolSpikeGradient d = new MaxPoolSpikeGradient(gy, PackedBits.pack(b).words(), planes, h, w, oh, ow,
                    pool);
            float[] full = d.materialize();
            assertEquals(full.length, ((BlockGradient) d).size());
            for (int k = 0; k < 40; k++) {
                int from = rng.nextInt(full.length);
                int len = rng.nextInt(full.length - from + 1);
                float[] dst = new float[len + 3];
                d.fill(from, len, dst, 3);
                assertBitwise(java.util.Arrays.copyOfRange(full, from, from + len),
                        java.util.Arrays.copyOfRange(dst, 3, len + 3), java.util.Arrays.toString(g) + " from " + from);
            }
            // each window's gradient went to its first spike, or to its first element when it has none
            double sum = 0;
            double expected = 0;
            for (float v : full) {
                sum += v;
            }
            for (float v : gy) {
                expected += v;
            }
            assertEquals(expected, sum, 1e-4);
        }
    }

    @Test
    void maxPoolOnALeafSpikeInputGivesAnArray() {
        Tensor x = Tensor.ofSpikes(new byte[] {0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 1, 1, 1, 4, 4)
                .requiresGrad(true);
        Tensor y = new MaxPool2d(2).forward(x);
        // windows {0,1,4,5} -> index 1; {2,3,6,7} none -> 2; {8,9,12,13} none -> 8; {10,11,14,15} -> 15
        y.backward(Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 1, 2, 2));
        assertNull(x.grad().deferredForm());
        float[] want = new float[16];
        want[1] = 1;
        want[2] = 2;
        want[8] = 3;
        want[15] = 4;
        assertBitwise(want, x.grad().data(), "gradient");
    }

    @Test
    void dropoutOnSpikeBytesMatchesDropoutOnFloats() {
        byte[] b = spikes(9, 3 * 4 * 20, 0.4f);
        Tensor xb = Tensor.ofSpikes(b.clone(), 3, 4, 20).requiresGrad(true);
        float[] f = new float[b.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = b[i];
        }
        Tensor xf = Tensor.of(f, 3, 4, 20).requiresGrad(true);
        Tensor yb = new Dropout(0.3, 11).forward(xb);
        Tensor yf = new Dropout(0.3, 11).forward(xf);
        assertBitwise(yf.data(), yb.data(), "output");
        assertNotNull(xb.packedSpikes(), "the spikes are kept as bits");
        Tensor r = random(12, -1f, 1f, 3, 4, 20);
        Ops.sum(Ops.mul(yb, r)).backward();
        Ops.sum(Ops.mul(yf, r)).backward();
        assertBitwise(xf.grad().data(), xb.grad().data(), "input gradient");
        // a general mask (several values) keeps its floats: the gradient is dy * mask
        float[] mask = {0f, 0.5f, 2f, -0f};
        Tensor x = Tensor.of(new float[] {1, 1, 1, 1}, 1, 1, 4).requiresGrad(true);
        Dropout.apply(x, mask).backward(Tensor.of(new float[] {-1, -1, -1, -1}, 1, 1, 4));
        assertBitwise(new float[] {-0f, -0.5f, -2f, 0f}, x.grad().data(), "general mask gradient");
    }

    @Test
    void aReleasedGraphRefusesASecondBackward() {
        Linear fc = new Linear(3, 2, new Rng(13));
        Tensor x = random(14, -1f, 1f, 2, 3).requiresGrad(true);
        Tensor loss = Ops.sum(fc.forward(x));
        loss.backward(Tensor.of(new float[] {1f}), true);
        float[] once = fc.weight().grad().data().clone();
        // retained: a second backward adds the same gradient again
        loss.backward();
        float[] twice = fc.weight().grad().data();
        for (int i = 0; i < once.length; i++) {
            assertEquals(2 * once[i], twice[i], 0f);
        }
        assertTrue(loss.gradFn().isReleased());
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
    }
}
