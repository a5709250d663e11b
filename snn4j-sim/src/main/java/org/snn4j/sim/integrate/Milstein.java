package org.snn4j.sim.integrate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.Statement;

/**
 * The derivative-free Milstein method for Stratonovich equations with diagonal multiplicative noise (each
 * equation has at most one noise symbol), as in Brian2: for a noise symbol xi with increment
 * {@code _xi = dt**0.5*randn()}, the support state {@code x_s = x + dt*f(x, t) + dt**0.5*g(x, t)} and
 * {@code x_new = x + dt*f(x, t) + g(x, t)*_xi + (g(x_s, t) - g(x, t))*_xi**2/(2*dt**0.5)}. Strong order 1.
 * For additive noise the correction vanishes and the method is Euler–Maruyama; for deterministic
 * equations it is forward Euler.
 */
final class Milstein extends AbstractUpdater {
    Milstein() { super("milstein"); }

    @Override
    Optional<String> reason(Model m) {
        for (Model.Var v : m.vars) {
            if (v.noise().size() > 1) {
                return Optional.of("'" + v.source() + "': the equation has several noise symbols ("
                        + String.join(", ", v.noise().keySet()) + "), and milstein handles diagonal noise only "
                        + "(one noise symbol per equation; use heun)");
            }
        }
        return Optional.empty();
    }

    private static String support(String var, String xi) { return "_" + var + "_support_" + xi; }

    @Override
    List<Statement> generate(Model m) {
        List<Statement> out = new ArrayList<>(m.noiseIncrements());
        // noise symbols whose factor depends on the state somewhere: they need a support state
        Set<String> multiplicative = new LinkedHashSet<>();
        Set<String> needed = new LinkedHashSet<>();
        for (Model.Var v : m.vars) {
            v.noise().forEach((xi, g) -> {
                if (m.dependsOnState(g)) {
                    multiplicative.add(xi);
                    needed.addAll(m.stateDependencies(g));
                }
            });
        }
        boolean plain = multiplicative.isEmpty();
        if (!plain) for (Model.Var v : m.vars) out.add(Code.assign("_f_" + v.name(), v.f()));
        Map<String, Map<String, Expr>> supports = new HashMap<>();
        for (String xi : multiplicative) {
            Map<String, Expr> sup = new HashMap<>();
            for (Model.Var w : m.vars) {
                if (!needed.contains(w.name())) continue;
                Expr s = Code.add(Code.name(w.name()), Code.mul(Code.DT, Code.name("_f_" + w.name())));
                Expr g = w.noise().get(xi);
                if (g != null) s = Code.add(s, Code.mul(Code.sqrtDt(), g));
                out.add(Code.assign(support(w.name(), xi), s));
                sup.put(w.name(), Code.name(support(w.name(), xi)));
            }
            supports.put(xi, sup);
        }
        for (Model.Var v : m.vars) {
            Expr f = plain ? v.f() : Code.name("_f_" + v.name());
            Expr next = Code.add(Code.add(Code.name(v.name()), Code.mul(Code.DT, f)), noiseTerm(v, (xi, g) -> g));
            for (Map.Entry<String, Expr> n : v.noise().entrySet()) {
                if (!m.dependsOnState(n.getValue())) continue;
                Expr g = n.getValue();
                Expr diff = Code.sub(at(g, supports.get(n.getKey()), Code.T), g);
                Expr xi = Code.name(Model.noiseName(n.getKey()));
                Expr corr = Code.div(Code.mul(diff, Code.pow(xi, Code.num(2))), Code.mul(Code.num(2), Code.sqrtDt()));
                next = Code.add(next, corr);
            }
            out.add(Code.assign(Model.newName(v.name()), next));
        }
        out.addAll(m.finalAssignments());
        return out;
    }
}
