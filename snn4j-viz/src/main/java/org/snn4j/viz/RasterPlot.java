package org.snn4j.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Spike raster for one sample: one panel per layer stacked vertically, x = time step, y = neuron index (0 at the
 * bottom), one small dark tick per spike. Drawn with Java2D rather than XChart because a scatter series with tens of
 * thousands of markers is slow and smears at N = 1000; plain rectangles stay crisp and cost microseconds.
 */
public final class RasterPlot {
    static {
        Headless.ensure();
    }

    /** Spike colour; dark so spikes stand out even where many neurons share one pixel row. */
    public static final Color SPIKE = new Color(0x10, 0x10, 0x30);
    /** Panel background where no spike was drawn. */
    public static final Color BACKGROUND = Color.WHITE;

    private static final int MARGIN_LEFT = 64;
    private static final int MARGIN_RIGHT = 16;
    private static final int TITLE_H = 30;
    private static final int PANEL_TITLE_H = 22;
    private static final int TICKS_H = 20;
    private static final int PANEL_GAP = 8;
    private static final int XLABEL_H = 22;

    private RasterPlot() {}

    /** Default size: 800 wide, 200 px per layer (at least 500). */
    public static BufferedImage render(String title, List<SpikeRaster> layers) {
        return render(title, layers, Style.DEFAULT_WIDTH, defaultHeight(layers.size()));
    }

    /** Height that gives each layer a readable panel. */
    public static int defaultHeight(int layers) {
        return Math.max(Style.DEFAULT_HEIGHT, 60 + 200 * layers);
    }

    /** Renders the layers into one {@code width x height} image. */
    public static BufferedImage render(String title, List<SpikeRaster> layers, int width, int height) {
        Layout layout = new Layout(title, layers, width, height);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            // Shapes stay aliased: spike ticks must be whole, crisp pixels at any density.
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            if (layout.hasTitle) {
                g.setColor(Style.TEXT);
                g.setFont(new Font(Style.FONT, Font.BOLD, 15));
                centered(g, title, width / 2, 21);
            }
            for (int l = 0; l < layers.size(); l++) {
                drawPanel(g, layout, l, layers.get(l));
            }
            g.setColor(Style.TEXT);
            g.setFont(new Font(Style.FONT, Font.PLAIN, 13));
            centered(g, "time step", MARGIN_LEFT + layout.plotW / 2, height - 7);
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * Pixel rectangle of the tick drawn for a spike of neuron {@code n} at time step {@code t} in panel
     * {@code layer}, for the same arguments as {@link #render(String, List, int, int)}. Lets callers (and tests)
     * locate a spike in the image.
     */
    public static Rectangle spikeBounds(String title, List<SpikeRaster> layers, int width, int height,
                                        int layer, int t, int n) {
        Layout layout = new Layout(title, layers, width, height);
        SpikeRaster r = layers.get(layer);
        java.util.Objects.checkIndex(t, r.steps());
        java.util.Objects.checkIndex(n, r.neurons());
        return layout.tick(layer, r, t, n);
    }

    /** Title of a layer panel: name, spike count, and mean rate so layers can be compared at a glance. */
    public static String panelTitle(SpikeRaster r) {
        return String.format(Locale.ROOT, "%s  —  %d spikes, rate %.4f spikes/neuron/step  (N=%d, T=%d)",
                r.name(), r.count(), r.rate(), r.neurons(), r.steps());
    }

    private static void drawPanel(Graphics2D g, Layout layout, int l, SpikeRaster r) {
        int top = layout.panelTop(l);
        int plotTop = top + PANEL_TITLE_H;
        int plotBottom = plotTop + layout.plotH;
        int left = MARGIN_LEFT;
        int right = left + layout.plotW;

        g.setColor(Style.TEXT);
        g.setFont(new Font(Style.FONT, Font.BOLD, 12));
        g.drawString(panelTitle(r), left, top + 15);

        g.setColor(SPIKE);
        for (int t = 0; t < r.steps(); t++) {
            for (int n = 0; n < r.neurons(); n++) {
                if (r.spike(t, n)) {
                    Rectangle b = layout.tick(l, r, t, n);
                    g.fillRect(b.x, b.y, b.width, b.height);
                }
            }
        }

        // Frame and ticks: drawn one pixel outside the plot area so they never cover a spike.
        g.setColor(Style.AXIS);
        g.drawRect(left - 1, plotTop - 1, layout.plotW + 1, layout.plotH + 1);
        g.setFont(new Font(Style.FONT, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (int t : niceTicks(r.steps(), Math.max(2, layout.plotW / 60))) {
            int x = (int) Math.round(left + (t + 0.5) * layout.plotW / r.steps());
            g.setColor(Style.AXIS);
            g.drawLine(x, plotBottom + 1, x, plotBottom + 4);
            g.setColor(Style.TEXT);
            centered(g, Integer.toString(t), x, plotBottom + 5 + fm.getAscent());
        }
        for (int n : niceTicks(r.neurons(), Math.max(2, layout.plotH / 30))) {
            int y = (int) Math.round(plotBottom - (n + 0.5) * layout.plotH / r.neurons());
            g.setColor(Style.AXIS);
            g.drawLine(left - 5, y, left - 2, y);
            g.setColor(Style.TEXT);
            String s = Integer.toString(n);
            g.drawString(s, left - 7 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
        }
        // Rotated axis label, centred on the panel.
        g.setFont(new Font(Style.FONT, Font.PLAIN, 12));
        AffineTransform saved = g.getTransform();
        g.translate(14, plotTop + layout.plotH / 2.0);
        g.rotate(-Math.PI / 2);
        centered(g, "neuron", 0, 0);
        g.setTransform(saved);
        g.setColor(Style.TEXT);
    }

    /** Tick values in [0, count) at a 1/2/5 x 10^k spacing, always including 0 and count - 1. */
    static int[] niceTicks(int count, int maxTicks) {
        if (count == 1) {
            return new int[] {0};
        }
        double raw = (double) (count - 1) / Math.max(1, maxTicks);
        int step = 1;
        for (long mag = 1; ; mag *= 10) {
            if (mag >= raw) { step = (int) mag; break; }
            if (2 * mag >= raw) { step = (int) (2 * mag); break; }
            if (5 * mag >= raw) { step = (int) (5 * mag); break; }
        }
        java.util.List<Integer> ticks = new java.util.ArrayList<>();
        for (int v = 0; v < count; v += step) {
            ticks.add(v);
        }
        int last = count - 1;
        // Replace a tick that would crowd the final label instead of printing both.
        if (ticks.getLast() != last) {
            if (last - ticks.getLast() < step / 2 && ticks.size() > 1) {
                ticks.removeLast();
            }
            ticks.add(last);
        }
        return ticks.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void centered(Graphics2D g, String s, int cx, int baseline) {
        g.drawString(s, cx - g.getFontMetrics().stringWidth(s) / 2, baseline);
    }

    /** Pixel geometry shared by rendering and {@link #spikeBounds}. */
    private static final class Layout {
        final boolean hasTitle;
        final int plotW;
        final int plotH;
        final int firstTop;

        Layout(String title, List<SpikeRaster> layers, int width, int height) {
            Style.checkSize(width, height);
            if (layers.isEmpty()) {
                throw new IllegalArgumentException("raster plot needs at least one layer");
            }
            hasTitle = title != null && !title.isEmpty();
            firstTop = hasTitle ? TITLE_H : 6;
            int perPanel = (height - firstTop - XLABEL_H) / layers.size();
            plotW = width - MARGIN_LEFT - MARGIN_RIGHT;
            plotH = perPanel - PANEL_TITLE_H - TICKS_H - PANEL_GAP;
            if (plotH < 10 || plotW < 10) {
                throw new IllegalArgumentException("image " + width + "x" + height + " too small for "
                        + layers.size() + " raster panels");
            }
        }

        int panelTop(int layer) {
            return firstTop + layer * (PANEL_TITLE_H + plotH + TICKS_H + PANEL_GAP);
        }

        Rectangle tick(int layer, SpikeRaster r, int t, int n) {
            int plotTop = panelTop(layer) + PANEL_TITLE_H;
            int plotBottom = plotTop + plotH;
            // Column of step t: a centred tick 60% of the column wide (at least 1 px) so adjacent steps stay apart.
            int x0 = MARGIN_LEFT + (int) ((long) t * plotW / r.steps());
            int x1 = MARGIN_LEFT + (int) ((long) (t + 1) * plotW / r.steps());
            int cw = x1 - x0;
            int w = cw >= 3 ? Math.max(1, (int) Math.round(cw * 0.6)) : Math.max(1, cw);
            int x = x0 + (cw - w) / 2;
            // Row of neuron n (0 at the bottom); below 1 px per neuron several neurons share one 1 px row.
            int yTop = plotBottom - (int) ((long) (n + 1) * plotH / r.neurons());
            int yBot = plotBottom - (int) ((long) n * plotH / r.neurons());
            int rh = yBot - yTop;
            int h = rh >= 4 ? Math.max(1, (int) Math.round(rh * 0.8)) : Math.max(1, rh);
            int y = rh == 0 ? Math.min(yTop, plotBottom - 1) : yTop + (rh - h) / 2;
            return new Rectangle(x, y, w, h);
        }
    }
}
