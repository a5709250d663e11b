package org.snn4j.viz;

import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * Training curves: a loss panel above an accuracy panel sharing the x axis (epoch or step). Each panel takes any
 * number of named series, e.g. "train loss" and "test loss"; the panels can also be rendered as separate images.
 */
public final class TrainingCurves {
    static {
        Headless.ensure();
    }

    private TrainingCurves() {}

    /** Both panels stacked in one 800x500 image. */
    public static BufferedImage render(String title, String xLabel, List<Series> loss, List<Series> accuracy) {
        return render(title, xLabel, loss, accuracy, Style.DEFAULT_WIDTH, Style.DEFAULT_HEIGHT);
    }

    /**
     * Both panels stacked in one image of exactly {@code width x height}; the loss panel carries the title. An empty
     * list leaves out that panel, so loss-only runs get a single full-size chart.
     */
    public static BufferedImage render(String title, String xLabel, List<Series> loss, List<Series> accuracy,
                                       int width, int height) {
        Style.checkSize(width, height);
        if (loss.isEmpty() || accuracy.isEmpty()) {
            return loss.isEmpty()
                    ? renderAccuracy(title, xLabel, accuracy, width, height)
                    : renderLoss(title, xLabel, loss, width, height);
        }
        int top = height / 2;
        BufferedImage lossImg = renderLoss(title, null, loss, width, top);
        BufferedImage accImg = renderAccuracy(null, xLabel, accuracy, width, height - top);
        return Images.stackVertically(List.of(lossImg, accImg));
    }

    /** Loss panel alone. */
    public static BufferedImage renderLoss(String title, String xLabel, List<Series> loss, int width, int height) {
        return LineChart.render(title, xLabel, "loss", loss, width, height);
    }

    /** Accuracy panel alone. */
    public static BufferedImage renderAccuracy(String title, String xLabel, List<Series> accuracy, int width, int height) {
        XYChart chart = LineChart.chart(title, xLabel, "accuracy", accuracy, width, height);
        // Accuracy rises towards the upper right, where the default legend would cover the curves.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        return BitmapEncoder.getBufferedImage(chart);
    }
}
