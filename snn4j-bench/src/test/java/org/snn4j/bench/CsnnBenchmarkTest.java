package org.snn4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

class CsnnBenchmarkTest {
    @Test
    void parametersHaveTorchCsnnShapesAndDefaultInitBounds() {
        Map<String, Tensor> p = CsnnBenchmark.network(new Rng(0)).namedParameters();
        // torch_csnn.py: conv1 12x1x5x5 + 12, conv2 64x12x5x5 + 64, fc 10x1024 + 10 = 312 + 19264 + 10250
        long total = p.values().stream().mapToLong(Tensor::storedNumel).sum();
        assertEquals(29826, total);
        // PyTorch default: |w|, |b| <= 1/sqrt(fan_in) with fan_in 25, 300, 1024
        double[] bounds = {1 / Math.sqrt(25), 1 / Math.sqrt(300), 1 / Math.sqrt(1024)};
        int layer = 0;
        for (Map.Entry<String, Tensor> e : p.entrySet()) {
            double bound = bounds[layer / 2];
            double max = 0;
            for (float v : e.getValue().data()) {
                max = Math.max(max, Math.abs(v));
            }
            assertTrue(max <= bound && max > 0.8 * bound, e.getKey() + ": max |v| " + max + ", bound " + bound);
            layer++;
        }
        assertEquals(6, layer);
    }

    @Test
    void forwardGivesSpikesPerStepAndClass() {
        Sequential net = CsnnBenchmark.network(new Rng(3));
        Rng rng = new Rng(4);
        float[] img = new float[2 * 784];
        for (int i = 0; i < img.length; i++) {
            img[i] = rng.nextFloat();
        }
        Tensor out;
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            out = net.forward(Tensor.repeatTime(Tensor.of(img, 2, 1, 28, 28), 5));
        }
        assertArrayEquals(new int[] {5, 2, 10}, out.shape());
        for (float v : out.data()) {
            assertTrue(v == 0f || v == 1f, "spike " + v);
        }
    }

    /** Two training steps of the whole network on 1 and 2 threads give bitwise the same weights. */
    @Test
    void trainingIsBitwiseTheSameOnOneAndTwoThreads() {
        int saved = org.snn4j.core.util.Parallel.threads();
        try {
            float[][] weights = new float[2][];
            for (int threads = 1; threads <= 2; threads++) {
                org.snn4j.core.util.Parallel.setThreads(threads);
                Sequential net = CsnnBenchmark.network(new Rng(11));
                // larger initial weights so that every layer spikes in the first steps
                for (Tensor p : net.namedParameters().values()) {
                    float[] d = p.data();
                    for (int i = 0; i < d.length; i++) {
                        d[i] *= 4;
                    }
                }
                org.snn4j.core.optim.Adam opt = new org.snn4j.core.optim.Adam(net.namedParameters(), 1e-2f, 0.9, 0.999,
                        1e-8, 0, false);
                Rng rng = new Rng(12);
                for (int step = 0; step < 2; step++) {
                    float[] img = new float[40 * 784];
                    int[] labels = new int[40];
                    for (int i = 0; i < img.length; i++) {
                        img[i] = rng.nextFloat();
                    }
                    for (int i = 0; i < labels.length; i++) {
                        labels[i] = rng.nextInt(10);
                    }
                    Tensor out = net.forward(Tensor.repeatTime(Tensor.of(img, 40, 1, 28, 28), 6));
                    new org.snn4j.core.loss.MseRateLoss().compute(out, labels).backward();
                    opt.step();
                    opt.zeroGrad();
                }
                weights[threads - 1] = net.namedParameters().values().stream()
                        .map(t -> t.data()).reduce(new float[0], CsnnBenchmarkTest::concat);
            }
            assertArrayEquals(weights[0], weights[1], 0f);
        } finally {
            org.snn4j.core.util.Parallel.setThreads(saved);
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
