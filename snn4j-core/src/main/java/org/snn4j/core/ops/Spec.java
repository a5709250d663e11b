package org.snn4j.core.ops;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command-line component spec {@code name[:key=value,key=value,flag,...]}, as used by
 * {@code Encoder.parse}, {@code Loss.parse} and {@code LrSchedules.parse}; for example
 * {@code "rate:gain=0.5"}, {@code "latency:tau=5,linear"}, {@code "step:step_size=10,gamma=0.1"}.
 * A bare {@code flag} means {@code flag=true}. Names and keys are case-insensitive; {@code -} and
 * {@code _} are interchangeable in keys. Callers read what they know and then call
 * {@link #finish()}, which rejects any key that was not read, naming it and the known keys.
 */
public final class Spec {
    private final String text;
    private final String name;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> read = new LinkedHashSet<>();

    private Spec(String text, String name) {
        this.text = text;
        this.name = name;
    }

    /** Parses {@code text}; {@code what} names the component in error messages ("encoder", "loss"). */
    public static Spec parse(String what, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " spec is empty");
        }
        String t = text.trim();
        int colon = t.indexOf(':');
        String name = (colon < 0 ? t : t.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        Spec s = new Spec(t, name);
        if (colon >= 0) {
            for (String part : t.substring(colon + 1).split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                String key = normKey(eq < 0 ? p : p.substring(0, eq));
                String value = eq < 0 ? "true" : p.substring(eq + 1).trim();
                if (s.values.put(key, value) != null) {
                    throw new IllegalArgumentException(what + " spec '" + t + "': key '" + key + "' given twice");
                }
            }
        }
        return s;
    }

    private static String normKey(String k) {
        return k.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** The component name, lower-case. */
    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    public boolean has(String key) {
        return values.containsKey(normKey(key));
    }

    private String raw(String key) {
        String k = normKey(key);
        read.add(k);
        return values.get(k);
    }

    public double getDouble(String key, double def) {
        String v = raw(key);
        if (v == null) {
            return def;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("spec '" + text + "': " + key + "=" + v + " is not a number");
        }
    }

    public int getInt(String key, int def) {
        String v = raw(key);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("spec '" + text + "': " + key + "=" + v + " is not an integer");
        }
    }

    public boolean getBool(String key, boolean def) {
        String v = raw(key);
        if (v == null) {
            return def;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException("spec '" + text + "': " + key + "=" + v + " is not a boolean");
        };
    }

    public String getString(String key, String def) {
        String v = raw(key);
        return v == null ? def : v;
    }

    /** Throws if a key was given that no getter asked for. */
    public void finish() {
        for (String k : values.keySet()) {
            if (!read.contains(k)) {
                throw new IllegalArgumentException("spec '" + text + "': unknown key '" + k + "' for '" + name
                        + "' (known: " + String.join(", ", read) + ")");
            }
        }
    }
}
