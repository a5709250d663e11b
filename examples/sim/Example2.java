// Example 2: the neuron of example 1 with a threshold (v > 0.8), a reset (v = 0) and a 5 ms
// refractory period during which v is clamped ((unless refractory)), for 50 ms.
//
//   ./snn4j simulate examples/sim/Example2.java [OUT_DIR]
//
// Writes OUT_DIR/example2-v.png and OUT_DIR/example2-spikes.png (default runs/examples/) and prints
// the spike times: v crosses 0.8 at tau*ln 5 = 16.09 ms after each start from 0 and restarts from
// 0 when the refractory period ends, 5 ms after each spike. A spike is recorded at the start of the
// step (dt = 0.1 ms) whose update crosses the threshold: 16.0 ms, then 16.0 + 5 + 16.0 = 37.0 ms.
import java.nio.file.Path;
import java.util.Map;

import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.runtime.Network;
import org.snn4j.sim.runtime.NeuronGroup;
import org.snn4j.sim.runtime.SpikeMonitor;
import org.snn4j.sim.runtime.StateMonitor;
import org.snn4j.sim.units.Quantity;

public class Example2 {
    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "runs/examples");
        Map<String, Object> r = run(out);
        SpikeMonitor s = (SpikeMonitor) r.get("spikes");
        for (double t : s.t()) System.out.printf("spike at %.1f ms%n", t * 1e3);
        System.out.println("plots: " + out.resolve("example2-v.png") + ", " + out.resolve("example2-spikes.png"));
    }

    /** Runs the model, writes the plots into {@code out}; returns the monitors under "v" and "spikes". */
    public static Map<String, Object> run(Path out) {
        NeuronGroup g = new NeuronGroup(1, "dv/dt = (1-v)/tau : 1 (unless refractory)", Namespace.of("tau", 10, "ms"))
                .threshold("v > 0.8").reset("v = 0").refractory(Quantity.of(5, "ms")).method("exact");
        StateMonitor v = new StateMonitor(g, "v");
        SpikeMonitor s = new SpikeMonitor(g);
        new Network(g, v, s).run(Quantity.of(50, "ms"));
        v.plot("v", 1, out.resolve("example2-v.png"));
        s.plot(out.resolve("example2-spikes.png"));
        return Map.of("v", v, "spikes", s);
    }
}
