package org.snn4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RasterPlotTest {
    static {
        Headless.ensure();
    }

    private static int centerRgb(BufferedImage img, Rectangle r) {
        return img.getRGB(r.x + r.width / 2, r.y + r.height / 2);
    }

    @Test
    void knownSpikeIsDarkAndSilentCellIsBackground() {
        // T=10, N=8: neuron 2 fires at t=3, neuron 5 at t=7, nothing else.
        float[] flat = new float[10 * 8];
        flat[3 * 8 + 2] = 1;
        flat[7 * 8 + 5] = 1;
        List<SpikeRaster> layers = List.of(SpikeRaster.of("hidden", flat, 10, 8));
        BufferedImage img = TestImages.roundTrip(RasterPlot.render("sample 0", layers, 600, 400), 600, 400);

        Rectangle spike = RasterPlot.spikeBounds("sample 0", layers, 600, 400, 0, 3, 2);
        Rectangle spike2 = RasterPlot.spikeBounds("sample 0", layers, 600, 400, 0, 7, 5);
        Rectangle silent = RasterPlot.spikeBounds("sample 0", layers, 600, 400, 0, 3, 5);
        Rectangle silent2 = RasterPlot.spikeBounds("sample 0", layers, 600, 400, 0, 7, 2);
        assertTrue(TestImages.isDark(centerRgb(img, spike)));
        assertTrue(TestImages.isDark(centerRgb(img, spike2)));
        assertTrue(TestImages.isWhite(centerRgb(img, silent)));
        assertTrue(TestImages.isWhite(centerRgb(img, silent2)));

        // Geometry sanity independent of spikeBounds: later steps lie to the right, higher neurons higher up.
        assertTrue(spike2.x > spike.x);
        assertTrue(spike2.y < spike.y);
        assertTrue(spike.width > 1 && spike.height > 1, "ticks are readable at small N");

        // Inside the area spanned by all cells, the dark pixels are exactly the two ticks: nothing else is drawn.
        Rectangle first = RasterPlot.spikeBounds("sample 0", layers, 600, 400, 0, 0, 0);
        Rectangle last = RasterPlot.spikeBounds("sample 0", layers, 600, 400, 0, 9, 7);
        int dark = 0;
        for (int y = last.y; y < first.y + first.height; y++) {
            for (int x = first.x; x < last.x + last.width; x++) {
                if (TestImages.isDark(img.getRGB(x, y))) {
                    dark++;
                }
            }
        }
        assertEquals(spike.width * spike.height + spike2.width * spike2.height, dark);
    }

    @Test
    void denseLayerWithThousandNeuronsStaysReadable() throws IOException {
        int steps = 25;
        int n = 1000;
        boolean[][] s = new boolean[steps][n];
        Random rnd = new Random(7);
        int count = 0;
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
                // Rate rises with neuron index so the picture has visible structure.
                if (rnd.nextDouble() < 0.2 * i / n) {
                    s[t][i] = true;
                    count++;
                }
            }
        }
        // Input layer with a sparse hand-made pattern on top of the dense hidden layer.
        float[][] in = new float[steps][20];
        for (int t = 0; t < steps; t += 2) {
            in[t][t % 20] = 1;
        }
        SpikeRaster hidden = SpikeRaster.of("hidden (LIF)", s);
        SpikeRaster input = SpikeRaster.of("input", in);
        assertEquals(count, hidden.count());
        assertEquals((double) count / (steps * n), hidden.rate(), 1e-12);

        List<SpikeRaster> layers = List.of(input, hidden);
        int h = RasterPlot.defaultHeight(2);
        BufferedImage img = TestImages.roundTrip(RasterPlot.render("raster", layers), 800, h);

        // Every spike of the dense layer is drawn: its tick (at least 1 px) is dark.
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i += 37) {
                Rectangle r = RasterPlot.spikeBounds("raster", layers, 800, h, 1, t, i);
                assertTrue(r.width >= 1 && r.height >= 1);
                if (s[t][i]) {
                    assertTrue(TestImages.isDark(img.getRGB(r.x, r.y)), "spike t=" + t + " n=" + i);
                }
            }
        }
        // Neuron 0 never fires (rate 0), and neurons 0..3 share its pixel row at this density: background.
        Rectangle quiet = RasterPlot.spikeBounds("raster", layers, 800, h, 1, 12, 0);
        boolean anyLow = false;
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < 8; i++) {
                anyLow |= s[t][i];
            }
        }
        if (!anyLow) {
            assertTrue(TestImages.isWhite(img.getRGB(quiet.x, quiet.y)));
        }
        // The second panel lies below the first.
        assertTrue(RasterPlot.spikeBounds("raster", layers, 800, h, 1, 0, 999).y
                > RasterPlot.spikeBounds("raster", layers, 800, h, 0, 0, 0).y);
        Png.write(img, TestImages.sampleDir().resolve("raster.png"));
    }

    @Test
    void panelTitleShowsRate() {
        boolean[] flat = new boolean[4 * 5];
        flat[0] = true;
        flat[7] = true;
        SpikeRaster r = SpikeRaster.of("out", flat, 4, 5);
        assertEquals(0.1, r.rate(), 1e-12);
        String title = RasterPlot.panelTitle(r);
        assertTrue(title.contains("out"), title);
        assertTrue(title.contains("rate 0.1000"), title);
        assertTrue(title.contains("2 spikes"), title);
        assertTrue(r.spike(1, 2));
        assertFalse(r.spike(1, 3));
    }

    @Test
    void rejectsBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> SpikeRaster.of("x", new float[10], 3, 3));
        assertThrows(IllegalArgumentException.class, () -> SpikeRaster.of("x", new float[][] {{1, 0}, {1}}));
        assertThrows(IllegalArgumentException.class, () -> SpikeRaster.of("x", new boolean[0][0]));
        assertThrows(IllegalArgumentException.class, () -> RasterPlot.render("x", List.of(), 400, 300));
    }

    @Test
    void niceTicksCoverRange() {
        assertEquals(List.of(0, 5, 10, 15, 20, 24), box(RasterPlot.niceTicks(25, 6)));
        assertEquals(List.of(0), box(RasterPlot.niceTicks(1, 5)));
        int[] t = RasterPlot.niceTicks(1000, 5);
        assertEquals(0, t[0]);
        assertEquals(999, t[t.length - 1]);
    }

    private static List<Integer> box(int[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}
