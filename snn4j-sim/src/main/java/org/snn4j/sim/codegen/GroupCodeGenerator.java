package org.snn4j.sim.codegen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.snn4j.sim.equations.Equations;
import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.Exprs;
import org.snn4j.sim.expr.FunctionDef;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.Statement;
import org.snn4j.sim.expr.Symbol;
import org.snn4j.sim.expr.ValueType;
import org.snn4j.sim.units.Dimension;
import org.snn4j.sim.units.Quantity;

/**
 * Generates the Java source of one neuron group's {@link GroupCode} subclass.
 *
 * <p>Shape of the generated class: one array field per stored variable ({@code _a_v}), bound by
 * {@code bind}; each method loops over its index range, loads the variables it reads into locals
 * ({@code _l_v}), runs the abstract code statement by statement (temporaries become locals
 * {@code _t_name}), and stores the variables it assigned. Subexpressions are inlined where used,
 * constants and units are literals, {@code N} is a literal, {@code i} is the loop index.
 * Refractoriness: {@code stateUpdate} first sets {@code not_refractory} (from
 * {@code timestep(t - lastspike, dt) >= timestep(refractory, dt)}, or {@code not (condition)}),
 * and stores the variables flagged {@code (unless refractory)} only when the neuron is not
 * refractory; {@code threshold} adds {@code and not_refractory}, and records {@code lastspike = t}
 * and {@code not_refractory = False} for each spike.
 *
 * <p>With a constant refractory period and dt the condition is one comparison
 * {@code t - lastspike >= least} (the least difference that passes, found when generating, so the
 * result is the same bit for bit), and, when the update statements do not read {@code not_refractory}
 * or {@code lastspike}, the list form is used (see {@code stateUpdateList}): the refractory neurons
 * of each block are kept in a list, and the update loop runs without conditions. Otherwise, with a
 * threshold, the class also has {@code stateUpdateThreshold}, both loop bodies in one pass.
 */
public final class GroupCodeGenerator {

    /** How a stored variable is held. */
    public enum Storage { DOUBLE, FLOAT, BOOLEAN }

    /** A stored (per-neuron) variable. */
    public record Var(String name, Storage storage) {}

    /**
     * Everything the generator needs about a group.
     *
     * @param className         simple name of the generated class
     * @param n                 number of neurons
     * @param equations         the checked equations (for inlining subexpressions)
     * @param namespace         the group's namespace: model variables, built-ins, external constants
     * @param variables         the stored variables, in binding order
     * @param stateUpdate       the integrator's statements for one step
     * @param unlessRefractory  variables kept constant while refractory
     * @param refractory        the refractory period (a time expression) or condition, or null for none
     * @param refractoryIsCondition true if {@code refractory} is a boolean condition
     * @param refractoryPerSpike    true if the refractory time is evaluated at each spike and kept in the stored
     *                              variable {@code _refractory} (for expressions that are not constant, as
     *                              {@code (1 + 2*rand())*ms})
     * @param threshold         the threshold condition, or null
     * @param reset             the reset statements (may be empty)
     * @param dt                the time step in seconds, inlined as a constant (the runtime rebuilds the code
     *                          when dt changes), or NaN to read the {@code dt} argument at run time
     */
    public record Model(String className, int n, Equations equations, Namespace namespace, List<Var> variables,
                        List<Statement> stateUpdate, Set<String> unlessRefractory, Expr refractory,
                        boolean refractoryIsCondition, boolean refractoryPerSpike, Expr threshold, List<Statement> reset, double dt) {}

    /** The generated source and the user functions it calls (bind them with {@link GroupCode#setFunctions}). */
    public record Generated(String className, String source, List<FunctionDef> functions) {
        public String qualifiedName() { return PACKAGE + "." + className; }
    }

    public static final String PACKAGE = "org.snn4j.sim.generated";

    /** The stored variable holding each neuron's refractory period when it is evaluated at each spike. */
    public static final String REFRACTORY_VAR = "_refractory";

    private final Model m;
    private final Map<String, Var> stored = new LinkedHashMap<>();
    private final List<FunctionDef> functions = new ArrayList<>();
    private int randomSites;

    private GroupCodeGenerator(Model m) {
        this.m = m;
        for (Var v : m.variables()) stored.put(v.name(), v);
    }

    /** Generates the source for {@code model}. */
    public static Generated generate(Model model) {
        return new GroupCodeGenerator(model).run();
    }

    private Generated run() {
        StringBuilder sb = new StringBuilder();
        sb.append("package ").append(PACKAGE).append(";\n\n");
        sb.append("/** Generated by snn4j-sim for the neuron group ").append(m.className()).append(" (N=")
                .append(m.n()).append("). */\n");
        sb.append("public final class ").append(m.className()).append(" extends ")
                .append(GroupCode.class.getName()).append(" {\n");
        for (Var v : m.variables()) {
            sb.append("    private ").append(javaArray(v)).append(" _a_").append(v.name()).append(";\n");
        }
        sb.append("\n    public void bind(Object[] _arrays) {\n");
        for (int k = 0; k < m.variables().size(); k++) {
            Var v = m.variables().get(k);
            sb.append("        _a_").append(v.name()).append(" = (").append(javaArray(v)).append(") _arrays[")
                    .append(k).append("];\n");
        }
        sb.append("    }\n");
        stateUpdate(sb);
        threshold(sb);
        fused(sb);
        reset(sb);
        sb.append("}\n");
        return new Generated(m.className(), sb.toString(), List.copyOf(functions));
    }

    private static String javaArray(Var v) {
        return switch (v.storage()) {
            case DOUBLE -> "double[]";
            case FLOAT -> "float[]";
            case BOOLEAN -> "boolean[]";
        };
    }

    private static String javaType(Var v) { return v.storage() == Storage.BOOLEAN ? "boolean" : "double"; }

    private boolean hasRefractory() { return m.refractory() != null; }

    // ------------------------------------------------------------------ methods

    /** The least refractory end where the list form of the refractoriness applies, else NaN. */
    private double listLeast = Double.NaN;

    /**
     * The list form applies for a constant refractory period and dt, when the update statements do not read
     * {@code not_refractory} or {@code lastspike}, and the variables kept while refractory are numbers.
     */
    private double listModeLeast() {
        if (!hasRefractory() || m.refractoryIsCondition() || m.refractoryPerSpike()) return Double.NaN;
        for (Statement st : m.stateUpdate()) {
            if (st.target().equals("not_refractory") || st.target().equals("lastspike")) return Double.NaN;
            java.util.Set<String> ids = Exprs.identifiers(m.equations().inlineAll(st.expandedValue()));
            if (ids.contains("not_refractory") || ids.contains("lastspike")) return Double.NaN;
        }
        for (String name : m.unlessRefractory()) {
            Var v = stored.get(name);
            if (v == null || v.storage() == Storage.BOOLEAN) return Double.NaN;
        }
        return leastRefractoryEnd();
    }

    /**
     * The list form of stateUpdate: each block of neurons {@code [from, to)} keeps the neurons that are
     * refractory in {@code _rl[from ..< from + _rc[from]]} (the threshold adds each spike). A step rechecks
     * only those (all neurons when {@code _checkAllRefractory}) and in the same pass saves the variables kept
     * while refractory of those that stay refractory, updates every neuron without any condition (a loop the
     * JIT can vectorise), and puts the saved values back: the same stores as the masked form.
     */
    private void stateUpdateList(StringBuilder sb, double least) {
        String lit = JavaExpressionPrinter.literal(least);
        List<String> kept = new ArrayList<>();
        Body body = new Body("            ");
        body.statements(m.stateUpdate());
        for (String name : body.assigned) if (m.unlessRefractory().contains(name)) kept.add(name);
        StringBuilder loop = new StringBuilder();
        body.finish(loop, false);
        sb.append("\n    public void stateUpdate(int _from, int _to, double t, double dt) {\n");
        localArrays(sb);
        sb.append("        final int[] _rl = this._rl;\n");
        sb.append("        int _cnt = 0;\n");
        // (both loops without branches, in the bytecode too: which way a neuron goes changes over the first steps
        // of a run, and a branch the JIT has not yet seen taken is compiled as a trap that sends the method back
        // to the interpreter and the JIT to compile it again. A comparison or a boolean-to-int conversion is a
        // branch in bytecode, so _r, 1 while the neuron stays refractory, is the sign bit of
        // (t - lastspike) - least, which is negative exactly when t - lastspike < least, and not_refractory is
        // read from a table; the list is compacted in place, _cnt <= _k)
        sb.append("        if (_checkAllRefractory) {\n");
        sb.append("            for (int _i = _from; _i < _to; _i++) {\n");
        sb.append("                final int _r = (int) (Double.doubleToRawLongBits((t - _a_lastspike[_i]) - ").append(lit)
                .append(") >>> 63);\n");
        sb.append("                _a_not_refractory[_i] = _NOT_REFRACTORY[_r];\n");
        sb.append("                _rl[_from + _cnt] = _i;\n");
        for (String name : kept) {
            sb.append("                _rs_").append(name).append("[_from + _cnt] = _a_").append(name).append("[_i];\n");
        }
        sb.append("                _cnt += _r;\n");
        sb.append("            }\n");
        sb.append("        } else {\n");
        sb.append("            final int _c = _rc[_from];\n");
        sb.append("            for (int _k = 0; _k < _c; _k++) {\n");
        sb.append("                final int _i = _rl[_from + _k];\n");
        sb.append("                final int _r = (int) (Double.doubleToRawLongBits((t - _a_lastspike[_i]) - ").append(lit)
                .append(") >>> 63);\n");
        sb.append("                _a_not_refractory[_i] = _NOT_REFRACTORY[_r];\n");
        sb.append("                _rl[_from + _cnt] = _i;\n");
        for (String name : kept) {
            sb.append("                _rs_").append(name).append("[_from + _cnt] = _a_").append(name).append("[_i];\n");
        }
        sb.append("                _cnt += _r;\n");
        sb.append("            }\n");
        sb.append("        }\n");
        sb.append("        for (int _i = _from; _i < _to; _i++) {\n");
        sb.append(loop);
        sb.append("        }\n");
        if (!kept.isEmpty()) {
            sb.append("        for (int _k = 0; _k < _cnt; _k++) {\n");
            sb.append("            final int _i = _rl[_from + _k];\n");
            for (String name : kept) {
                String cast = stored.get(name).storage() == Storage.FLOAT ? "(float) " : "";
                sb.append("            _a_").append(name).append("[_i] = ").append(cast).append("_rs_").append(name)
                        .append("[_from + _k];\n");
            }
            sb.append("        }\n");
        }
        sb.append("        _rc[_from] = _cnt;\n");
        sb.append("    }\n");
        sb.append("\n    private static final boolean[] _NOT_REFRACTORY = {true, false};\n");
        sb.append("    private final int[] _rl = new int[").append(m.n()).append("];\n");
        sb.append("    private final int[] _rc = new int[").append(m.n()).append("];\n");
        for (String name : kept) {
            sb.append("    private final double[] _rs_").append(name).append(" = new double[").append(m.n()).append("];\n");
        }
    }

    private void stateUpdate(StringBuilder sb) {
        listLeast = listModeLeast();
        if (!Double.isNaN(listLeast)) {
            stateUpdateList(sb, listLeast);
            return;
        }
        sb.append("\n    public void stateUpdate(int _from, int _to, double t, double dt) {\n");
        localArrays(sb);
        sb.append("        final boolean _all = _checkAllRefractory;\n");
        sb.append("        for (int _i = _from; _i < _to; _i++) {\n");
        StringBuilder outer = sb;
        sb = new StringBuilder();
        Body body = new Body("            ");
        if (hasRefractory()) {
            String period = m.refractoryPerSpike() ? REFRACTORY_VAR : Exprs.print(m.refractory());
            Expr cond = m.refractoryIsCondition()
                    ? new Expr.Unary(Expr.UnaryOperator.NOT, m.refractory(), -1)
                    : Exprs.parse("timestep(t - lastspike, dt) >= timestep(" + period + ", dt)");
            body.loaded.add("not_refractory");
            double least = m.refractoryIsCondition() || m.refractoryPerSpike() ? Double.NaN : leastRefractoryEnd();
            if (!Double.isNaN(least)) {
                // timestep(t - lastspike, dt) >= K is monotone in t - lastspike: one comparison, no division;
                // where not_refractory is already true it stays true (see GroupCode._checkAllRefractory), so that
                // lastspike is read only for the neurons that were refractory
                body.code.append(body.indent).append("if (_all || !_l_not_refractory) _l_not_refractory = (t - _a_lastspike[_i]) >= ")
                        .append(JavaExpressionPrinter.literal(least)).append(";\n");
            } else {
                body.load(m.equations().inlineAll(cond));
                body.code.append(body.indent).append("_l_not_refractory = ")
                        .append(body.printer().bool(m.equations().inlineAll(cond), "refractory " + Exprs.print(m.refractory())))
                        .append(";\n");
            }
            body.assigned.add("not_refractory");
        }
        body.statements(m.stateUpdate());
        body.finish(sb, true);
        stateUpdateBody = sb.toString();
        outer.append(stateUpdateBody);
        outer.append("        }\n    }\n");
    }

    /** The loop bodies of stateUpdate and threshold, reused as they are (random sites included) by the fused loop. */
    private String stateUpdateBody;
    private String thresholdBody;

    /**
     * {@code stateUpdateThreshold}: both loop bodies for each neuron in turn, in one pass (the threshold of
     * neuron i reads only neuron i's variables, so this is the same as two passes where the runtime uses it).
     */
    private void fused(StringBuilder sb) {
        if (m.threshold() == null) return;
        if (stateUpdateBody == null) {
            // the list form: the base class's two calls per block, so that the threshold scans values still in cache
            // (measured: a chunked pass, the update and threshold of 1024 neurons at a time, was slower)
            sb.append("\n    public boolean hasFusedPass() { return true; }\n");
            return;
        }
        sb.append("\n    public int stateUpdateThreshold(int _from, int _to, double t, double dt, int[] _out, int _offset) {\n");
        localArrays(sb);
        sb.append("        final boolean _all = _checkAllRefractory;\n");
        sb.append("        int _n = 0;\n");
        sb.append("        for (int _i = _from; _i < _to; _i++) {\n");
        sb.append("            {\n").append(stateUpdateBody).append("            }\n");
        sb.append("            {\n").append(thresholdBody).append("            }\n");
        sb.append("        }\n        return _n;\n    }\n");
        sb.append("\n    public boolean hasFusedPass() { return true; }\n");
    }

    /**
     * For a constant refractory period and a constant dt: the least double {@code d} such that
     * {@code timestep(d, dt) >= timestep(refractory, dt)}, computed with the same floating-point
     * operations as the generated {@code timestep}. The predicate is monotone in {@code d} (IEEE division
     * and addition round monotonically, the cast truncates), false for NaN, negative values and zero
     * (when the refractory period is at least one step), true for infinity, so that
     * {@code d >= least} gives exactly the same result. NaN where this does not apply.
     */
    private double leastRefractoryEnd() {
        if (Double.isNaN(m.dt())) return Double.NaN;
        final double dt = m.dt();
        final long k;
        try {
            Expr r = m.equations().inlineAll(m.refractory());
            double period = new org.snn4j.sim.expr.Evaluator(namespace(), new java.util.SplittableRandom(0))
                    .evaluate(r, Map.of());
            k = (long) (period / dt + 1e-4);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
        if (k < 1) return Double.NaN;
        // binary search over the positive doubles, ordered as their bit patterns
        long lo = Double.doubleToRawLongBits(0.0);                      // predicate false
        long hi = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY); // predicate true
        if (reached(0.0, dt, k) || !reached(Double.POSITIVE_INFINITY, dt, k)) return Double.NaN;
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (reached(Double.longBitsToDouble(mid), dt, k)) hi = mid; else lo = mid;
        }
        double least = Double.longBitsToDouble(hi);
        if (Double.isInfinite(least) || reached(Math.nextDown(least), dt, k) || !reached(least, dt, k)) return Double.NaN;
        return least;
    }

    /** The generated {@code timestep(d, dt) >= k}, with the same operations. */
    private static boolean reached(double d, double dt, long k) {
        return ((double) (long) (d / dt + 1e-4)) >= (double) k;
    }

    /** The arrays as final locals, so that the compiler keeps them in registers across the loop. */
    private void localArrays(StringBuilder sb) {
        for (Var v : m.variables()) {
            sb.append("        final ").append(javaArray(v)).append(" _a_").append(v.name()).append(" = this._a_")
                    .append(v.name()).append(";\n");
        }
    }

    private void threshold(StringBuilder sb) {
        sb.append("\n    public int threshold(int _from, int _to, double t, double dt, int[] _out, int _offset) {\n");
        if (m.threshold() == null) {
            sb.append("        return 0;\n    }\n");
            return;
        }
        localArrays(sb);
        sb.append("        int _n = 0;\n");
        Expr cond = m.equations().inlineAll(m.threshold());
        Prefilter pre = m.n() >= Integer.getInteger("snn4j.sim.scanMinNeurons", SCAN_MIN_NEURONS) ? prefilter(cond) : null;
        if (pre == null) {
            sb.append("        for (int _i = _from; _i < _to; _i++) {\n");
        } else {
            String bound = new Body("").printer().number(pre.bound(), "threshold " + Exprs.print(m.threshold()));
            String scan = Scan.class.getName() + "." + pre.method() + "(_a_" + pre.variable() + ", ";
            sb.append("        final double _bound = ").append(bound).append(";\n");
            sb.append("        for (int _i = ").append(scan).append("_from, _to, _bound); _i < _to; _i = ").append(scan)
                    .append("_i + 1, _to, _bound)) {\n");
        }
        StringBuilder outer = sb;
        sb = new StringBuilder();
        Body body = new Body("            ");
        if (hasRefractory()) cond = new Expr.Binary(Expr.BinaryOperator.AND, cond, Expr.Name.of("not_refractory"), -1);
        body.load(cond);
        String c = body.printer().bool(cond, "threshold " + Exprs.print(m.threshold()));
        String period = null;
        if (m.refractoryPerSpike()) {
            Expr r = m.equations().inlineAll(m.refractory());
            body.load(r);
            period = body.printer().number(r, "refractory " + Exprs.print(m.refractory()));
        }
        body.finish(sb, false);
        sb.append("            if (").append(c).append(") {\n");
        sb.append("                _out[_offset + _n++] = _i;\n");
        sb.append("                _a_lastspike[_i] = t;\n");
        if (hasRefractory()) sb.append("                _a_not_refractory[_i] = false;\n");
        if (!Double.isNaN(listLeast)) {
            sb.append("                { final int _c = _rc[_from]; if (_c < _to - _from) { _rl[_from + _c] = _i; _rc[_from] = _c + 1; } }\n");
        }
        if (period != null) sb.append("                _a_").append(REFRACTORY_VAR).append("[_i] = ").append(period).append(";\n");
        sb.append("            }\n");
        thresholdBody = sb.toString();
        outer.append(thresholdBody);
        outer.append("        }\n        return _n;\n    }\n");
    }

    /**
     * A necessary condition of the threshold that {@link Scan} can test for a whole block: one of the
     * conjuncts of its top-level {@code and} chain compares a stored number variable with an expression
     * that is the same for every neuron (no stored variable, no {@code i}, no random numbers).
     * {@code method}: the {@link Scan} method with the variable on the left.
     */
    record Prefilter(String variable, String method, Expr bound) {}

    /**
     * Groups from this size scan with {@link Scan}. Its Vector API code costs a warm-up of about 0.1-0.2 s before
     * the JIT compiles it (it runs many times slower until then), which a small group never earns back in a
     * simulation of seconds (measured on CUBA: 4000 neurons, 1 s: 0.31 s with the scan against 0.19 s without;
     * 64000 neurons: 0.94 s against 1.04 s). System property {@code snn4j.sim.scanMinNeurons} overrides it.
     */
    public static final int SCAN_MIN_NEURONS = 32768;

    private Prefilter prefilter(Expr cond) {
        if (cond instanceof Expr.Binary b) {
            if (b.op() == Expr.BinaryOperator.AND) {
                Prefilter left = prefilter(b.left());
                return left != null ? left : prefilter(b.right());
            }
            String[] methods = switch (b.op()) {
                case GT -> new String[] {"above", "below"};
                case GE -> new String[] {"atLeast", "atMost"};
                case LT -> new String[] {"below", "above"};
                case LE -> new String[] {"atMost", "atLeast"};
                default -> null;
            };
            if (methods == null) return null;
            if (numberVariable(b.left()) != null && sameForEveryNeuron(b.right())) {
                return new Prefilter(numberVariable(b.left()), methods[0], b.right());
            }
            if (numberVariable(b.right()) != null && sameForEveryNeuron(b.left())) {
                return new Prefilter(numberVariable(b.right()), methods[1], b.left());
            }
        }
        return null;
    }

    private String numberVariable(Expr e) {
        if (!(e instanceof Expr.Name n)) return null;
        Var v = stored.get(n.id());
        return v == null || v.storage() == Storage.BOOLEAN ? null : n.id();
    }

    private boolean sameForEveryNeuron(Expr e) {
        for (String id : Exprs.identifiers(e)) {
            if (stored.containsKey(id) || id.equals("i") || id.equals("xi")) return false;
        }
        for (String f : Exprs.functionNames(e)) if (f.equals("rand") || f.equals("randn")) return false;
        return true;
    }

    private void reset(StringBuilder sb) {
        sb.append("\n    public void reset(int[] _spikes, int _count, double t, double dt) {\n");
        localArrays(sb);
        sb.append("        for (int _k = 0; _k < _count; _k++) {\n");
        sb.append("            final int _i = _spikes[_k];\n");
        Body body = new Body("            ");
        body.statements(m.reset());
        body.finish(sb, false);
        sb.append("        }\n    }\n");
    }

    // ------------------------------------------------------------------ statement blocks

    private Namespace namespace() {
        Namespace.Builder b = Namespace.builder(m.namespace());
        if (!Double.isNaN(m.dt())) b.constant("dt", new Quantity(m.dt(), Dimension.TIME));
        if (m.refractoryPerSpike()) {
            b.symbol(new Symbol.Variable(REFRACTORY_VAR, Dimension.TIME, ValueType.FLOAT, Symbol.Role.PARAMETER, false));
        }
        return b.build();
    }

    /** One loop body: loads, statements, stores. */
    private final class Body {
        final String indent;
        final Set<String> loaded = new LinkedHashSet<>();
        final Set<String> assigned = new LinkedHashSet<>();
        final Map<String, ValueType> temporaries = new LinkedHashMap<>();
        final StringBuilder code = new StringBuilder();
        Namespace ns = namespace();

        Body(String indent) { this.indent = indent; }

        JavaExpressionPrinter printer() {
            return JavaExpressionPrinter.of(ns, this::ref, () -> randomSites++, functions);
        }

        String ref(String name) {
            if (stored.containsKey(name)) {
                loaded.add(name);
                return "_l_" + name;
            }
            if (temporaries.containsKey(name)) return "_t_" + name;
            return switch (name) {
                case "i" -> "((double) _i)";
                case "N" -> JavaExpressionPrinter.literal(m.n());
                case "t" -> "t";
                case "dt" -> "dt";
                default -> throw new IllegalArgumentException("the generated code cannot refer to '" + name
                        + "' (not a stored variable, temporary or built-in)");
            };
        }

        void load(Expr e) {
            for (String id : Exprs.identifiers(e)) if (stored.containsKey(id)) loaded.add(id);
        }

        void statements(List<Statement> statements) {
            for (Statement s : statements) {
                Expr value = m.equations().inlineAll(s.expandedValue());
                String src = s.source() == null ? s.toString() : s.source();
                load(value);
                String target = s.target();
                if (stored.containsKey(target)) {
                    Var v = stored.get(target);
                    JavaExpressionPrinter p = printer();
                    String rhs = v.storage() == Storage.BOOLEAN ? p.bool(value, src) : p.number(value, src);
                    loaded.add(target);
                    assigned.add(target);
                    code.append(indent).append("_l_").append(target).append(" = ").append(rhs).append(";\n");
                } else if (temporaries.containsKey(target)) {
                    JavaExpressionPrinter p = printer();
                    String rhs = temporaries.get(target) == ValueType.BOOLEAN ? p.bool(value, src) : p.number(value, src);
                    code.append(indent).append("_t_").append(target).append(" = ").append(rhs).append(";\n");
                } else {
                    JavaExpressionPrinter p = printer();
                    ValueType type = p.type(value);
                    boolean b = type == ValueType.BOOLEAN;
                    String rhs = b ? p.bool(value, src) : p.number(value, src);
                    code.append(indent).append(b ? "boolean" : "double").append(" _t_").append(target).append(" = ")
                            .append(rhs).append(";\n");
                    temporaries.put(target, type);
                    // the dimension of a temporary does not matter here (the code is not dimension-checked)
                    ns = Namespace.builder(ns).symbol(new Symbol.Variable(target, Dimension.DIMENSIONLESS, type,
                            Symbol.Role.OTHER, false)).build();
                }
            }
        }

        private boolean isMasked(boolean masked, String name) {
            return masked && hasRefractory() && assigned.contains(name) && m.unlessRefractory().contains(name);
        }

        /** Appends loads, the code, and the stores ({@code masked}: honour (unless refractory)). */
        void finish(StringBuilder out, boolean masked) {
            for (String name : stored.keySet()) {
                if (!loaded.contains(name)) continue;
                Var v = stored.get(name);
                String read = "_a_" + name + "[_i]";
                out.append(indent).append(javaType(v)).append(" _l_").append(name).append(" = ").append(read)
                        .append(";\n");
                if (isMasked(masked, name)) {
                    out.append(indent).append("final ").append(javaType(v)).append(" _o_").append(name)
                            .append(" = _l_").append(name).append(";\n");
                }
            }
            out.append(code);
            for (String name : assigned) {
                Var v = stored.get(name);
                String value = "_l_" + name;
                // masked: store the old value back while refractory (no branch, the loop stays straight)
                if (isMasked(masked, name)) value = "(_l_not_refractory ? _l_" + name + " : _o_" + name + ")";
                if (v.storage() == Storage.FLOAT) value = "(float) " + value;
                out.append(indent).append("_a_").append(name).append("[_i] = ").append(value).append(";\n");
            }
        }
    }
}
