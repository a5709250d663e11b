// Example 7: the CUBA and COBA benchmark networks of Brette et al. (2007) (Vogels & Abbott 2005;
// Brian2's CUBA example). 4000 leaky integrate-and-fire neurons, the first 3200 excitatory and the
// last 800 inhibitory, each pair connected with probability 0.02, dt 0.1 ms, 1 s:
//   CUBA (current-based, exact integration):
//     dv/dt = (ge + gi - (v - El))/taum : volt (unless refractory), dge/dt = -ge/taue : volt,
//     dgi/dt = -gi/taui : volt; taum 20 ms, taue 5 ms, taui 10 ms, El -49 mV, Vt -50 mV, Vr -60 mV,
//     refractory 5 ms, we = 1.62 mV, wi = -9 mV, v = Vr + rand()*(Vt - Vr).
//     The resting potential lies above threshold, so the network fires irregularly at about 5.6 Hz
//     (Brian2 2.5, brian2_cuba.py, seed 1: 5.62 Hz; here 5.81 Hz).
//   COBA (conductance-based, conductances in units of the leak conductance, Euler):
//     dv/dt = (ge*(Ee - v) + gi*(Ei - v) - (v - El))/taum : volt (unless refractory),
//     dge/dt = -ge/taue : 1, dgi/dt = -gi/taui : 1; El -60 mV, Ee 0 mV, Ei -80 mV, Vt -50 mV,
//     Vr -60 mV, refractory 5 ms, we = 6 nS/10 nS = 0.6, wi = 67 nS/10 nS = 6.7, started from
//     v = El + (5*randn() - 5) mV, ge = 4 + 1.5*randn(), gi = 20 + 12*randn(): self-sustained
//     asynchronous activity at about 20 Hz (Brette's Brian script of the benchmark, in absolute
//     potentials; Brian2 2.5 running this model, cpp_standalone, seed 1: 19.4 Hz; here 18.5 Hz).
//
//   ./snn4j simulate examples/sim/Example7.java [OUT_DIR [DURATION_MS]]
//
// Writes OUT_DIR/example7-{cuba,coba}-raster.png (all 4000 neurons) and
// example7-{cuba,coba}-rate.png (population rate); default OUT_DIR runs/examples/.
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.runtime.Network;
import org.snn4j.sim.runtime.NeuronGroup;
import org.snn4j.sim.runtime.PopulationRateMonitor;
import org.snn4j.sim.runtime.SpikeMonitor;
import org.snn4j.sim.runtime.Subgroup;
import org.snn4j.sim.runtime.Synapses;
import org.snn4j.sim.units.Quantity;

public class Example7 {
    static final int N = 4000;
    static final int NE = 3200;

    /** One network's results: its spike monitor, population rate and mean rate in Hz. */
    public record Result(SpikeMonitor spikes, PopulationRateMonitor rate, double meanRateHz, double seconds) {
    }

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "runs/examples");
        double ms = args.length > 1 ? Double.parseDouble(args[1]) : 1000;
        run(out, Quantity.of(ms, "ms")).forEach((name, r) -> System.out.printf(
                "%s: %d spikes, mean rate %.2f Hz (excitatory %.2f Hz, inhibitory %.2f Hz), %.2f s of wall time%n",
                name, r.spikes().numSpikes(), r.meanRateHz(), rate(r.spikes(), 0, NE, ms / 1e3),
                rate(r.spikes(), NE, N, ms / 1e3), r.seconds()));
        System.out.println("plots: " + out.resolve("example7-*.png"));
    }

    /** Runs both networks for {@code duration}, writes the plots; returns the results by name ("CUBA", "COBA"). */
    public static Map<String, Result> run(Path out, Quantity duration) {
        Map<String, Result> r = new LinkedHashMap<>();
        r.put("CUBA", simulate(cuba(), duration, out, "cuba"));
        r.put("COBA", simulate(coba(), duration, out, "coba"));
        return r;
    }

    /** The CUBA network: the group and its two synapse objects. */
    static Object[] cuba() {
        Namespace ns = Namespace.builder().constant("taum", 20, "ms").constant("taue", 5, "ms")
                .constant("taui", 10, "ms").constant("Vt", -50, "mV").constant("Vr", -60, "mV")
                .constant("El", -49, "mV").constant("we", 60 * 0.27 / 10, "mV").constant("wi", -20 * 4.5 / 10, "mV").build();
        NeuronGroup p = new NeuronGroup(N, """
                dv/dt  = (ge + gi - (v - El))/taum : volt (unless refractory)
                dge/dt = -ge/taue : volt
                dgi/dt = -gi/taui : volt
                """, ns).threshold("v > Vt").reset("v = Vr").refractory(Quantity.of(5, "ms")).method("exact").name("CUBA");
        p.set("v", "Vr + rand()*(Vt - Vr)");
        Synapses ce = new Synapses(Subgroup.of(p, 0, NE), Subgroup.all(p), "", ns).onPre("ge += we").name("CUBA_e");
        Synapses ci = new Synapses(Subgroup.of(p, NE, N), Subgroup.all(p), "", ns).onPre("gi += wi").name("CUBA_i");
        ce.connect(0.02);
        ci.connect(0.02);
        return new Object[] {p, ce, ci};
    }

    /** The COBA network: the group and its two synapse objects. */
    static Object[] coba() {
        Namespace ns = Namespace.builder().constant("taum", 20, "ms").constant("taue", 5, "ms")
                .constant("taui", 10, "ms").constant("Vt", -50, "mV").constant("Vr", -60, "mV")
                .constant("El", -60, "mV").constant("Ee", 0, "mV").constant("Ei", -80, "mV")
                .constant("we", 6.0 / 10).constant("wi", 67.0 / 10).build();
        NeuronGroup p = new NeuronGroup(N, """
                dv/dt  = (ge*(Ee - v) + gi*(Ei - v) - (v - El))/taum : volt (unless refractory)
                dge/dt = -ge/taue : 1
                dgi/dt = -gi/taui : 1
                """, ns).threshold("v > Vt").reset("v = Vr").refractory(Quantity.of(5, "ms")).method("euler").name("COBA");
        p.set("v", "El + (randn()*5 - 5)*mV");
        p.set("ge", "randn()*1.5 + 4");
        p.set("gi", "randn()*12 + 20");
        Synapses ce = new Synapses(Subgroup.of(p, 0, NE), Subgroup.all(p), "", ns).onPre("ge += we").name("COBA_e");
        Synapses ci = new Synapses(Subgroup.of(p, NE, N), Subgroup.all(p), "", ns).onPre("gi += wi").name("COBA_i");
        ce.connect(0.02);
        ci.connect(0.02);
        return new Object[] {p, ce, ci};
    }

    private static Result simulate(Object[] model, Quantity duration, Path out, String file) {
        NeuronGroup p = (NeuronGroup) model[0];
        SpikeMonitor s = new SpikeMonitor(p);
        PopulationRateMonitor rate = new PopulationRateMonitor(p);
        long t0 = System.nanoTime();
        new Network(model).add(s, rate).run(duration);
        double seconds = (System.nanoTime() - t0) / 1e9;
        s.plot(out.resolve("example7-" + file + "-raster.png"));
        rate.plot(out.resolve("example7-" + file + "-rate.png"));
        return new Result(s, rate, s.numSpikes() / (double) N / duration.value(), seconds);
    }

    private static double rate(SpikeMonitor s, int from, int to, double seconds) {
        int n = 0;
        for (int i : s.i()) if (i >= from && i < to) n++;
        return n / (double) (to - from) / seconds;
    }
}
