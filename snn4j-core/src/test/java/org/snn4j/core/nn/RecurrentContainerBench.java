package org.snn4j.core.nn;

import java.util.function.Supplier;

import org.snn4j.core.neuron.LIF;
import org.snn4j.core.neuron.Leaky;
import org.snn4j.core.neuron.RLeaky;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/**
 * Manual benchmark (not a test): forward and forward + backward of a recurrent layer of N = 128 neurons on
 * [25, 128, 128], as RLeaky's built-in all-to-all recurrence, as a Leaky in the ADD linear container, a LIF in the
 * CONCAT and the element-wise container (thresholds 0.2 and 0.3, so that it fires), and a plain Leaky (no
 * recurrence) for scale. Best of 10, CPU time of the calling thread (meaningful with 1 thread, the default). Run:
 * {@code java --add-modules jdk.incubator.vector -cp snn4j-core/target/classes:snn4j-core/target/test-classes
 * org.snn4j.core.nn.RecurrentContainerBench [threads]}.
 */
public final class RecurrentContainerBench {
    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private RecurrentContainerBench() {
    }

    private static void bench(String name, Supplier<Module> make, int steps, int batch, int n) {
        Rng rng = new Rng(1);
        int size = steps * batch * n;
        float[] x = new float[size];
        float[] g = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rng.uniform(-0.2f, 0.8f);
            g[i] = rng.uniform(-1f, 1f);
        }
        long best = Long.MAX_VALUE;
        long bestF = Long.MAX_VALUE;
        double density = 0;
        for (int it = 0; it < 10; it++) {
            Module m = make.get();
            Tensor leaf = Tensor.of(x.clone(), steps, batch, n).requiresGrad(true);
            long t0 = CPU.getCurrentThreadCpuTime();
            Tensor s = m.forward(leaf);
            long t1 = CPU.getCurrentThreadCpuTime();
            s.backward(Tensor.of(g.clone(), steps, batch, n));
            long t2 = CPU.getCurrentThreadCpuTime();
            best = Math.min(best, t2 - t0);
            bestF = Math.min(bestF, t1 - t0);
            double sum = 0;
            for (float v : s.data()) {
                sum += v;
            }
            density = sum / size;
        }
        System.out.printf("%-34s forward %7.2f ms   forward+backward %7.2f ms   density %.3f%n", name, bestF / 1e6,
                best / 1e6, density);
    }

    public static void main(String[] args) {
        Parallel.setThreads(args.length > 0 ? Integer.parseInt(args[0]) : 1);
        int t = 25;
        int b = 128;
        int n = 128;
        bench("Leaky (no recurrence)", () -> new Leaky(0.9f), t, b, n);
        bench("RLeaky.allToAll", () -> RLeaky.builder(0.9f).allToAll(n, 3).build(), t, b, n);
        bench("ADD container(Leaky)", () -> new LinearRecurrentContainer(new Leaky(0.9f), n, n, true,
                LinearRecurrentContainer.Connection.ADD, new Rng(3)), t, b, n);
        bench("CONCAT container(LIF)", () -> new LinearRecurrentContainer(LIF.builder().threshold(0.2f).build(), n, n,
                new Rng(3)), t, b, n);
        bench("element-wise container(LIF)",
                () -> new ElementWiseRecurrentContainer(LIF.builder().threshold(0.3f).build()), t, b, n);
    }
}
