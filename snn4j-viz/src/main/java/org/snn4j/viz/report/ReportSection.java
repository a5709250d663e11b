package org.snn4j.viz.report;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.snn4j.viz.Png;

/**
 * One titled section of a run report: paragraphs, tables, preformatted text and embedded PNG images, rendered in
 * the order they were added. Its {@link #id()} (a slug of the title unless given) identifies it when a later command
 * replaces it in an existing report file.
 */
public final class ReportSection {
    private final String id;
    private final String title;
    private final List<String> blocks = new ArrayList<>();

    /** Section whose id is derived from the title. */
    public ReportSection(String title) {
        this(slug(title), title);
    }

    /** Section with an explicit id (letters, digits and '-' only, so it is safe in HTML ids and comments). */
    public ReportSection(String id, String title) {
        this.title = Objects.requireNonNull(title, "title");
        if (!Objects.requireNonNull(id, "id").matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("section id must match [a-z0-9][a-z0-9-]*, got '" + id + "'");
        }
        this.id = id;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** Adds a paragraph of plain text (escaped). */
    public ReportSection text(String text) {
        blocks.add("<p>" + Html.escape(text) + "</p>\n");
        return this;
    }

    /** Adds preformatted text (escaped), e.g. a model summary or a configuration dump. */
    public ReportSection pre(String text) {
        blocks.add("<pre>" + Html.escape(text) + "</pre>\n");
        return this;
    }

    /** Adds a table. */
    public ReportSection table(Table table) {
        blocks.add(table.toHtml());
        return this;
    }

    /** Adds a two-column key/value table. */
    public ReportSection keyValues(Map<String, ?> entries) {
        return table(Table.keyValue(entries));
    }

    /** Embeds {@code image} as a PNG {@code data:} URI with a caption. */
    public ReportSection image(String caption, BufferedImage image) {
        return image(caption, Png.encode(image), image.getWidth(), image.getHeight());
    }

    /** Embeds already-encoded PNG bytes (e.g. a plot file written earlier) with a caption. */
    public ReportSection image(String caption, byte[] png) {
        int[] size = pngSize(png);
        return image(caption, png, size[0], size[1]);
    }

    private ReportSection image(String caption, byte[] png, int width, int height) {
        String alt = Html.escape(caption == null ? "" : caption);
        StringBuilder b = new StringBuilder(png.length * 4 / 3 + 256);
        b.append("<figure><img src=\"").append(Png.dataUri(png)).append("\" alt=\"").append(alt)
                .append("\" width=\"").append(width).append("\" height=\"").append(height).append("\">");
        if (caption != null && !caption.isEmpty()) {
            b.append("<figcaption>").append(alt).append("</figcaption>");
        }
        b.append("</figure>\n");
        blocks.add(b.toString());
        return this;
    }

    /** Section HTML wrapped in the start/end markers that {@link RunReport#appendSection} looks for. */
    public String toHtml() {
        StringBuilder b = new StringBuilder(1024);
        b.append(startMarker(id)).append('\n');
        b.append("<section id=\"").append(id).append("\">\n<h2>").append(Html.escape(title)).append("</h2>\n");
        blocks.forEach(b::append);
        b.append("</section>\n").append(endMarker(id)).append('\n');
        return b.toString();
    }

    static String startMarker(String id) {
        return "<!-- snn4j-section:" + id + " -->";
    }

    static String endMarker(String id) {
        return "<!-- /snn4j-section:" + id + " -->";
    }

    /** Lower-case letters and digits, other runs collapsed to '-': "Conversion (ANN→SNN)" becomes "conversion-ann-snn". */
    public static String slug(String title) {
        String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "section" : s;
    }

    /** Width and height from the PNG IHDR chunk, which always directly follows the 8-byte signature. */
    static int[] pngSize(byte[] png) {
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        if (png.length < 24) {
            throw new IllegalArgumentException("not a PNG: " + png.length + " bytes");
        }
        for (int i = 0; i < sig.length; i++) {
            if (png[i] != sig[i]) {
                throw new IllegalArgumentException("not a PNG: bad signature");
            }
        }
        return new int[] {readInt(png, 16), readInt(png, 20)};
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
