package org.snn4j.core.neuron;

import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/**
 * Manual benchmark (not a test): LIF tau=2, hard reset, ATan, time-static input [25, 128, 1000] plus a
 * second layer [25, 128, 10]; forward + backward. Run:
 * {@code java --add-modules jdk.incubator.vector -cp snn4j-core/target/classes:snn4j-core/target/test-classes
 * org.snn4j.core.neuron.NeuronKernelBenchmark [threads]}.
 */
public final class NeuronKernelBenchmark {
    private NeuronKernelBenchmark() {
    }

    public static void main(String[] args) {
        Parallel.setThreads(args.length > 0 ? Integer.parseInt(args[0]) : 2);
        int steps = 25;
        int batch = 128;
        Rng rng = new Rng(1);
        float[] x1 = new float[batch * 1000];
        for (int i = 0; i < x1.length; i++) {
            x1[i] = rng.uniform(-0.5f, 1.5f);
        }
        float[] x2 = new float[steps * batch * 10];
        for (int i = 0; i < x2.length; i++) {
            x2[i] = rng.uniform(-0.5f, 1.5f);
        }
        float[] g1 = new float[steps * batch * 1000];
        for (int i = 0; i < g1.length; i++) {
            g1[i] = rng.uniform(-1f, 1f);
        }
        float[] g2 = new float[steps * batch * 10];
        for (int i = 0; i < g2.length; i++) {
            g2[i] = rng.uniform(-1f, 1f);
        }
        for (String k : new String[] {"vector", "scalar", "vector"}) {
            NeuronKernels.setOverride(k.equals("vector") ? NeuronKernels.vector() : NeuronKernels.scalar());
            LIF l1 = LIF.builder().surrogate(new ATan()).build();
            LIF l2 = LIF.builder().surrogate(new ATan()).build();
            long best = Long.MAX_VALUE;
            long bestF = Long.MAX_VALUE;
            for (int it = 0; it < 40; it++) {
                Tensor leaf1 = Tensor.of(x1, batch, 1000).requiresGrad(true);
                Tensor leaf2 = Tensor.of(x2, steps, batch, 10).requiresGrad(true);
                Tensor seed1 = Tensor.of(g1.clone(), steps, batch, 1000);
                Tensor seed2 = Tensor.of(g2.clone(), steps, batch, 10);
                long t0 = System.nanoTime();
                Tensor s1 = l1.forward(Tensor.repeatTime(leaf1, steps));
                Tensor s2 = l2.forward(leaf2);
                long t1 = System.nanoTime();
                s1.backward(seed1);
                s2.backward(seed2);
                long t2 = System.nanoTime();
                best = Math.min(best, t2 - t0);
                bestF = Math.min(bestF, t1 - t0);
            }
            System.out.printf("%s kernel, %d threads: forward %.2f ms, forward+backward %.2f ms (best of 40)%n",
                    NeuronKernels.get().name(), Parallel.threads(), bestF / 1e6, best / 1e6);
        }
    }
}
