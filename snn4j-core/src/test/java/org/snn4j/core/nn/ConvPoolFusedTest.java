package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

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
 * An event-driven convolution's output is computed when read ({@link ConvKernels.EventForward}); a 2x2 max-pool
 * on it pools sample by sample without building the array. Both must give exactly what the array gives.
 */
class ConvPoolFusedTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(savedThreads);
        ConvKernels.setPath(LinearPath.AUTO);
    }

    private static byte[] spikes(int n, double density, Rng rng) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (rng.nextDouble() < density ? 1 : 0);
        }
        return b;
    }

    @Test
    void byHand() {
        // 1 -> 1 channel, 1x1 kernel W = 2, bias -1 on a 2x4 plane of spikes [[1,0,0,0],[0,1,1,0]]:
        // y = [[1,-1,-1,-1],[-1,1,1,-1]]; 2x2 max-pool: window 0 -> 1 (first element, index 0),
        // window 1 -> max(-1,-1,1,-1) = 1 at index 6
        Conv2d c = new Conv2d(1, 1, 1, new Rng(1));
        c.weight().data()[0] = 2f;
        c.bias().data()[0] = -1f;
        ConvKernels.setPath(LinearPath.EVENT);
        Tensor x = Tensor.ofSpikes(new byte[] {1, 0, 0, 0, 0, 1, 1, 0}, 1, 1, 2, 4).markBinary();
        Tensor y = c.forward(x);
        assertNotNull(y.deferredForm());
        Tensor p = new MaxPool2d(2).forward(y);
        assertNotNull(y.deferredForm(), "the pool read the form, not the array");
        assertArrayEquals(new float[] {1, 1}, p.data(), 0f);
        // the gradient reaches the selected elements: d sum(p) / dW = x at indices 0 and 6 = 1 + 1
        org.snn4j.core.ops.Ops.sum(p).backward();
        assertEquals(2f, c.weight().grad().data()[0], 0f);
        assertArrayEquals(new float[] {1, -1, -1, -1, -1, 1, 1, -1}, y.data(), 0f);
        assertNull(y.deferredForm());
    }

    @Test
    void fusedPoolEqualsThePoolOfTheArrayBitwise() {
        Rng rng = new Rng(41);
        ConvKernels.setPath(LinearPath.EVENT);
        Conv2d[] convs = {
            new Conv2d(12, 64, 5, rng),
            new Conv2d(3, 8, new int[] {3, 2}, new int[] {1, 1}, new int[] {1, 0}, new int[] {1, 2}, 1, true, rng),
            // two groups: the scatter path
            new Conv2d(4, 6, 3, 1, 1, 1, 2, false, rng),
        };
        int[][] inputs = {{12, 12, 12}, {3, 9, 10}, {4, 6, 8}};
        for (int k = 0; k < convs.length; k++) {
            Conv2d c = convs[k];
            int[] in = inputs[k];
            byte[] xb = spikes(3 * 4 * in[0] * in[1] * in[2], 0.1, rng);
            float[][] outs = new float[2][];
            float[][] grads = new float[2][];
            for (int fused = 0; fused < 2; fused++) {
                c.weight().zeroGrad();
                Tensor x = Tensor.ofSpikes(xb.clone(), 3, 4, in[0], in[1], in[2]).markBinary();
                Tensor y = c.forward(x);
                if (fused == 0) {
                    y.data(); // the array first: the pool takes its ordinary path
                }
                Tensor p = new MaxPool2d(2).forward(y);
                outs[fused] = p.data();
                org.snn4j.core.ops.Ops.sum(org.snn4j.core.ops.Ops.mul(p, p)).backward();
                grads[fused] = c.weight().grad().data().clone();
            }
            assertArrayEquals(outs[0], outs[1], 0f, c + " pooled output");
            assertArrayEquals(grads[0], grads[1], 0f, c + " weight gradient");
        }
    }

    /** The channel-last pool against transposing (adding the bias) and then the plane pool, with ties, -0 and NaN. */
    @Test
    void channelLastPoolEqualsTransposeThenPlanePoolBitwise() throws ReflectiveOperationException {
        org.snn4j.core.kernel.ChannelLastPool vector = (org.snn4j.core.kernel.ChannelLastPool) Class
                .forName("org.snn4j.core.kernel.internal.VectorChannelLastPool").getDeclaredConstructor().newInstance();
        Rng rng = new Rng(47);
        float[] specials = {0f, -0f, 1f, 1f, Float.NaN, -1f, Float.NEGATIVE_INFINITY, 0.5f};
        for (int[] shape : new int[][] {{8, 8, 64}, {4, 6, 70}, {2, 2, 5}}) {
            int h = shape[0], w = shape[1], n = shape[2];
            float[] src = new float[h * w * n];
            for (int i = 0; i < src.length; i++) {
                src[i] = rng.nextDouble() < 0.3 ? specials[rng.nextInt(specials.length)] : rng.uniform(-1, 1);
            }
            float[] bias = new float[n];
            for (int c = 0; c < n; c++) {
                bias[c] = c % 5 == 0 ? -0f : rng.uniform(-1, 1);
            }
            for (float[] add : new float[][] {null, bias}) {
                // reference: [c][iy][ix] = src + add (as the transposer writes it), then the plane pool
                float[] planes = new float[src.length];
                for (int c = 0; c < n; c++) {
                    for (int p = 0; p < h * w; p++) {
                        planes[c * h * w + p] = add == null ? src[p * n + c] : src[p * n + c] + add[c];
                    }
                }
                int out = h * w / 4;
                float[] yRef = new float[n * out];
                int[] aRef = new int[n * out];
                org.snn4j.core.kernel.MaxPool2x2.SCALAR.pool(planes, 0, n, h, w, yRef, aRef);
                for (org.snn4j.core.kernel.ChannelLastPool k
                        : new org.snn4j.core.kernel.ChannelLastPool[] {org.snn4j.core.kernel.ChannelLastPool.SCALAR, vector}) {
                    float[] y = new float[n * out + 3];
                    int[] a = new int[n * out + 3];
                    k.pool(src, h, w, n, add, y, 3, a, 3);
                    String where = k.getClass().getSimpleName() + " " + h + "x" + w + "x" + n + (add == null ? "" : " + bias");
                    for (int i = 0; i < n * out; i++) {
                        assertEquals(Float.floatToRawIntBits(yRef[i]), Float.floatToRawIntBits(y[3 + i]), where + " value " + i);
                        assertEquals(aRef[i], a[3 + i], where + " selection " + i);
                    }
                }
            }
        }
    }

    @Test
    void deferredOutputEqualsForwardEventAndKeepsTheWeightsOfItsCall() {
        Rng rng = new Rng(43);
        ConvKernels.setPath(LinearPath.EVENT);
        Conv2d c = new Conv2d(5, 7, 3, 1, 1, 1, 1, true, rng);
        byte[] xb = spikes(20 * 5 * 6 * 6, 0.2, rng);
        ConvGeometry g = new ConvGeometry(20, 5, 6, 6, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        float[] ref = new float[20 * g.outSample()];
        ConvKernels.forwardEvent(g, SpikeMatrix.of(xb, 20, g.inSample()), c.weight().data(), c.bias().data(), ref);
        Tensor y = c.forward(Tensor.ofSpikes(xb, 4, 5, 5, 6, 6).markBinary());
        // an optimiser step between forward and the first read does not change the output
        java.util.Arrays.fill(c.weight().data(), 0f);
        java.util.Arrays.fill(c.bias().data(), 0f);
        Parallel.setThreads(2);
        assertArrayEquals(ref, y.data(), 0f);
    }
}
