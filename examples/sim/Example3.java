// Example 3: 100 neurons driven towards 2 (dv/dt = (2-v)/tau), threshold v > 1, reset v = 0,
// started from v = rand(), for 50 ms: each fires regularly (every tau*ln 2 = 6.93 ms) with a
// phase set by its random start.
//
//   ./snn4j simulate examples/sim/Example3.java [OUT_DIR]
//
// Writes the raster OUT_DIR/example3-raster.png (default runs/examples/) and prints spike counts.
import java.nio.file.Path;
import java.util.Arrays;

import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.runtime.Network;
import org.snn4j.sim.runtime.NeuronGroup;
import org.snn4j.sim.runtime.SpikeMonitor;
import org.snn4j.sim.units.Quantity;

public class Example3 {
    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "runs/examples");
        SpikeMonitor s = run(out);
        int[] c = s.count();
        System.out.printf("%d spikes; per neuron min %d, max %d%n", s.numSpikes(), Arrays.stream(c).min().getAsInt(),
                Arrays.stream(c).max().getAsInt());
        System.out.println("raster: " + out.resolve("example3-raster.png"));
    }

    /** Runs the model, writes the raster into {@code out} and returns the spike monitor. */
    public static SpikeMonitor run(Path out) {
        NeuronGroup g = new NeuronGroup(100, "dv/dt = (2-v)/tau : 1", Namespace.of("tau", 10, "ms"))
                .threshold("v > 1").reset("v = 0").method("exact");
        g.set("v", "rand()");
        SpikeMonitor s = new SpikeMonitor(g);
        new Network(g, s).run(Quantity.of(50, "ms"));
        s.plot(out.resolve("example3-raster.png"));
        return s;
    }
}
