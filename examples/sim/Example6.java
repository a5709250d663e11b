// Example 6: spike-timing-dependent plasticity (Song, Miller & Abbott 2000; Brian2's synapses/STDP
// example). 1000 Poisson inputs at 15 Hz drive one leaky integrate-and-fire neuron through
// conductance-based excitatory synapses whose weights follow additive STDP with exponential traces:
//   neuron:   dv/dt = (ge*(Ee - v) + El - v)/taum : volt,  dge/dt = -ge/taue : 1   (Euler)
//             taum 10 ms, taue 5 ms, Ee 0 mV, El -74 mV, threshold v > -54 mV, reset v = -60 mV
//   synapses: w : 1, dApre/dt = -Apre/taupre : 1 (event-driven), dApost/dt = -Apost/taupost : 1 (event-driven)
//             on_pre:  ge += w; Apre += dApre; w = clip(w + Apost, 0, gmax)
//             on_post: Apost += dApost; w = clip(w + Apre, 0, gmax)
//             taupre = taupost = 20 ms, gmax = 0.01, dApre = 0.01*gmax, dApost = -1.05*dApre
//   initial weights rand()*gmax.
// Depression slightly outweighs potentiation, so inputs that happen to precede output spikes grow and
// the others fade: the weights drift apart into a bimodal (U-shaped) distribution, piled up near 0 and
// near gmax. After 100 s about 45% of the weights lie in the lowest or highest tenth of [0, gmax]
// (Brian2 2.5 running its own example: 41.9% and 42.9% for two seeds; 55% after 500 s), the two
// outer tenths being the fullest bins by far.
//
//   ./snn4j simulate examples/sim/Example6.java [OUT_DIR [DURATION_S]]
//
// Writes OUT_DIR/example6-histogram.png (final weights / gmax), example6-weights.png (weight against
// input index) and example6-evolution.png (mean weight and the share of weights in the outer tenths of
// [0, gmax], every second); default OUT_DIR runs/examples/.
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.runtime.Network;
import org.snn4j.sim.runtime.NeuronGroup;
import org.snn4j.sim.runtime.PoissonGroup;
import org.snn4j.sim.runtime.SpikeMonitor;
import org.snn4j.sim.runtime.Synapses;
import org.snn4j.sim.units.Quantity;
import org.snn4j.viz.Histogram;
import org.snn4j.viz.LineChart;
import org.snn4j.viz.Png;
import org.snn4j.viz.Series;

public class Example6 {
    static final int N = 1000;
    static final double GMAX = 0.01;

    /** The final weights over gmax, the output's spike count, and the evolution (time, mean w/gmax, bimodal share). */
    public record Result(double[] w, int outputSpikes, double[] t, double[] meanW, double[] bimodal) {
        /** The share of weights in the lowest or highest tenth of [0, gmax]. */
        public double bimodalFraction() { return Example6.bimodalFraction(w); }
    }

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "runs/examples");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 100;
        long t0 = System.nanoTime();
        Result r = run(out, seconds);
        System.out.printf("%.0f s simulated in %.1f s; output neuron: %d spikes (%.1f Hz)%n", seconds,
                (System.nanoTime() - t0) / 1e9, r.outputSpikes(), r.outputSpikes() / seconds);
        int low = 0, high = 0;
        for (double x : r.w()) { if (x <= 0.1) low++; if (x >= 0.9) high++; }
        System.out.printf("final weights: mean %.3f gmax; %d below 0.1 gmax, %d above 0.9 gmax (%.1f%% in the outer tenths)%n",
                r.meanW()[r.meanW().length - 1], low, high, 100 * r.bimodalFraction());
        System.out.println("histogram of w/gmax in tenths: " + java.util.Arrays.toString(tenths(r.w())));
        System.out.println("plots: " + out.resolve("example6-*.png"));
    }

    /** Runs the model for {@code seconds} (in 1 s pieces, sampling the weights), writes the plots. */
    public static Result run(Path out, double seconds) {
        Namespace ns = Namespace.builder().constant("taum", 10, "ms").constant("taupre", 20, "ms")
                .constant("taupost", 20, "ms").constant("Ee", 0, "mV").constant("vt", -54, "mV")
                .constant("vr", -60, "mV").constant("El", -74, "mV").constant("taue", 5, "ms")
                .constant("gmax", GMAX).constant("dApre", 0.01 * GMAX).constant("dApost", -0.01 * GMAX * 1.05).build();
        NeuronGroup input = PoissonGroup.create(N, Quantity.of(15, "Hz"));
        NeuronGroup neuron = new NeuronGroup(1, """
                dv/dt = (ge*(Ee - v) + El - v)/taum : volt
                dge/dt = -ge/taue : 1
                """, ns).threshold("v > vt").reset("v = vr").method("euler").name("neuron");
        neuron.set("v", Quantity.of(-60, "mV"));
        Synapses s = new Synapses(input, neuron, """
                w : 1
                dApre/dt = -Apre/taupre : 1 (event-driven)
                dApost/dt = -Apost/taupost : 1 (event-driven)
                """, ns).onPre("""
                ge += w
                Apre += dApre
                w = clip(w + Apost, 0, gmax)
                """).onPost("""
                Apost += dApost
                w = clip(w + Apre, 0, gmax)
                """);
        s.connect();
        s.set("w", "rand()*gmax");
        SpikeMonitor spikes = new SpikeMonitor(neuron);
        Network net = new Network(input, neuron, s, spikes);
        int pieces = (int) Math.ceil(seconds - 1e-9);
        double[] t = new double[pieces + 1], meanW = new double[pieces + 1], bimodal = new double[pieces + 1];
        double[] w = scaled(s.get("w"));
        meanW[0] = mean(w);
        bimodal[0] = bimodalFraction(w);
        for (int k = 1; k <= pieces; k++) {
            net.run(Quantity.of(Math.min(1, seconds - (k - 1)), "second"));
            w = scaled(s.get("w"));
            t[k] = net.t();
            meanW[k] = mean(w);
            bimodal[k] = bimodalFraction(w);
        }
        try {
            Png.write(Histogram.render(String.format("Weights after %.0f s of STDP", seconds), "w / gmax", w, 20),
                    out.resolve("example6-histogram.png"));
            double[] index = new double[N];
            for (int k = 0; k < N; k++) index[k] = k;
            XYChart chart = LineChart.chart(String.format("Weights after %.0f s of STDP", seconds), "input index",
                    "w / gmax", List.of(new Series("", index, w)), 800, 500);
            for (XYSeries xs : chart.getSeriesMap().values()) {
                xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                xs.setMarker(SeriesMarkers.CIRCLE);
            }
            chart.getStyler().setMarkerSize(4);
            Png.write(BitmapEncoder.getBufferedImage(chart), out.resolve("example6-weights.png"));
            Png.write(LineChart.render("Weight distribution during learning", "t (s)", "",
                    List.of(new Series("mean w / gmax", t, meanW), new Series("share in the outer tenths", t, bimodal))),
                    out.resolve("example6-evolution.png"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(w, spikes.numSpikes(), t, meanW, bimodal);
    }

    /** The share of {@code w} (in units of gmax) at most 0.1 or at least 0.9. */
    static double bimodalFraction(double[] w) {
        int n = 0;
        for (double x : w) if (x <= 0.1 || x >= 0.9) n++;
        return n / (double) w.length;
    }

    /** Counts of {@code w} (in units of gmax) in the ten bins [0, 0.1), ..., [0.9, 1]. */
    public static int[] tenths(double[] w) {
        int[] c = new int[10];
        for (double x : w) c[Math.min(9, Math.max(0, (int) (x * 10)))]++;
        return c;
    }

    private static double[] scaled(double[] w) {
        double[] out = new double[w.length];
        for (int k = 0; k < w.length; k++) out[k] = w[k] / GMAX;
        return out;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }
}
