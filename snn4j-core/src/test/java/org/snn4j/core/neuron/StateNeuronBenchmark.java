package org.snn4j.core.neuron;

import java.util.function.Supplier;

import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/**
 * Manual benchmark (not a test): forward + backward of the multi-state neurons on [25, 128, 1000]
 * (all-to-all recurrence on [25, 128, 128]), next to the fused Leaky kernel. Run:
 * {@code java --add-modules jdk.incubator.vector -cp snn4j-core/target/classes:snn4j-core/target/test-classes
 * org.snn4j.core.neuron.StateNeuronBenchmark [threads]}.
 */
public final class StateNeuronBenchmark {
    private static int ITERS = 10;

    private StateNeuronBenchmark() {
    }

    private static void bench(String name, Supplier<SpikingNeuron> make, int steps, int batch, int per) {
        Rng rng = new Rng(1);
        int n = steps * batch * per;
        float[] x = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.uniform(-0.5f, 1.5f);
            g[i] = rng.uniform(-1f, 1f);
        }
        long best = Long.MAX_VALUE;
        long bestF = Long.MAX_VALUE;
        for (int it = 0; it < ITERS; it++) {
            SpikingNeuron layer = make.get();
            Tensor leaf = Tensor.of(x.clone(), steps, batch, per).requiresGrad(true);
            long t0 = System.nanoTime();
            Tensor s = layer.forward(leaf);
            long t1 = System.nanoTime();
            s.backward(Tensor.of(g.clone(), steps, batch, per));
            long t2 = System.nanoTime();
            best = Math.min(best, t2 - t0);
            bestF = Math.min(bestF, t1 - t0);
        }
        System.out.printf("%-22s [%d, %d, %d]: forward %.2f ms, forward+backward %.2f ms (best of %d, %d threads)%n",
                name, steps, batch, per, bestF / 1e6, best / 1e6, ITERS, Parallel.threads());
    }

    public static void main(String[] args) {
        Parallel.setThreads(args.length > 0 ? Integer.parseInt(args[0]) : 2);
        ITERS = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        bench("Leaky (fused kernel)", () -> new Leaky(0.9f), 25, 128, 1000);
        bench("Synaptic", () -> new Synaptic(0.8f, 0.9f), 25, 128, 1000);
        bench("RLeaky one-to-one", () -> RLeaky.builder(0.9f).oneToOne().build(), 25, 128, 1000);
        bench("Alpha", () -> new Alpha(0.9f, 0.8f), 25, 128, 1000);
        bench("QIF", QIF::new, 25, 128, 1000);
        bench("EIF", EIF::new, 25, 128, 1000);
        bench("Izhikevich", Izhikevich::new, 25, 128, 1000);
        bench("ALIF", ALIF::new, 25, 128, 1000);
        bench("RLeaky all-to-all", () -> RLeaky.builder(0.9f).allToAll(128, 1).build(), 25, 128, 128);
    }
}
