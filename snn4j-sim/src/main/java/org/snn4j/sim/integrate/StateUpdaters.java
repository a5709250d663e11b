package org.snn4j.sim.integrate;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snn4j.sim.equations.Equations;
import org.snn4j.sim.equations.LinearAnalysis;
import org.snn4j.sim.equations.SingleEquation;
import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.Exprs;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.Statement;
import org.snn4j.sim.expr.Statements;

/**
 * The integration methods by name, and the automatic choice.
 *
 * <p>TEMPORARY (branch simrt): a minimal stand-in for the real integrators so that the code
 * generator and runtime can be built and tested. It offers {@code euler} (forward Euler, with
 * Euler-Maruyama for additive noise) and {@code exact} (only for equations each linear in its own
 * variable with coefficients free of the other differential variables and of {@code t}: then
 * {@code x' = a x + b} gives {@code x + (a x + b) dt exprel(a dt)}). The lead replaces this package
 * with the real {@code org.snn4j.sim.integrate} when merging.
 */
public final class StateUpdaters {
    private StateUpdaters() {}

    private static final StateUpdater EULER = new Euler();
    private static final StateUpdater EXACT = new Exact();

    /** The method named {@code name}. */
    public static StateUpdater byName(String name) {
        return switch (name) {
            case "euler" -> EULER;
            case "exact", "linear" -> EXACT;
            default -> throw new IllegalArgumentException("unknown integration method '" + name
                    + "' (known: euler, exact)");
        };
    }

    /** The first method that can integrate {@code eqs}: exact, then euler. */
    public static StateUpdater choose(Equations eqs, Namespace ns) {
        return EXACT.cannotIntegrate(eqs, ns).isEmpty() ? EXACT : EULER;
    }

    private static String p(Expr e) { return "(" + Exprs.print(e) + ")"; }

    private static final class Euler implements StateUpdater {
        @Override public String name() { return "euler"; }

        @Override public Optional<String> cannotIntegrate(Equations eqs, Namespace ns) { return Optional.empty(); }

        @Override
        public List<Statement> update(Equations eqs, Namespace ns) {
            StringBuilder code = new StringBuilder();
            Set<String> noises = new LinkedHashSet<>();
            Map<String, String> updates = new LinkedHashMap<>();
            for (SingleEquation eq : eqs.differentialEquations()) {
                Expr rhs = eqs.inlineAll(eq.rhs());
                LinearAnalysis.StochasticParts parts = LinearAnalysis.splitStochastic(rhs).orElseThrow();
                StringBuilder u = new StringBuilder(eq.name() + " + dt*" + p(parts.deterministic()));
                for (Map.Entry<String, Expr> n : parts.noise().entrySet()) {
                    noises.add(n.getKey());
                    u.append(" + ").append(p(n.getValue())).append("*sqrt(dt)*_noise_").append(n.getKey());
                }
                updates.put(eq.name(), u.toString());
            }
            for (String n : noises) code.append("_noise_").append(n).append(" = randn()\n");
            updates.forEach((v, u) -> code.append('_').append(v).append("_new = ").append(u).append('\n'));
            updates.keySet().forEach(v -> code.append(v).append(" = _").append(v).append("_new\n"));
            return Statements.parse(code.toString());
        }
    }

    private static final class Exact implements StateUpdater {
        @Override public String name() { return "exact"; }

        @Override
        public Optional<String> cannotIntegrate(Equations eqs, Namespace ns) {
            if (eqs.isStochastic()) return Optional.of("the equations are stochastic");
            List<String> vars = eqs.diffEqNames();
            for (SingleEquation eq : eqs.differentialEquations()) {
                Expr rhs = eqs.inlineAll(eq.rhs());
                if (Exprs.identifiers(rhs).contains("t")) return Optional.of("d" + eq.name() + "/dt depends on t");
                var form = LinearAnalysis.decompose(rhs, vars);
                if (form.isEmpty()) return Optional.of("d" + eq.name() + "/dt is not linear");
                for (String v : form.get().coefficients().keySet()) {
                    if (!v.equals(eq.name())) {
                        return Optional.of("d" + eq.name() + "/dt depends on " + v + " (only uncoupled equations)");
                    }
                }
                for (Expr c : form.get().coefficients().values()) {
                    if (Exprs.dependsOn(c, vars)) return Optional.of("d" + eq.name() + "/dt is not linear");
                }
                if (!Exprs.functionNames(rhs).stream().noneMatch(f -> f.equals("rand") || f.equals("randn"))) {
                    return Optional.of("d" + eq.name() + "/dt is random");
                }
            }
            return Optional.empty();
        }

        @Override
        public List<Statement> update(Equations eqs, Namespace ns) {
            cannotIntegrate(eqs, ns).ifPresent(r -> {
                throw new IllegalArgumentException("the exact method cannot integrate these equations: " + r);
            });
            List<String> vars = eqs.diffEqNames();
            StringBuilder code = new StringBuilder();
            for (SingleEquation eq : eqs.differentialEquations()) {
                var form = LinearAnalysis.decompose(eqs.inlineAll(eq.rhs()), vars).orElseThrow();
                String x = eq.name();
                String a = p(form.coefficient(x));
                String b = p(form.constant());
                code.append('_').append(x).append("_new = ").append(x).append(" + (").append(a).append('*').append(x)
                        .append(" + ").append(b).append(")*dt*exprel(").append(a).append("*dt)\n");
            }
            for (String x : vars) code.append(x).append(" = _").append(x).append("_new\n");
            return Statements.parse(code.toString());
        }
    }
}
