package org.snn4j.sim.integrate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snn4j.sim.equations.Equations;
import org.snn4j.sim.equations.LinearAnalysis;
import org.snn4j.sim.equations.SingleEquation;
import org.snn4j.sim.expr.Evaluator;
import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.FunctionDef;
import org.snn4j.sim.expr.ExpressionException;
import org.snn4j.sim.expr.Exprs;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.Statement;
import org.snn4j.sim.expr.Symbol;

/**
 * Exact integration of linear equations with constant coefficients, {@code dX/dt = A X + b} (Brian2's
 * {@code exact}, alias {@code linear}): {@code X(t + dt) = E X(t) + F b} with {@code E = exp(A dt)} and
 * {@code F = integral_0^dt exp(A s) ds}.
 *
 * <ul>
 * <li>When every entry of A is a number (external constants and units only), E and F are computed at build
 *     time in float64 for the given dt, from one matrix exponential of the augmented matrix
 *     {@code [[A, I], [0, 0]] dt}, whose exponential is {@code [[E, F], [0, I]]}
 *     ({@link MatrixExponential}, scaling and squaring with Padé 13). The code has numeric coefficients;
 *     entries that are zero because a variable cannot influence another (no path in A) are exactly 0 and
 *     left out. b may depend on parameters: its entries are then emitted as temporaries {@code _b_x}.</li>
 * <li>When A is diagonal (every variable depends only on itself) its entries may be any expressions
 *     constant in time (parameters too): {@code x_new = x*exp(a*dt) + b*dt*exprel(a*dt)}, with symbolic
 *     dt.</li>
 * <li>Otherwise (coupled equations whose coefficients depend on parameters) the method refuses.</li>
 * </ul>
 * Stochastic equations, right-hand sides not linear in the state variables, and coefficients depending on
 * {@code t} or on random numbers are refused with the equation and the reason.
 *
 * <p>Terms that vary in time but are constant over each step are accepted, by Brian2's rule
 * ({@code is_constant_over_dt}): {@code t} may appear only as a direct argument of a function that is constant
 * over every step {@code [n*dt, (n+1)*dt)}, a {@code TimedArray} whose dt is an integer multiple of the
 * simulation's ({@link FunctionDef#isConstantOverDt}). Such a term is read at the start of the step, so
 * {@code dv/dt = (I(t) - v)/tau} relaxes exactly towards the current value of {@code I} on each step. This needs
 * the time step: without one ({@link #cannotIntegrate(Equations, Namespace)}) such terms are refused, as in Brian2.
 */
final class Exact extends AbstractUpdater {
    Exact() { super("exact"); }

    /** The linear system, with the numeric value of each entry where it has one (else null). */
    private record Analysis(String reason, List<String> vars, Expr[][] a, Double[][] aValue, Expr[] b, Double[] bValue) {
        static Analysis refuse(String reason) { return new Analysis(reason, null, null, null, null, null); }

        boolean numeric() {
            for (Double[] row : aValue) for (Double x : row) if (x == null) return false;
            return true;
        }

        boolean diagonal() {
            for (int i = 0; i < aValue.length; i++) {
                for (int j = 0; j < aValue.length; j++) {
                    if (i != j && (aValue[i][j] == null || aValue[i][j] != 0)) return false;
                }
            }
            return true;
        }
    }

    private static Analysis analyse(Model m) { return analyse(m, Double.NaN); }

    /** The analysis for time step {@code dt} (seconds; NaN when not known). */
    private static Analysis analyse(Model m, double dt) {
        Optional<String> st = m.stochastic("exact");
        if (st.isPresent()) return Analysis.refuse(st.get());
        List<String> vars = List.copyOf(m.names);
        int n = vars.size();
        Expr[][] a = new Expr[n][n];
        Double[][] av = new Double[n][n];
        Expr[] b = new Expr[n];
        Double[] bv = new Double[n];
        for (int i = 0; i < n; i++) {
            SingleEquation eq = m.vars.get(i).equation();
            String src = "'" + eq.source() + "': ";
            Expr rhs = m.eqs.inlineAll(eq.rhs());
            Optional<LinearAnalysis.LinearForm> lf = LinearAnalysis.decompose(rhs, vars);
            if (lf.isEmpty()) return Analysis.refuse(src + nonlinear(rhs, vars, m));
            for (int j = 0; j < n; j++) {
                a[i][j] = lf.get().coefficient(vars.get(j));
                String what = "the coefficient of " + vars.get(j) + " (" + Exprs.print(a[i][j]) + ")";
                Optional<String> bad = notConstantInTime(a[i][j], m.external, what, dt);
                if (bad.isPresent()) return Analysis.refuse(src + bad.get());
                av[i][j] = value(a[i][j], m.eqs, m.external);
            }
            b[i] = lf.get().constant();
            Optional<String> bad = notConstantInTime(b[i], m.external, "the constant term (" + Exprs.print(b[i]) + ")", dt);
            if (bad.isPresent()) return Analysis.refuse(src + bad.get());
            bv[i] = value(b[i], m.eqs, m.external);
        }
        Analysis an = new Analysis(null, vars, a, av, b, bv);
        if (n == 0 || an.numeric() || an.diagonal()) return an;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (av[i][j] != null) continue;
                List<String> deps = new ArrayList<>();
                for (String id : Exprs.identifiers(a[i][j])) {
                    if (!(m.external.resolve(id).orElse(null) instanceof Symbol.Constant) || m.eqs.names().contains(id)) {
                        deps.add(id);
                    }
                }
                return Analysis.refuse("'" + m.vars.get(i).source() + "': the coefficient of " + vars.get(j) + ", "
                        + Exprs.print(a[i][j]) + ", is not a constant number (it depends on " + String.join(", ", deps)
                        + "), and exact integration of coupled linear equations needs constant coefficients");
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static String nonlinear(Expr rhs, List<String> vars, Model m) {
        List<String> each = new ArrayList<>();
        for (String v : vars) {
            if (Exprs.identifiers(rhs).contains(v) && LinearAnalysis.decompose(rhs, List.of(v)).isEmpty()) each.add(v);
        }
        if (!each.isEmpty()) return "not linear in " + String.join(", ", each);
        Set<String> used = new LinkedHashSet<>(Exprs.identifiers(rhs));
        used.retainAll(vars);
        return "not linear in the state variables: a term multiplies " + String.join(" and ", used);
    }

    private static Optional<String> notConstantInTime(Expr e, Namespace ns, String what, double dt) {
        if (Model.usesRandom(e, ns)) return Optional.of(what + " uses random numbers");
        String why = timeDependence(e, ns, dt);
        if (why == null) return Optional.empty();
        if (why.isEmpty()) return Optional.of(what + " depends on time t");
        return Optional.of(what + " is not guaranteed to be constant over a time step: " + why);
    }

    /**
     * Brian2's {@code is_constant_over_dt} for the time dependence: null when {@code t} appears only as a
     * direct argument of functions constant over each step of {@code dt}; "" when {@code t} appears elsewhere;
     * otherwise why such a function call is not constant over a step.
     */
    private static String timeDependence(Expr e, Namespace ns, double dt) {
        return switch (e) {
            case Expr.Name n -> n.id().equals("t") ? "" : null;
            case Expr.Num n -> null;
            case Expr.Bool b -> null;
            case Expr.Unary u -> timeDependence(u.operand(), ns, dt);
            case Expr.Binary b -> {
                String l = timeDependence(b.left(), ns, dt);
                yield l != null ? l : timeDependence(b.right(), ns, dt);
            }
            case Expr.Call c -> {
                FunctionDef f = ns.resolve(c.name()).orElse(null) instanceof FunctionDef fd ? fd : null;
                for (Expr arg : c.args()) {
                    String why;
                    if (arg instanceof Expr.Name n && n.id().equals("t") && f != null && f.impl() instanceof FunctionDef.PiecewiseConstantInTime) {
                        why = f.isConstantOverDt(dt) ? null : stepMismatch(c, f, dt);
                    } else {
                        why = timeDependence(arg, ns, dt);
                    }
                    if (why != null) yield why;
                }
                yield null;
            }
        };
    }

    private static String stepMismatch(Expr.Call c, FunctionDef f, double dt) {
        String call = Exprs.print(c);
        if (Double.isNaN(dt)) {
            return call + " is constant over a step only if the step divides its dt (" + ms(f.timeStep())
                    + "), and the time step is not known here";
        }
        return "the dt of " + c.name() + " (" + ms(f.timeStep()) + ") is not an integer multiple of the time step ("
                + ms(dt) + "), so " + call + " can change within a step";
    }

    private static String ms(double seconds) {
        return java.math.BigDecimal.valueOf(seconds * 1e3).round(new java.math.MathContext(12)).stripTrailingZeros()
                .toPlainString() + " ms";
    }

    /** The value of {@code e} if it only uses numbers, external constants, units and deterministic functions. */
    static Double value(Expr e, Equations eqs, Namespace ns) {
        if (e instanceof Expr.Num n) return n.value();
        for (String id : Exprs.identifiers(e)) {
            if (eqs.names().contains(id)) return null;
            if (!(ns.resolve(id).orElse(null) instanceof Symbol.Constant)) return null;
        }
        if (Model.usesRandom(e, ns)) return null;
        try {
            double v = new Evaluator(ns, null).evaluate(e, Map.of());
            return Double.isFinite(v) ? v : null;
        } catch (ExpressionException | NullPointerException ex) {
            return null;
        }
    }

    @Override
    Optional<String> reason(Model m) { return Optional.ofNullable(analyse(m).reason()); }

    @Override
    Optional<String> reason(Model m, double dt) { return Optional.ofNullable(analyse(m, dt).reason()); }

    @Override
    public boolean needsNumericDt(Equations eqs, Namespace ns) {
        Model m = Model.of(eqs, ns);
        if (m.problem != null) return false;
        Analysis an = analyse(m);
        return an.reason() == null && !an.diagonal();
    }

    @Override
    List<Statement> generate(Model m) {
        Analysis an = analyse(m);
        if (!an.diagonal()) {
            throw new UnsupportedEquationsException("method 'exact' needs the time step as a number to integrate the "
                    + "coupled linear equations for " + String.join(", ", an.vars())
                    + ": call update(eqs, ns, dt)");
        }
        return diagonal(m, an);
    }

    @Override
    public List<Statement> update(Equations eqs, Namespace ns, double dt) {
        if (!(dt > 0) || !Double.isFinite(dt)) throw new IllegalArgumentException("the time step must be positive, got " + dt);
        Model m = Model.of(eqs, ns);
        if (m.problem != null) throw unsupported(m.problem);
        Analysis an = analyse(m, dt);
        if (an.reason() != null) throw unsupported(an.reason());
        return List.copyOf(an.numeric() ? numeric(m, an, dt) : diagonal(m, an));
    }

    private static Expr valueOrExpr(Double v, Expr e) { return v != null ? Code.num(v) : e; }

    /** Each variable on its own: {@code x*exp(a*dt) + b*dt*exprel(a*dt)}, symbolic in dt. */
    private static List<Statement> diagonal(Model m, Analysis an) {
        List<Statement> out = new ArrayList<>();
        for (int i = 0; i < an.vars().size(); i++) {
            String v = an.vars().get(i);
            Expr x = Code.name(v);
            Expr a = valueOrExpr(an.aValue()[i][i], Model.inline(m.eqs, an.a()[i][i]));
            Expr b = valueOrExpr(an.bValue()[i], an.b()[i]);
            boolean aZero = an.aValue()[i][i] != null && an.aValue()[i][i] == 0;
            boolean bZero = an.bValue()[i] != null && an.bValue()[i] == 0;
            Expr next;
            if (aZero) {
                next = Code.add(x, Code.mul(b, Code.DT));
            } else {
                if (!(a instanceof Expr.Num)) {
                    out.add(Code.assign("_a_" + v, a));
                    a = Code.name("_a_" + v);
                }
                Expr adt = Code.mul(a, Code.DT);
                next = Code.mul(x, Code.call("exp", adt));
                if (!bZero) next = Code.add(next, Code.mul(Code.mul(b, Code.DT), Code.call("exprel", adt)));
            }
            out.add(Code.assign(Model.newName(v), next));
        }
        out.addAll(m.finalAssignments());
        return out;
    }

    /** Numeric propagator for the given dt. */
    private static List<Statement> numeric(Model m, Analysis an, double dt) {
        int n = an.vars().size();
        double[][] aug = new double[2 * n][2 * n];
        boolean[][] reach = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                aug[i][j] = an.aValue()[i][j] * dt;
                reach[i][j] = i == j || an.aValue()[i][j] != 0;
            }
            aug[i][n + i] = dt;
        }
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                if (!reach[i][k]) continue;
                for (int j = 0; j < n; j++) if (reach[k][j]) reach[i][j] = true;
            }
        }
        double[][] ex = MatrixExponential.expm(aug);
        List<Statement> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            if (an.bValue()[j] == null) out.add(Code.assign("_b_" + an.vars().get(j), an.b()[j]));
        }
        for (int i = 0; i < n; i++) {
            Expr sum = null;
            double constant = 0;
            for (int j = 0; j < n; j++) {
                if (!reach[i][j]) continue;
                sum = term(sum, ex[i][j], Code.name(an.vars().get(j)));
                double f = ex[i][n + j];
                if (an.bValue()[j] == null) sum = term(sum, f, Code.name("_b_" + an.vars().get(j)));
                else constant += f * an.bValue()[j];
            }
            if (constant != 0) sum = term(sum, constant, null);
            out.add(Code.assign(Model.newName(an.vars().get(i)), sum == null ? Code.num(0) : sum));
        }
        out.addAll(m.finalAssignments());
        return out;
    }

    /** {@code sum + c*x} (or {@code sum + c} for x null), written with a minus for negative c. */
    private static Expr term(Expr sum, double c, Expr x) {
        if (c == 0) return sum;
        if (sum == null) return x == null ? Code.num(c) : c == 1 ? x : c == -1 ? Code.neg(x) : Code.mul(Code.num(c), x);
        Expr t = x == null ? Code.num(Math.abs(c)) : Math.abs(c) == 1 ? x : Code.mul(Code.num(Math.abs(c)), x);
        return c < 0 ? Code.sub(sum, t) : Code.add(sum, t);
    }
}
