package org.snn4j.sim.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.snn4j.sim.codegen.GroupCodeGenerator;
import org.snn4j.sim.codegen.GroupCodeGenerator.Storage;
import org.snn4j.sim.codegen.GroupCodeGenerator.Var;
import org.snn4j.sim.codegen.RandomStreams;
import org.snn4j.sim.equations.EquationKind;
import org.snn4j.sim.equations.Equations;
import org.snn4j.sim.equations.Flag;
import org.snn4j.sim.equations.SingleEquation;
import org.snn4j.sim.expr.DimensionChecker;
import org.snn4j.sim.expr.Evaluator;
import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.ExpressionException;
import org.snn4j.sim.expr.ExpressionParser;
import org.snn4j.sim.expr.Exprs;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.Statement;
import org.snn4j.sim.expr.Statements;
import org.snn4j.sim.expr.Symbol;
import org.snn4j.sim.expr.ValueType;
import org.snn4j.sim.units.Dimension;
import org.snn4j.sim.units.Quantity;

/**
 * A group of {@code N} neurons sharing model equations, as Brian2's {@code NeuronGroup}.
 *
 * <pre>{@code
 * NeuronGroup g = new NeuronGroup(100, "dv/dt = (2-v)/tau : 1", Namespace.of("tau", 10, "ms"))
 *         .threshold("v > 1").reset("v = 0").refractory(Quantity.of(5, "ms")).method("exact");
 * g.set("v", "rand()");
 * }</pre>
 *
 * <p>State variables (differential variables and parameters, plus the built-ins {@code lastspike}
 * and {@code not_refractory}) are held as one array per variable in SI units ({@code double} by
 * default, {@code float} after {@link #float32()}). Threshold, reset and refractoriness are checked
 * when they are set, so an unknown identifier is reported with the group's name before anything
 * runs. The code is generated and compiled when a {@link Network} first runs the group.
 */
public final class NeuronGroup {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** Brian2's initial {@code lastspike}: far in the past. */
    static final double LASTSPIKE_INIT = -1e4;
    /** Methods whose update of each variable reads only the values at the start of the step. */
    private static final Set<String> ONE_STAGE = Set.of("exact", "linear", "euler", "exponential_euler");

    private final int n;
    private final Equations equations;
    private final Namespace external;
    private final Namespace namespace;
    private String name;
    private Expr threshold;
    private String thresholdText;
    private final List<Statement> reset = new ArrayList<>();
    private Expr refractory;
    private boolean refractoryIsCondition;
    private boolean refractoryPerSpike;
    private String method;
    private boolean float32;
    private long seed = 0x5EEDL;
    private int setCounter;
    private final Map<String, Var> vars = new LinkedHashMap<>();
    private final Map<String, Object> arrays = new LinkedHashMap<>();
    final Set<String> unlessRefractory = new LinkedHashSet<>();
    /** The {@code (linked)} parameters and their links (see {@link #linkVariable}). */
    final LinkedVariables links = new LinkedVariables(this);

    /** Replaces the threshold: the spikes of each step come from here (SpikeGeneratorGroup). */
    SpikeSource spikeSource;

    // built state (owned by Network)
    CompiledGroup compiled;

    public NeuronGroup(int n, String equations) { this(n, equations, Namespace.builder().build()); }

    public NeuronGroup(int n, String equations, Namespace namespace) {
        this(n, parseEquations(equations, namespace, n), namespace);
    }

    public NeuronGroup(int n, Equations equations, Namespace namespace) {
        if (n < 1) throw new IllegalArgumentException("a NeuronGroup needs at least one neuron, got N=" + n);
        int id = COUNTER.getAndIncrement();
        this.name = id == 0 ? "neurongroup" : "neurongroup_" + id;
        this.n = n;
        this.external = namespace;
        for (String reserved : List.of("lastspike", "not_refractory", "i", "N", "t", "dt")) {
            if (equations.names().contains(reserved)) {
                throw new IllegalArgumentException("NeuronGroup '" + name + "': '" + reserved
                        + "' is a built-in variable and cannot be defined in the equations");
            }
        }
        // the built-in per-neuron variables are visible to the equations too (t - lastspike, not_refractory)
        Namespace withBuiltins = Namespace.builder(namespace)
                .symbol(new Symbol.Variable("lastspike", Dimension.TIME, ValueType.FLOAT, Symbol.Role.PARAMETER, false))
                .symbol(new Symbol.Variable("not_refractory", Dimension.DIMENSIONLESS, ValueType.BOOLEAN,
                        Symbol.Role.PARAMETER, false))
                .build();
        try {
            this.equations = equations.check(withBuiltins);
        } catch (ExpressionException e) {
            throw new IllegalArgumentException("NeuronGroup '" + name + "': " + e.getMessage(), e);
        }
        this.namespace = equations.namespace(withBuiltins);
        for (SingleEquation eq : equations.equations()) {
            if (eq.kind() == EquationKind.SUBEXPRESSION) continue;
            vars.put(eq.name(), new Var(eq.name(), eq.type() == ValueType.BOOLEAN ? Storage.BOOLEAN : Storage.DOUBLE));
            if (eq.hasFlag(Flag.UNLESS_REFRACTORY)) unlessRefractory.add(eq.name());
            if (eq.hasFlag(Flag.LINKED)) {
                if (eq.flags().size() > 1) {
                    throw new IllegalArgumentException("NeuronGroup '" + name + "': in '" + eq.source()
                            + "': the (linked) flag cannot be combined with other flags");
                }
                links.declare(eq.name());
            }
        }
        checkSharedSubexpressions();
        vars.put("lastspike", new Var("lastspike", Storage.DOUBLE));
        vars.put("not_refractory", new Var("not_refractory", Storage.BOOLEAN));
        for (Var v : vars.values()) arrays.put(v.name(), allocate(v));
        java.util.Arrays.fill((double[]) arrays.get("lastspike"), LASTSPIKE_INIT);
        java.util.Arrays.fill((boolean[]) arrays.get("not_refractory"), true);
    }

    // ------------------------------------------------------------------ (shared) variables

    /** True for a {@code (shared)} parameter or subexpression: one value for the whole group. */
    public boolean isShared(String variable) {
        return equations.get(variable).map(eq -> eq.hasFlag(Flag.SHARED)).orElse(false);
    }

    /**
     * Why {@code e} (subexpressions inlined) may differ between neurons, or null: it uses {@code i}, a variable
     * that is not shared, or random numbers.
     */
    private String perNeuron(Expr e) {
        for (String id : Exprs.identifiers(e)) {
            if (id.equals("i")) return "it uses the neuron index i";
            if ((vars.containsKey(id) || id.equals("lastspike") || id.equals("not_refractory")) && !isShared(id)) {
                return "it uses the per-neuron variable '" + id + "'";
            }
        }
        for (String fn : Exprs.functionNames(e)) {
            if (namespace.resolve(fn).orElse(null) instanceof org.snn4j.sim.expr.FunctionDef f && f.stochastic()) {
                return "it draws random numbers (" + fn + "())";
            }
        }
        return null;
    }

    /** A (shared) subexpression must have one value for the whole group (Brian2's rule). */
    private void checkSharedSubexpressions() {
        for (SingleEquation eq : equations.equations()) {
            if (eq.kind() != EquationKind.SUBEXPRESSION || !eq.hasFlag(Flag.SHARED)) continue;
            String why = perNeuron(equations.inlineAll(eq.rhs()));
            if (why != null) {
                throw new IllegalArgumentException("NeuronGroup '" + name + "': in '" + eq.source() + "': the (shared) "
                        + "subexpression '" + eq.name() + "' must be the same for every neuron, but " + why);
            }
        }
    }

    /** Shared variables cannot be written by the reset, which runs once per spiking neuron. */
    private void checkNoSharedTargets(List<Statement> statements, String what) {
        for (Statement s : statements) {
            if (isShared(s.target())) {
                throw new IllegalArgumentException("NeuronGroup '" + name + "': in the " + what + ": in '" + s.source()
                        + "': cannot write the shared variable '" + s.target() + "' (one value for the whole group) in "
                        + "code that runs for each neuron; set it with set()");
            }
        }
    }

    private static Equations parseEquations(String text, Namespace ns, int n) {
        try {
            return Equations.parse(text);
        } catch (ExpressionException e) {
            throw new IllegalArgumentException("NeuronGroup (N=" + n + "): " + e.getMessage(), e);
        }
    }

    private Object allocate(Var v) {
        return switch (v.storage()) {
            case DOUBLE -> new double[n];
            case FLOAT -> new float[n];
            case BOOLEAN -> new boolean[n];
        };
    }

    // ------------------------------------------------------------------ configuration

    /** Renames the group (names appear in errors and in generated class names). */
    public NeuronGroup name(String newName) {
        if (!newName.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("a group name must be an identifier, got '" + newName + "'");
        }
        this.name = newName;
        invalidate();
        return this;
    }

    /** The threshold condition, e.g. {@code "v > -50*mV"}; checked now against the group's variables. */
    public NeuronGroup threshold(String condition) {
        // a large group's threshold will scan with the Vector API: let the JIT compile it in the background now
        if (n >= org.snn4j.sim.codegen.GroupCodeGenerator.SCAN_MIN_NEURONS) org.snn4j.sim.codegen.Scan.prewarm(float32);
        Expr e = parse("threshold", condition);
        DimensionChecker.Info info = check("threshold", e, condition);
        if (info.type() != ValueType.BOOLEAN) {
            throw new IllegalArgumentException("NeuronGroup '" + name + "': the threshold '" + condition
                    + "' is not a condition (it has no comparison and is not boolean)");
        }
        this.threshold = e;
        this.thresholdText = condition;
        invalidate();
        return this;
    }

    /**
     * Adds reset statements, executed in order for each neuron that spiked (e.g. {@code "v = Vr"},
     * {@code "w += b"}; several per string separated by newlines or {@code ;}).
     */
    public NeuronGroup reset(String... code) {
        List<Statement> all = new ArrayList<>(reset);
        for (String c : code) {
            try {
                all.addAll(Statements.parse(c));
            } catch (ExpressionException e) {
                throw new IllegalArgumentException("NeuronGroup '" + name + "': in the reset: " + e.getMessage(), e);
            }
        }
        for (Statement st : all) {
            if (links.isLinked(st.target())) {
                throw new IllegalArgumentException("NeuronGroup '" + name + "': in the reset: in '" + st.source()
                        + "': cannot write the linked variable '" + st.target() + "' (it is read-only: it reads "
                        + links.describe(st.target()) + ")");
            }
        }
        try {
            Statements.check(all, namespace);
        } catch (ExpressionException e) {
            throw new IllegalArgumentException("NeuronGroup '" + name + "': in the reset: " + e.getMessage(), e);
        }
        checkNoSharedTargets(all, "reset");
        reset.clear();
        reset.addAll(all);
        invalidate();
        return this;
    }

    /** A fixed refractory period. */
    public NeuronGroup refractory(Quantity period) {
        if (!period.dimension().equals(Dimension.TIME)) {
            throw new IllegalArgumentException("NeuronGroup '" + name + "': the refractory period must be a time, got "
                    + period);
        }
        this.refractory = new Expr.Binary(Expr.BinaryOperator.MUL, Expr.Num.of(period.value()), Expr.Name.of("second"), -1);
        this.refractoryIsCondition = false;
        this.refractoryPerSpike = false;
        invalidate();
        return this;
    }

    /**
     * The refractory period as an expression: a time ({@code "5*ms"}, {@code "tau_ref"} for a
     * per-neuron parameter, {@code "(1 + 2*rand())*ms"}), evaluated at each spike and kept in the
     * variable {@code _refractory} unless it is a constant; or a boolean condition that holds while
     * the neuron is refractory ({@code "v > -50*mV"}), evaluated at every step.
     */
    public NeuronGroup refractory(String expression) {
        Expr e = parse("refractory", expression);
        DimensionChecker.Info info = check("refractory", e, expression);
        if (info.type() == ValueType.BOOLEAN) {
            refractoryIsCondition = true;
        } else if (info.dimension().equals(Dimension.TIME)) {
            refractoryIsCondition = false;
        } else {
            throw new IllegalArgumentException("NeuronGroup '" + name + "': the refractory '" + expression
                    + "' must be a time or a condition, but has dimension " + info.dimension());
        }
        this.refractory = e;
        // a time that is not a constant (a parameter, rand()) is evaluated at each spike, as in Brian2
        this.refractoryPerSpike = !refractoryIsCondition && !info.isConstant();
        if (refractoryPerSpike && !vars.containsKey(GroupCodeGenerator.REFRACTORY_VAR)) {
            Var v = new Var(GroupCodeGenerator.REFRACTORY_VAR, Storage.DOUBLE);
            vars.put(v.name(), v);
            arrays.put(v.name(), allocate(v));
        }
        invalidate();
        return this;
    }

    /** The integration method by name ({@code "exact"}, {@code "euler"}, ...); default: chosen automatically. */
    public NeuronGroup method(String methodName) {
        org.snn4j.sim.integrate.StateUpdaters.byName(methodName);
        this.method = methodName;
        invalidate();
        return this;
    }

    /** Stores floating-point variables as {@code float[]} (computations stay in double). */
    public NeuronGroup float32() {
        if (float32) return this;
        float32 = true;
        if (n >= org.snn4j.sim.codegen.GroupCodeGenerator.SCAN_MIN_NEURONS) org.snn4j.sim.codegen.Scan.prewarm(true);
        for (Var v : List.copyOf(vars.values())) {
            if (v.storage() != Storage.DOUBLE || v.name().equals("lastspike")) continue;
            if (links.isDirect(v.name())) continue; // stored as the variable it links to
            if (equations.get(v.name()).map(eq -> eq.type() != ValueType.FLOAT).orElse(true)) continue;
            double[] old = (double[]) arrays.get(v.name());
            float[] f = new float[n];
            for (int k = 0; k < n; k++) f[k] = (float) old[k];
            Var nv = new Var(v.name(), Storage.FLOAT);
            vars.put(v.name(), nv);
            arrays.put(v.name(), f);
        }
        invalidate();
        return this;
    }

    /** The seed of the group's random numbers ({@code rand()}, {@code randn()}, noise). */
    public NeuronGroup seed(long newSeed) {
        this.seed = newSeed;
        if (compiled != null) compiled.code.setSeed(newSeed);
        return this;
    }

    private void invalidate() { compiled = null; }

    private Expr parse(String what, String text) {
        try {
            return ExpressionParser.parse(text);
        } catch (ExpressionException e) {
            throw new IllegalArgumentException("NeuronGroup '" + name + "': in the " + what + ": " + e.getMessage(), e);
        }
    }

    private DimensionChecker.Info check(String what, Expr e, String text) {
        try {
            return DimensionChecker.check(e, namespace, text);
        } catch (ExpressionException ex) {
            throw new IllegalArgumentException("NeuronGroup '" + name + "': in the " + what + ": " + ex.getMessage(), ex);
        }
    }

    // ------------------------------------------------------------------ state access

    public String name() { return name; }

    /** The number of neurons. */
    public int size() { return n; }

    public Equations equations() { return equations; }

    /** The group's namespace: model variables, {@code lastspike}, {@code not_refractory}, external constants. */
    public Namespace namespace() { return namespace; }

    /** The stored variables, in order. */
    public List<String> variables() { return List.copyOf(vars.keySet()); }

    public boolean isFloat32() { return float32; }

    public long seed() { return seed; }

    long generateNanos;
    long compileNanos;

    /** How long the last build took to generate this group's code (integrator included), and to compile it. */
    public java.time.Duration generateTime() { return java.time.Duration.ofNanos(generateNanos); }

    /** How long the compiler (Janino by default) took on this group's code in the last build. */
    public java.time.Duration compileTime() { return java.time.Duration.ofNanos(compileNanos); }

    /** The source generated for this group by the last build, or null before the first run. */
    public String generatedSource() { return compiled == null ? null : compiled.generated.source(); }

    /** True if {@code name} is a subexpression of the model (computed on demand, not stored). */
    public boolean isSubexpression(String name) {
        return equations.get(name).filter(eq -> eq.kind() == EquationKind.SUBEXPRESSION).isPresent();
    }

    /**
     * The values of the subexpression {@code name} for the neurons {@code indices} at the group's current time,
     * computed by the reference interpreter from the stored variables.
     */
    double[] evaluateSubexpression(String name, int[] indices) {
        Expr e = equations.inlineAll(equations.require(name).rhs());
        List<String> used = Exprs.identifiers(e).stream().filter(arrays::containsKey).toList();
        Evaluator ev = new Evaluator(namespace, new SplittableRandom(0));
        Map<String, Double> values = new HashMap<>();
        double[] out = new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int idx = indices[k];
            values.clear();
            values.put("i", (double) idx);
            values.put("N", (double) n);
            values.put("t", time);
            values.put("dt", dt);
            for (String u : used) values.put(u, get(u, idx));
            out[k] = ev.evaluate(e, values);
        }
        return out;
    }

    /** The group's current time and step, kept up to date by the network (for subexpressions of t). */
    double time;
    double dt = 1e-4;

    /** The values of {@code variable} (a stored variable or a subexpression) in SI units (booleans as 1/0), a copy. */
    public double[] get(String variable) {
        if (isSubexpression(variable)) {
            int[] all = new int[n];
            java.util.Arrays.setAll(all, k -> k);
            return evaluateSubexpression(variable, all);
        }
        links.refresh(variable);
        Object a = array(variable);
        double[] out = new double[n];
        switch (a) {
            case double[] d -> System.arraycopy(d, 0, out, 0, n);
            case float[] f -> { for (int k = 0; k < n; k++) out[k] = f[k]; }
            case boolean[] b -> { for (int k = 0; k < n; k++) out[k] = b[k] ? 1 : 0; }
            default -> throw new IllegalStateException();
        }
        return out;
    }

    /** The value of {@code variable} for neuron {@code index}, in SI units. */
    public double get(String variable, int index) {
        if (links.isSet(variable)) return links.read(variable, index);
        Object a = array(variable);
        return switch (a) {
            case double[] d -> d[index];
            case float[] f -> f[index];
            case boolean[] b -> b[index] ? 1 : 0;
            default -> throw new IllegalStateException();
        };
    }

    /** The dimension of a stored variable or subexpression. */
    public Dimension dimension(String variable) {
        if (isSubexpression(variable)) return equations.require(variable).dimension();
        array(variable);
        if (variable.equals("lastspike") || variable.equals(GroupCodeGenerator.REFRACTORY_VAR)) return Dimension.TIME;
        if (variable.equals("not_refractory")) return Dimension.DIMENSIONLESS;
        return equations.require(variable).dimension();
    }

    Object array(String variable) {
        Object a = arrays.get(variable);
        if (a == null) {
            String hint = Exprs.closest(variable, vars.keySet());
            String why = equations.get(variable).filter(eq -> eq.kind() == EquationKind.SUBEXPRESSION).isPresent()
                    ? " ('" + variable + "' is a subexpression, computed on demand, not stored)" : "";
            throw new IllegalArgumentException("NeuronGroup '" + name + "' has no variable '" + variable + "'" + why
                    + (hint == null || !why.isEmpty() ? "" : " (did you mean '" + hint + "'?)"));
        }
        return a;
    }

    Map<String, Object> arrays() { return arrays; }

    List<Var> varList() { return List.copyOf(vars.values()); }

    /** Replaces how a stored variable is held (a linked variable takes its target's storage). */
    void setVar(Var v) { vars.put(v.name(), v); }

    /** Sets every neuron's {@code variable} to {@code value}, which must have the variable's dimension. */
    public NeuronGroup set(String variable, Quantity value) {
        requireDimension(variable, value.dimension(), value.toString());
        fill(variable, k -> value.value());
        return this;
    }

    /** Sets a dimensionless variable (or boolean, 0/1) to {@code value} for every neuron. */
    public NeuronGroup set(String variable, double value) {
        requireDimension(variable, Dimension.DIMENSIONLESS, Double.toString(value));
        fill(variable, k -> value);
        return this;
    }

    /** Sets {@code variable} from an array of SI values, one per neuron. */
    public NeuronGroup set(String variable, double[] siValues) {
        array(variable);
        if (siValues.length != n) {
            throw new IllegalArgumentException("NeuronGroup '" + name + "': " + siValues.length + " values for '"
                    + variable + "', which has " + n);
        }
        if (isShared(variable)) {
            for (int k = 1; k < n; k++) {
                if (Double.compare(siValues[k], siValues[0]) != 0) {
                    throw new IllegalArgumentException("NeuronGroup '" + name + "': '" + variable + "' is shared (one "
                            + "value for the whole group), but the values differ (" + siValues[0] + " for neuron 0, "
                            + siValues[k] + " for neuron " + k + ")");
                }
            }
        }
        fill(variable, k -> siValues[k]);
        return this;
    }

    /**
     * Sets {@code variable} from an expression evaluated for each neuron, which may use {@code i},
     * {@code N}, the group's other variables, external constants and {@code rand()}/{@code randn()}
     * (seeded per group, set call and neuron): {@code g.set("v0", "i*v0_max/(N-1)")}.
     */
    public NeuronGroup set(String variable, String expression) {
        Object target = array(variable);
        Expr e = parse("value for '" + variable + "'", expression);
        DimensionChecker.Info info = check("value for '" + variable + "'", e, expression);
        if (!(target instanceof boolean[])) requireDimension(variable, info.dimension(), expression);
        Expr inlined = equations.inlineAll(e);
        if (isShared(variable)) {
            String why = perNeuron(inlined);
            if (why != null) {
                throw new IllegalArgumentException("NeuronGroup '" + name + "': '" + variable + "' is shared (one value "
                        + "for the whole group), but '" + expression + "' may differ between neurons: " + why);
            }
        }
        Set<String> ids = Exprs.identifiers(inlined);
        List<String> used = ids.stream().filter(arrays::containsKey).toList();
        Map<String, double[]> snapshot = new HashMap<>();
        for (String u : used) snapshot.put(u, get(u));
        int call = setCounter++;
        double[] out = new double[n];
        Map<String, Double> values = new HashMap<>();
        for (int k = 0; k < n; k++) {
            values.clear();
            values.put("i", (double) k);
            values.put("N", (double) n);
            for (String u : used) values.put(u, snapshot.get(u)[k]);
            Evaluator ev = new Evaluator(namespace, new SplittableRandom(RandomStreams.bits(seed, -1 - call, k, 0)));
            out[k] = ev.evaluate(inlined, values);
        }
        fill(variable, k -> out[k]);
        return this;
    }

    /**
     * Sets {@code variable} from {@code expression} for the neurons where {@code condition} holds, as Brian2's
     * {@code G.v['i > 5'] = 'rand()*mV'}; the others keep their values. Both are evaluated for each neuron from
     * the values before the call, with {@code i}, {@code N}, the group's variables, constants and
     * {@code rand()}/{@code randn()} (seeded per group, call and neuron).
     */
    public NeuronGroup setWhere(String variable, String condition, String expression) {
        Object target = array(variable);
        Expr e = parse("value for '" + variable + "'", expression);
        DimensionChecker.Info info = check("value for '" + variable + "'", e, expression);
        if (!(target instanceof boolean[])) requireDimension(variable, info.dimension(), expression);
        return setWhere(variable, condition, equations.inlineAll(e), 0);
    }

    /** Sets {@code variable} to {@code value} where {@code condition} holds (Brian2's {@code G.v['i > 5'] = 2*mV}). */
    public NeuronGroup setWhere(String variable, String condition, Quantity value) {
        requireDimension(variable, value.dimension(), value.toString());
        return setWhere(variable, condition, null, value.value());
    }

    /** Sets {@code variable} where {@code condition} holds to {@code value} (inlined), or to {@code constant} if null. */
    private NeuronGroup setWhere(String variable, String condition, Expr value, double constant) {
        array(variable);
        Expr cond = parse("condition for '" + variable + "'", condition);
        DimensionChecker.Info ci = check("condition for '" + variable + "'", cond, condition);
        if (ci.type() != ValueType.BOOLEAN) {
            throw new IllegalArgumentException("NeuronGroup '" + name + "': the condition '" + condition + "' for '"
                    + variable + "' is not a condition (it has no comparison and is not boolean)");
        }
        if (isShared(variable)) {
            throw new IllegalArgumentException("NeuronGroup '" + name + "': '" + variable + "' is shared (one value "
                    + "for the whole group); set it with set() instead of for some neurons");
        }
        requireNotLinked(variable);
        Expr inlinedCond = equations.inlineAll(cond);
        List<String> used = new ArrayList<>(Exprs.identifiers(inlinedCond).stream().filter(arrays::containsKey).toList());
        if (value != null) for (String u : Exprs.identifiers(value)) if (arrays.containsKey(u) && !used.contains(u)) used.add(u);
        Map<String, double[]> snapshot = new HashMap<>();
        for (String u : used) snapshot.put(u, get(u));
        double[] out = get(variable);
        int call = setCounter++;
        Map<String, Double> values = new HashMap<>();
        for (int k = 0; k < n; k++) {
            values.clear();
            values.put("i", (double) k);
            values.put("N", (double) n);
            for (String u : used) values.put(u, snapshot.get(u)[k]);
            Evaluator ev = new Evaluator(namespace, new SplittableRandom(RandomStreams.bits(seed, -1 - call, k, 0)));
            if (ev.evaluate(inlinedCond, values) != 0) out[k] = value == null ? constant : ev.evaluate(value, values);
        }
        fill(variable, k -> out[k]);
        return this;
    }

    private void requireDimension(String variable, Dimension d, String text) {
        Dimension want = dimension(variable);
        if (!want.equals(d)) {
            throw new IllegalArgumentException("NeuronGroup '" + name + "': cannot set '" + variable + "' (" + want
                    + ") to " + text + " (" + d + ")");
        }
    }

    /** Linked variables are read-only: set() names the variable and what it reads. */
    private void requireNotLinked(String variable) {
        if (links.isLinked(variable)) {
            throw new IllegalArgumentException("NeuronGroup '" + name + "': cannot set the linked variable '" + variable
                    + "' (" + (links.isSet(variable) ? "it reads " + links.describe(variable) + "; set that variable"
                    : "link it to another group's variable with linkVariable(\"" + variable + "\", group, name)") + ")");
        }
    }

    private void fill(String variable, java.util.function.IntToDoubleFunction f) {
        requireNotLinked(variable);
        switch (array(variable)) {
            case double[] d -> { for (int k = 0; k < n; k++) d[k] = f.applyAsDouble(k); }
            case float[] a -> { for (int k = 0; k < n; k++) a[k] = (float) f.applyAsDouble(k); }
            case boolean[] b -> { for (int k = 0; k < n; k++) b[k] = f.applyAsDouble(k) != 0; }
            default -> throw new IllegalStateException();
        }
    }

    // ------------------------------------------------------------------ linked variables

    /**
     * Links the {@code (linked)} parameter {@code variable} to {@code otherVariable} of {@code other}, as
     * Brian2's {@code G.variable = linked_var(other, 'otherVariable')}: this group's code reads the other
     * group's array directly (read-only), so both groups need the same size, unless {@code otherVariable} is
     * {@code (shared)} (every neuron then reads its one value). Dimensions and types must match.
     */
    public NeuronGroup linkVariable(String variable, NeuronGroup other, String otherVariable) {
        links.link(variable, other, otherVariable, null);
        invalidate();
        return this;
    }

    /**
     * Links {@code variable} to {@code otherVariable} of {@code other} through an index, as Brian2's
     * {@code linked_var(other, 'otherVariable', index=index)}: neuron {@code k} reads neuron {@code index[k]} of
     * the other group ({@code index} has this group's size, values in {@code [0, other.size())}; copied). The
     * values are gathered into this group's own array at the start of each run and at the end of each step
     * (after the resets), so its code reads the other group's values as they were at the start of the step.
     */
    public NeuronGroup linkVariable(String variable, NeuronGroup other, String otherVariable, int[] index) {
        if (index == null) throw new IllegalArgumentException("NeuronGroup '" + name + "': linkVariable('" + variable
                + "'): the index array is null (leave it out to link groups of the same size)");
        links.link(variable, other, otherVariable, index.clone());
        invalidate();
        return this;
    }

    /**
     * Links {@code variable} to {@code otherVariable} of the neurons {@code [start, stop)} of a group (Brian2's
     * {@code linked_var(G[start:stop], ...)}): the whole group links directly, a part through the index
     * {@code start + k}.
     */
    public NeuronGroup linkVariable(String variable, Subgroup other, String otherVariable) {
        if (other.isWhole()) return linkVariable(variable, other.group(), otherVariable);
        if (other.size() != n) {
            throw new IllegalArgumentException("NeuronGroup '" + name + "': cannot link '" + variable + "' (N=" + n
                    + ") to '" + otherVariable + "' of " + other.name() + ", which has " + other.size() + " neurons");
        }
        int[] index = new int[n];
        java.util.Arrays.setAll(index, k -> other.start() + k);
        return linkVariable(variable, other.group(), otherVariable, index);
    }

    /** True if {@code variable} is a {@code (linked)} parameter. */
    public boolean isLinked(String variable) { return links.isLinked(variable); }

    // ------------------------------------------------------------------ build

    /** The code-generation model of this group for a time step {@code dt} (seconds). */
    GroupCodeGenerator.Model model(double dt) {
        var updater = method == null ? org.snn4j.sim.integrate.StateUpdaters.choose(equations, namespace, dt)
                : org.snn4j.sim.integrate.StateUpdaters.byName(method);
        List<Statement> update;
        if (equations.differentialEquations().isEmpty()) {
            update = List.of();
        } else {
            updater.cannotIntegrate(equations, namespace, dt).ifPresent(why -> {
                throw new IllegalArgumentException("NeuronGroup '" + name + "': the method '" + updater.name()
                        + "' cannot integrate the equations: " + why);
            });
            // Brian2 multiplies the derivatives of (unless refractory) variables by int(not_refractory), so
            // that multi-stage methods see them constant during the step; use that form for those methods
            // where they accept it. One-stage methods update each variable from the values at the start of
            // the step, so the store mask of the generated code alone gives the same result, and exact
            // keeps constant coefficients (no exp() per neuron).
            Equations integrated = equations;
            if (refractory != null && !unlessRefractory.isEmpty() && !ONE_STAGE.contains(updater.name())) {
                Equations masked = refractoryMasked();
                if (updater.cannotIntegrate(masked, namespace).isEmpty()) integrated = masked;
            }
            update = updater.update(integrated, namespace, dt);
        }
        String className = "NeuronGroup_" + name;
        return new GroupCodeGenerator.Model(className, n, equations, namespace, varList(), update,
                Set.copyOf(unlessRefractory), refractory, refractoryIsCondition, refractoryPerSpike, threshold, List.copyOf(reset), dt);
    }

    /** The equations with the right-hand side of each (unless refractory) equation multiplied by int(not_refractory). */
    Equations refractoryMasked() {
        List<SingleEquation> out = new ArrayList<>();
        for (SingleEquation eq : equations.equations()) {
            if (eq.kind() == EquationKind.DIFFERENTIAL_EQUATION && unlessRefractory.contains(eq.name())) {
                Expr factor = new Expr.Call("int", List.of(Expr.Name.of("not_refractory")), -1);
                out.add(eq.withRhs(new Expr.Binary(Expr.BinaryOperator.MUL, factor, eq.rhs(), -1)));
            } else {
                out.add(eq);
            }
        }
        return Equations.of(out);
    }

    boolean hasThreshold() { return threshold != null; }

    boolean hasReset() { return !reset.isEmpty(); }

    String thresholdText() { return thresholdText; }

    @Override
    public String toString() { return "NeuronGroup '" + name + "' (N=" + n + ")"; }
}
