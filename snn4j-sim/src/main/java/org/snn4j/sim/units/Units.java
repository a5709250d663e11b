package org.snn4j.sim.units;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry of unit names, as Brian2 defines them. Every base and derived SI unit (metre/meter,
 * gram/gramme, second, amp/ampere, kelvin, mole/mol, candela, radian, steradian, hertz, newton,
 * pascal, joule, watt, coulomb, volt, farad, ohm, siemens, weber, tesla, henry, lumen, lux,
 * becquerel, gray, sievert, katal, liter/litre, molar) exists with each of the twenty SI prefixes
 * (y z a f p n u m c d da h k M G T P E Z Y; {@code µ} is accepted for {@code u}), and in squared
 * and cubed forms by appending 2 or 3 ({@code metre2}, {@code umetre3}, {@code msiemens2}).
 * {@code kilogram}/{@code kilogramme} take no prefix. The short names of Brian2's
 * {@code stdunits} are added: mV, mA, uA, nA, pA, pF, uF, nF, nS, uS, mS, ms, us, Hz, kHz, MHz,
 * cm, cm2, cm3, mm, mm2, mm3, um, um2, um3, mM, uM, nM. One-letter names (V, S, A) are not
 * defined, so they stay free for variables.
 *
 * <p>{@link #parse(String)} reads unit expressions: names, numbers, {@code * / **} and
 * parentheses, e.g. {@code amp/metre**2}, {@code 1/second}, {@code second**-0.5}.
 */
public final class Units {
    private Units() {}

    private static final String[] PREFIXES = {"y", "z", "a", "f", "p", "n", "u", "m", "c", "d", "da", "h", "k",
            "M", "G", "T", "P", "E", "Z", "Y"};
    private static final int[] PREFIX_EXPONENTS = {-24, -21, -18, -15, -12, -9, -6, -3, -2, -1, 1, 2, 3,
            6, 9, 12, 15, 18, 21, 24};

    private static final Map<String, Unit> REGISTRY = new LinkedHashMap<>();

    static {
        Dimension m = Dimension.LENGTH, kg = Dimension.MASS, s = Dimension.TIME, a = Dimension.CURRENT;
        Dimension one = Dimension.DIMENSIONLESS;
        base("metre", 1, m);
        base("meter", 1, m);
        base("gram", 1e-3, kg);
        base("gramme", 1e-3, kg);
        base("second", 1, s);
        base("amp", 1, a);
        base("ampere", 1, a);
        base("kelvin", 1, Dimension.TEMPERATURE);
        base("mole", 1, Dimension.AMOUNT);
        base("mol", 1, Dimension.AMOUNT);
        base("candela", 1, Dimension.LUMINOUS_INTENSITY);
        base("radian", 1, one);
        base("steradian", 1, one);
        base("hertz", 1, Dimension.FREQUENCY);
        base("newton", 1, Dimension.of(1, 1, -2, 0));
        base("pascal", 1, Dimension.of(-1, 1, -2, 0));
        base("joule", 1, Dimension.of(2, 1, -2, 0));
        base("watt", 1, Dimension.of(2, 1, -3, 0));
        base("coulomb", 1, Dimension.CHARGE);
        base("volt", 1, Dimension.VOLTAGE);
        base("farad", 1, Dimension.CAPACITANCE);
        base("ohm", 1, Dimension.RESISTANCE);
        base("siemens", 1, Dimension.CONDUCTANCE);
        base("weber", 1, Dimension.of(2, 1, -2, -1));
        base("tesla", 1, Dimension.of(0, 1, -2, -1));
        base("henry", 1, Dimension.of(2, 1, -2, -2));
        base("lumen", 1, Dimension.LUMINOUS_INTENSITY);
        base("lux", 1, Dimension.of(-2, 0, 0, 0, 0, 0, 1));
        base("becquerel", 1, Dimension.FREQUENCY);
        base("gray", 1, Dimension.of(2, 0, -2, 0));
        base("sievert", 1, Dimension.of(2, 0, -2, 0));
        base("katal", 1, Dimension.of(0, 0, -1, 0, 0, 1, 0));
        base("liter", 1e-3, m.pow(3));
        base("litre", 1e-3, m.pow(3));
        base("molar", 1e3, Dimension.AMOUNT.divide(m.pow(3)));
        powers("kilogram", 1, kg);
        powers("kilogramme", 1, kg);
        String[][] aliases = {{"mV", "mvolt"}, {"mA", "mamp"}, {"uA", "uamp"}, {"nA", "namp"}, {"pA", "pamp"},
                {"pF", "pfarad"}, {"uF", "ufarad"}, {"nF", "nfarad"}, {"nS", "nsiemens"}, {"uS", "usiemens"},
                {"mS", "msiemens"}, {"ms", "msecond"}, {"us", "usecond"}, {"Hz", "hertz"}, {"kHz", "khertz"},
                {"MHz", "Mhertz"}, {"cm", "cmetre"}, {"cm2", "cmetre2"}, {"cm3", "cmetre3"}, {"mm", "mmetre"},
                {"mm2", "mmetre2"}, {"mm3", "mmetre3"}, {"um", "umetre"}, {"um2", "umetre2"}, {"um3", "umetre3"},
                {"mM", "mmolar"}, {"uM", "umolar"}, {"nM", "nmolar"}};
        for (String[] al : aliases) {
            Unit u = REGISTRY.get(al[1]);
            REGISTRY.put(al[0], new Unit(al[0], u.scale(), u.dimension()));
        }
    }

    private static void base(String name, double scale, Dimension dim) {
        powers(name, scale, dim);
        for (int i = 0; i < PREFIXES.length; i++) {
            powers(PREFIXES[i] + name, scale * Math.pow(10, PREFIX_EXPONENTS[i]), dim);
        }
    }

    private static void powers(String name, double scale, Dimension dim) {
        REGISTRY.put(name, new Unit(name, scale, dim));
        REGISTRY.put(name + "2", new Unit(name + "2", scale * scale, dim.pow(2)));
        REGISTRY.put(name + "3", new Unit(name + "3", scale * scale * scale, dim.pow(3)));
    }

    public static final Unit VOLT = require("volt");
    public static final Unit MVOLT = require("mV");
    public static final Unit AMP = require("amp");
    public static final Unit NAMP = require("nA");
    public static final Unit PAMP = require("pA");
    public static final Unit SECOND = require("second");
    public static final Unit MSECOND = require("ms");
    public static final Unit SIEMENS = require("siemens");
    public static final Unit NSIEMENS = require("nS");
    public static final Unit FARAD = require("farad");
    public static final Unit PFARAD = require("pF");
    public static final Unit OHM = require("ohm");
    public static final Unit HERTZ = require("hertz");
    public static final Unit METRE = require("metre");
    public static final Unit MOLE = require("mole");

    /** Normalises the micro sign: {@code µV} and {@code μV} are read as {@code uV}. */
    private static String normalise(String name) {
        return name.replace('\u00b5', 'u').replace('\u03bc', 'u');
    }

    /** The unit registered under {@code name} ({@code mV}, {@code umetre2}, {@code kHz}), if any. */
    public static Optional<Unit> get(String name) {
        return Optional.ofNullable(REGISTRY.get(normalise(name)));
    }

    /** True if {@code name} is a registered unit name (such names cannot be used as variable names). */
    public static boolean isUnitName(String name) { return REGISTRY.containsKey(normalise(name)); }

    /** The unit registered under {@code name}; throws with a clear message if there is none. */
    public static Unit require(String name) {
        return get(name).orElseThrow(() -> new IllegalArgumentException("unknown unit '" + name + "'"));
    }

    /** All registered unit names, in registration order. */
    public static Set<String> names() { return Collections.unmodifiableSet(REGISTRY.keySet()); }

    /**
     * Parses a unit expression: unit names, numbers, {@code *}, {@code /}, {@code **} with a numeric
     * (possibly negative or fractional) exponent, and parentheses. {@code "1"} is the dimensionless unit.
     *
     * @throws IllegalArgumentException naming the expression and the offending part
     */
    public static Unit parse(String expression) {
        return new UnitParser(expression).parse();
    }
}
