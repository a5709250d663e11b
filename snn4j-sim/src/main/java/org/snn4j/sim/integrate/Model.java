package org.snn4j.sim.integrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snn4j.sim.equations.EquationKind;
import org.snn4j.sim.equations.Equations;
import org.snn4j.sim.equations.Flag;
import org.snn4j.sim.equations.LinearAnalysis;
import org.snn4j.sim.equations.SingleEquation;
import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.Exprs;
import org.snn4j.sim.expr.FunctionDef;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.Symbol;

/**
 * The part of a model the integrators work on: the clock-driven differential equations (those flagged
 * {@code (event-driven)} are left out, as in Brian2), each split into its deterministic part f and the
 * factor g of each noise symbol, with subexpressions inlined, except those flagged {@code (constant over dt)},
 * which stay names the runtime computes once per step.
 */
final class Model {

    /** One clock-driven differential equation {@code dx/dt = f + sum g_k*xi_k}. */
    record Var(String name, SingleEquation equation, Expr f, Map<String, Expr> noise) {
        String source() { return equation.source(); }

        boolean isStochastic() { return !noise.isEmpty(); }
    }

    final Equations eqs;
    final Namespace external;
    final List<Var> vars;
    final Set<String> names;
    /** Noise symbols in order of first use. */
    final Set<String> noiseSymbols;
    /** Why the model cannot be integrated by any method (noise not entering linearly), or null. */
    final String problem;

    private Model(Equations eqs, Namespace external, List<Var> vars, Set<String> noiseSymbols, String problem) {
        this.eqs = eqs;
        this.external = external;
        this.vars = List.copyOf(vars);
        Set<String> n = new LinkedHashSet<>();
        for (Var v : vars) n.add(v.name());
        this.names = n;
        this.noiseSymbols = noiseSymbols;
        this.problem = problem;
    }

    static Model of(Equations eqs, Namespace external) {
        List<Var> vars = new ArrayList<>();
        Set<String> noise = new LinkedHashSet<>();
        String problem = null;
        for (SingleEquation eq : clockDriven(eqs)) {
            Optional<LinearAnalysis.StochasticParts> parts = LinearAnalysis.splitStochastic(eq.rhs());
            if (parts.isEmpty()) {
                if (problem == null) {
                    problem = quote(eq) + ": white noise must enter additively, as f + g*xi with f and g free of xi";
                }
                continue;
            }
            Map<String, Expr> g = new LinkedHashMap<>();
            parts.get().noise().forEach((xi, c) -> g.put(xi, inline(eqs, c)));
            noise.addAll(g.keySet());
            vars.add(new Var(eq.name(), eq, inline(eqs, parts.get().deterministic()), g));
        }
        return new Model(eqs, external, vars, noise, problem);
    }

    /** The differential equations integrated at every step (not {@code (event-driven)}). */
    static List<SingleEquation> clockDriven(Equations eqs) {
        return eqs.differentialEquations().stream().filter(e -> !e.hasFlag(Flag.EVENT_DRIVEN)).toList();
    }

    /** {@code e} with subexpressions inlined, except {@code (constant over dt)} ones. */
    static Expr inline(Equations eqs, Expr e) {
        return eqs.inline(e, sub -> !eqs.require(sub).hasFlag(Flag.CONSTANT_OVER_DT));
    }

    static String quote(SingleEquation eq) { return "'" + eq.source() + "'"; }

    boolean isStochastic() { return !noiseSymbols.isEmpty(); }

    /** True if {@code e} uses a differential variable of the model, or a subexpression depending on one. */
    boolean dependsOnState(Expr e) {
        for (String id : eqs.dependenciesOf(e)) if (names.contains(id)) return true;
        return false;
    }

    /** The state variables {@code e} uses (subexpressions followed). */
    List<String> stateDependencies(Expr e) {
        List<String> out = new ArrayList<>();
        for (String id : eqs.dependenciesOf(e)) if (names.contains(id)) out.add(id);
        return out;
    }

    /** The first equation with noise whose factor depends on a state variable, as a reason; empty if additive. */
    Optional<String> multiplicativeNoise() {
        for (Var v : vars) {
            for (Map.Entry<String, Expr> n : v.noise().entrySet()) {
                List<String> deps = stateDependencies(n.getValue());
                if (!deps.isEmpty()) {
                    return Optional.of("'" + v.source() + "': the noise is multiplicative (the factor "
                            + Exprs.print(n.getValue()) + " of " + n.getKey() + " depends on "
                            + String.join(", ", deps) + ")");
                }
            }
        }
        return Optional.empty();
    }

    /** The first stochastic equation, as a reason for deterministic-only methods; empty if none. */
    Optional<String> stochastic(String method) {
        for (Var v : vars) {
            if (v.isStochastic()) {
                return Optional.of("'" + v.source() + "': the equation is stochastic (it contains "
                        + String.join(", ", v.noise().keySet()) + "), and " + method
                        + " integrates deterministic equations only");
            }
        }
        return Optional.empty();
    }

    /** True if {@code e} calls a random function ({@code rand()}, {@code randn()}). */
    static boolean usesRandom(Expr e, Namespace ns) {
        for (String fn : Exprs.functionNames(e)) {
            Optional<Symbol> s = ns.resolve(fn);
            if (s.isPresent() && s.get() instanceof FunctionDef f && f.stochastic()) return true;
        }
        return false;
    }

    /** The statements assigning each variable its temporary new value {@code _x_new}. */
    List<org.snn4j.sim.expr.Statement> finalAssignments() {
        List<org.snn4j.sim.expr.Statement> out = new ArrayList<>();
        for (Var v : vars) out.add(Code.assign(v.name(), Code.name(newName(v.name()))));
        return out;
    }

    static String newName(String var) { return "_" + var + "_new"; }

    /** The noise increments {@code _xi_<name> = dt**0.5*randn()}, one per noise symbol. */
    List<org.snn4j.sim.expr.Statement> noiseIncrements() {
        List<org.snn4j.sim.expr.Statement> out = new ArrayList<>();
        for (String xi : noiseSymbols) {
            out.add(Code.assign(noiseName(xi), Code.mul(Code.sqrtDt(), Code.call("randn"))));
        }
        return out;
    }

    static String noiseName(String xi) { return "_xi_" + xi; }

    /** A parameter standing in for an equation (used to drop event-driven equations from analyses). */
    static SingleEquation asParameter(SingleEquation eq) {
        return new SingleEquation(EquationKind.PARAMETER, eq.name(), eq.unit(), eq.type(), null, Set.of(), eq.source());
    }
}
