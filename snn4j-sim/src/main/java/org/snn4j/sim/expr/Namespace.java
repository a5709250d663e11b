package org.snn4j.sim.expr;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snn4j.sim.expr.Symbol.Constant;
import org.snn4j.sim.expr.Symbol.Role;
import org.snn4j.sim.expr.Symbol.Variable;
import org.snn4j.sim.units.Dimension;
import org.snn4j.sim.units.Quantity;
import org.snn4j.sim.units.Units;

/**
 * Resolves identifiers of model code to {@link Symbol}s. Namespaces nest: a lookup tries this
 * namespace's own symbols, then its parent's, and at the root the built-ins: the default
 * {@link Functions}, the constants {@code pi}, {@code e}, {@code inf}, the special variables
 * {@code t} and {@code dt} (second), {@code i}, {@code j}, {@code N} (dimensionless integers),
 * {@code xi} and {@code xi_*} (white noise, second^-0.5), and finally every unit name of
 * {@link Units} as a constant ({@code mV} is 0.001 volt). So a user's constant named like a unit
 * shadows the unit, as in Brian2.
 *
 * <pre>{@code
 * Namespace ns = Namespace.builder().constant("tau", 10, "ms").constant("El", -70, "mV").build();
 * }</pre>
 */
public final class Namespace {
    private static final Namespace BUILTINS = createBuiltins();

    private final Map<String, Symbol> symbols;
    private final Namespace parent;

    private Namespace(Map<String, Symbol> symbols, Namespace parent) {
        this.symbols = Collections.unmodifiableMap(new LinkedHashMap<>(symbols));
        this.parent = parent;
    }

    private static Namespace createBuiltins() {
        Map<String, Symbol> m = new LinkedHashMap<>(Functions.defaults());
        m.put("pi", new Constant("pi", Quantity.of(Math.PI), ValueType.FLOAT, false));
        m.put("e", new Constant("e", Quantity.of(Math.E), ValueType.FLOAT, false));
        m.put("inf", new Constant("inf", Quantity.of(Double.POSITIVE_INFINITY), ValueType.FLOAT, false));
        m.put("t", new Variable("t", Dimension.TIME, ValueType.FLOAT, Role.TIME, true));
        m.put("dt", new Variable("dt", Dimension.TIME, ValueType.FLOAT, Role.TIME, true));
        for (String s : new String[] {"i", "j", "N"}) {
            m.put(s, new Variable(s, Dimension.DIMENSIONLESS, ValueType.INTEGER, Role.INDEX, true));
        }
        m.put("xi", noise("xi"));
        return new Namespace(m, null);
    }

    private static Variable noise(String name) {
        return new Variable(name, Dimension.NOISE, ValueType.FLOAT, Role.NOISE, true);
    }

    /** True for {@code xi} and {@code xi_<suffix>}, the white-noise symbols. */
    public static boolean isNoiseName(String name) {
        return name.equals("xi") || (name.startsWith("xi_") && name.length() > 3);
    }

    /** The built-in namespace: functions, special symbols, constants and units. */
    public static Namespace builtins() { return BUILTINS; }

    /** A namespace with one constant, e.g. {@code Namespace.of("tau", 10, "ms")}. */
    public static Namespace of(String name, double value, String unit) {
        return builder().constant(name, value, unit).build();
    }

    /** A namespace of external constants. */
    public static Namespace of(Map<String, Quantity> constants) {
        Builder b = builder();
        constants.forEach(b::constant);
        return b.build();
    }

    /** A builder whose parent is the built-in namespace. */
    public static Builder builder() { return new Builder(BUILTINS); }

    /** A builder for a namespace nested in {@code parent} (its symbols shadow the parent's). */
    public static Builder builder(Namespace parent) { return new Builder(parent); }

    /** The symbol for {@code name}, searching this namespace, its parents, the noise symbols and the units. */
    public Optional<Symbol> resolve(String name) {
        for (Namespace ns = this; ns != null; ns = ns.parent) {
            Symbol s = ns.symbols.get(name);
            if (s != null) return Optional.of(s);
        }
        if (isNoiseName(name)) return Optional.of(noise(name));
        return Units.get(name).map(u -> new Constant(name, u.of(1), ValueType.FLOAT, true));
    }

    /** This namespace's own symbols (not its parents'), in definition order. */
    public Map<String, Symbol> ownSymbols() { return symbols; }

    /** The parent namespace, or null for the built-ins. */
    public Namespace parent() { return parent; }

    /** All names defined here and in the parents, excluding unit names (used for "did you mean" suggestions). */
    public Set<String> names() {
        Set<String> out = new LinkedHashSet<>();
        for (Namespace ns = this; ns != null; ns = ns.parent) out.addAll(ns.symbols.keySet());
        return out;
    }

    /** Builds a {@link Namespace}. */
    public static final class Builder {
        private final Namespace parent;
        private final Map<String, Symbol> symbols = new LinkedHashMap<>();

        private Builder(Namespace parent) { this.parent = parent; }

        /** An external constant, {@code value} in {@code unit} (a unit expression, e.g. "mV" or "nS/cm**2"). */
        public Builder constant(String name, double value, String unit) {
            return constant(name, Units.parse(unit).of(value));
        }

        public Builder constant(String name, Quantity value) {
            boolean integer = value.isDimensionless() && value.value() == Math.rint(value.value())
                    && Math.abs(value.value()) < 1e15;
            symbols.put(name, new Constant(name, value, integer ? ValueType.INTEGER : ValueType.FLOAT, false));
            return this;
        }

        /** A dimensionless constant. */
        public Builder constant(String name, double value) { return constant(name, Quantity.of(value)); }

        public Builder variable(String name, Dimension dimension) {
            return symbol(Variable.of(name, dimension));
        }

        public Builder symbol(Symbol s) {
            symbols.put(s.name(), s);
            return this;
        }

        public Namespace build() { return new Namespace(symbols, parent); }
    }
}
