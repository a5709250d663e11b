package org.snn4j.core.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.snn4j.core.kernel.RowProduct;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/** A narrow Linear's factored input gradient, consumed per block by the neuron backward, equals the full array. */
class FactoredGradientTest {
    @AfterEach
    void restore() {
        NeuronKernels.setOverride(null);
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void fusedUpstreamGradientEqualsMaterializedOne() {
        int steps = 4, batch = 3, in = 700, out = 10; // rows of 700 cross the 256/1024-element blocks
        Rng rng = new Rng(9);
        float[] xd = new float[batch * in];
        for (int i = 0; i < xd.length; i++) {
            xd[i] = rng.uniform(-0.5f, 2.5f);
        }
        float[] seed = new float[steps * batch * out];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = rng.uniform(-1, 1);
        }
        java.util.List<NeuronKernel> ks = new java.util.ArrayList<>();
        ks.add(NeuronKernels.scalar());
        if (NeuronKernels.vector() != null) {
            ks.add(NeuronKernels.vector());
        }
        for (NeuronKernel k : ks) {
            NeuronKernels.setOverride(k);
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                Linear fc = new Linear(in, out, new Rng(3));
                LIF lif = LIF.builder().learnThreshold(true).build();
                // fused: LIF -> Linear, the Linear hands a RowProduct down
                Tensor leaf = Tensor.of(xd.clone(), batch, in).requiresGrad(true);
                Tensor y = fc.forward(lif.forward(Tensor.repeatTime(leaf, steps)));
                y.backward(Tensor.of(seed.clone(), y.shape()));
                float[] fusedX = leaf.grad().data();
                float[] fusedTh = lif.thresholdParameter().grad().data();

                // reference: the same gradient as a full array fed to the LIF
                LIF lif2 = LIF.builder().learnThreshold(true).build();
                Tensor leaf2 = Tensor.of(xd.clone(), batch, in).requiresGrad(true);
                Tensor s2 = lif2.forward(Tensor.repeatTime(leaf2, steps));
                float[] full = new RowProduct(seed.clone(), fc.weight().data(), steps * batch, out, in).materialize();
                s2.backward(Tensor.of(full, s2.shape()));
                assertNotNull(leaf2.grad());
                assertArrayEquals(leaf2.grad().data(), fusedX, 0f, k.name() + " threads=" + threads);
                assertArrayEquals(lif2.thresholdParameter().grad().data(), fusedTh, 0f, k.name());

                // the scalar fill is the same floats as the GEMM
                RowProduct p = new RowProduct(seed.clone(), fc.weight().data(), steps * batch, out, in);
                float[] part = new float[999];
                p.fill(1234, part.length, part, 0);
                assertArrayEquals(java.util.Arrays.copyOfRange(full, 1234, 1234 + part.length), part, 0f);
            }
        }
    }

    /** Flatten between the LIF and the narrow Linear passes the factored gradient on: same floats as the array. */
    @Test
    void flattenKeepsTheFactoredGradient() {
        int steps = 3, batch = 2, out = 10;
        int[] step = {batch, 4, 5, 7};
        int in = 4 * 5 * 7;
        Rng rng = new Rng(13);
        float[] xd = new float[batch * in];
        for (int i = 0; i < xd.length; i++) {
            xd[i] = rng.uniform(-0.5f, 2.5f);
        }
        float[] seed = new float[steps * batch * out];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = rng.uniform(-1, 1);
        }
        Linear fc = new Linear(in, out, new Rng(5));
        LIF lif = LIF.builder().build();
        Tensor leaf = Tensor.of(xd.clone(), step).requiresGrad(true);
        Tensor y = fc.forward(new org.snn4j.core.nn.Flatten().forward(lif.forward(Tensor.repeatTime(leaf, steps))));
        y.backward(Tensor.of(seed.clone(), y.shape()));

        LIF lif2 = LIF.builder().build();
        Tensor leaf2 = Tensor.of(xd.clone(), step).requiresGrad(true);
        Tensor s2 = lif2.forward(Tensor.repeatTime(leaf2, steps));
        float[] full = new RowProduct(seed.clone(), fc.weight().data(), steps * batch, out, in).materialize();
        s2.backward(Tensor.of(full, s2.shape()));
        assertArrayEquals(leaf2.grad().data(), leaf.grad().data(), 0f);
        // the gradient reaches the input at all (some neurons near threshold)
        double sum = 0;
        for (float v : leaf.grad().data()) {
            sum += Math.abs(v);
        }
        org.junit.jupiter.api.Assertions.assertTrue(sum > 0);
    }
}
