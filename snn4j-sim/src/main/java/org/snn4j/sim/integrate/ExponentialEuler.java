package org.snn4j.sim.integrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.snn4j.sim.equations.LinearAnalysis;
import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.Exprs;
import org.snn4j.sim.expr.Statement;

/**
 * Exponential Euler for conditionally linear equations, {@code dx/dt = A*x + B} with A and B free of x
 * (but possibly depending on other variables, as the gates of Hodgkin–Huxley models): each variable is
 * advanced as if A and B stayed at their values at the start of the step,
 * {@code x_new = -B/A + (x + B/A)*exp(A*dt)}, which is exact for linear equations with constant A and B and
 * first order otherwise. All variables are advanced from the old values.
 *
 * <p>As in Brian2, when A is zero as an expression the update is Euler's {@code x + dt*B}, and when B is zero
 * it is {@code x*exp(A*dt)}. Otherwise the code is written in the equivalent form
 * {@code x + dt*(A*x + B)*exprel(A*dt)} ({@code exprel(z) = (exp(z) - 1)/z}), which stays finite and
 * accurate when A happens to be 0 or tiny at run time, where Brian2's form divides by zero.
 */
final class ExponentialEuler extends AbstractUpdater {
    ExponentialEuler() { super("exponential_euler"); }

    @Override
    Optional<String> reason(Model m) {
        Optional<String> st = m.stochastic(name());
        if (st.isPresent()) return st;
        for (Model.Var v : m.vars) {
            if (LinearAnalysis.conditionallyLinear(m.eqs, v.name()).isEmpty()) {
                return Optional.of("'" + v.source() + "': not linear in " + v.name() + " (exponential_euler needs d"
                        + v.name() + "/dt = A*" + v.name() + " + B with A and B free of " + v.name() + ")");
            }
        }
        return Optional.empty();
    }

    @Override
    List<Statement> generate(Model m) {
        List<Statement> out = new ArrayList<>();
        for (Model.Var v : m.vars) {
            LinearAnalysis.ConditionallyLinear cl = LinearAnalysis.conditionallyLinear(m.eqs, v.name()).orElseThrow();
            Expr a = Exprs.fold(Model.inline(m.eqs, cl.a()));
            Expr b = Exprs.fold(Model.inline(m.eqs, cl.b()));
            Expr x = Code.name(v.name());
            Expr next;
            if (Code.isZero(a)) {
                next = Code.add(x, Code.mul(Code.DT, b));
            } else if (Code.isZero(b)) {
                next = Code.mul(x, Code.call("exp", Code.mul(a, Code.DT)));
            } else {
                String aName = "_A_" + v.name();
                out.add(Code.assign(aName, a));
                Expr an = Code.name(aName);
                next = Code.add(x, Code.mul(Code.mul(Code.DT, Code.add(Code.mul(an, x), b)),
                        Code.call("exprel", Code.mul(an, Code.DT))));
            }
            out.add(Code.assign(Model.newName(v.name()), next));
        }
        out.addAll(m.finalAssignments());
        return out;
    }
}
