// Example 1: one neuron relaxing to 1, dv/dt = (1-v)/tau, tau = 10 ms, integrated exactly for 30 ms.
//
//   ./snn4j simulate examples/sim/Example1.java [OUT_DIR]
//
// Writes OUT_DIR/example1-v.png (default runs/examples/) and prints v at 10 and 20 ms
// next to the closed form 1 - exp(-t/tau).
import java.nio.file.Path;

import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.runtime.Network;
import org.snn4j.sim.runtime.NeuronGroup;
import org.snn4j.sim.runtime.StateMonitor;
import org.snn4j.sim.units.Quantity;

public class Example1 {
    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "runs/examples");
        StateMonitor m = run(out);
        double[] t = m.t(), v = m.values("v", 0);
        for (int k = 100; k < t.length; k += 100) {
            System.out.printf("t = %4.1f ms  v = %.6f  1 - exp(-t/tau) = %.6f%n", t[k] * 1e3, v[k], 1 - Math.exp(-t[k] / 0.010));
        }
        System.out.println("plot: " + out.resolve("example1-v.png"));
    }

    /** Runs the model, writes the plot into {@code out} and returns the monitor of v. */
    public static StateMonitor run(Path out) {
        NeuronGroup g = new NeuronGroup(1, "dv/dt = (1-v)/tau : 1", Namespace.of("tau", 10, "ms")).method("exact");
        StateMonitor m = new StateMonitor(g, "v");
        new Network(g, m).run(Quantity.of(30, "ms"));
        m.plot("v", 1, out.resolve("example1-v.png"));
        return m;
    }
}
