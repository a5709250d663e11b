package org.snn4j.sim.integrate;

import java.util.List;
import java.util.Optional;

import org.snn4j.sim.equations.Equations;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.Statement;

/**
 * An integration method: turns a model's differential equations into abstract code for one time
 * step. The statements read the current state variables (and {@code t}, {@code dt}) and assign each
 * differential variable its new value; temporaries start with {@code _}; noise is drawn with
 * {@code randn()}.
 *
 * <p>TEMPORARY (branch simrt): the interface the code generator is written against; the real
 * integrators (package {@code org.snn4j.sim.integrate}) replace this package when they are merged.
 */
public interface StateUpdater {
    /** The method's name ({@code "euler"}, {@code "exact"}, ...). */
    String name();

    /** Why this method cannot integrate {@code eqs}, or empty if it can. */
    Optional<String> cannotIntegrate(Equations eqs, Namespace ns);

    /** Abstract code for one step, in terms of the symbol {@code dt}. */
    List<Statement> update(Equations eqs, Namespace ns);

    /** Abstract code for one step of known length {@code dt} (seconds). */
    default List<Statement> update(Equations eqs, Namespace ns, double dt) { return update(eqs, ns); }
}
