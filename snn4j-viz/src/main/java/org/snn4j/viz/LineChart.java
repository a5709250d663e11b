package org.snn4j.viz;

import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Generic XY line chart: one x axis, several named series. */
public final class LineChart {
    static {
        Headless.ensure();
    }

    private LineChart() {}

    /** Renders at the default size (800x500). */
    public static BufferedImage render(String title, String xLabel, String yLabel, List<Series> series) {
        return render(title, xLabel, yLabel, series, Style.DEFAULT_WIDTH, Style.DEFAULT_HEIGHT);
    }

    /** Renders the series as lines (with point markers when a series is short enough to read them). */
    public static BufferedImage render(String title, String xLabel, String yLabel, List<Series> series,
                                       int width, int height) {
        return BitmapEncoder.getBufferedImage(chart(title, xLabel, yLabel, series, width, height));
    }

    /**
     * Builds the styled XChart chart without rendering it, for callers that need extra tweaks (log axis, fixed
     * range) before {@link BitmapEncoder#getBufferedImage}.
     */
    public static XYChart chart(String title, String xLabel, String yLabel, List<Series> series, int width, int height) {
        XYChart chart = base(title, xLabel, yLabel, width, height);
        chart.getStyler().setLegendVisible(series.size() > 1 || (series.size() == 1 && !series.getFirst().name().isEmpty()));
        if (series.isEmpty() || series.stream().allMatch(s -> s.size() == 0)) {
            // XChart cannot scale axes without data; an empty chart still yields a valid, labelled PNG.
            XYSeries s = chart.addSeries(" ", new double[] {0}, new double[] {0});
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(false);
            s.setLineWidth(0f);
            chart.getStyler().setLegendVisible(false);
            return chart;
        }
        int i = 0;
        for (Series s : series) {
            if (s.size() == 0) {
                i++;
                continue;
            }
            XYSeries xs = chart.addSeries(uniqueName(chart, s.name()), s.x(), s.y());
            xs.setLineColor(Style.color(i));
            xs.setMarkerColor(Style.color(i));
            xs.setLineWidth(2f);
            // Markers help on a few points (per-epoch curves) but turn into noise on long per-step curves.
            xs.setMarker(s.size() <= 60 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            i++;
        }
        return chart;
    }

    /** Empty styled chart with title and axis labels. */
    static XYChart base(String title, String xLabel, String yLabel, int width, int height) {
        Style.checkSize(width, height);
        XYChart chart = new XYChart(width, height);
        chart.setTitle(Style.orEmpty(title));
        chart.setXAxisTitle(Style.orEmpty(xLabel));
        chart.setYAxisTitle(Style.orEmpty(yLabel));
        Style.apply(chart.getStyler());
        chart.getStyler().setChartTitleVisible(title != null && !title.isEmpty());
        return chart;
    }

    /** XChart rejects duplicate series names; suffix repeats instead of failing a whole report. */
    static String uniqueName(XYChart chart, String name) {
        String n = name.isEmpty() ? " " : name;
        String candidate = n;
        for (int k = 2; chart.getSeriesMap().containsKey(candidate); k++) {
            candidate = n + " (" + k + ")";
        }
        return candidate;
    }
}
