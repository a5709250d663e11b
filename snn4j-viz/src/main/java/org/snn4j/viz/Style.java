package org.snn4j.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/** Shared look of all snn4j plots, so PNGs in one report match each other. */
final class Style {
    static final int DEFAULT_WIDTH = 800;
    static final int DEFAULT_HEIGHT = 500;
    static final String FONT = Font.SANS_SERIF;
    static final Color BACKGROUND = Color.WHITE;
    static final Color TEXT = new Color(0x22, 0x22, 0x22);
    static final Color AXIS = new Color(0x88, 0x88, 0x88);
    static final Color GRID = new Color(0xE6, 0xE6, 0xE6);
    /** Colour-blind-safe palette (Okabe-Ito order, darker variants first for contrast on white). */
    static final Color[] PALETTE = {
        new Color(0x00, 0x72, 0xB2), new Color(0xD5, 0x5E, 0x00), new Color(0x00, 0x9E, 0x73),
        new Color(0xCC, 0x79, 0xA7), new Color(0xE6, 0x9F, 0x00), new Color(0x56, 0xB4, 0xE9),
        new Color(0x33, 0x33, 0x33), new Color(0xF0, 0xE4, 0x42)
    };

    private Style() {}

    static Color color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    static void apply(AxesChartStyler s) {
        s.setChartBackgroundColor(BACKGROUND);
        s.setPlotBackgroundColor(BACKGROUND);
        s.setPlotBorderColor(AXIS);
        s.setPlotGridLinesColor(GRID);
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartFontColor(TEXT);
        s.setAxisTickLabelsColor(TEXT);
        s.setAxisTickMarksColor(AXIS);
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font(FONT, Font.BOLD, 15));
        s.setAxisTitleFont(new Font(FONT, Font.PLAIN, 13));
        s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 11));
        s.setLegendFont(new Font(FONT, Font.PLAIN, 12));
        s.setLegendBorderColor(GRID);
        s.setLegendBackgroundColor(new Color(255, 255, 255, 220));
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setSeriesColors(PALETTE);
        s.setAntiAlias(true);
        s.setMarkerSize(5);
        s.setChartPadding(8);
    }

    static void checkSize(int width, int height) {
        if (width < 50 || height < 50 || width > 20_000 || height > 20_000) {
            throw new IllegalArgumentException("plot size must be within 50..20000 px, got " + width + "x" + height);
        }
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
