package org.snn4j.sim.integrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.Statement;

/**
 * Forward Euler, {@code x_new = x + dt*f(x, t)}; for stochastic equations with additive noise (the factor
 * of each xi free of state variables), Euler–Maruyama: {@code x_new = x + dt*f(x, t) + g*_xi}, with
 * {@code _xi = dt**0.5*randn()}. First order for ODEs, strong order 1/2 (1 for additive noise).
 */
final class Euler extends AbstractUpdater {
    Euler() { super("euler"); }

    @Override
    Optional<String> reason(Model m) {
        return m.multiplicativeNoise().map(r -> r + ", and euler handles additive noise only (use heun or milstein)");
    }

    @Override
    List<Statement> generate(Model m) {
        List<Statement> out = new ArrayList<>(m.noiseIncrements());
        for (Model.Var v : m.vars) {
            Expr next = Code.add(Code.name(v.name()), Code.mul(Code.DT, v.f()));
            next = Code.add(next, noiseTerm(v, (xi, g) -> g));
            out.add(Code.assign(Model.newName(v.name()), next));
        }
        out.addAll(m.finalAssignments());
        return out;
    }
}
