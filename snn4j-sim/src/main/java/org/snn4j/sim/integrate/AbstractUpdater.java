package org.snn4j.sim.integrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.snn4j.sim.equations.Equations;
import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.Statement;

/** Common structure: analyse the model, refuse with a reason, or emit code. */
abstract class AbstractUpdater implements StateUpdater {
    private final String name;

    AbstractUpdater(String name) { this.name = name; }

    @Override
    public final String name() { return name; }

    @Override
    public Optional<String> cannotIntegrate(Equations eqs, Namespace ns) {
        Model m = Model.of(eqs, ns);
        if (m.problem != null) return Optional.of(m.problem);
        return reason(m);
    }

    @Override
    public Optional<String> cannotIntegrate(Equations eqs, Namespace ns, double dt) {
        Model m = Model.of(eqs, ns);
        if (m.problem != null) return Optional.of(m.problem);
        return reason(m, dt);
    }

    /** Why this method cannot integrate the model (the model itself is well formed), or empty. */
    abstract Optional<String> reason(Model m);

    /** As {@link #reason(Model)}, for a known time step (seconds); the same unless the method uses it. */
    Optional<String> reason(Model m, double dt) { return reason(m); }

    /** The code for one step; only called when {@link #reason} is empty. */
    abstract List<Statement> generate(Model m);

    @Override
    public List<Statement> update(Equations eqs, Namespace ns) {
        Model m = Model.of(eqs, ns);
        if (m.problem != null) throw unsupported(m.problem);
        reason(m).ifPresent(r -> { throw unsupported(r); });
        return List.copyOf(generate(m));
    }

    UnsupportedEquationsException unsupported(String reason) {
        return new UnsupportedEquationsException("method '" + name + "' cannot integrate " + reason);
    }

    /** f of {@code v} evaluated at the state {@code state} (variable to expression) and time {@code time}. */
    static Expr at(Expr f, Map<String, Expr> state, Expr time) {
        Map<String, Expr> repl = new java.util.HashMap<>(state);
        if (time != Code.T) repl.put("t", time);
        return Code.substitute(f, repl);
    }

    /** The sum of {@code g_k * _xi_k} over the noise of {@code v}, with each g evaluated by {@code g}. */
    static Expr noiseTerm(Model.Var v, java.util.function.BiFunction<String, Expr, Expr> g) {
        Expr sum = Code.num(0);
        for (Map.Entry<String, Expr> n : v.noise().entrySet()) {
            sum = Code.add(sum, Code.mul(g.apply(n.getKey(), n.getValue()), Code.name(Model.noiseName(n.getKey()))));
        }
        return sum;
    }

    static List<Statement> concat(List<Statement> a, List<Statement> b) {
        List<Statement> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Override
    public String toString() { return name; }
}
