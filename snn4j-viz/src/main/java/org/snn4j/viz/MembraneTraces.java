package org.snn4j.viz;

import java.awt.BasicStroke;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Membrane potential vs time step for a few neurons, the firing threshold as a dashed grey line, and each spike
 * marked by a downward triangle (in the neuron's colour) on a row above the traces at its time step.
 */
public final class MembraneTraces {
    static {
        Headless.ensure();
    }

    private MembraneTraces() {}

    /** Renders at the default size (800x500). */
    public static BufferedImage render(String title, List<Trace> traces, double threshold) {
        return render(title, traces, threshold, Style.DEFAULT_WIDTH, Style.DEFAULT_HEIGHT);
    }

    /** Renders the traces into a {@code width x height} image. */
    public static BufferedImage render(String title, List<Trace> traces, double threshold, int width, int height) {
        return BitmapEncoder.getBufferedImage(chart(title, traces, threshold, width, height));
    }

    /** Builds the styled chart without rendering it. */
    public static XYChart chart(String title, List<Trace> traces, double threshold, int width, int height) {
        if (traces.isEmpty()) {
            throw new IllegalArgumentException("no membrane traces to plot");
        }
        XYChart chart = LineChart.base(title, "time step", "membrane potential", width, height);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(9);
        int steps = 0;
        double lo = Math.min(0, threshold);
        double hi = threshold;
        for (Trace tr : traces) {
            for (float v : tr.potential()) {
                if (Float.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        double range = Math.max(hi - lo, 1e-6);
        for (int i = 0; i < traces.size(); i++) {
            Trace tr = traces.get(i);
            float[] v = tr.potential();
            steps = Math.max(steps, v.length);
            double[] x = new double[v.length];
            for (int t = 0; t < v.length; t++) {
                x[t] = t;
            }
            XYSeries s = chart.addSeries(LineChart.uniqueName(chart, tr.label()), x, Series.widen(v));
            s.setLineColor(Style.color(i));
            s.setLineWidth(1.8f);
            s.setMarker(SeriesMarkers.NONE);

            int[] spikes = tr.spikeTimes(threshold);
            if (spikes.length > 0) {
                // Spikes go on their own row above all traces (one row per neuron, like a mini raster): on the
                // trace itself they would hide behind the line, and recorded potentials may already be reset.
                double row = hi + range * (0.08 + 0.07 * i);
                double[] sx = new double[spikes.length];
                double[] sy = new double[spikes.length];
                for (int k = 0; k < spikes.length; k++) {
                    sx[k] = spikes[k];
                    sy[k] = row;
                }
                XYSeries m = chart.addSeries(LineChart.uniqueName(chart, tr.label() + " spikes"), sx, sy);
                m.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                m.setMarker(SeriesMarkers.TRIANGLE_DOWN);
                m.setMarkerColor(Style.color(i));
            }
        }
        // The threshold spans the whole time axis; two points suffice for a straight dashed line.
        XYSeries th = chart.addSeries(LineChart.uniqueName(chart, "threshold " + Numbers.format(threshold)),
                new double[] {0, Math.max(1, steps - 1)}, new double[] {threshold, threshold});
        th.setLineColor(Style.AXIS);
        th.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {7f, 5f}, 0f));
        th.setMarker(SeriesMarkers.NONE);
        return chart;
    }
}
