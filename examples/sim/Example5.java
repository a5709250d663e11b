// Example 5: a neuron zoo. Eight single neurons, each driven by the same current step (on from 50 to
// 550 ms, given by a TimedArray), for 600 ms:
//   LIF          leaky integrate-and-fire, C = 100 pF, gL = 10 nS, 0.25 nA step (regular firing)
//   EIF          exponential integrate-and-fire (DeltaT = 2 mV, VT = -50 mV), 0.25 nA
//   QIF          quadratic integrate-and-fire, C dv/dt = k (v-EL)(v-VT) + I, 0.25 nA
//   AdEx         adaptive exponential IF with Naud et al. (2008)'s "adapting" parameters, 0.5 nA:
//                the intervals between spikes widen and settle
//   Izhikevich   regular spiking (a=0.02, b=0.2, c=-65, d=8), chattering/bursting (c=-50, d=2) and
//                fast spiking (a=0.1, d=2), I = 10
//   HH           Hodgkin-Huxley with the classic squid-axon parameters (resting at -65 mV; a
//                1000 um2 patch: 10 pF, gNa = 1.2 uS, gK = 0.36 uS, gL = 3 nS), 10 uA/cm2 = 0.1 nA
//
//   ./snn4j simulate examples/sim/Example5.java [OUT_DIR]
//
// Writes one membrane-trace plot per model, OUT_DIR/example5-<model>.png (default runs/examples/),
// and prints each model's spike count and first, second and last intervals between spikes.
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.runtime.Network;
import org.snn4j.sim.runtime.NeuronGroup;
import org.snn4j.sim.runtime.SpikeMonitor;
import org.snn4j.sim.runtime.StateMonitor;
import org.snn4j.sim.runtime.TimedArray;
import org.snn4j.sim.units.Quantity;

public class Example5 {
    /** The current step: 0 before 50 ms, 1 from 50 to 550 ms, 0 after (dt of the array: 50 ms). */
    static final TimedArray STEP = new TimedArray(new double[] {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}, "1", Quantity.of(50, "ms"));
    static final Quantity DURATION = Quantity.of(600, "ms");
    /** Traces are recorded every 0.2 ms (3000 points a trace: plots stay quick to draw). */
    static final Quantity TRACE_INTERVAL = Quantity.of(0.2, "ms");

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "runs/examples");
        Map<String, double[]> spikes = run(out);
        spikes.forEach((name, t) -> {
            StringBuilder sb = new StringBuilder(String.format("%-15s %3d spikes", name, t.length));
            if (t.length > 2) {
                sb.append(String.format("  intervals: first %.1f ms, second %.1f ms, last %.1f ms", (t[1] - t[0]) * 1e3,
                        (t[2] - t[1]) * 1e3, (t[t.length - 1] - t[t.length - 2]) * 1e3));
            }
            System.out.println(sb);
        });
        System.out.println("plots: " + out.resolve("example5-*.png"));
    }

    /** Runs every model, writes the plots into {@code out}; returns the spike times (seconds) of each neuron by name. */
    public static Map<String, double[]> run(Path out) {
        Map<String, double[]> spikes = new LinkedHashMap<>();
        Namespace base = STEP.namespace("step");

        // leaky integrate-and-fire
        Namespace lif = Namespace.builder(base).constant("C", 100, "pF").constant("gL", 10, "nS")
                .constant("EL", -70, "mV").constant("VT", -50, "mV").constant("Vr", -70, "mV").constant("I0", 0.25, "nA").build();
        NeuronGroup g = new NeuronGroup(1, """
                dv/dt = (gL*(EL - v) + I)/C : volt (unless refractory)
                I = I0*step(t) : amp
                """, lif).threshold("v > VT").reset("v = Vr").refractory(Quantity.of(2, "ms")).method("euler").name("LIF");
        g.set("v", Quantity.of(-70, "mV"));
        spikes.put("LIF", simulate(g, out, 0.1));

        // exponential integrate-and-fire
        Namespace eif = Namespace.builder(lif).constant("DeltaT", 2, "mV").build();
        g = new NeuronGroup(1, """
                dv/dt = (gL*(EL - v) + gL*DeltaT*exp((v - VT)/DeltaT) + I)/C : volt (unless refractory)
                I = I0*step(t) : amp
                """, eif).threshold("v > 0*mV").reset("v = Vr").refractory(Quantity.of(2, "ms")).method("euler").name("EIF");
        g.set("v", Quantity.of(-70, "mV"));
        spikes.put("EIF", simulate(g, out, 0.1));

        // quadratic integrate-and-fire
        Namespace qif = Namespace.builder(lif).constant("k", 0.5, "nS/mV").build();
        g = new NeuronGroup(1, """
                dv/dt = (k*(v - EL)*(v - VT) + I)/C : volt (unless refractory)
                I = I0*step(t) : amp
                """, qif).threshold("v > 0*mV").reset("v = Vr").refractory(Quantity.of(2, "ms")).method("euler").name("QIF");
        g.set("v", Quantity.of(-70, "mV"));
        spikes.put("QIF", simulate(g, out, 0.1));

        // adaptive exponential integrate-and-fire (Naud et al. 2008, "adaptation")
        Namespace adex = Namespace.builder(base).constant("C", 200, "pF").constant("gL", 12, "nS")
                .constant("EL", -70, "mV").constant("VT", -50, "mV").constant("DeltaT", 2, "mV")
                .constant("a", 2, "nS").constant("tauw", 300, "ms").constant("b", 60, "pA").constant("Vr", -58, "mV")
                .constant("I0", 0.5, "nA").build();
        g = new NeuronGroup(1, """
                dv/dt = (gL*(EL - v) + gL*DeltaT*exp((v - VT)/DeltaT) - w + I)/C : volt
                dw/dt = (a*(v - EL) - w)/tauw : amp
                I = I0*step(t) : amp
                """, adex).threshold("v > VT + 5*DeltaT").reset("v = Vr", "w += b").method("euler").name("AdEx");
        g.set("v", Quantity.of(-70, "mV"));
        spikes.put("AdEx", simulate(g, out, 0.1));

        // Izhikevich: regular spiking, chattering (bursts), fast spiking; v in mV, time in ms
        g = new NeuronGroup(3, """
                dv/dt = (0.04*v**2 + 5*v + 140 - u + I)/ms : 1
                du/dt = a*(b*v - u)/ms : 1
                I = 10*step(t) : 1
                a : 1
                b : 1
                c : 1
                d : 1
                """, base).threshold("v >= 30").reset("v = c", "u += d").method("euler").name("Izhikevich");
        g.set("a", new double[] {0.02, 0.02, 0.1});
        g.set("b", 0.2);
        g.set("c", new double[] {-65, -50, -65});
        g.set("d", new double[] {8, 2, 2});
        g.set("v", -65);
        g.set("u", "b*v");
        StateMonitor m = new StateMonitor(g, List.of("v"), null, TRACE_INTERVAL);
        SpikeMonitor s = new SpikeMonitor(g);
        new Network(g, m, s).run(DURATION);
        m.plot("v", 3, out.resolve("example5-Izhikevich.png"));
        spikes.put("Izhikevich RS", s.spikeTimes(0));
        spikes.put("Izhikevich CH", s.spikeTimes(1));
        spikes.put("Izhikevich FS", s.spikeTimes(2));

        // Hodgkin-Huxley, classic squid-axon parameters on a 1000 um2 patch
        Namespace hh = Namespace.builder(base).constant("C", 10, "pF").constant("gNa", 1.2, "uS")
                .constant("gK", 0.36, "uS").constant("gL", 3, "nS").constant("ENa", 50, "mV").constant("EK", -77, "mV")
                .constant("EL", -54.387, "mV").constant("I0", 0.1, "nA").build();
        g = new NeuronGroup(1, """
                dv/dt = (gL*(EL - v) + gNa*m**3*h*(ENa - v) + gK*n**4*(EK - v) + I)/C : volt
                dm/dt = alpham*(1 - m) - betam*m : 1
                dh/dt = alphah*(1 - h) - betah*h : 1
                dn/dt = alphan*(1 - n) - betan*n : 1
                alpham = 1/exprel(-(v/mV + 40)/10)/ms : Hz
                betam = 4*exp(-(v/mV + 65)/18)/ms : Hz
                alphah = 0.07*exp(-(v/mV + 65)/20)/ms : Hz
                betah = 1/(1 + exp(-(v/mV + 35)/10))/ms : Hz
                alphan = 0.1/exprel(-(v/mV + 55)/10)/ms : Hz
                betan = 0.125*exp(-(v/mV + 65)/80)/ms : Hz
                I = I0*step(t) : amp
                """, hh).threshold("v > -20*mV").refractory("v > -20*mV").method("exponential_euler").name("HH");
        g.set("v", Quantity.of(-65, "mV"));
        g.set("m", 0.0529);
        g.set("h", 0.5961);
        g.set("n", 0.3177);
        spikes.put("HH", simulate(g, out, 0.01));
        return spikes;
    }

    /** Runs one group with time step {@code dtMs}, plots v; returns its spike times. */
    private static double[] simulate(NeuronGroup g, Path out, double dtMs) {
        StateMonitor m = new StateMonitor(g, List.of("v"), null, TRACE_INTERVAL);
        SpikeMonitor s = new SpikeMonitor(g);
        new Network(g, m, s).setDt(Quantity.of(dtMs, "ms")).run(DURATION);
        m.plot("v", 1, out.resolve("example5-" + g.name() + ".png"));
        return s.spikeTimes(0);
    }
}
