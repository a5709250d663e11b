package org.snn4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses and formats the one-line {@code key=value key=value ...} result format. */
public final class KeyValues {
    private KeyValues() {
    }

    /** Parses every {@code key=value} token of a line; other tokens are ignored. */
    public static Map<String, String> parse(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String tok : line.trim().split("\\s+")) {
            int eq = tok.indexOf('=');
            if (eq > 0 && eq < tok.length() - 1) {
                out.put(tok.substring(0, eq), tok.substring(eq + 1));
            }
        }
        return out;
    }

    /** Formats a map as one line of {@code key=value} pairs in insertion order. */
    public static String format(Map<String, ?> values) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(e.getKey()).append('=').append(formatValue(e.getValue()));
        }
        return sb.toString();
    }

    private static String formatValue(Object v) {
        if (v instanceof Double d) {
            return fmt(d);
        }
        if (v instanceof Float f) {
            return fmt(f);
        }
        return String.valueOf(v);
    }

    private static String fmt(double d) {
        double a = Math.abs(d);
        if (a != 0 && (a < 0.01 || a >= 1e6)) {
            return String.format(java.util.Locale.ROOT, "%.4g", d);
        }
        if (a < 10) {
            return String.format(java.util.Locale.ROOT, "%.4f", d);
        }
        return String.format(java.util.Locale.ROOT, "%.1f", d);
    }
}
