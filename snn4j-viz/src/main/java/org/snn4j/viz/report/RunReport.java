package org.snn4j.viz.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.snn4j.viz.AtomicFiles;

/**
 * Builder for the self-contained HTML run report: title, key/value summary, then sections (metrics table, plots,
 * model summary, ...) in insertion order. Inline CSS only, no scripts, images as {@code data:} URIs, so the single
 * file renders anywhere. Not thread-safe; build on one thread.
 *
 * <pre>{@code
 * RunReport r = new RunReport("MNIST LIF training")
 *         .summary("final test accuracy", 0.9812).summary("time", "3m 12s");
 * r.metrics(Table.builder("epoch", "train loss", "test acc").row(1, 0.41, 0.93).build());
 * r.section("Curves").image("loss and accuracy", curvesImage);
 * r.writeToDirectory(runDir);                         // runDir/report.html, atomically
 * RunReport.appendSection(runDir.resolve("report.html"), conversionSection);  // later, from another command
 * }</pre>
 */
public final class RunReport {
    /** File name used by {@link #writeToDirectory(Path)}. */
    public static final String FILE_NAME = "report.html";
    /** Marker before which {@link #appendSection} inserts new sections. */
    static final String SECTIONS_END = "<!-- snn4j-sections-end -->";

    private static final String CSS = """
            body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#222;background:#fff;\
            max-width:1000px;margin:24px auto;padding:0 16px;line-height:1.45}
            h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;border-bottom:1px solid #ddd;padding-bottom:.2em;\
            margin-top:1.6em}
            .subtitle{color:#666;margin-top:0}
            table{border-collapse:collapse;margin:.6em 0;font-size:.92em}
            th,td{border:1px solid #ddd;padding:4px 10px;text-align:left;vertical-align:top}
            th{background:#f4f6f8}tbody tr:nth-child(even){background:#fafafa}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
            pre{background:#f6f8fa;border:1px solid #e1e4e8;padding:10px;overflow-x:auto;font-size:.85em}
            figure{margin:1em 0}img{max-width:100%;height:auto;border:1px solid #eee}
            figcaption{color:#555;font-size:.9em}
            footer{margin-top:2.5em;color:#888;font-size:.8em;border-top:1px solid #eee;padding-top:.5em}
            """;

    private final String title;
    private String subtitle;
    private Instant generatedAt;
    private final Map<String, Object> summary = new LinkedHashMap<>();
    private final List<ReportSection> sections = new ArrayList<>();

    public RunReport(String title) {
        this.title = Objects.requireNonNull(title, "title");
    }

    /** Line under the title, e.g. the run directory or command line. */
    public RunReport subtitle(String subtitle) {
        this.subtitle = subtitle;
        return this;
    }

    /** Generation time shown in the footer (omitted when unset, which keeps output reproducible). */
    public RunReport generatedAt(Instant when) {
        this.generatedAt = when;
        return this;
    }

    /** Adds or replaces one summary entry (configuration, final accuracy, time, throughput, ...). */
    public RunReport summary(String key, Object value) {
        summary.put(Objects.requireNonNull(key, "key"), value);
        return this;
    }

    /** Adds or replaces several summary entries, in the map's order. */
    public RunReport summary(Map<String, ?> entries) {
        entries.forEach(this::summary);
        return this;
    }

    /** Adds the metrics table (e.g. one row per epoch) to the "Metrics" section. */
    public RunReport metrics(Table table) {
        section("Metrics").table(table);
        return this;
    }

    /** The section with this title, created at the end if absent; later calls keep appending to it. */
    public ReportSection section(String title) {
        for (ReportSection s : sections) {
            if (s.title().equals(title)) {
                return s;
            }
        }
        String id = ReportSection.slug(title);
        for (int k = 2; hasId(id); k++) {
            id = ReportSection.slug(title) + "-" + k;
        }
        ReportSection s = new ReportSection(id, title);
        sections.add(s);
        return s;
    }

    /** Adds a prepared section, replacing one with the same id in place. */
    public RunReport add(ReportSection section) {
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).id().equals(section.id())) {
                sections.set(i, section);
                return this;
            }
        }
        sections.add(section);
        return this;
    }

    public List<ReportSection> sections() {
        return List.copyOf(sections);
    }

    private boolean hasId(String id) {
        return sections.stream().anyMatch(s -> s.id().equals(id)) || id.equals("summary");
    }

    /** The complete HTML document. */
    public String toHtml() {
        StringBuilder b = new StringBuilder(16 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"snn4j\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>").append(Html.escape(title)).append("</h1>\n");
        if (subtitle != null && !subtitle.isEmpty()) {
            b.append("<p class=\"subtitle\">").append(Html.escape(subtitle)).append("</p>\n");
        }
        if (!summary.isEmpty()) {
            b.append("<section id=\"summary\">\n<h2>Summary</h2>\n")
                    .append(Table.keyValue(summary).toHtml()).append("</section>\n");
        }
        for (ReportSection s : sections) {
            b.append(s.toHtml());
        }
        b.append(SECTIONS_END).append('\n');
        b.append("</main>\n<footer>Generated by snn4j");
        if (generatedAt != null) {
            b.append(" at ").append(DateTimeFormatter.ISO_INSTANT.format(generatedAt.atOffset(ZoneOffset.UTC)));
        }
        b.append("</footer>\n</body>\n</html>\n");
        return b.toString();
    }

    /** Writes the report to {@code file} atomically: a failure leaves the previous file untouched. */
    public Path write(Path file) throws IOException {
        // Render fully in memory first, so an exception while building never reaches the file system.
        return AtomicFiles.writeString(file, toHtml());
    }

    /** Writes {@code dir/report.html} atomically and returns its path. */
    public Path writeToDirectory(Path dir) throws IOException {
        return write(dir.resolve(FILE_NAME));
    }

    /**
     * Adds {@code section} to an existing report file written by this class, replacing a section with the same id
     * (so re-running a later command does not duplicate it) or inserting it after the last section. Atomic.
     *
     * @throws IOException if the file cannot be read or written, or was not written by {@link RunReport}
     */
    public static Path appendSection(Path reportFile, ReportSection section) throws IOException {
        String html = Files.readString(reportFile, StandardCharsets.UTF_8);
        String start = ReportSection.startMarker(section.id());
        String end = ReportSection.endMarker(section.id());
        int s = html.indexOf(start);
        String updated;
        if (s >= 0) {
            int e = html.indexOf(end, s);
            if (e < 0) {
                throw new IOException(reportFile + ": section '" + section.id() + "' has no end marker");
            }
            int after = e + end.length();
            if (after < html.length() && html.charAt(after) == '\n') {
                after++;
            }
            updated = html.substring(0, s) + section.toHtml() + html.substring(after);
        } else {
            int m = html.lastIndexOf(SECTIONS_END);
            if (m < 0) {
                throw new IOException(reportFile + " is not an snn4j report (no '" + SECTIONS_END + "' marker)");
            }
            updated = html.substring(0, m) + section.toHtml() + html.substring(m);
        }
        return AtomicFiles.writeString(reportFile, updated);
    }
}
