package org.snn4j.sim.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.snn4j.core.util.Parallel;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.units.Quantity;

/**
 * Build time (Janino) and speed of a simple LIF group of 100,000 neurons; prints the numbers.
 * Run with {@code ./mvnw -Pslow test -pl snn4j-sim -Dtest=LifSpeedTest}.
 */
@Tag("slow")
class LifSpeedTest {
    @Test
    void lif100k() {
        Namespace ns = Namespace.builder().constant("tau", 10, "ms").constant("El", -70, "mV")
                .constant("Vt", -50, "mV").constant("Vr", -60, "mV").constant("I0", 25, "mV").build();
        for (String method : new String[] {"exact", "euler"}) {
            for (int threads : new int[] {1, Parallel.threads()}) {
                int saved = Parallel.threads();
                Parallel.setThreads(threads);
                try {
                    NeuronGroup g = new NeuronGroup(100_000, "dv/dt = (El - v + I0*(0.9 + 0.2*i/N))/tau : volt (unless refractory)", ns)
                            .threshold("v > Vt").reset("v = Vr").refractory(Quantity.of(2, "ms")).method(method);
                    g.set("v", "El + rand()*(Vt - El)");
                    SpikeMonitor s = new SpikeMonitor(g);
                    Network net = new Network(g, s);
                    net.build();
                    net.run(Quantity.of(20, "ms"));  // warm-up
                    long t0 = System.nanoTime();
                    long ns0 = net.neuronSteps();
                    net.run(Quantity.of(200, "ms"));
                    double sec = (System.nanoTime() - t0) / 1e9;
                    double rate = (net.neuronSteps() - ns0) / sec;
                    System.out.printf("LIF N=100000 %s threads=%d: build %.1f ms (generate %.1f, compile %.1f), "
                            + "%.3g neuron-steps/s, %d spikes%n", method, threads, net.buildTime().toNanos() / 1e6,
                            g.generateTime().toNanos() / 1e6, g.compileTime().toNanos() / 1e6, rate, s.numSpikes());
                    assertTrue(s.numSpikes() > 0);
                } finally {
                    Parallel.setThreads(saved);
                }
            }
        }
    }
}
