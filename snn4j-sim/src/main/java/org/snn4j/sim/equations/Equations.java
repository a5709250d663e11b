package org.snn4j.sim.equations;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.snn4j.sim.expr.DimensionChecker;
import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.ExpressionException;
import org.snn4j.sim.expr.Exprs;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.Symbol;
import org.snn4j.sim.expr.Symbol.Role;
import org.snn4j.sim.expr.ValueType;
import org.snn4j.sim.units.Dimension;

/**
 * A model's equations, as in Brian2: an ordered, immutable list of differential equations,
 * subexpressions and parameters.
 *
 * <pre>{@code
 * Equations eqs = Equations.parse("""
 *     dv/dt = (ge + gi - (v - El))/taum : volt (unless refractory)
 *     dge/dt = -ge/taue : volt
 *     dgi/dt = -gi/taui : volt
 *     """, Namespace.builder().constant("taum", 20, "ms").constant("taue", 5, "ms")
 *             .constant("taui", 10, "ms").constant("El", -49, "mV").build());
 * }</pre>
 *
 * <p>{@link #parse(String)} reads the syntax and checks what needs no outside knowledge: names
 * (not keywords, functions, units or reserved symbols), flags, units (unscaled, as Brian2 requires:
 * {@code volt}, not {@code mV}), duplicate definitions, {@code xi} outside differential equations
 * and cycles among subexpressions. {@link #check(Namespace)} adds the dimensional analysis against
 * external constants: the right-hand side of {@code dx/dt} must have the dimension of x per second,
 * subexpressions the dimension they declare, every identifier must be known, and noise must enter
 * additively. {@link #parse(String, Namespace)} does both. Every error names the equation line.
 */
public final class Equations {
    private final Map<String, SingleEquation> byName;

    private Equations(List<SingleEquation> equations) {
        Map<String, SingleEquation> m = new LinkedHashMap<>();
        for (SingleEquation eq : equations) {
            SingleEquation prev = m.put(eq.name(), eq);
            if (prev != null) {
                String detail;
                if (prev.kind() != eq.kind()
                        && (prev.kind() == EquationKind.DIFFERENTIAL_EQUATION || eq.kind() == EquationKind.DIFFERENTIAL_EQUATION)) {
                    SingleEquation de = prev.kind() == EquationKind.DIFFERENTIAL_EQUATION ? prev : eq;
                    SingleEquation other = de == prev ? eq : prev;
                    detail = "'" + eq.name() + "' is defined by a differential equation and also as a "
                            + other.kind().toString().toLowerCase().replace('_', ' ') + " (in '" + other.source() + "')";
                    throw new ExpressionException(de.source(), detail, -1);
                }
                detail = "'" + eq.name() + "' is defined twice (also in '" + prev.source() + "')";
                throw new ExpressionException(eq.source(), detail, -1);
            }
        }
        this.byName = Collections.unmodifiableMap(m);
        checkStructure();
    }

    /** Parses an equation string (syntax and structure; see the class comment). */
    public static Equations parse(String text) {
        return new Equations(EquationParser.parse(text));
    }

    /** Parses and fully checks an equation string against {@code namespace} (external constants). */
    public static Equations parse(String text, Namespace namespace) {
        return parse(text).check(namespace);
    }

    /** Equations from single equations (checked for structure). */
    public static Equations of(List<SingleEquation> equations) { return new Equations(equations); }

    /** The equations of both, this first (Brian2's {@code eqs1 + eqs2}); a name defined in both is an error. */
    public Equations plus(Equations other) {
        List<SingleEquation> all = new ArrayList<>(equations());
        all.addAll(other.equations());
        return new Equations(all);
    }

    // ------------------------------------------------------------------ access

    /** All equations in definition order. */
    public List<SingleEquation> equations() { return List.copyOf(byName.values()); }

    /** The defined names in definition order. */
    public Set<String> names() { return byName.keySet(); }

    public Optional<SingleEquation> get(String name) { return Optional.ofNullable(byName.get(name)); }

    public SingleEquation require(String name) {
        return get(name).orElseThrow(() -> new IllegalArgumentException("no equation defines '" + name + "'"));
    }

    public List<SingleEquation> ofKind(EquationKind kind) {
        return byName.values().stream().filter(e -> e.kind() == kind).toList();
    }

    public List<SingleEquation> differentialEquations() { return ofKind(EquationKind.DIFFERENTIAL_EQUATION); }

    public List<SingleEquation> subexpressions() { return ofKind(EquationKind.SUBEXPRESSION); }

    public List<SingleEquation> parameters() { return ofKind(EquationKind.PARAMETER); }

    /** Names of the variables defined by differential equations, in order. */
    public List<String> diffEqNames() { return differentialEquations().stream().map(SingleEquation::name).toList(); }

    /** True if any differential equation contains {@code xi}. */
    public boolean isStochastic() { return differentialEquations().stream().anyMatch(SingleEquation::isStochastic); }

    /**
     * A namespace holding this model's variables (roles {@link Role#DIFFERENTIAL}, {@link Role#PARAMETER},
     * {@link Role#SUBEXPRESSION}) on top of {@code parent}. Subexpressions, {@code (constant)} and
     * {@code (linked)} parameters are read-only.
     */
    public Namespace namespace(Namespace parent) {
        Namespace.Builder b = Namespace.builder(parent);
        for (SingleEquation eq : byName.values()) {
            Role role = switch (eq.kind()) {
                case DIFFERENTIAL_EQUATION -> Role.DIFFERENTIAL;
                case SUBEXPRESSION -> Role.SUBEXPRESSION;
                case PARAMETER -> Role.PARAMETER;
            };
            boolean readOnly = eq.kind() == EquationKind.SUBEXPRESSION || eq.hasFlag(Flag.CONSTANT)
                    || eq.hasFlag(Flag.LINKED);
            b.symbol(new Symbol.Variable(eq.name(), eq.dimension(), eq.type(), role, readOnly));
        }
        return b.build();
    }

    // ------------------------------------------------------------------ checks

    private void checkStructure() {
        for (SingleEquation eq : byName.values()) {
            if (eq.kind() != EquationKind.DIFFERENTIAL_EQUATION && eq.isStochastic()) {
                throw new ExpressionException(eq.source(), "white noise (xi) may only appear in differential "
                        + "equations", -1);
            }
        }
        // cycles among subexpressions: depth-first search
        Map<String, Integer> state = new HashMap<>();
        for (SingleEquation eq : subexpressions()) findCycle(eq.name(), state, new ArrayList<>());
    }

    private void findCycle(String name, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(name);
        if (s != null && s == 2) return;
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            throw new ExpressionException(byName.get(name).source(), "the subexpressions "
                    + String.join(" -> ", cycle) + " refer to each other in a cycle", -1);
        }
        state.put(name, 1);
        path.add(name);
        for (String dep : Exprs.identifiers(byName.get(name).rhs())) {
            SingleEquation d = byName.get(dep);
            if (d != null && d.kind() == EquationKind.SUBEXPRESSION) findCycle(dep, state, path);
        }
        path.remove(path.size() - 1);
        state.put(name, 2);
    }

    /**
     * Checks dimensions, identifiers and value types against {@code external} (constants and
     * functions; the built-ins and units are always visible). Returns this.
     *
     * @throws ExpressionException naming the equation line and the offending term
     */
    public Equations check(Namespace external) {
        Namespace ns = namespace(external);
        for (SingleEquation eq : byName.values()) {
            if (eq.rhs() == null) continue;
            DimensionChecker.Info info = DimensionChecker.check(eq.rhs(), ns, eq.source());
            String rhs = Exprs.print(eq.rhs());
            if (eq.kind() == EquationKind.DIFFERENTIAL_EQUATION) {
                Dimension expected = eq.dimension().divide(Dimension.TIME);
                if (!info.dimension().equals(expected)) {
                    String want = expected.name().isPresent() ? expected.toString()
                            : eq.unit().name() + "/second (" + expected.toSiString() + ")";
                    throw new ExpressionException(eq.source(), "d" + eq.name() + "/dt must have the dimension "
                            + want + ", but the right-hand side " + rhs + " has dimension " + info.dimension(), -1);
                }
                if (info.type() == ValueType.BOOLEAN) {
                    throw new ExpressionException(eq.source(), "the right-hand side " + rhs + " is boolean", -1);
                }
                if (eq.isStochastic() && LinearAnalysis.splitStochastic(eq.rhs()).isEmpty()) {
                    throw new ExpressionException(eq.source(), "white noise must enter additively, as "
                            + "f + g*xi with f and g free of xi; got " + rhs, -1);
                }
            } else {
                if (!info.dimension().equals(eq.dimension())) {
                    throw new ExpressionException(eq.source(), "the right-hand side " + rhs + " has dimension "
                            + info.dimension() + ", but " + eq.name() + " is declared in " + eq.unit().name()
                            + (eq.dimension().name().isPresent() || eq.dimension().isDimensionless() ? ""
                            : " (" + eq.dimension().toSiString() + ")"), -1);
                }
                if (eq.type() == ValueType.BOOLEAN && info.type() != ValueType.BOOLEAN) {
                    throw new ExpressionException(eq.source(), eq.name() + " is declared boolean but " + rhs
                            + " is not a boolean expression", -1);
                }
            }
        }
        return this;
    }

    // ------------------------------------------------------------------ transformations

    /** The equations with identifiers replaced by expressions in every right-hand side. */
    public Equations substitute(Map<String, ? extends Expr> replacements) {
        List<SingleEquation> out = new ArrayList<>();
        for (SingleEquation eq : byName.values()) {
            out.add(eq.rhs() == null ? eq : eq.withRhs(Exprs.substitute(eq.rhs(), replacements)));
        }
        return new Equations(out);
    }

    /**
     * The equations with every external constant and unit name (as resolved by {@code external}, never
     * a model variable) replaced by its SI value, and numeric subexpressions folded: with
     * {@code taue = 5 ms}, {@code -ge/taue} becomes {@code -ge/0.005}.
     */
    public Equations resolveConstants(Namespace external) {
        Map<String, Expr> values = new HashMap<>();
        for (SingleEquation eq : byName.values()) {
            if (eq.rhs() == null) continue;
            for (String id : Exprs.identifiers(eq.rhs())) {
                if (byName.containsKey(id)) continue;
                external.resolve(id).ifPresent(s -> {
                    if (s instanceof Symbol.Constant c) values.put(id, Expr.Num.of(c.value().value()));
                });
            }
        }
        List<SingleEquation> out = new ArrayList<>();
        for (SingleEquation eq : byName.values()) {
            out.add(eq.rhs() == null ? eq : eq.withRhs(Exprs.fold(Exprs.substitute(eq.rhs(), values))));
        }
        return new Equations(out);
    }

    /**
     * {@code e} with the subexpressions accepted by {@code which} replaced by their definitions,
     * recursively (a subexpression's definition is itself inlined first).
     */
    public Expr inline(Expr e, Predicate<String> which) {
        Map<String, Expr> repl = new HashMap<>();
        for (String id : Exprs.identifiers(e)) {
            SingleEquation d = byName.get(id);
            if (d != null && d.kind() == EquationKind.SUBEXPRESSION && which.test(id)) {
                repl.put(id, inline(d.rhs(), which));
            }
        }
        return repl.isEmpty() ? e : Exprs.substitute(e, repl);
    }

    /** {@code e} with all subexpressions inlined. */
    public Expr inlineAll(Expr e) { return inline(e, n -> true); }

    /** The equations with all subexpressions inlined into every right-hand side (definitions kept). */
    public Equations withSubexpressionsInlined() {
        List<SingleEquation> out = new ArrayList<>();
        for (SingleEquation eq : byName.values()) out.add(eq.rhs() == null ? eq : eq.withRhs(inlineAll(eq.rhs())));
        return new Equations(out);
    }

    /** The names {@code name} depends on, following subexpressions transitively (not including itself). */
    public Set<String> dependencies(String name) {
        Set<String> out = new LinkedHashSet<>();
        SingleEquation eq = byName.get(name);
        if (eq != null && eq.rhs() != null) collect(eq.rhs(), out);
        return out;
    }

    /** The identifiers of {@code e}, following subexpressions transitively. */
    public Set<String> dependenciesOf(Expr e) {
        Set<String> out = new LinkedHashSet<>();
        collect(e, out);
        return out;
    }

    private void collect(Expr e, Set<String> out) {
        for (String id : Exprs.identifiers(e)) {
            if (!out.add(id)) continue;
            SingleEquation d = byName.get(id);
            if (d != null && d.kind() == EquationKind.SUBEXPRESSION) collect(d.rhs(), out);
        }
    }

    /** Subexpressions ordered so that each comes after the subexpressions it uses. */
    public List<SingleEquation> subexpressionsInDependencyOrder() {
        List<SingleEquation> out = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (SingleEquation eq : subexpressions()) visit(eq, done, out);
        return out;
    }

    private void visit(SingleEquation eq, Set<String> done, List<SingleEquation> out) {
        if (!done.add(eq.name())) return;
        for (String id : Exprs.identifiers(eq.rhs())) {
            SingleEquation d = byName.get(id);
            if (d != null && d.kind() == EquationKind.SUBEXPRESSION) visit(d, done, out);
        }
        out.add(eq);
    }

    // ------------------------------------------------------------------ analysis shortcuts

    /** True if the differential equations are linear in the state variables with constant coefficients. */
    public boolean isLinear() { return LinearAnalysis.linearSystem(this).isPresent(); }

    /** See {@link LinearAnalysis#linearSystem}. */
    public Optional<LinearAnalysis.LinearSystem> linearSystem() { return LinearAnalysis.linearSystem(this); }

    /** See {@link LinearAnalysis#conditionallyLinear}. */
    public Optional<LinearAnalysis.ConditionallyLinear> conditionallyLinear(String variable) {
        return LinearAnalysis.conditionallyLinear(this, variable);
    }

    /** The equations in Brian2 syntax, one per line. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (SingleEquation eq : byName.values()) sb.append(eq.format()).append('\n');
        return sb.toString();
    }
}
