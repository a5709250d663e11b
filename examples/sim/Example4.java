// Example 4: 100 noisy leaky integrate-and-fire neurons, each with its own drive v0 from 0 to 3:
//   dv/dt = (v0 - v)/tau + sigma*xi*tau**-0.5 : 1 (unless refractory), tau = 10 ms, sigma = 0.2,
//   threshold v > 1, reset v = 0, refractory 5 ms, Euler-Maruyama, 1000 ms.
// The firing rate is ~0 for v0 well below 1 (only noise can reach the threshold), rises steeply
// around v0 = 1 and approaches the noise-free 1/(5 ms + tau*ln(v0/(v0-1))) = 110 Hz at v0 = 3.
//
//   ./snn4j simulate examples/sim/Example4.java [OUT_DIR [DURATION_MS]]
//
// Writes OUT_DIR/example4-rate.png (rate against v0; default runs/examples/).
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.runtime.Network;
import org.snn4j.sim.runtime.NeuronGroup;
import org.snn4j.sim.runtime.SpikeMonitor;
import org.snn4j.sim.units.Quantity;
import org.snn4j.viz.LineChart;
import org.snn4j.viz.Png;
import org.snn4j.viz.Series;

public class Example4 {
    static final int N = 100;
    static final double V0_MAX = 3;

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "runs/examples");
        double ms = args.length > 1 ? Double.parseDouble(args[1]) : 1000;
        double[][] r = run(out, Quantity.of(ms, "ms"));
        for (int k = 0; k < N; k += 10) System.out.printf("v0 = %.2f  rate = %6.1f Hz%n", r[0][k], r[1][k]);
        System.out.printf("v0 = %.2f  rate = %6.1f Hz%n", r[0][N - 1], r[1][N - 1]);
        System.out.println("plot: " + out.resolve("example4-rate.png"));
    }

    /** Runs the model for {@code duration}, writes the plot; returns {v0 of each neuron, its rate in Hz}. */
    public static double[][] run(Path out, Quantity duration) {
        Namespace ns = Namespace.builder().constant("tau", 10, "ms").constant("sigma", 0.2).constant("v0_max", V0_MAX).build();
        NeuronGroup g = new NeuronGroup(N, """
                dv/dt = (v0 - v)/tau + sigma*xi*tau**-0.5 : 1 (unless refractory)
                v0 : 1
                """, ns).threshold("v > 1").reset("v = 0").refractory(Quantity.of(5, "ms")).method("euler");
        g.set("v0", "i*v0_max/(N-1)");
        SpikeMonitor s = new SpikeMonitor(g);
        new Network(g, s).run(duration);
        double[] v0 = g.get("v0");
        double[] rate = new double[N];
        int[] count = s.count();
        for (int k = 0; k < N; k++) rate[k] = count[k] / duration.value();
        try {
            Png.write(LineChart.render(String.format("Firing rate against drive (%.0f ms)", duration.value() * 1e3), "v0", "rate (Hz)",
                    List.of(new Series("", v0, rate))), out.resolve("example4-rate.png"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new double[][] {v0, rate};
    }
}
