package org.snn4j.sim.units;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The physical dimension of a quantity: the exponents of the seven SI base dimensions
 * (length m, mass kg, time s, electric current A, temperature K, amount of substance mol,
 * luminous intensity cd). Volt is {@code m^2 kg s^-3 A^-1}. Exponents may be fractional
 * ({@code s^-0.5} is the dimension of white noise {@code xi}); they are compared with a
 * tolerance of 1e-9 so that {@code (s^-0.5)^2} equals {@code s^-1}. Instances are immutable.
 */
public final class Dimension {

    /** The seven SI base dimensions, in the order they are printed. */
    public enum Base {
        LENGTH("m"), MASS("kg"), TIME("s"), CURRENT("A"), TEMPERATURE("K"), AMOUNT("mol"),
        LUMINOUS_INTENSITY("cd");

        private final String symbol;

        Base(String symbol) { this.symbol = symbol; }

        /** The SI symbol of the base unit, e.g. {@code kg}. */
        public String symbol() { return symbol; }
    }

    private static final double EPS = 1e-9;
    private final double[] exponents;

    private Dimension(double[] exponents) {
        this.exponents = exponents;
        for (int i = 0; i < exponents.length; i++) {
            double r = Math.rint(exponents[i]);
            if (Math.abs(exponents[i] - r) < EPS) exponents[i] = r + 0.0; // +0.0 turns -0.0 into 0.0
        }
    }

    /** A dimension from its seven exponents in the order m, kg, s, A, K, mol, cd. */
    public static Dimension of(double m, double kg, double s, double a, double k, double mol, double cd) {
        return new Dimension(new double[] {m, kg, s, a, k, mol, cd});
    }

    /** A dimension from the exponents of m, kg, s and A (the others zero). */
    public static Dimension of(double m, double kg, double s, double a) {
        return of(m, kg, s, a, 0, 0, 0);
    }

    public static final Dimension DIMENSIONLESS = of(0, 0, 0, 0);
    public static final Dimension LENGTH = of(1, 0, 0, 0);
    public static final Dimension MASS = of(0, 1, 0, 0);
    public static final Dimension TIME = of(0, 0, 1, 0);
    public static final Dimension CURRENT = of(0, 0, 0, 1);
    public static final Dimension TEMPERATURE = of(0, 0, 0, 0, 1, 0, 0);
    public static final Dimension AMOUNT = of(0, 0, 0, 0, 0, 1, 0);
    public static final Dimension LUMINOUS_INTENSITY = of(0, 0, 0, 0, 0, 0, 1);
    /** Volt: m^2 kg s^-3 A^-1. */
    public static final Dimension VOLTAGE = of(2, 1, -3, -1);
    /** Siemens: m^-2 kg^-1 s^3 A^2. */
    public static final Dimension CONDUCTANCE = of(-2, -1, 3, 2);
    /** Farad: m^-2 kg^-1 s^4 A^2. */
    public static final Dimension CAPACITANCE = of(-2, -1, 4, 2);
    /** Ohm: m^2 kg s^-3 A^-2. */
    public static final Dimension RESISTANCE = of(2, 1, -3, -2);
    /** Hertz: s^-1. */
    public static final Dimension FREQUENCY = of(0, 0, -1, 0);
    /** Coulomb: s A. */
    public static final Dimension CHARGE = of(0, 0, 1, 1);
    /** The dimension of white noise {@code xi}: s^-0.5. */
    public static final Dimension NOISE = of(0, 0, -0.5, 0);

    /** Names used by {@link #toString()} when a dimension matches one exactly; first match wins. */
    private static final Map<Dimension, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put(VOLTAGE, "volt");
        NAMES.put(CURRENT, "amp");
        NAMES.put(TIME, "second");
        NAMES.put(CONDUCTANCE, "siemens");
        NAMES.put(CAPACITANCE, "farad");
        NAMES.put(RESISTANCE, "ohm");
        NAMES.put(FREQUENCY, "hertz");
        NAMES.put(LENGTH, "metre");
        NAMES.put(MASS, "kilogram");
        NAMES.put(AMOUNT, "mole");
        NAMES.put(TEMPERATURE, "kelvin");
        NAMES.put(LUMINOUS_INTENSITY, "candela");
        NAMES.put(CHARGE, "coulomb");
        NAMES.put(of(2, 1, -3, 0), "watt");
        NAMES.put(of(2, 1, -2, 0), "joule");
        NAMES.put(of(1, 1, -2, 0), "newton");
        NAMES.put(of(-1, 1, -2, 0), "pascal");
        NAMES.put(of(2, 1, -2, -1), "weber");
        NAMES.put(of(0, 1, -2, -1), "tesla");
        NAMES.put(of(2, 1, -2, -2), "henry");
    }

    /** The exponent of one base dimension. */
    public double exponent(Base base) { return exponents[base.ordinal()]; }

    /** All seven exponents, in {@link Base} order (a copy). */
    public double[] exponents() { return exponents.clone(); }

    public boolean isDimensionless() { return this.equals(DIMENSIONLESS); }

    /** The dimension of a product: exponents add. */
    public Dimension times(Dimension other) {
        double[] e = new double[7];
        for (int i = 0; i < 7; i++) e[i] = exponents[i] + other.exponents[i];
        return new Dimension(e);
    }

    /** The dimension of a quotient: exponents subtract. */
    public Dimension divide(Dimension other) {
        double[] e = new double[7];
        for (int i = 0; i < 7; i++) e[i] = exponents[i] - other.exponents[i];
        return new Dimension(e);
    }

    /** The dimension raised to a (possibly fractional) power: exponents multiply. */
    public Dimension pow(double power) {
        double[] e = new double[7];
        for (int i = 0; i < 7; i++) e[i] = exponents[i] * power;
        return new Dimension(e);
    }

    /** The dimension raised to the rational power {@code numerator/denominator}. */
    public Dimension pow(int numerator, int denominator) {
        if (denominator == 0) throw new IllegalArgumentException("zero denominator in exponent");
        return pow((double) numerator / denominator);
    }

    /** The inverse dimension (exponents negated). */
    public Dimension inverse() { return pow(-1); }

    /** The square root of the dimension (exponents halved). */
    public Dimension sqrt() { return pow(0.5); }

    /** The unit name (volt, amp, siemens, ...) whose dimension this is exactly, if any. */
    public Optional<String> name() {
        return Optional.ofNullable(NAMES.get(this));
    }

    /** The base-unit form, e.g. {@code m^2 kg s^-3 A^-1}; {@code 1} when dimensionless. */
    public String toSiString() {
        StringBuilder sb = new StringBuilder();
        for (Base b : Base.values()) {
            double e = exponents[b.ordinal()];
            if (e == 0) continue;
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(b.symbol());
            if (e != 1) sb.append('^').append(formatExponent(e));
        }
        return sb.isEmpty() ? "1" : sb.toString();
    }

    static String formatExponent(double e) {
        if (e == Math.rint(e) && Math.abs(e) < 1e15) return Long.toString((long) e);
        return Double.toString(e);
    }

    /** The unit name when one matches ({@code volt}), otherwise the base-unit form ({@code m^2 kg s^-4 A^-1}). */
    @Override
    public String toString() {
        return name().orElseGet(this::toSiString);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Dimension d)) return false;
        for (int i = 0; i < 7; i++) if (Math.abs(exponents[i] - d.exponents[i]) > EPS) return false;
        return true;
    }

    @Override
    public int hashCode() {
        long[] r = new long[7];
        for (int i = 0; i < 7; i++) r[i] = Math.round(exponents[i] * 1e6);
        return Arrays.hashCode(r);
    }
}
