package org.snn4j.sim.equations;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.Expr.Binary;
import org.snn4j.sim.expr.Expr.BinaryOperator;
import org.snn4j.sim.expr.Expr.Name;
import org.snn4j.sim.expr.Expr.Num;
import org.snn4j.sim.expr.Expr.Unary;
import org.snn4j.sim.expr.Expr.UnaryOperator;
import org.snn4j.sim.expr.Exprs;
import org.snn4j.sim.expr.Functions;
import org.snn4j.sim.expr.Namespace;

/**
 * Structural analysis of right-hand sides for choosing and building integrators.
 *
 * <ul>
 * <li>{@link #decompose}: writes an expression as {@code sum_k c_k*x_k + c0} in chosen variables
 *     {@code x_k}, with coefficients free of them, or reports that it is not linear.</li>
 * <li>{@link #linearSystem}: for the whole model, {@code dX/dt = M X + b} with M and b free of the
 *     state variables, of {@code t}, of noise and of random functions (what Brian2's
 *     {@code linear} method integrates exactly).</li>
 * <li>{@link #conditionallyLinear}: {@code dx/dt = A*x + B} with A and B free of x but possibly
 *     depending on other variables (Brian2's {@code exponential_euler}).</li>
 * <li>{@link #splitStochastic}: {@code f + sum_k g_k*xi_k} for stochastic equations.</li>
 * </ul>
 *
 * A zero coefficient is the integer literal {@code 0}: it has no dimension of its own, so extracted
 * terms are meant for evaluation and code generation rather than for re-checking dimensions.
 */
public final class LinearAnalysis {
    private LinearAnalysis() {}

    /**
     * An expression written as {@code sum coefficients[x]*x + constant}.
     *
     * @param coefficients coefficient of each variable the expression is linear in; missing means zero
     * @param constant     the term free of the variables, or {@code 0}
     */
    public record LinearForm(Map<String, Expr> coefficients, Expr constant) {
        public LinearForm {
            coefficients = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(coefficients));
        }

        /** The coefficient of {@code variable}, or the literal 0. */
        public Expr coefficient(String variable) { return coefficients.getOrDefault(variable, ZERO); }
    }

    /**
     * {@code dX/dt = matrix X + constants}, rows and columns in the order of {@code variables}.
     */
    public record LinearSystem(List<String> variables, List<List<Expr>> matrix, List<Expr> constants) {
        /** The coefficient of variable {@code column} in the equation of variable {@code row}. */
        public Expr coefficient(String row, String column) {
            return matrix.get(variables.indexOf(row)).get(variables.indexOf(column));
        }

        public Expr constant(String row) { return constants.get(variables.indexOf(row)); }
    }

    /** {@code dx/dt = a*x + b} with a and b free of x. */
    public record ConditionallyLinear(String variable, Expr a, Expr b) {}

    /** {@code f + sum noise[xi]*xi}: the deterministic part and the coefficient of each noise symbol. */
    public record StochasticParts(Expr deterministic, Map<String, Expr> noise) {}

    static final Num ZERO = Num.ofInt(0);
    private static final Num ONE = Num.ofInt(1);

    // ---------------------------------------------------------------- decomposition

    /** {@code e} as a linear form in {@code variables}, or empty if it is not linear in them. */
    public static Optional<LinearForm> decompose(Expr e, Collection<String> variables) {
        Form f = form(e, Set.copyOf(variables));
        if (f == null) return Optional.empty();
        return Optional.of(new LinearForm(f.coefficients, f.constant == null ? ZERO : f.constant));
    }

    private static final class Form {
        final Map<String, Expr> coefficients = new LinkedHashMap<>();
        Expr constant; // null = zero
    }

    private static Form form(Expr e, Set<String> vars) {
        Form f = new Form();
        if (!Exprs.dependsOn(e, vars)) {
            f.constant = e;
            return f;
        }
        switch (e) {
            case Name n -> {
                f.coefficients.put(n.id(), ONE);
                return f;
            }
            case Unary u when u.op() == UnaryOperator.POS -> {
                return form(u.operand(), vars);
            }
            case Unary u when u.op() == UnaryOperator.NEG -> {
                Form inner = form(u.operand(), vars);
                if (inner == null) return null;
                return scale(inner, c -> neg(c));
            }
            case Binary b when b.op() == BinaryOperator.ADD || b.op() == BinaryOperator.SUB -> {
                Form l = form(b.left(), vars), r = form(b.right(), vars);
                if (l == null || r == null) return null;
                boolean minus = b.op() == BinaryOperator.SUB;
                Set<String> keys = new LinkedHashSet<>(l.coefficients.keySet());
                keys.addAll(r.coefficients.keySet());
                for (String k : keys) {
                    Expr c = combine(l.coefficients.get(k), r.coefficients.get(k), minus);
                    if (c != null) f.coefficients.put(k, c);
                }
                f.constant = combine(l.constant, r.constant, minus);
                return f;
            }
            case Binary b when b.op() == BinaryOperator.MUL -> {
                if (!Exprs.dependsOn(b.left(), vars)) {
                    Form r = form(b.right(), vars);
                    return r == null ? null : scale(r, c -> mul(b.left(), c));
                }
                if (!Exprs.dependsOn(b.right(), vars)) {
                    Form l = form(b.left(), vars);
                    return l == null ? null : scale(l, c -> mul(c, b.right()));
                }
                return null;
            }
            case Binary b when b.op() == BinaryOperator.DIV && !Exprs.dependsOn(b.right(), vars) -> {
                Form l = form(b.left(), vars);
                return l == null ? null : scale(l, c -> div(c, b.right()));
            }
            default -> {
                return null;
            }
        }
    }

    private static Form scale(Form in, java.util.function.UnaryOperator<Expr> op) {
        Form out = new Form();
        in.coefficients.forEach((k, c) -> out.coefficients.put(k, op.apply(c)));
        out.constant = in.constant == null ? null : op.apply(in.constant);
        return out;
    }

    private static Expr combine(Expr a, Expr b, boolean minus) {
        if (b == null) return a;
        if (a == null) return minus ? neg(b) : b;
        if (b instanceof Unary u && u.op() == UnaryOperator.NEG) {
            return new Binary(minus ? BinaryOperator.ADD : BinaryOperator.SUB, a, u.operand(), -1);
        }
        return new Binary(minus ? BinaryOperator.SUB : BinaryOperator.ADD, a, b, -1);
    }

    private static Expr neg(Expr e) {
        if (e instanceof Unary u && u.op() == UnaryOperator.NEG) return u.operand();
        if (e instanceof Num n) return new Num(-n.value(), n.integer(), -1);
        return new Unary(UnaryOperator.NEG, e, -1);
    }

    private static Expr mul(Expr a, Expr b) {
        if (a instanceof Num n && n.value() == 1) return b;
        if (b instanceof Num n && n.value() == 1) return a;
        if (a instanceof Num n && n.value() == -1) return neg(b);
        if (b instanceof Num n && n.value() == -1) return neg(a);
        if (a instanceof Unary u && u.op() == UnaryOperator.NEG) return neg(mul(u.operand(), b));
        if (b instanceof Unary u && u.op() == UnaryOperator.NEG) return neg(mul(a, u.operand()));
        return new Binary(BinaryOperator.MUL, a, b, -1);
    }

    private static Expr div(Expr a, Expr b) {
        if (b instanceof Num n && n.value() == 1) return a;
        if (a instanceof Unary u && u.op() == UnaryOperator.NEG) return neg(div(u.operand(), b));
        return new Binary(BinaryOperator.DIV, a, b, -1);
    }

    // ---------------------------------------------------------------- model-level analyses

    /** True if {@code e} (subexpressions followed) uses {@code t}, noise or a random function. */
    private static boolean timeVaryingOrRandom(Equations eqs, Expr e) {
        Expr inlined = eqs.inlineAll(e);
        for (String id : Exprs.identifiers(inlined)) {
            if (id.equals("t") || Namespace.isNoiseName(id)) return true;
        }
        for (String fn : Exprs.functionNames(inlined)) {
            var f = Functions.defaults().get(fn);
            if (f != null && f.stochastic()) return true;
        }
        return false;
    }

    /**
     * The model as {@code dX/dt = M X + b} over its differential equations (subexpressions inlined),
     * or empty if some right-hand side is not linear in the state variables, or if M or b depend on
     * {@code t}, noise or random numbers. Parameters and external constants may appear in M and b.
     */
    public static Optional<LinearSystem> linearSystem(Equations eqs) {
        List<String> vars = eqs.diffEqNames();
        List<List<Expr>> matrix = new ArrayList<>();
        List<Expr> constants = new ArrayList<>();
        for (SingleEquation eq : eqs.differentialEquations()) {
            Optional<LinearForm> lf = decompose(eqs.inlineAll(eq.rhs()), vars);
            if (lf.isEmpty()) return Optional.empty();
            List<Expr> row = new ArrayList<>();
            for (String v : vars) {
                Expr c = lf.get().coefficient(v);
                if (timeVaryingOrRandom(eqs, c)) return Optional.empty();
                row.add(c);
            }
            if (timeVaryingOrRandom(eqs, lf.get().constant())) return Optional.empty();
            matrix.add(List.copyOf(row));
            constants.add(lf.get().constant());
        }
        return Optional.of(new LinearSystem(List.copyOf(vars), List.copyOf(matrix), List.copyOf(constants)));
    }

    /**
     * {@code d variable/dt = A*variable + B}. Subexpressions that (transitively) depend on
     * {@code variable} are inlined first; others stay as names, so for the Hodgkin-Huxley gate
     * {@code dm/dt = alpha_m*(1-m) - beta_m*m} the result is {@code A = -alpha_m - beta_m},
     * {@code B = alpha_m}. Empty if the right-hand side is not linear in the variable.
     */
    public static Optional<ConditionallyLinear> conditionallyLinear(Equations eqs, String variable) {
        SingleEquation eq = eqs.require(variable);
        if (eq.kind() != EquationKind.DIFFERENTIAL_EQUATION) {
            throw new IllegalArgumentException("'" + variable + "' is not defined by a differential equation");
        }
        Expr rhs = eqs.inline(eq.rhs(), sub -> eqs.dependencies(sub).contains(variable));
        return decompose(rhs, List.of(variable))
                .map(f -> new ConditionallyLinear(variable, f.coefficient(variable), f.constant()));
    }

    /**
     * Splits a right-hand side into its deterministic part and the coefficient of each noise symbol
     * ({@code xi}, {@code xi_*}); empty if noise does not enter linearly.
     */
    public static Optional<StochasticParts> splitStochastic(Expr rhs) {
        Set<String> noise = new LinkedHashSet<>();
        for (String id : Exprs.identifiers(rhs)) if (Namespace.isNoiseName(id)) noise.add(id);
        if (noise.isEmpty()) return Optional.of(new StochasticParts(rhs, Map.of()));
        return decompose(rhs, noise).map(f -> new StochasticParts(f.constant(), f.coefficients()));
    }
}
