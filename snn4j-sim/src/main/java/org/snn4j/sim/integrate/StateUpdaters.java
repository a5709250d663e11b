package org.snn4j.sim.integrate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.snn4j.sim.equations.Equations;
import org.snn4j.sim.expr.Exprs;
import org.snn4j.sim.expr.Namespace;

/**
 * The registry of integration methods and Brian2's automatic choice.
 *
 * <p>Methods: {@code exact} (alias {@code linear}), {@code euler}, {@code exponential_euler}, {@code rk2},
 * {@code rk4}, {@code heun}, {@code milstein}. {@link #choose(Equations, Namespace)} tries Brian2's default
 * order {@link #DEFAULT_ORDER} = {@code exact, euler, heun} (the default {@code method} of Brian2's
 * {@code NeuronGroup} since 2.1) and returns the first method that can integrate the equations: linear
 * equations with constant coefficients get {@code exact}, other deterministic equations and equations with
 * additive noise {@code euler} (Euler–Maruyama), multiplicative noise {@code heun}. As in Brian2,
 * {@code exponential_euler} is never chosen automatically (Hodgkin–Huxley models get {@code euler} unless
 * asked for it, e.g. with {@code choose(eqs, ns, List.of("exponential_euler", "euler"))}).
 */
public final class StateUpdaters {
    private StateUpdaters() {}

    /** Brian2's default order of automatic choice. */
    public static final List<String> DEFAULT_ORDER = List.of("exact", "euler", "heun");

    private static final Map<String, StateUpdater> METHODS = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = Map.of("linear", "exact");

    static {
        for (StateUpdater u : List.of(new Exact(), new Euler(), new ExponentialEuler(), RungeKutta.rk2(),
                RungeKutta.rk4(), new Heun(), new Milstein())) {
            METHODS.put(u.name(), u);
        }
    }

    /** The methods by name, in a fixed order (aliases not included). */
    public static Map<String, StateUpdater> all() { return Collections.unmodifiableMap(METHODS); }

    /**
     * The method called {@code name} (or an alias: {@code linear} is {@code exact}).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static StateUpdater byName(String name) {
        String key = ALIASES.getOrDefault(name, name);
        StateUpdater u = METHODS.get(key);
        if (u != null) return u;
        List<String> known = new ArrayList<>(METHODS.keySet());
        known.addAll(ALIASES.keySet());
        String hint = Exprs.closest(name, known);
        throw new IllegalArgumentException("unknown integration method '" + name + "'"
                + (hint == null ? "" : " (did you mean '" + hint + "'?)") + "; known methods: "
                + String.join(", ", METHODS.keySet()) + " (and 'linear' for 'exact')");
    }

    /** The first method of {@link #DEFAULT_ORDER} that can integrate the equations. */
    public static StateUpdater choose(Equations eqs, Namespace ns) {
        return choose(eqs, ns, DEFAULT_ORDER);
    }

    /** The first method of {@link #DEFAULT_ORDER} that can integrate the equations with time step {@code dt} (seconds). */
    public static StateUpdater choose(Equations eqs, Namespace ns, double dt) {
        return choose(eqs, ns, DEFAULT_ORDER, dt);
    }

    /**
     * The first of {@code methods} (names) that can integrate the equations.
     *
     * @throws UnsupportedEquationsException when none can, listing each method tried and why it failed
     */
    public static StateUpdater choose(Equations eqs, Namespace ns, List<String> methods) {
        return choose(eqs, ns, methods, Double.NaN);
    }

    /** As {@link #choose(Equations, Namespace, List)} for a known time step {@code dt} (seconds; NaN: unknown). */
    public static StateUpdater choose(Equations eqs, Namespace ns, List<String> methods, double dt) {
        if (methods.isEmpty()) throw new IllegalArgumentException("no integration methods to choose from");
        StringBuilder why = new StringBuilder();
        for (String name : methods) {
            StateUpdater u = byName(name);
            Optional<String> reason = Double.isNaN(dt) ? u.cannotIntegrate(eqs, ns) : u.cannotIntegrate(eqs, ns, dt);
            if (reason.isEmpty()) return u;
            why.append("\n  ").append(u.name()).append(": ").append(reason.get());
        }
        throw new UnsupportedEquationsException("none of the integration methods " + String.join(", ", methods)
                + " can integrate the equations:" + why);
    }
}
