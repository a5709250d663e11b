package org.snn4j.sim.integrate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.Statement;

/**
 * Explicit Runge–Kutta methods for deterministic equations: {@code rk2}, the midpoint method
 * ({@code _k_x = dt*f(x, t)}, {@code x_new = x + dt*f(x + _k_x/2, t + dt/2)}, second order), and
 * {@code rk4}, the classical fourth-order method.
 */
final class RungeKutta extends AbstractUpdater {
    private final int order;

    private RungeKutta(String name, int order) {
        super(name);
        this.order = order;
    }

    static RungeKutta rk2() { return new RungeKutta("rk2", 2); }

    static RungeKutta rk4() { return new RungeKutta("rk4", 4); }

    @Override
    Optional<String> reason(Model m) { return m.stochastic(name()); }

    /** The state {@code x + c*_k_x} for every variable (just x for c = 0). */
    private static Map<String, Expr> stage(Model m, String k, double c) {
        Map<String, Expr> state = new HashMap<>();
        if (c == 0) return state;
        for (Model.Var v : m.vars) {
            Expr inc = c == 1 ? Code.name(k(k, v)) : Code.mul(Code.num(c), Code.name(k(k, v)));
            state.put(v.name(), Code.add(Code.name(v.name()), inc));
        }
        return state;
    }

    private static String k(String k, Model.Var v) { return "_" + k + "_" + v.name(); }

    private static void ks(Model m, List<Statement> out, String k, Map<String, Expr> state, Expr time) {
        for (Model.Var v : m.vars) out.add(Code.assign(k(k, v), Code.mul(Code.DT, at(v.f(), state, time))));
    }

    @Override
    List<Statement> generate(Model m) {
        List<Statement> out = new ArrayList<>();
        if (order == 2) {
            ks(m, out, "k", Map.of(), Code.T);
            Map<String, Expr> mid = stage(m, "k", 0.5);
            for (Model.Var v : m.vars) {
                out.add(Code.assign(Model.newName(v.name()), Code.add(Code.name(v.name()),
                        Code.mul(Code.DT, at(v.f(), mid, Code.timeAt(0.5))))));
            }
        } else {
            ks(m, out, "k1", Map.of(), Code.T);
            ks(m, out, "k2", stage(m, "k1", 0.5), Code.timeAt(0.5));
            ks(m, out, "k3", stage(m, "k2", 0.5), Code.timeAt(0.5));
            ks(m, out, "k4", stage(m, "k3", 1), Code.timeAt(1));
            for (Model.Var v : m.vars) {
                Expr sum = Code.add(Code.add(Code.add(Code.name(k("k1", v)), Code.mul(Code.num(2), Code.name(k("k2", v)))),
                        Code.mul(Code.num(2), Code.name(k("k3", v)))), Code.name(k("k4", v)));
                out.add(Code.assign(Model.newName(v.name()),
                        Code.add(Code.name(v.name()), Code.div(sum, Code.num(6)))));
            }
        }
        out.addAll(m.finalAssignments());
        return out;
    }
}
