package org.snn4j.viz;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.CategoryStyler;

/** Bar chart over named categories, e.g. firing rate per layer; one or several series side by side. */
public final class BarChart {
    static {
        Headless.ensure();
    }

    private BarChart() {}

    /** One series at the default size (800x500); each bar is labelled with its value. */
    public static BufferedImage render(String title, String xLabel, String yLabel, List<String> categories,
                                       double[] values) {
        return render(title, xLabel, yLabel, categories, values, Style.DEFAULT_WIDTH, Style.DEFAULT_HEIGHT);
    }

    /** One series; each bar is labelled with its value. */
    public static BufferedImage render(String title, String xLabel, String yLabel, List<String> categories,
                                       double[] values, int width, int height) {
        Map<String, double[]> one = new LinkedHashMap<>();
        one.put(Style.orEmpty(yLabel), values);
        return BitmapEncoder.getBufferedImage(chart(title, xLabel, yLabel, categories, one, width, height));
    }

    /** Several series (legend = map keys in iteration order), grouped per category. */
    public static BufferedImage render(String title, String xLabel, String yLabel, List<String> categories,
                                       Map<String, double[]> series, int width, int height) {
        return BitmapEncoder.getBufferedImage(chart(title, xLabel, yLabel, categories, series, width, height));
    }

    /** Builds the styled chart without rendering it. */
    public static CategoryChart chart(String title, String xLabel, String yLabel, List<String> categories,
                                      Map<String, double[]> series, int width, int height) {
        Style.checkSize(width, height);
        if (categories.isEmpty() || series.isEmpty()) {
            throw new IllegalArgumentException("bar chart needs at least one category and one series");
        }
        CategoryChart chart = new CategoryChart(width, height);
        chart.setTitle(Style.orEmpty(title));
        chart.setXAxisTitle(Style.orEmpty(xLabel));
        chart.setYAxisTitle(Style.orEmpty(yLabel));
        CategoryStyler s = chart.getStyler();
        Style.apply(s);
        s.setChartTitleVisible(title != null && !title.isEmpty());
        s.setLegendVisible(series.size() > 1);
        s.setAvailableSpaceFill(series.size() > 1 ? 0.8 : 0.6);
        s.setPlotGridVerticalLinesVisible(false);
        // Value labels only where they fit: one series and few categories.
        s.setLabelsVisible(series.size() == 1 && categories.size() <= 20);
        s.setLabelsFont(new Font(Style.FONT, Font.PLAIN, 11));
        // Labels sit inside the bar tops; XChart picks a light or dark font against the bar colour.
        s.setLabelsFontColorAutomaticEnabled(true);
        s.setLabelsPosition(0.9);
        s.setYAxisMin(0.0);
        // XChart's default pattern drops the leading zero (".08"); rates and accuracies read better as "0.08".
        s.setYAxisDecimalPattern("0.####");
        s.setDecimalPattern("0.####");
        s.setXAxisLabelRotation(categories.size() > 8 ? 45 : 0);
        int i = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] v = e.getValue();
            if (v.length != categories.size()) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has " + v.length + " values for "
                        + categories.size() + " categories");
            }
            String name = e.getKey().isEmpty() ? " " : e.getKey();
            CategorySeries cs = chart.addSeries(name, categories,
                    Arrays.stream(v).boxed().toList());
            cs.setFillColor(Style.color(i++));
        }
        return chart;
    }
}
