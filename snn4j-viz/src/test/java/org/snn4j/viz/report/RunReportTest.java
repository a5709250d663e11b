package org.snn4j.viz.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.viz.Headless;
import org.snn4j.viz.LineChart;
import org.snn4j.viz.Png;
import org.snn4j.viz.Series;

class RunReportTest {
    static {
        Headless.ensure();
    }

    @TempDir
    Path dir;

    private static final Pattern DATA_URI = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");

    private static BufferedImage solid(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    /** Decodes every embedded image of the document. */
    private static List<BufferedImage> images(String html) throws IOException {
        List<BufferedImage> out = new ArrayList<>();
        Matcher m = DATA_URI.matcher(html);
        while (m.find()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertTrue(img != null, "embedded image decodes");
            out.add(img);
        }
        return out;
    }

    private static RunReport sample() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model", "LIF MLP 784-<256>-10 & surrogate");
        config.put("epochs", 3);
        RunReport r = new RunReport("Run <mnist> & friends")
                .subtitle("runs/2025-01-01")
                .summary(config)
                .summary("final test accuracy", 0.9812)
                .summary("time", "3m 12s")
                .summary("throughput", "1234.5 samples/s");
        r.metrics(Table.builder("epoch", "train loss", "test acc")
                .row(1, 0.4123, 0.93)
                .row(2, 0.2061, 0.9655)
                .row(3, 0.1507, 0.9812)
                .build());
        r.section("Plots").image("solid red", solid(40, 30, Color.RED))
                .image("curves", LineChart.render("loss", "epoch", "loss",
                        List.of(Series.of("train", new double[] {1, 0.5, 0.3})), 320, 200));
        r.section("Model").pre("Linear(784 -> 256)\n  LIF <beta=0.9>\n");
        return r;
    }

    @Test
    void htmlContainsTablesImagesAndEscapedText() throws IOException {
        String html = sample().toHtml();
        sample().writeToDirectory(Path.of("target", "viz-samples")); // for eyeballing; target/ is not committed
        // Summary and metrics values, formatted as given.
        for (String v : List.of("0.9812", "3m 12s", "1234.5 samples/s", "0.4123", "0.2061", "0.9655", "0.1507",
                ">epoch<", ">train loss<", ">3<")) {
            assertTrue(html.contains(v), "missing " + v);
        }
        assertTrue(html.contains("<td class=\"num\">0.9655</td>"), "numbers right-aligned");
        // User text is escaped everywhere: title, summary, pre block.
        assertTrue(html.contains("<h1>Run &lt;mnist&gt; &amp; friends</h1>"));
        assertTrue(html.contains("<title>Run &lt;mnist&gt; &amp; friends</title>"));
        assertTrue(html.contains("LIF MLP 784-&lt;256&gt;-10 &amp; surrogate"));
        assertTrue(html.contains("<pre>Linear(784 -&gt; 256)\n  LIF &lt;beta=0.9&gt;\n</pre>"));
        assertFalse(html.contains("<mnist>"));
        assertFalse(html.contains("<256>"));
        // Self-contained: no scripts, no external references.
        assertFalse(html.toLowerCase().contains("<script"));
        assertFalse(html.contains("http://") || html.contains("https://"), "no external resources");
        assertFalse(html.contains("<link"));

        List<BufferedImage> imgs = images(html);
        assertEquals(2, imgs.size());
        assertEquals(40, imgs.get(0).getWidth());
        assertEquals(30, imgs.get(0).getHeight());
        assertEquals(Color.RED.getRGB(), imgs.get(0).getRGB(20, 15));
        assertEquals(320, imgs.get(1).getWidth());
        assertEquals(200, imgs.get(1).getHeight());
        assertTrue(html.contains("width=\"40\" height=\"30\""));

        // Section order follows insertion: summary, metrics, plots, model.
        int s = html.indexOf("id=\"summary\"");
        int m = html.indexOf("id=\"metrics\"");
        int p = html.indexOf("id=\"plots\"");
        int mo = html.indexOf("id=\"model\"");
        assertTrue(s > 0 && s < m && m < p && p < mo);
    }

    @Test
    void writesReportHtmlAtomicallyAndSectionsAreReusable() throws IOException {
        RunReport r = sample().generatedAt(Instant.parse("2025-01-02T03:04:05Z"));
        // Asking for an existing section appends to it rather than creating a second one.
        r.section("Plots").text("more text");
        assertEquals(3, r.sections().size());
        Path file = r.writeToDirectory(dir.resolve("run1"));
        assertEquals(dir.resolve("run1").resolve("report.html"), file);
        String html = Files.readString(file);
        assertEquals(sample().generatedAt(Instant.parse("2025-01-02T03:04:05Z")).section("Plots")
                .text("more text").id(), "plots");
        assertTrue(html.contains("2025-01-02T03:04:05Z"));
        assertTrue(html.indexOf("more text") < html.indexOf("id=\"model\""));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "only report.html, no temp file");
        }
    }

    @Test
    void appendSectionInsertsThenReplacesInExistingFile() throws IOException {
        Path file = sample().writeToDirectory(dir);
        ReportSection conv = new ReportSection("Conversion (ANN→SNN)")
                .keyValues(Map.of("ann accuracy", 0.985))
                .image("rates", Png.encode(solid(10, 12, Color.BLUE)));
        assertEquals("conversion-ann-snn", conv.id());
        RunReport.appendSection(file, conv);
        String once = Files.readString(file);
        assertTrue(once.contains("<h2>Conversion (ANN→SNN)</h2>"));
        assertTrue(once.indexOf("id=\"model\"") < once.indexOf("id=\"conversion-ann-snn\""));
        assertTrue(once.indexOf("id=\"conversion-ann-snn\"") < once.indexOf("</main>"));
        assertEquals(3, images(once).size());
        assertTrue(once.contains("width=\"10\" height=\"12\""));

        // Re-running the later command replaces its section instead of duplicating it.
        RunReport.appendSection(file, new ReportSection("Conversion (ANN→SNN)").text("second run"));
        String twice = Files.readString(file);
        assertEquals(1, count(twice, "id=\"conversion-ann-snn\""));
        assertTrue(twice.contains("second run"));
        assertFalse(twice.contains("ann accuracy"));
        assertEquals(2, images(twice).size());
        // Everything before the replaced section is unchanged.
        assertEquals(once.substring(0, once.indexOf("<!-- snn4j-section:conversion")),
                twice.substring(0, twice.indexOf("<!-- snn4j-section:conversion")));
    }

    @Test
    void appendSectionRejectsForeignFile() throws IOException {
        Path f = dir.resolve("other.html");
        Files.writeString(f, "<html><body>hi</body></html>");
        assertThrows(IOException.class, () -> RunReport.appendSection(f, new ReportSection("x")));
        assertEquals("<html><body>hi</body></html>", Files.readString(f));
    }

    @Test
    void tablesAndEscapingHelpers() {
        assertEquals("a&lt;b&amp;c&gt;&quot;&#39;", Html.escape("a<b&c>\"'"));
        assertEquals("plain", Html.escape("plain"));
        Table t = Table.ofColumns(List.of("epoch", "loss"), new double[] {1, 2, 3}, new double[] {0.5, 0.25});
        assertEquals(List.of(List.of("1", "0.5"), List.of("2", "0.25"), List.of("3", "")), t.rows());
        assertEquals(List.of(true, true), t.numeric());
        Table kv = Table.keyValue(Map.of("k", "v"));
        assertEquals(List.of(false, false), kv.numeric());
        assertThrows(IllegalArgumentException.class, () -> Table.builder("a", "b").row(1));
        assertThrows(IllegalArgumentException.class, () -> new ReportSection("Bad Id", "t"));
        assertEquals("section", ReportSection.slug("***"));
        assertThrows(IllegalArgumentException.class, () -> new ReportSection("x").image("bad", new byte[30]));
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }
}
