package org.snn4j.viz;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Compact, locale-independent number formatting for plot labels and report tables. */
public final class Numbers {
    private Numbers() {}

    /**
     * Up to 6 significant digits without trailing zeros ({@code 0.912345678 -> "0.912346"}, {@code 3.0 -> "3"});
     * scientific notation outside [1e-4, 1e9) so tiny learning rates and huge counts stay short.
     */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a < 1e-4 || a >= 1e9) {
            return String.format(Locale.ROOT, "%.4e", v).replaceAll("\\.?0+e", "e");
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** Formats a number cell: integers exactly, floating point via {@link #format(double)}, others by toString. */
    public static String format(Object value) {
        return switch (value) {
            case null -> "";
            case Double d -> format(d.doubleValue());
            case Float f -> format(Double.parseDouble(Float.toString(f)));
            case Number n -> n.toString();
            default -> value.toString();
        };
    }
}
