// Example 8: the COBAHH benchmark of Brette et al. (2007) (benchmark 3; Brian2's COBAHH example):
// 4000 Hodgkin-Huxley neurons (Traub & Miles kinetics) with conductance-based exponential synapses,
// the first 3200 excitatory and the last 800 inhibitory, each pair connected with probability 0.02,
// dt 0.1 ms, 1 s, exponential Euler:
//   dv/dt = (gl*(El - v) + ge*(Ee - v) + gi*(Ei - v) - g_na*m^3*h*(v - ENa) - g_kd*n^4*(v - EK))/Cm : volt
//   dm/dt = alpha_m*(1 - m) - beta_m*m, dn/dt = alpha_n*(1 - n) - beta_n*n, dh/dt = alpha_h*(1 - h) - beta_h*h
//   dge/dt = -ge/taue : siemens, dgi/dt = -gi/taui : siemens
//   alpha_m = 0.32/mV*(13 mV - v + VT)/(exp((13 mV - v + VT)/4 mV) - 1)/ms,
//   beta_m = 0.28/mV*(v - VT - 40 mV)/(exp((v - VT - 40 mV)/5 mV) - 1)/ms,
//   alpha_h = 0.128*exp((17 mV - v + VT)/18 mV)/ms, beta_h = 4/(1 + exp((40 mV - v + VT)/5 mV))/ms,
//   alpha_n = 0.032/mV*(15 mV - v + VT)/(exp((15 mV - v + VT)/5 mV) - 1)/ms,
//   beta_n = 0.5*exp((10 mV - v + VT)/40 mV)/ms
// area 20000 um^2, Cm 1 uF/cm^2, gl 5e-5 S/cm^2, g_na 100 mS/cm^2, g_kd 30 mS/cm^2 (times the area),
// El -60 mV, EK -90 mV, ENa 50 mV, VT -63 mV, taue 5 ms, taui 10 ms, Ee 0 mV, Ei -80 mV,
// we 6 nS, wi 67 nS; threshold v > -20 mV, refractory 3 ms, no reset (the spike repolarises itself);
// started from v = El + (5*randn() - 5) mV, ge = (1.5*randn() + 4)*10 nS, gi = (12*randn() + 20)*10 nS.
// Brian2 2.5.1 running its COBAHH.py for 1 s fires at 32-38 Hz depending on the seed (mean about 35 Hz).
//
//   ./snn4j simulate examples/sim/Example8.java [OUT_DIR [DURATION_MS]]
//
// Writes OUT_DIR/example8-raster.png (all 4000 neurons), example8-rate.png (population rate) and
// example8-v.png (the membrane potential of neurons 1, 10 and 100); default OUT_DIR runs/examples/.
import java.nio.file.Path;

import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.runtime.Network;
import org.snn4j.sim.runtime.NeuronGroup;
import org.snn4j.sim.runtime.PopulationRateMonitor;
import org.snn4j.sim.runtime.SpikeMonitor;
import org.snn4j.sim.runtime.StateMonitor;
import org.snn4j.sim.runtime.Subgroup;
import org.snn4j.sim.runtime.Synapses;
import org.snn4j.sim.units.Quantity;

public class Example8 {
    static final int N = 4000;
    static final int NE = 3200;

    /**
     * The results: spikes, population rate, the traces of v, ge, gi for neurons 1, 10, 100, the mean rate in Hz
     * and the wall time of the run.
     */
    public record Result(SpikeMonitor spikes, PopulationRateMonitor rate, StateMonitor v, double meanRateHz,
                         double seconds) {
    }

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "runs/examples");
        double ms = args.length > 1 ? Double.parseDouble(args[1]) : 1000;
        Result r = run(out, Quantity.of(ms, "ms"));
        System.out.printf("COBAHH: %d spikes, mean rate %.2f Hz (excitatory %.2f Hz, inhibitory %.2f Hz), "
                        + "%.2f s of wall time%n", r.spikes().numSpikes(), r.meanRateHz(),
                rate(r.spikes(), 0, NE, ms / 1e3), rate(r.spikes(), NE, N, ms / 1e3), r.seconds());
        System.out.println("plots: " + out.resolve("example8-*.png"));
    }

    /** The network: the group and its two synapse objects, seeded with {@code seed}. */
    public static Object[] cobahh(long seed) {
        double area = 20000e-12; // m^2
        Namespace ns = Namespace.builder()
                .constant("Cm", 1e-6 / 1e-4 * area, "farad")     // 1 uF/cm^2
                .constant("gl", 5e-5 / 1e-4 * area, "siemens")  // 5e-5 S/cm^2
                .constant("g_na", 100e-3 / 1e-4 * area, "siemens")
                .constant("g_kd", 30e-3 / 1e-4 * area, "siemens")
                .constant("El", -60, "mV").constant("EK", -90, "mV").constant("ENa", 50, "mV")
                .constant("VT", -63, "mV").constant("taue", 5, "ms").constant("taui", 10, "ms")
                .constant("Ee", 0, "mV").constant("Ei", -80, "mV")
                .constant("we", 6, "nS").constant("wi", 67, "nS").build();
        NeuronGroup p = new NeuronGroup(N, """
                dv/dt = (gl*(El-v) + ge*(Ee-v) + gi*(Ei-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK))/Cm : volt
                dm/dt = alpha_m*(1-m) - beta_m*m : 1
                dn/dt = alpha_n*(1-n) - beta_n*n : 1
                dh/dt = alpha_h*(1-h) - beta_h*h : 1
                dge/dt = -ge*(1./taue) : siemens
                dgi/dt = -gi*(1./taui) : siemens
                alpha_m = 0.32*(mV**-1)*(13*mV-v+VT)/(exp((13*mV-v+VT)/(4*mV))-1.)/ms : Hz
                beta_m = 0.28*(mV**-1)*(v-VT-40*mV)/(exp((v-VT-40*mV)/(5*mV))-1)/ms : Hz
                alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
                beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
                alpha_n = 0.032*(mV**-1)*(15*mV-v+VT)/(exp((15*mV-v+VT)/(5*mV))-1.)/ms : Hz
                beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz
                """, ns).threshold("v > -20*mV").refractory(Quantity.of(3, "ms")).method("exponential_euler")
                .name("COBAHH").seed(seed);
        p.set("v", "El + (randn()*5 - 5)*mV");
        p.set("ge", "(randn()*1.5 + 4)*10.*nS");
        p.set("gi", "(randn()*12 + 20)*10.*nS");
        Synapses ce = new Synapses(Subgroup.of(p, 0, NE), Subgroup.all(p), "", ns).onPre("ge += we").name("COBAHH_e")
                .seed(seed);
        Synapses ci = new Synapses(Subgroup.of(p, NE, N), Subgroup.all(p), "", ns).onPre("gi += wi").name("COBAHH_i")
                .seed(seed + 1);
        ce.connect(0.02);
        ci.connect(0.02);
        return new Object[] {p, ce, ci};
    }

    /** Runs the network (seed 1) for {@code duration} and writes the plots. */
    public static Result run(Path out, Quantity duration) { return run(out, duration, 1); }

    /** Runs the network with {@code seed} for {@code duration}; writes the plots when {@code out} is not null. */
    public static Result run(Path out, Quantity duration, long seed) {
        Object[] model = cobahh(seed);
        NeuronGroup p = (NeuronGroup) model[0];
        SpikeMonitor s = new SpikeMonitor(p);
        PopulationRateMonitor rate = new PopulationRateMonitor(p);
        StateMonitor v = new StateMonitor(p, java.util.List.of("v", "ge", "gi"), new int[] {1, 10, 100});
        long t0 = System.nanoTime();
        new Network(model).add(s, rate, v).run(duration);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (out != null) {
            s.plot(out.resolve("example8-raster.png"));
            rate.plot(out.resolve("example8-rate.png"));
            v.plot("v", 3, out.resolve("example8-v.png"));
        }
        return new Result(s, rate, v, s.numSpikes() / (double) N / duration.value(), seconds);
    }

    private static double rate(SpikeMonitor s, int from, int to, double seconds) {
        int n = 0;
        for (int i : s.i()) if (i >= from && i < to) n++;
        return n / (double) (to - from) / seconds;
    }
}
