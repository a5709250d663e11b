package org.snn4j.sim.integrate;

import java.util.List;
import java.util.Optional;

import org.snn4j.sim.equations.Equations;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.Statement;

/**
 * A numerical integration method (Brian2's "state updater"): turns a model's differential equations
 * into abstract code for one time step. See the {@linkplain org.snn4j.sim.integrate package comment}
 * for the code's conventions (temporaries, noise, refractoriness).
 */
public interface StateUpdater {

    /** The method's name: {@code "exact"}, {@code "euler"}, {@code "exponential_euler"}, {@code "rk2"}, ... */
    String name();

    /**
     * Whether this method can integrate the (already constant-resolved) equations; when not, a reason that
     * names the equation, e.g. {@code "'dv/dt = -v**2/tau : 1': not linear in v"}.
     *
     * @param eqs the model equations
     * @param ns  the external namespace (constants, functions) the equations were checked against
     */
    Optional<String> cannotIntegrate(Equations eqs, Namespace ns);

    /**
     * As {@link #cannotIntegrate(Equations, Namespace)}, for a known time step {@code dt} in seconds: {@code exact}
     * then accepts a term {@code f(t)} of a function that is constant over each step (a {@code TimedArray}
     * whose dt is a multiple of this one; Brian2's {@code is_constant_over_dt}). Runtimes should call this overload.
     */
    default Optional<String> cannotIntegrate(Equations eqs, Namespace ns, double dt) {
        return cannotIntegrate(eqs, ns);
    }

    /**
     * Abstract code for one time step of length dt (the symbol {@code dt}, seconds), as statements that read
     * the current state variables and end by assigning every (clock-driven) differential variable its new
     * value. Temporaries are named with a leading underscore ({@code _k1_v}, {@code _v_new}); white noise
     * becomes one temporary {@code _xi_<name> = dt**0.5*randn()} per noise symbol.
     *
     * @throws UnsupportedEquationsException when {@link #cannotIntegrate} gives a reason (the message reads
     *         {@code method 'exact' cannot integrate 'dv/dt = -v**2/tau : 1': not linear in v}), or when the
     *         method needs the time step as a number (see {@link #update(Equations, Namespace, double)})
     */
    List<Statement> update(Equations eqs, Namespace ns);

    /**
     * As {@link #update(Equations, Namespace)}, for a known time step {@code dt} in seconds. Methods that work
     * on symbols ignore it; {@code exact} uses it to compute {@code exp(A*dt)} numerically at build time and
     * emits numeric coefficients, so the code is only valid for this dt. Runtimes should call this overload.
     */
    default List<Statement> update(Equations eqs, Namespace ns, double dt) {
        return update(eqs, ns);
    }

    /** Whether {@link #update(Equations, Namespace)} (no numeric dt) works for these equations. */
    default boolean needsNumericDt(Equations eqs, Namespace ns) {
        return false;
    }
}
