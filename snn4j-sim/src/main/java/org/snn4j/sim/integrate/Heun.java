package org.snn4j.sim.integrate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.Statement;

/**
 * The stochastic Heun method for Stratonovich equations with (possibly non-diagonal) multiplicative noise:
 * a predictor {@code x_s = x + dt*f(x, t) + sum_k g_k(x, t)*_xi_k} and the trapezoidal corrector
 * {@code x_new = x + dt*(f(x, t) + f(x_s, t + dt))/2 + sum_k (g_k(x, t) + g_k(x_s, t + dt))/2*_xi_k}.
 * For deterministic equations it is Heun's (explicit trapezoidal) method, of second order.
 *
 * <p>Brian2's {@code heun} averages only the noise factors and keeps the Euler drift {@code dt*f(x, t)}, so
 * it is first order for deterministic equations; averaging the drift too is the textbook stochastic Heun
 * scheme, converges to the same Stratonovich solution and is more accurate.
 */
final class Heun extends AbstractUpdater {
    Heun() { super("heun"); }

    @Override
    Optional<String> reason(Model m) { return Optional.empty(); }

    private static String support(Model.Var v) { return "_" + v.name() + "_support"; }

    @Override
    List<Statement> generate(Model m) {
        List<Statement> out = new ArrayList<>(m.noiseIncrements());
        for (Model.Var v : m.vars) out.add(Code.assign("_k1_" + v.name(), Code.mul(Code.DT, v.f())));
        Map<String, Expr> sup = new HashMap<>();
        for (Model.Var v : m.vars) {
            Expr s = Code.add(Code.add(Code.name(v.name()), Code.name("_k1_" + v.name())), noiseTerm(v, (xi, g) -> g));
            out.add(Code.assign(support(v), s));
            sup.put(v.name(), Code.name(support(v)));
        }
        Expr later = Code.timeAt(1);
        for (Model.Var v : m.vars) out.add(Code.assign("_k2_" + v.name(), Code.mul(Code.DT, at(v.f(), sup, later))));
        for (Model.Var v : m.vars) {
            Expr drift = Code.mul(Code.num(0.5), Code.add(Code.name("_k1_" + v.name()), Code.name("_k2_" + v.name())));
            Expr noise = noiseTerm(v, (xi, g) -> {
                boolean constant = !m.dependsOnState(g) && !m.eqs.dependenciesOf(g).contains("t");
                if (constant) return g;
                return Code.mul(Code.num(0.5), Code.add(g, at(g, sup, later)));
            });
            out.add(Code.assign(Model.newName(v.name()), Code.add(Code.add(Code.name(v.name()), drift), noise)));
        }
        out.addAll(m.finalAssignments());
        return out;
    }
}
