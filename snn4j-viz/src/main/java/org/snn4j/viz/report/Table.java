package org.snn4j.viz.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.snn4j.viz.Numbers;

/**
 * A table of already-formatted cells with a header row. Numbers given to the builder are formatted with
 * {@link Numbers#format(Object)} and right-aligned in the HTML.
 *
 * @param header  column names
 * @param rows    cells, each row as long as the header
 * @param numeric per column, whether every non-empty cell was given as a number (decides alignment)
 */
public record Table(List<String> header, List<List<String>> rows, List<Boolean> numeric) {
    public Table {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
        numeric = List.copyOf(numeric);
        if (numeric.size() != header.size()) {
            throw new IllegalArgumentException("numeric flags: " + numeric.size() + " for " + header.size() + " columns");
        }
        for (List<String> r : rows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("row has " + r.size() + " cells, header has " + header.size());
            }
        }
    }

    /** Starts a table with the given column names. */
    public static Builder builder(String... header) {
        return new Builder(Arrays.asList(header));
    }

    /** Starts a table with the given column names. */
    public static Builder builder(List<String> header) {
        return new Builder(header);
    }

    /** Two-column key/value table, in the map's iteration order. */
    public static Table keyValue(Map<String, ?> entries) {
        Builder b = builder("key", "value");
        entries.forEach((k, v) -> b.row(k, v));
        return b.build();
    }

    /**
     * Column-major table: {@code columns[c][r]} is row {@code r} of column {@code c}, e.g. per-epoch metrics kept
     * as one array per metric. Shorter columns leave empty cells.
     */
    public static Table ofColumns(List<String> header, double[]... columns) {
        if (columns.length != header.size()) {
            throw new IllegalArgumentException(columns.length + " columns for " + header.size() + " header names");
        }
        int n = 0;
        for (double[] c : columns) {
            n = Math.max(n, c.length);
        }
        Builder b = builder(header);
        for (int r = 0; r < n; r++) {
            Object[] cells = new Object[columns.length];
            for (int c = 0; c < columns.length; c++) {
                cells[c] = r < columns[c].length ? (Object) columns[c][r] : null;
            }
            b.row(cells);
        }
        return b.build();
    }

    /** HTML {@code <table>} with escaped cells. */
    public String toHtml() {
        StringBuilder s = new StringBuilder(256 + rows.size() * 64);
        s.append("<table>\n<thead><tr>");
        for (int c = 0; c < header.size(); c++) {
            s.append(numeric.get(c) ? "<th class=\"num\">" : "<th>").append(Html.escape(header.get(c))).append("</th>");
        }
        s.append("</tr></thead>\n<tbody>\n");
        for (List<String> r : rows) {
            s.append("<tr>");
            for (int c = 0; c < r.size(); c++) {
                s.append(numeric.get(c) ? "<td class=\"num\">" : "<td>").append(Html.escape(r.get(c))).append("</td>");
            }
            s.append("</tr>\n");
        }
        s.append("</tbody>\n</table>\n");
        return s.toString();
    }

    /** Accumulates rows; cells may be any objects (numbers are formatted, {@code null} is an empty cell). */
    public static final class Builder {
        private final List<String> header;
        private final List<List<String>> rows = new ArrayList<>();
        private final boolean[] numeric;
        private final boolean[] seen;

        private Builder(List<String> header) {
            this.header = List.copyOf(header);
            for (String h : this.header) {
                Objects.requireNonNull(h, "header name");
            }
            this.numeric = new boolean[this.header.size()];
            this.seen = new boolean[this.header.size()];
            Arrays.fill(numeric, true);
        }

        public Builder row(Object... cells) {
            if (cells.length != header.size()) {
                throw new IllegalArgumentException("row has " + cells.length + " cells, header has " + header.size());
            }
            List<String> r = new ArrayList<>(cells.length);
            for (int c = 0; c < cells.length; c++) {
                Object v = cells[c];
                if (v != null) {
                    seen[c] = true;
                    numeric[c] &= v instanceof Number;
                }
                r.add(Numbers.format(v));
            }
            rows.add(r);
            return this;
        }

        public Table build() {
            List<Boolean> flags = new ArrayList<>(numeric.length);
            for (int c = 0; c < numeric.length; c++) {
                flags.add(numeric[c] && seen[c]);
            }
            return new Table(header, rows, flags);
        }
    }
}
