package org.snn4j.sim.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.snn4j.core.util.Parallel;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.units.Quantity;

/**
 * Memory per synapse (array accounting and measured heap) and propagation speed (synaptic events per
 * second) of a recurrent LIF network; prints the numbers.
 * Run with {@code ./mvnw -Pslow test -pl snn4j-sim -Dtest=SynapsesSpeedTest}.
 */
@Tag("slow")
class SynapsesSpeedTest {
    private static long usedHeap() {
        for (int k = 0; k < 3; k++) System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void memoryOfAMillionStaticSynapses() {
        NeuronGroup g = new NeuronGroup(1000, "v : 1");
        long before = usedHeap();
        Synapses s = new Synapses(g, g, "w : 1").float32().onPre("v_post += w");
        s.connect();
        s.set("w", 0.5);
        long after = usedHeap();
        System.out.printf("1,000,000 static synapses (float32 w): %.3f bytes/synapse counted, %.2f measured (heap delta)%n",
                s.bytesPerSynapse(), (after - before) / (double) s.size());
        Synapses c = new Synapses(g, g).onPre("v_post += 0.5");
        long before2 = usedHeap();
        c.connect();
        long after2 = usedHeap();
        System.out.printf("1,000,000 static synapses (constant weight): %.3f bytes/synapse counted, %.2f measured%n",
                c.bytesPerSynapse(), (after2 - before2) / (double) c.size());
        assertTrue(s.bytesPerSynapse() <= 12);
    }

    @Test
    void propagationSpeed() {
        Namespace ns = Namespace.builder().constant("tau", 20, "ms").constant("El", -60, "mV")
                .constant("Vt", -50, "mV").constant("Vr", -60, "mV").constant("I0", 12, "mV").build();
        for (String delay : new String[] {"homogeneous", "heterogeneous"}) {
            for (int threads : new int[] {1, Parallel.threads()}) {
                int saved = Parallel.threads();
                Parallel.setThreads(threads);
                try {
                    NeuronGroup g = new NeuronGroup(4000, "dv/dt = (El - v + I0)/tau : volt (unless refractory)", ns)
                            .threshold("v > Vt").reset("v = Vr").refractory(Quantity.of(5, "ms")).method("exact");
                    g.set("v", "El + rand()*(Vt - El + 2*mV)");
                    Synapses s = new Synapses(g, g, "w : volt").float32().onPre("v_post += w");
                    long c0 = System.nanoTime();
                    s.connect("i != j", 0.02);
                    double connectMs = (System.nanoTime() - c0) / 1e6;
                    s.set("w", "(rand() - 0.55)*0.5*mV");
                    if (delay.equals("homogeneous")) s.delay(Quantity.of(1, "ms"));
                    else s.delay("(1 + rand()*4)*ms");
                    Network net = new Network(g, s);
                    net.run(Quantity.of(20, "ms"));  // warm-up
                    long e0 = s.events();
                    long t0 = System.nanoTime();
                    net.run(Quantity.of(500, "ms"));
                    double sec = (System.nanoTime() - t0) / 1e9;
                    long ev = s.events() - e0;
                    System.out.printf("N=4000, %d synapses, %s delays, threads=%d: connect %.0f ms, %d events in %.2f s "
                            + "of simulation time 0.5 s: %.3g events/s (whole step loop)%n", s.size(), delay, threads,
                            connectMs, ev, sec, ev / sec);
                    assertTrue(ev > 0);
                } finally {
                    Parallel.setThreads(saved);
                }
            }
        }
    }

    /** Brian2's CUBA example (4000 LIF neurons, 3200 excitatory, p = 0.02), 1 s; prints rate and speed. */
    @Test
    void cuba() {
        Namespace ns = Namespace.builder().constant("taum", 20, "ms").constant("taue", 5, "ms")
                .constant("taui", 10, "ms").constant("Vt", -50, "mV").constant("Vr", -60, "mV")
                .constant("El", -49, "mV").constant("we", 60 * 0.27 / 10, "mV").constant("wi", -20 * 4.5 / 10, "mV").build();
        NeuronGroup p = new NeuronGroup(4000, """
                dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
                dge/dt = -ge/taue : volt
                dgi/dt = -gi/taui : volt
                """, ns).threshold("v > Vt").reset("v = Vr").refractory(Quantity.of(5, "ms")).method("exact");
        p.set("v", "Vr + rand()*(Vt - Vr)");
        Synapses ce = new Synapses(Subgroup.of(p, 0, 3200), Subgroup.all(p), "", ns).onPre("ge += we");
        Synapses ci = new Synapses(Subgroup.of(p, 3200, 4000), Subgroup.all(p), "", ns).onPre("gi += wi");
        long c0 = System.nanoTime();
        ce.connect(0.02);
        ci.connect(0.02);
        double connectMs = (System.nanoTime() - c0) / 1e6;
        SpikeMonitor s = new SpikeMonitor(p);
        Network net = new Network(p, ce, ci, s);
        net.build();
        long t0 = System.nanoTime();
        net.run(Quantity.of(1, "second"));
        double sec = (System.nanoTime() - t0) / 1e9;
        long ev = ce.events() + ci.events();
        System.out.printf("CUBA: %d synapses (%.2f B/synapse), connect %.0f ms, build %.0f ms, 1 s simulated in %.2f s, "
                + "%d spikes (%.1f Hz), %d synaptic events (%.3g events/s of wall time)%n", ce.size() + ci.size(),
                (ce.memoryBytes() + ci.memoryBytes()) / (double) (ce.size() + ci.size()), connectMs,
                net.buildTime().toNanos() / 1e6, sec, s.numSpikes(), s.numSpikes() / 4000.0, ev, ev / sec);
        assertTrue(s.numSpikes() > 0);
    }

    /**
     * Propagation alone: sources firing at random (10% per step) onto parameters; 1000x1000 all-to-all
     * (targets in order) and 4000x4000 at p = 0.1 (random targets).
     */
    @Test
    void pureEventThroughput() {
        for (int threads : new int[] {1, Parallel.threads()}) {
          for (int n : new int[] {1000, 4000}) {
            int saved = Parallel.threads();
            Parallel.setThreads(threads);
            try {
                NeuronGroup src = new NeuronGroup(n, "x : 1").threshold("rand() < 0.1");
                NeuronGroup tgt = new NeuronGroup(n, "v : 1");
                Synapses s = new Synapses(src, tgt, "w : 1").float32().onPre("v_post += w");
                if (n == 1000) s.connect();
                else s.connect(0.1);
                s.set("w", 1e-3);
                Network net = new Network(src, tgt, s);
                net.run(Quantity.of(10, "ms"));
                long e0 = s.events(), t0 = System.nanoTime();
                net.run(Quantity.of(50, "ms"));
                double sec = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%dx%d %s, 10%% spiking per step, threads=%d: %.3g events/s%n", n, n,
                        n == 1000 ? "all-to-all" : "p=0.1", threads, (s.events() - e0) / sec);
            } finally {
                Parallel.setThreads(saved);
            }
          }
        }
    }
}
