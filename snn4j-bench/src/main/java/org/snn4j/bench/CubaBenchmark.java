package org.snn4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.Map;

import org.snn4j.core.util.Parallel;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.runtime.Network;
import org.snn4j.sim.runtime.NeuronGroup;
import org.snn4j.sim.runtime.SpikeMonitor;
import org.snn4j.sim.runtime.Subgroup;
import org.snn4j.sim.runtime.Synapses;
import org.snn4j.sim.units.Quantity;

/**
 * The network of {@code shared/anchors/brian2_cuba.py} (Brette et al. 2007's CUBA benchmark as in
 * Brian2's examples): N leaky integrate-and-fire neurons with exponential current-based synapses,
 * <pre>
 *   dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
 *   dge/dt = -ge/taue : volt
 *   dgi/dt = -gi/taui : volt
 * </pre>
 * taum 20 ms, taue 5 ms, taui 10 ms, Vt -50 mV, Vr -60 mV, El -49 mV, threshold {@code v > Vt},
 * reset {@code v = Vr}, refractory 5 ms, method exact, {@code v = Vr + rand()*(Vt - Vr)}; the first
 * {@code Ne = int(0.8 N)} neurons excitatory ({@code ge += we}, we = 1.62 mV), the rest inhibitory
 * ({@code gi += wi}, wi = -9 mV), each pair connected with probability p = 0.02 (N <= 4000) or
 * 80/N (so that each neuron keeps about 80 inputs), dt 0.1 ms.
 *
 * <p>Timing as the reference's {@code sim_s}: the wall time of {@code run}, per simulated second,
 * here with code generation and compilation included (the network is not built beforehand);
 * {@code build_s} is connection plus code generation and compilation.
 *
 * <p>Memory: {@code bytes_per_synapse} is {@link Synapses#memoryBytes()} of both synapse objects over the
 * number of synapses (connectivity and synaptic variables, offsets included); {@code heap_mb} the heap in
 * use after a collection at the end (the whole network and the spike monitor); {@code heap_peak_mb} the sum
 * over the heap pools of their peak use since the build started (an upper bound of the peak heap, since the
 * pools need not peak at the same moment).
 */
public final class CubaBenchmark {
    /** Benchmark settings. */
    public record Settings(int n, double durationS, int threads, long seed) {
        public Settings {
            if (n < 10) throw new IllegalArgumentException("N must be at least 10, got " + n);
            if (!(durationS > 0)) throw new IllegalArgumentException("the duration must be positive, got " + durationS);
            if (threads < 1) throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
    }

    /** The built network and its parts. */
    public record Model(NeuronGroup group, Synapses excitatory, Synapses inhibitory, SpikeMonitor spikes, Network network,
            double connectSeconds) {
    }

    private CubaBenchmark() {
    }

    /** The connection probability of brian2_cuba.py: 0.02 up to N = 4000, then 80/N. */
    public static double probability(int n) { return n > 4000 ? 80.0 / n : 0.02; }

    /** The constants of the model. */
    public static Namespace namespace() {
        return Namespace.builder().constant("taum", 20, "ms").constant("taue", 5, "ms")
                .constant("taui", 10, "ms").constant("Vt", -50, "mV").constant("Vr", -60, "mV")
                .constant("El", -49, "mV").constant("we", 60 * 0.27 / 10, "mV")
                .constant("wi", -20 * 4.5 / 10, "mV").build();
    }

    /** Builds (and connects) the network of N neurons; not yet compiled. */
    public static Model build(int n, long seed) {
        Namespace ns = namespace();
        NeuronGroup p = new NeuronGroup(n, """
                dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
                dge/dt = -ge/taue : volt
                dgi/dt = -gi/taui : volt
                """, ns).threshold("v > Vt").reset("v = Vr").refractory(Quantity.of(5, "ms")).method("exact")
                .name("P").seed(seed);
        p.set("v", "Vr + rand()*(Vt - Vr)");
        int ne = (int) (0.8 * n);
        double prob = probability(n);
        Synapses ce = new Synapses(Subgroup.of(p, 0, ne), Subgroup.all(p), "", ns).onPre("ge += we").name("Ce")
                .seed(seed * 31 + 1);
        Synapses ci = new Synapses(Subgroup.of(p, ne, n), Subgroup.all(p), "", ns).onPre("gi += wi").name("Ci")
                .seed(seed * 31 + 2);
        long c0 = System.nanoTime();
        ce.connect(prob);
        ci.connect(prob);
        double connect = (System.nanoTime() - c0) / 1e9;
        SpikeMonitor s = new SpikeMonitor(p);
        return new Model(p, ce, ci, s, new Network(p, ce, ci, s), connect);
    }

    /** Builds and runs the network; returns the key=value results in print order. */
    public static Map<String, Object> run(Settings st) {
        int saved = Parallel.threads();
        Parallel.setThreads(st.threads());
        try {
            resetHeapPeaks();
            Model m = build(st.n(), st.seed());
            long t0 = System.nanoTime();
            m.network().run(Quantity.of(st.durationS(), "second"));
            double wall = (System.nanoTime() - t0) / 1e9;
            double buildS = m.connectSeconds() + m.network().buildTime().toNanos() / 1e9;
            long spikes = m.spikes().numSpikes();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("n", st.n());
            r.put("duration_s", st.durationS());
            r.put("threads", st.threads());
            r.put("sim_s", wall / st.durationS());
            r.put("build_s", buildS);
            r.put("run_s", m.network().runTime().toNanos() / 1e9 / st.durationS());
            r.put("synapses", (long) m.excitatory().size() + m.inhibitory().size());
            r.put("spikes", spikes);
            r.put("rate_hz", spikes / (double) st.n() / st.durationS());
            r.put("bytes_per_synapse", (double) (m.excitatory().memoryBytes() + m.inhibitory().memoryBytes())
                    / Math.max(1, (long) m.excitatory().size() + m.inhibitory().size()));
            r.put("heap_peak_mb", heapPeakMb());
            r.put("heap_mb", usedHeapMb());
            return r;
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static void resetHeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
        }
    }

    /** The sum of the heap pools' peak use since {@link #resetHeapPeaks()}, in MiB. */
    private static double heapPeakMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
        }
        return sum / (1024.0 * 1024.0);
    }

    /** Heap in use after a collection, in MiB (the network is still reachable from the caller's frame). */
    private static double usedHeapMb() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
    }
}
