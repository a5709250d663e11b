package org.snn4j.viz;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.CategoryStyler;

/** Histogram of a sample of values (weights, membrane potentials, per-neuron rates) with equal-width bins. */
public final class Histogram {
    static {
        Headless.ensure();
    }

    private Histogram() {}

    /**
     * Bin counts: bin {@code i} covers {@code [lo + i*w, lo + (i+1)*w)} with {@code w = (hi - lo) / counts.length};
     * the last bin also includes {@code hi}.
     *
     * @param skipped values that were NaN, infinite or outside {@code [lo, hi]}
     */
    public record Bins(double lo, double hi, long[] counts, long skipped) {
        public Bins {
            counts = counts.clone();
        }

        @Override
        public long[] counts() {
            return counts.clone();
        }

        public double width() {
            return (hi - lo) / counts.length;
        }

        public double center(int i) {
            return lo + (i + 0.5) * width();
        }

        public long total() {
            long t = 0;
            for (long c : counts) {
                t += c;
            }
            return t;
        }
    }

    /** Bins over the range of the finite values. */
    public static Bins bin(double[] values, int bins) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) { // no finite value at all
            lo = 0;
            hi = 1;
        } else if (lo == hi) { // constant sample: widen so the single bar has a visible width
            lo -= 0.5;
            hi += 0.5;
        }
        return bin(values, bins, lo, hi);
    }

    /** Bins over {@code [lo, hi]}; values outside are counted in {@link Bins#skipped()}. */
    public static Bins bin(double[] values, int bins, double lo, double hi) {
        if (bins <= 0) {
            throw new IllegalArgumentException("bins must be > 0, got " + bins);
        }
        if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("need finite lo < hi, got [" + lo + ", " + hi + "]");
        }
        long[] counts = new long[bins];
        long skipped = 0;
        double scale = bins / (hi - lo);
        for (double v : values) {
            if (!(v >= lo && v <= hi)) { // also catches NaN
                skipped++;
                continue;
            }
            int i = (int) ((v - lo) * scale);
            counts[Math.min(i, bins - 1)]++;
        }
        return new Bins(lo, hi, counts, skipped);
    }

    /** Float convenience for {@link #bin(double[], int)}. */
    public static Bins bin(float[] values, int bins) {
        return bin(Series.widen(values), bins);
    }

    /** Renders a histogram of {@code values} at the default size (800x500). */
    public static BufferedImage render(String title, String xLabel, double[] values, int bins) {
        return render(title, xLabel, bin(values, bins), Style.DEFAULT_WIDTH, Style.DEFAULT_HEIGHT);
    }

    /** Renders a histogram of {@code values}. */
    public static BufferedImage render(String title, String xLabel, double[] values, int bins, int width, int height) {
        return render(title, xLabel, bin(values, bins), width, height);
    }

    /** Float convenience. */
    public static BufferedImage render(String title, String xLabel, float[] values, int bins, int width, int height) {
        return render(title, xLabel, bin(values, bins), width, height);
    }

    /** Renders precomputed bins; the y axis is the count. */
    public static BufferedImage render(String title, String xLabel, Bins bins, int width, int height) {
        return BitmapEncoder.getBufferedImage(chart(title, xLabel, bins, width, height));
    }

    /** Builds the styled chart without rendering it. */
    public static CategoryChart chart(String title, String xLabel, Bins bins, int width, int height) {
        Style.checkSize(width, height);
        CategoryChart chart = new CategoryChart(width, height);
        chart.setTitle(Style.orEmpty(title));
        chart.setXAxisTitle(Style.orEmpty(xLabel));
        chart.setYAxisTitle("count");
        CategoryStyler s = chart.getStyler();
        Style.apply(s);
        s.setChartTitleVisible(title != null && !title.isEmpty());
        s.setLegendVisible(false);
        s.setAvailableSpaceFill(0.95); // adjacent bars nearly touch, as a histogram should
        s.setPlotGridVerticalLinesVisible(false);
        s.setXAxisMaxLabelCount(Math.max(2, width / 90));
        s.setYAxisMin(0.0);
        long[] counts = bins.counts();
        List<String> centers = new ArrayList<>(counts.length);
        // Enough decimals to tell neighbouring bins apart, and no more (labels must fit under narrow bars).
        int decimals = (int) Math.max(0, Math.min(10, 1 - Math.floor(Math.log10(bins.width()))));
        List<Long> ys = new ArrayList<>(counts.length);
        for (int i = 0; i < counts.length; i++) {
            centers.add(String.format(Locale.ROOT, "%." + decimals + "f", bins.center(i)));
            ys.add(counts[i]);
        }
        CategorySeries cs = chart.addSeries("count", centers, ys);
        cs.setFillColor(Style.color(0));
        return chart;
    }
}
