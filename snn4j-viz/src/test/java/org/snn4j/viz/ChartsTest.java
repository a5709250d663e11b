package org.snn4j.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChartsTest {
    static {
        Headless.ensure();
    }

    private static final double[] TRAIN_LOSS = {2.1, 1.2, 0.8, 0.6, 0.5, 0.45};
    private static final double[] TEST_LOSS = {2.0, 1.3, 0.9, 0.75, 0.7, 0.72};
    private static final double[] TRAIN_ACC = {0.40, 0.70, 0.82, 0.88, 0.91, 0.93};
    private static final double[] TEST_ACC = {0.42, 0.68, 0.80, 0.85, 0.86, 0.86};

    @Test
    void lineChartDecodesAtRequestedSizeAndDrawsEachSeriesInItsColour() {
        BufferedImage img = LineChart.render("title", "x", "y",
                List.of(Series.of("a", TRAIN_LOSS), Series.of("b", TEST_LOSS)), 640, 400);
        BufferedImage back = TestImages.roundTrip(img, 640, 400);
        assertTrue(TestImages.countNear(back, Style.color(0), 10) > 100, "series a colour missing");
        assertTrue(TestImages.countNear(back, Style.color(1), 10) > 100, "series b colour missing");
        assertTrue(TestImages.countNear(back, Style.color(2), 10) < 20, "unexpected third series colour");
    }

    @Test
    void lineChartDefaultsTo800x500AndAcceptsEmptyInput() {
        TestImages.roundTrip(LineChart.render("t", "x", "y", List.of(Series.of("a", TRAIN_LOSS))), 800, 500);
        TestImages.roundTrip(LineChart.render("empty", "x", "y", List.of(), 300, 200), 300, 200);
        // NaN (e.g. a test metric not measured every epoch) leaves a gap instead of failing.
        TestImages.roundTrip(LineChart.render("gaps", "x", "y",
                List.of(Series.of("a", new double[] {1, Double.NaN, 0.5, 0.4})), 300, 200), 300, 200);
    }

    @Test
    void seriesRejectsMismatchedLengthsAndCopiesInput() {
        assertThrows(IllegalArgumentException.class, () -> new Series("s", new double[2], new double[3]));
        double[] y = {1, 2};
        Series s = Series.of("s", y);
        y[0] = 99;
        assertArrayEquals(new double[] {1, 2}, s.y());
        assertArrayEquals(new double[] {1, 2}, s.x());
        assertArrayEquals(new double[] {0, 1}, Series.indexed("s", y, 0).x());
    }

    @Test
    void trainingCurvesStackTwoPanelsAtExactSize() throws IOException {
        List<Series> loss = List.of(Series.of("train loss", TRAIN_LOSS), Series.of("test loss", TEST_LOSS));
        List<Series> acc = List.of(Series.of("train acc", TRAIN_ACC), Series.of("test acc", TEST_ACC));
        BufferedImage img = TrainingCurves.render("LIF MLP on MNIST", "epoch", loss, acc, 800, 501);
        BufferedImage back = TestImages.roundTrip(img, 800, 501);
        // Both colours appear in the top (loss) half and in the bottom (accuracy) half.
        BufferedImage top = back.getSubimage(0, 0, 800, 250);
        BufferedImage bottom = back.getSubimage(0, 250, 800, 251);
        assertTrue(TestImages.countNear(top, Style.color(0), 10) > 50);
        assertTrue(TestImages.countNear(top, Style.color(1), 10) > 50);
        assertTrue(TestImages.countNear(bottom, Style.color(0), 10) > 50);
        assertTrue(TestImages.countNear(bottom, Style.color(1), 10) > 50);
        // A loss-only run gets one full-size panel.
        TestImages.roundTrip(TrainingCurves.render("loss only", "step", loss, List.of(), 500, 300), 500, 300);

        Path file = Png.write(img, TestImages.sampleDir().resolve("training-curves.png"));
        assertEquals(800, TestImages.decode(Files.readAllBytes(file)).getWidth());
    }

    @Test
    void membraneTracesDrawTracesThresholdAndSpikes() throws IOException {
        int steps = 25;
        float[] v1 = new float[steps];
        float[] v2 = new float[steps];
        float[] s2 = new float[steps];
        float a = 0;
        float b = 0;
        for (int t = 0; t < steps; t++) {
            a = 0.8f * a + 0.35f; // crosses 1.0 periodically, recorded before reset
            v1[t] = a;
            if (a >= 1f) {
                a = 0;
            }
            b = 0.9f * b + 0.12f;
            v2[t] = b;
            if (t == 10 || t == 20) {
                s2[t] = 1;
            }
        }
        Trace t1 = Trace.of("neuron 3", v1);
        Trace t2 = Trace.of("neuron 7", v2, s2);
        assertTrue(t1.spikeTimes(1.0).length > 0, "derived spikes");
        assertArrayEquals(new int[] {10, 20}, t2.spikeTimes(1.0));

        BufferedImage img = MembraneTraces.render("membrane", List.of(t1, t2), 1.0, 700, 420);
        BufferedImage back = TestImages.roundTrip(img, 700, 420);
        assertTrue(TestImages.countNear(back, Style.color(0), 10) > 100);
        assertTrue(TestImages.countNear(back, Style.color(1), 10) > 100);
        assertTrue(TestImages.countNear(back, Style.AXIS, 6) > 150, "dashed threshold line");
        Png.write(img, TestImages.sampleDir().resolve("membrane.png"));
    }

    @Test
    void barChartSingleAndMultiSeries() throws IOException {
        List<String> layers = List.of("input", "hidden1", "hidden2", "output");
        BufferedImage one = BarChart.render("firing rate per layer", "layer", "spikes/neuron/step", layers,
                new double[] {0.12, 0.08, 0.05, 0.02}, 600, 400);
        BufferedImage back = TestImages.roundTrip(one, 600, 400);
        assertTrue(TestImages.countNear(back, Style.color(0), 4) > 2000, "filled bars");
        Png.write(one, TestImages.sampleDir().resolve("bar.png"));

        Map<String, double[]> multi = new LinkedHashMap<>();
        multi.put("train", new double[] {0.1, 0.2, 0.3, 0.4});
        multi.put("test", new double[] {0.2, 0.1, 0.3, 0.2});
        BufferedImage two = BarChart.render("rates", "layer", "rate", layers, multi, 600, 400);
        BufferedImage back2 = TestImages.roundTrip(two, 600, 400);
        assertTrue(TestImages.countNear(back2, Style.color(1), 4) > 1000);
        assertThrows(IllegalArgumentException.class, () -> BarChart.render("x", "x", "y", layers,
                new double[] {1, 2}, 600, 400));
    }

    @Test
    void histogramBinsExactly() {
        Histogram.Bins b = Histogram.bin(new double[] {0, 0.1, 0.5, 0.99, 1.0, Double.NaN, 2.0}, 2, 0, 1);
        assertArrayEquals(new long[] {2, 3}, b.counts()); // 1.0 (== hi) falls in the last bin
        assertEquals(2, b.skipped()); // NaN and 2.0
        assertEquals(0.25, b.center(0), 1e-12);
        assertEquals(5, b.total());

        Histogram.Bins auto = Histogram.bin(new double[] {-1, 1, 3}, 4);
        assertEquals(-1, auto.lo());
        assertEquals(3, auto.hi());
        assertArrayEquals(new long[] {1, 0, 1, 1}, auto.counts());

        Histogram.Bins constant = Histogram.bin(new double[] {5, 5}, 3);
        assertEquals(2, constant.total());
        assertThrows(IllegalArgumentException.class, () -> Histogram.bin(new double[] {1}, 0));
    }

    @Test
    void histogramRenders() throws IOException {
        java.util.Random rnd = new java.util.Random(1);
        double[] v = new double[5000];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian() * 0.1;
        }
        BufferedImage img = Histogram.render("weights", "weight", v, 30, 640, 400);
        BufferedImage back = TestImages.roundTrip(img, 640, 400);
        assertTrue(TestImages.countNear(back, Style.color(0), 4) > 3000);
        Png.write(img, TestImages.sampleDir().resolve("histogram.png"));
    }

    @Test
    void rejectsAbsurdSizes() {
        assertThrows(IllegalArgumentException.class,
                () -> LineChart.render("t", "x", "y", List.of(Series.of("a", TRAIN_LOSS)), 10, 10));
    }

    @Test
    void numbersFormatCompactly() {
        assertEquals("0.912346", Numbers.format(0.912345678));
        assertEquals("3", Numbers.format(3.0));
        assertEquals("0.1", Numbers.format((Object) 0.1f));
        assertEquals("42", Numbers.format((Object) 42));
        assertEquals("1e-05", Numbers.format(1e-5).replace("1.0000e-05", "1e-05"));
        assertEquals("NaN", Numbers.format(Double.NaN));
        assertEquals("", Numbers.format((Object) null));
        assertEquals("1234.5", Numbers.format(1234.5));
    }
}
