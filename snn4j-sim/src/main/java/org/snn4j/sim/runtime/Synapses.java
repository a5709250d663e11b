package org.snn4j.sim.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.snn4j.core.util.Parallel;
import org.snn4j.sim.codegen.CodeCompiler;
import org.snn4j.sim.codegen.ConnectCode;
import org.snn4j.sim.codegen.GroupCodeGenerator;
import org.snn4j.sim.codegen.GroupCodeGenerator.Storage;
import org.snn4j.sim.codegen.IntList;
import org.snn4j.sim.codegen.JaninoCompiler;
import org.snn4j.sim.codegen.RandomStreams;
import org.snn4j.sim.codegen.SynapsesCode;
import org.snn4j.sim.codegen.SynapsesCodeGenerator;
import org.snn4j.sim.codegen.SynapsesCodeGenerator.Field;
import org.snn4j.sim.codegen.SynapsesCodeGenerator.Index;
import org.snn4j.sim.equations.EquationKind;
import org.snn4j.sim.equations.Equations;
import org.snn4j.sim.equations.Flag;
import org.snn4j.sim.equations.LinearAnalysis;
import org.snn4j.sim.equations.SingleEquation;
import org.snn4j.sim.expr.DimensionChecker;
import org.snn4j.sim.expr.Evaluator;
import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.ExpressionException;
import org.snn4j.sim.expr.ExpressionParser;
import org.snn4j.sim.expr.Exprs;
import org.snn4j.sim.expr.FunctionDef;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.Statement;
import org.snn4j.sim.expr.Statements;
import org.snn4j.sim.expr.Symbol;
import org.snn4j.sim.expr.ValueType;
import org.snn4j.sim.integrate.StateUpdater;
import org.snn4j.sim.integrate.StateUpdaters;
import org.snn4j.sim.units.Dimension;
import org.snn4j.sim.units.Quantity;

/**
 * Synaptic connections from a source to a target {@link NeuronGroup}, as Brian2's {@code Synapses}.
 *
 * <pre>{@code
 * Synapses s = new Synapses(exc, all, "w : 1", ns).onPre("ge += w").delay(Quantity.of(1, "ms"));
 * s.connect("i != j", 0.02);
 * s.set("w", "rand()*w_max");
 * }</pre>
 *
 * <p><b>Names.</b> Code ({@code on_pre}, {@code on_post}, the model) sees the synaptic variables, the
 * presynaptic variables with the suffix {@code _pre}, the postsynaptic ones with {@code _post}, and, as
 * in Brian2, a name that is not a synaptic variable refers to the postsynaptic variable of that name
 * ({@code ge += w}); synaptic variables may not share a name with a pre- or postsynaptic variable.
 * Also {@code i}, {@code j} (pre/post index), {@code N_pre}, {@code N_post}, {@code N_incoming} (synapses
 * onto the postsynaptic neuron), {@code N_outgoing}, {@code lastupdate}, {@code delay}, {@code t}, {@code dt}.
 *
 * <p><b>Storage</b> is sorted by presynaptic neuron (CSR): {@code rowStart} (source size + 1 ints), one
 * {@code int} postsynaptic index per synapse, and one array per synaptic variable ({@code double}, or
 * {@code float} after {@link #float32()}); a synapse without variables costs 4 bytes plus the offsets.
 *
 * <p><b>Equations</b>: parameters; {@code (event-driven)} linear equations, brought up to date by their
 * exact solution over {@code t - lastupdate} whenever the synapse's {@code on_pre}/{@code on_post} runs;
 * clock-driven equations, integrated every step after the neuron groups; {@code (summed)}
 * subexpressions {@code x_post = expr : unit (summed)}, written into the target's parameter {@code x}
 * in the groups slot before the neurons are updated (Brian2's order).
 *
 * <p><b>Propagation</b> in the synapses slot of the step (after thresholds, before resets): spikes of
 * step {@code s} with delay {@code d} act in step {@code s + round(d/dt)} (a delay of 0: the same step),
 * through a ring of per-step queues; events of one step run in a fixed order (by spike, then by
 * synapse), one synapse at a time.
 */
public final class Synapses {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final NeuronGroup source;
    final NeuronGroup target;
    final Subgroup sourceRange;
    final Subgroup targetRange;
    private final int nPre;
    private final int nPost;
    private String name;
    private final Namespace external;
    private final Equations equations;          // without the summed subexpressions
    private final List<SingleEquation> summed = new ArrayList<>();
    private final List<SingleEquation> eventDriven = new ArrayList<>();
    private final boolean clockDriven;
    private final Namespace namespace;          // for on_pre/on_post and the model
    private final Namespace connectNamespace;   // for connect conditions
    private List<Statement> onPre = List.of();
    private List<Statement> onPost = List.of();
    private String method;
    private boolean float32;
    private long seed = 0x5EED5L;
    private boolean seedSet;
    private int connectCalls;
    private int setCalls;
    private CodeCompiler compiler = new JaninoCompiler();

    private double delay;            // homogeneous, seconds
    private double[] delays;         // heterogeneous, seconds, or null

    // connectivity (CSR)
    private int nSyn;
    private int[] rowStart;
    private int[] post = new int[0];
    private final Map<String, Storage> vars = new LinkedHashMap<>();
    private final Map<String, Object> arrays = new LinkedHashMap<>();

    // built state (owned by Network)
    private Built built;
    private long events;

    public Synapses(NeuronGroup source, NeuronGroup target) { this(source, target, "", Namespace.builder().build()); }

    public Synapses(NeuronGroup source, NeuronGroup target, String model) {
        this(source, target, model, Namespace.builder().build());
    }

    /**
     * @param model     the synaptic equations (may be empty)
     * @param namespace external constants
     */
    public Synapses(NeuronGroup source, NeuronGroup target, String model, Namespace namespace) {
        this(Subgroup.all(source), Subgroup.all(target), model, namespace);
    }

    /** Synapses between parts of groups ({@code i} and {@code j} count from each subgroup's start). */
    public Synapses(Subgroup source, Subgroup target, String model, Namespace namespace) {
        int id = COUNTER.getAndIncrement();
        this.name = id == 0 ? "synapses" : "synapses_" + id;
        this.sourceRange = source;
        this.targetRange = target;
        this.source = source.group();
        this.target = target.group();
        this.nPre = source.size();
        this.nPost = target.size();
        this.external = namespace;
        this.rowStart = new int[nPre + 1];
        Equations all;
        try {
            all = Equations.parse(model);
        } catch (ExpressionException e) {
            throw error("in the model: " + e.getMessage(), e);
        }
        List<SingleEquation> rest = new ArrayList<>();
        for (SingleEquation eq : all.equations()) {
            if (eq.hasFlag(Flag.SUMMED)) summed.add(eq);
            else rest.add(eq);
        }
        for (SingleEquation eq : rest) {
            for (String reserved : List.of("lastupdate", "delay", "i", "j", "N_pre", "N_post",
                    "N_incoming", "N_outgoing", "t", "dt")) {
                if (eq.name().equals(reserved)) {
                    throw error("'" + reserved + "' is a built-in variable and cannot be defined in the model");
                }
            }
            for (NeuronGroup g : List.of(this.source, this.target)) {
                if (g.arrays().containsKey(eq.name()) || g.isSubexpression(eq.name())) {
                    throw error("the synaptic variable '" + eq.name() + "' has the same name as a variable of the "
                            + (g == this.target ? "postsynaptic" : "presynaptic") + " group '" + g.name()
                            + "'; rename it (write '" + eq.name() + (g == this.target ? "_post" : "_pre")
                            + "' for the group's variable)");
                }
            }
        }
        Equations eqs = Equations.of(rest);
        boolean hasEventDriven = rest.stream().anyMatch(eq -> eq.hasFlag(Flag.EVENT_DRIVEN));
        Namespace base = baseNamespace(true, hasEventDriven);
        try {
            this.equations = eqs.check(base);
        } catch (ExpressionException e) {
            throw error("in the model: " + e.getMessage(), e);
        }
        this.namespace = equations.namespace(base);
        this.connectNamespace = baseNamespace(false, false);
        boolean clock = false;
        for (SingleEquation eq : equations.equations()) {
            if (eq.kind() == EquationKind.SUBEXPRESSION) continue;
            if (eq.kind() == EquationKind.DIFFERENTIAL_EQUATION) {
                if (eq.hasFlag(Flag.EVENT_DRIVEN)) eventDriven.add(eq);
                else clock = true;
            }
            vars.put(eq.name(), eq.type() == ValueType.BOOLEAN ? Storage.BOOLEAN : Storage.DOUBLE);
        }
        this.clockDriven = clock;
        if (!eventDriven.isEmpty()) vars.put("lastupdate", Storage.DOUBLE);
        for (String v : vars.keySet()) arrays.put(v, allocate(vars.get(v), 0));
        checkEventDriven();
        checkSummed();
    }

    private Namespace baseNamespace(boolean unsuffixedPost, boolean lastupdate) {
        Namespace.Builder b = Namespace.builder(external);
        addGroup(b, source, "_pre", false);
        addGroup(b, target, "_post", unsuffixedPost);
        b.constant("N_pre", nPre).constant("N_post", nPost);
        if (lastupdate) {
            b.symbol(new Symbol.Variable("lastupdate", Dimension.TIME, ValueType.FLOAT, Symbol.Role.PARAMETER, true));
        }
        if (unsuffixedPost) {
            b.symbol(new Symbol.Variable("N_incoming", Dimension.DIMENSIONLESS, ValueType.INTEGER, Symbol.Role.PARAMETER, true));
            b.symbol(new Symbol.Variable("N_outgoing", Dimension.DIMENSIONLESS, ValueType.INTEGER, Symbol.Role.PARAMETER, true));
            b.symbol(new Symbol.Variable("delay", Dimension.TIME, ValueType.FLOAT, Symbol.Role.PARAMETER, true));
        }
        return b.build();
    }

    private static void addGroup(Namespace.Builder b, NeuronGroup g, String suffix, boolean unsuffixed) {
        for (String v : g.arrays().keySet()) {
            if (v.equals(GroupCodeGenerator.REFRACTORY_VAR)) continue;
            Object a = g.arrays().get(v);
            ValueType type = a instanceof boolean[] ? ValueType.BOOLEAN
                    : g.equations().get(v).map(SingleEquation::type).orElse(ValueType.FLOAT);
            boolean readOnly = g.equations().get(v).map(eq -> eq.hasFlag(Flag.CONSTANT) || eq.hasFlag(Flag.LINKED)).orElse(false);
            Dimension d = g.dimension(v);
            b.symbol(new Symbol.Variable(v + suffix, d, type, Symbol.Role.PARAMETER, readOnly));
            if (unsuffixed) b.symbol(new Symbol.Variable(v, d, type, Symbol.Role.PARAMETER, readOnly));
        }
    }

    private void checkEventDriven() {
        Set<String> edNames = new java.util.HashSet<>();
        for (SingleEquation eq : eventDriven) edNames.add(eq.name());
        for (SingleEquation eq : eventDriven) {
            Expr rhs = equations.inlineAll(eq.rhs());
            var lf = LinearAnalysis.decompose(rhs, List.of(eq.name()));
            String why = null;
            if (lf.isEmpty()) {
                why = "it is not linear in " + eq.name();
            } else {
                Set<String> ids = new java.util.LinkedHashSet<>(Exprs.identifiers(lf.get().coefficient(eq.name())));
                ids.addAll(Exprs.identifiers(lf.get().constant()));
                for (String id : ids) {
                    Symbol s = namespace.resolve(id).orElse(null);
                    boolean synParam = equations.get(id).map(e -> e.kind() == EquationKind.PARAMETER).orElse(false);
                    if (s instanceof Symbol.Constant || s instanceof FunctionDef || synParam) continue;
                    why = "its coefficients depend on '" + id + "', which may change between events";
                    break;
                }
            }
            if (why != null) {
                throw error("the (event-driven) equation '" + eq.source() + "' cannot be solved exactly between events: "
                        + why + " (event-driven equations must be linear, each in its own variable, with coefficients "
                        + "made of constants and synaptic parameters)");
            }
        }
    }

    private void checkSummed() {
        for (SingleEquation eq : summed) {
            String n = eq.name();
            boolean toPost = n.endsWith("_post");
            if (!toPost && !n.endsWith("_pre")) {
                throw error("the (summed) variable '" + n + "' must name a postsynaptic ('x_post') or presynaptic "
                        + "('x_pre') variable");
            }
            NeuronGroup g = toPost ? target : source;
            String base = n.substring(0, n.length() - (toPost ? 5 : 4));
            boolean parameter = g.equations().get(base).map(e -> e.kind() == EquationKind.PARAMETER).orElse(false);
            if (g.isLinked(base)) {
                throw error("the (summed) variable '" + n + "' cannot write '" + base + "' of '" + g.name()
                        + "': it is a linked variable (read-only)");
            }
            if (!parameter) {
                List<String> params = g.equations().parameters().stream().map(SingleEquation::name).toList();
                throw error("the (summed) variable '" + n + "' needs a parameter '" + base + "' in the "
                        + (toPost ? "postsynaptic" : "presynaptic") + " group '" + g.name() + "', which has "
                        + (g.equations().get(base).isPresent() ? "'" + base + "' but not as a parameter ('" + base + " : unit')"
                        : params.isEmpty() ? "no parameters" : "only the parameters " + params));
            }
            DimensionChecker.Info info;
            try {
                info = DimensionChecker.check(eq.rhs(), namespace, eq.source());
            } catch (ExpressionException e) {
                throw error("in the model: " + e.getMessage(), e);
            }
            if (!info.dimension().equals(eq.dimension()) || !g.dimension(base).equals(eq.dimension())) {
                throw error("the (summed) variable '" + eq.source() + "': the right-hand side has dimension "
                        + info.dimension() + ", the declared unit " + eq.dimension() + ", and '" + base + "' of '"
                        + g.name() + "' " + g.dimension(base) + "; they must agree");
            }
        }
    }

    private IllegalArgumentException error(String message) { return new IllegalArgumentException("Synapses '" + name + "': " + message); }

    private IllegalArgumentException error(String message, Throwable cause) {
        return new IllegalArgumentException("Synapses '" + name + "': " + message, cause);
    }

    private Object allocate(Storage s, int n) {
        return switch (s) {
            case DOUBLE -> new double[n];
            case FLOAT -> new float[n];
            case BOOLEAN -> new boolean[n];
        };
    }

    // ------------------------------------------------------------------ configuration

    public Synapses name(String newName) {
        if (!newName.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("a Synapses name must be an identifier, got '" + newName + "'");
        }
        this.name = newName;
        invalidate();
        return this;
    }

    /** The statements run when a presynaptic spike arrives ({@code "ge += w"}; several separated by newlines or ;). */
    public Synapses onPre(String code) {
        this.onPre = statements("on_pre", code);
        invalidate();
        return this;
    }

    /** The statements run when the postsynaptic neuron spikes (no delay). */
    public Synapses onPost(String code) {
        this.onPost = statements("on_post", code);
        invalidate();
        return this;
    }

    private List<Statement> statements(String what, String code) {
        try {
            List<Statement> s = Statements.parse(code);
            Statements.check(s, namespace);
            return List.copyOf(s);
        } catch (ExpressionException e) {
            throw error("in " + what + ": " + e.getMessage(), e);
        }
    }

    /** The same delay for every synapse (homogeneous). */
    public Synapses delay(Quantity d) {
        if (!d.dimension().equals(Dimension.TIME) || d.value() < 0) {
            throw error("the delay must be a non-negative time, got " + d);
        }
        this.delay = d.value();
        this.delays = null;
        invalidate();
        return this;
    }

    /** A delay per synapse (heterogeneous), evaluated now for every existing synapse, e.g. {@code "1*ms + j*0.1*ms"}. */
    public Synapses delay(String expression) {
        double[] d = evaluate("delay", expression, Dimension.TIME);
        for (int s = 0; s < nSyn; s++) {
            if (!(d[s] >= 0)) throw error("the delay of synapse " + s + " (i=" + preOf(s) + ", j=" + post[s] + ") is " + d[s] + " s; delays must be >= 0");
        }
        this.delays = d;
        invalidate();
        return this;
    }

    /** Delays per synapse in seconds, in synapse order. */
    public Synapses delay(double[] seconds) {
        if (seconds.length != nSyn) throw error(seconds.length + " delays for " + nSyn + " synapses");
        for (double d : seconds) if (!(d >= 0)) throw error("delays must be >= 0, got " + d);
        this.delays = seconds.clone();
        invalidate();
        return this;
    }

    /** The integration method of clock-driven equations (default: chosen as for neuron groups). */
    public Synapses method(String methodName) {
        StateUpdaters.byName(methodName);
        this.method = methodName;
        invalidate();
        return this;
    }

    /** Stores floating-point synaptic variables as {@code float[]} (4 bytes per synapse; computations stay double). */
    public Synapses float32() {
        if (float32) return this;
        float32 = true;
        for (String v : List.copyOf(vars.keySet())) {
            if (vars.get(v) != Storage.DOUBLE || v.equals("lastupdate")) continue;
            if (equations.get(v).map(eq -> eq.type() != ValueType.FLOAT).orElse(true)) continue;
            double[] old = (double[]) arrays.get(v);
            float[] f = new float[old.length];
            for (int k = 0; k < f.length; k++) f[k] = (float) old[k];
            vars.put(v, Storage.FLOAT);
            arrays.put(v, f);
        }
        invalidate();
        return this;
    }

    /**
     * The seed of connection generation and of {@code rand()} in {@link #set} and in synaptic code. Without
     * one, the seed is derived from the name, so that differently named synapses between the same groups
     * draw independent connections (name them, or seed them, for connectivity that does not depend on the
     * order in which unnamed synapses were created).
     */
    public Synapses seed(long newSeed) {
        this.seed = newSeed;
        this.seedSet = true;
        if (built != null) built.code.setSeed(effectiveSeed());
        return this;
    }

    /** The compiler for the code of {@code connect} conditions (the network's compiler builds the rest). */
    public Synapses setCompiler(CodeCompiler c) {
        this.compiler = c;
        return this;
    }

    private void invalidate() { built = null; }

    /** The seed in use: the one set, or one derived from the name. */
    public long effectiveSeed() { return seedSet ? seed : RandomStreams.bits(seed, name.hashCode(), 0, 0); }

    void invalidateBuild() { built = null; }

    // ------------------------------------------------------------------ connect

    /** Connects every presynaptic neuron to every postsynaptic neuron. */
    public Synapses connect() { return connect((String) null, null, null); }

    /** Connects the pairs that satisfy {@code condition} (in {@code i}, {@code j}, {@code x_pre}, {@code y_post}). */
    public Synapses connect(String condition) { return connect(condition, null, null); }

    /** Connects each pair that satisfies {@code condition} (null: all) with probability {@code p}. */
    public Synapses connect(String condition, double p) {
        if (!(p >= 0 && p <= 1)) throw error("connect: the probability must be in [0, 1], got " + p);
        return connect(condition, Double.toString(p), null);
    }

    /** Connects each pair with probability {@code p} (an expression may use i, j, pre/post variables). */
    public Synapses connect(double p) { return connect(null, p); }

    /**
     * The general form: pairs satisfying {@code condition} (null: all), each kept with probability {@code p}
     * (null: 1), with {@code n} synapses per kept pair (null: 1; Brian2's multiple synapses).
     */
    public Synapses connect(String condition, String p, String n) {
        Expr c = condition == null ? null : connectExpr("connect condition", condition, true, null);
        Expr pe = p == null ? null : connectExpr("connect probability", p, false, Dimension.DIMENSIONLESS);
        Expr ne = n == null ? null : connectExpr("connect number n", n, false, Dimension.DIMENSIONLESS);
        if (pe != null) {
            DimensionChecker.Info info = DimensionChecker.check(pe, connectNamespace, p);
            if (info.type() == ValueType.BOOLEAN) throw error("connect: the probability '" + p + "' is a condition, not a number");
            if (info.isConstant() && !(info.value() >= 0 && info.value() <= 1)) {
                throw error("connect: the probability '" + p + "' must be in [0, 1], got " + info.value());
            }
        }
        if (ne != null) {
            DimensionChecker.Info info = DimensionChecker.check(ne, connectNamespace, n);
            if (info.type() == ValueType.BOOLEAN) {
                throw error("connect: the number of synapses per pair n = '" + n + "' is a condition, not a number");
            }
            if (info.isConstant() && !(info.value() >= 0 && info.value() == Math.rint(info.value()))) {
                throw error("connect: the number of synapses per pair n = '" + n + "' must be a non-negative integer, got "
                        + info.value());
            }
        }
        if (c instanceof Expr.Bool b && b.value()) c = null;
        if (pe instanceof Expr.Num num && num.value() >= 1) pe = null;
        int call = connectCalls++;
        int npre = nPre, npost = nPost;
        int[][] rows = new int[npre][];
        if (c == null && pe == null && ne == null) {
            int[] all = new int[npost];
            java.util.Arrays.setAll(all, k -> k);
            java.util.Arrays.fill(rows, all);
        } else if (pe == null && ne == null && isOneToOne(c)) {
            for (int k = 0; k < npre; k++) rows[k] = k < npost ? new int[] {k} : new int[0];
        } else {
            Double pConstant = null;
            if (pe != null) {
                DimensionChecker.Info info = DimensionChecker.check(pe, connectNamespace, Exprs.print(pe));
                if (info.isConstant()) {
                    if (info.value() <= 0) {
                        addRows(emptyRows(npre));
                        return this;
                    }
                    pConstant = info.value() >= 1 ? null : info.value();
                    pe = null;
                }
            }
            ConnectCode code = connectCode(call, c, pe, pConstant, ne);
            Parallel.forRange(npre, 16, (a, b) -> {
                IntList out = new IntList(64);
                for (int k = a; k < b; k++) {
                    out.clear();
                    code.row(k, out);
                    rows[k] = out.toArray();
                }
            });
        }
        addRows(rows);
        return this;
    }

    private static boolean isOneToOne(Expr c) {
        if (!(c instanceof Expr.Binary b) || b.op() != Expr.BinaryOperator.EQ) return false;
        return (b.left() instanceof Expr.Name l && b.right() instanceof Expr.Name r)
                && ((l.id().equals("i") && r.id().equals("j")) || (l.id().equals("j") && r.id().equals("i")));
    }

    private Expr connectExpr(String what, String text, boolean condition, Dimension want) {
        try {
            Expr e = ExpressionParser.parse(text);
            DimensionChecker.Info info = DimensionChecker.check(e, connectNamespace, text);
            if (condition && info.type() != ValueType.BOOLEAN) {
                throw error("the " + what + " '" + text + "' is not a condition");
            }
            if (want != null && !info.dimension().equals(want)) {
                throw error("the " + what + " '" + text + "' must be dimensionless, got " + info.dimension());
            }
            return e;
        } catch (ExpressionException e) {
            throw error("in the " + what + ": " + e.getMessage(), e);
        }
    }

    private static int[][] emptyRows(int n) {
        int[][] rows = new int[n][];
        java.util.Arrays.fill(rows, new int[0]);
        return rows;
    }

    private ConnectCode connectCode(int call, Expr c, Expr p, Double pConstant, Expr n) {
        Map<String, Field> refs = new LinkedHashMap<>();
        List<Field> fields = new ArrayList<>();
        List<Object> bound = new ArrayList<>();
        groupFields(refs, fields, bound, false);
        String className = "Connect_" + name + "_" + call;
        var model = new SynapsesCodeGenerator.Model(className, connectNamespace, refs, fields, List.of(), List.of(),
                List.of(), List.of(), e -> e, nPre, Map.of(), sourceRange.start(), targetRange.start());
        var gen = SynapsesCodeGenerator.generateConnect(model, c, p, pConstant, n, nPost);
        ConnectCode code = compiler.instantiate(gen.qualifiedName(), gen.source(), ConnectCode.class);
        code.bind(bound.toArray());
        code.setSeed(effectiveSeed(), call);
        code.setFunctions(gen.functions().toArray(new FunctionDef[0]));
        return code;
    }

    /** Explicit synapses {@code i[k] -> j[k]}. */
    public Synapses connect(int[] i, int[] j) {
        if (i.length != j.length) {
            throw error("connect: the index arrays differ in length (i has " + i.length + ", j has " + j.length + ")");
        }
        for (int k = 0; k < i.length; k++) {
            if (i[k] < 0 || i[k] >= nPre) {
                throw error("connect: i[" + k + "] = " + i[k] + " is out of range for the source '" + sourceRange.name()
                        + "' of size " + nPre + " (valid: 0 to " + (nPre - 1) + ")");
            }
            if (j[k] < 0 || j[k] >= nPost) {
                throw error("connect: j[" + k + "] = " + j[k] + " is out of range for the target '" + targetRange.name()
                        + "' of size " + nPost + " (valid: 0 to " + (nPost - 1) + ")");
            }
        }
        int[] count = new int[nPre];
        for (int v : i) count[v]++;
        int[][] rows = new int[nPre][];
        for (int r = 0; r < rows.length; r++) rows[r] = new int[count[r]];
        java.util.Arrays.fill(count, 0);
        for (int k = 0; k < i.length; k++) rows[i[k]][count[i[k]]++] = j[k];
        connectCalls++;
        addRows(rows);
        return this;
    }

    /** Appends new synapses (per presynaptic neuron, in order) after the existing ones of each row. */
    private void addRows(int[][] rows) {
        int npre = nPre;
        long total = nSyn;
        for (int[] r : rows) total += r.length;
        if (total > Integer.MAX_VALUE - 8) throw error("connect: too many synapses (" + total + ")");
        int n = (int) total;
        int[] newStart = new int[npre + 1];
        for (int r = 0; r < npre; r++) newStart[r + 1] = newStart[r] + (rowStart[r + 1] - rowStart[r]) + rows[r].length;
        int[] newPost = new int[n];
        int[] oldToNew = nSyn == 0 ? null : new int[nSyn];
        for (int r = 0; r < npre; r++) {
            int o = rowStart[r], len = rowStart[r + 1] - o, d = newStart[r];
            System.arraycopy(post, o, newPost, d, len);
            for (int k = 0; k < len; k++) oldToNew[o + k] = d + k;
            System.arraycopy(rows[r], 0, newPost, d + len, rows[r].length);
        }
        for (String v : List.copyOf(arrays.keySet())) arrays.put(v, permute(arrays.get(v), vars.get(v), oldToNew, n));
        if (delays != null) {
            double[] nd = new double[n];
            for (int s = 0; s < nSyn; s++) nd[oldToNew[s]] = delays[s];
            delays = nd;
        }
        rowStart = newStart;
        post = newPost;
        nSyn = n;
        invalidate();
    }

    private Object permute(Object old, Storage s, int[] oldToNew, int n) {
        Object out = allocate(s, n);
        if (oldToNew == null) return out;
        for (int k = 0; k < oldToNew.length; k++) {
            switch (out) {
                case double[] d -> d[oldToNew[k]] = ((double[]) old)[k];
                case float[] f -> f[oldToNew[k]] = ((float[]) old)[k];
                case boolean[] b -> b[oldToNew[k]] = ((boolean[]) old)[k];
                default -> throw new IllegalStateException();
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ state access

    public String name() { return name; }

    public NeuronGroup source() { return source; }

    public NeuronGroup target() { return target; }

    /** The number of synapses. */
    public int size() { return nSyn; }

    /** The synaptic namespace (synaptic, pre/post variables, built-ins, external constants). */
    public Namespace namespace() { return namespace; }

    /** The stored synaptic variables. */
    public List<String> variables() { return List.copyOf(vars.keySet()); }

    /** The presynaptic index of each synapse (a copy). */
    public int[] i() {
        int[] out = new int[nSyn];
        for (int r = 0; r < nPre; r++) java.util.Arrays.fill(out, rowStart[r], rowStart[r + 1], r);
        return out;
    }

    /** The postsynaptic index of each synapse (a copy). */
    public int[] j() { return java.util.Arrays.copyOf(post, nSyn); }

    /** The CSR row offsets (source size + 1; a copy). */
    public int[] rowStart() { return rowStart.clone(); }

    private int preOf(int s) {
        int r = java.util.Arrays.binarySearch(rowStart, s);
        if (r < 0) return -r - 2;
        while (r + 1 < rowStart.length && rowStart[r + 1] == s) r++;
        return r;
    }

    /** The number of synapses per presynaptic neuron. */
    public int[] outgoing() {
        int[] out = new int[nPre];
        for (int r = 0; r < out.length; r++) out[r] = rowStart[r + 1] - rowStart[r];
        return out;
    }

    /** The number of synapses per postsynaptic neuron. */
    public int[] incoming() {
        int[] out = new int[nPost];
        for (int s = 0; s < nSyn; s++) out[post[s]]++;
        return out;
    }

    /** Values of {@code variable} per synapse (SI units; {@code delay} too), a copy. */
    public double[] get(String variable) {
        if (variable.equals("delay")) {
            if (delays != null) return delays.clone();
            double[] d = new double[nSyn];
            java.util.Arrays.fill(d, delay);
            return d;
        }
        double[] out = new double[nSyn];
        switch (array(variable)) {
            case double[] d -> System.arraycopy(d, 0, out, 0, nSyn);
            case float[] f -> { for (int k = 0; k < nSyn; k++) out[k] = f[k]; }
            case boolean[] b -> { for (int k = 0; k < nSyn; k++) out[k] = b[k] ? 1 : 0; }
            default -> throw new IllegalStateException();
        }
        return out;
    }

    /** The value of {@code variable} for synapse {@code s}. */
    public double get(String variable, int s) {
        if (variable.equals("delay")) return delays != null ? delays[s] : delay;
        return switch (array(variable)) {
            case double[] d -> d[s];
            case float[] f -> f[s];
            case boolean[] b -> b[s] ? 1 : 0;
            default -> throw new IllegalStateException();
        };
    }

    Object array(String variable) {
        Object a = arrays.get(variable);
        if (a == null) {
            String hint = Exprs.closest(variable, vars.keySet());
            throw error("has no synaptic variable '" + variable + "'" + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
        }
        return a;
    }

    Map<String, Object> arrays() { return arrays; }

    private Dimension dimension(String variable) {
        if (variable.equals("lastupdate") || variable.equals("delay")) return Dimension.TIME;
        array(variable);
        return equations.require(variable).dimension();
    }

    /** Sets {@code variable} of every synapse to {@code value}. */
    public Synapses set(String variable, Quantity value) {
        if (variable.equals("delay")) return delay(value);
        requireDimension(variable, value.dimension(), value.toString());
        fill(variable, k -> value.value());
        return this;
    }

    /** Sets a dimensionless variable of every synapse. */
    public Synapses set(String variable, double value) {
        requireDimension(variable, Dimension.DIMENSIONLESS, Double.toString(value));
        fill(variable, k -> value);
        return this;
    }

    /** Sets {@code variable} from SI values, one per synapse (in synapse order). */
    public Synapses set(String variable, double[] siValues) {
        if (variable.equals("delay")) return delay(siValues);
        array(variable);
        if (siValues.length != nSyn) throw error(siValues.length + " values for '" + variable + "', which has " + nSyn);
        fill(variable, k -> siValues[k]);
        return this;
    }

    /**
     * Sets {@code variable} from an expression evaluated per synapse, which may use {@code i}, {@code j},
     * synaptic variables, {@code x_pre}, {@code x_post}, external constants and {@code rand()} (seeded per
     * Synapses, set call and synapse): {@code s.set("w", "rand()*w_max")}.
     */
    public Synapses set(String variable, String expression) {
        if (variable.equals("delay")) return delay(expression);
        Object target0 = array(variable);
        double[] out = evaluate(variable, expression, target0 instanceof boolean[] ? null : dimension(variable));
        fill(variable, k -> out[k]);
        return this;
    }

    private double[] evaluate(String variable, String expression, Dimension want) {
        if (nSyn == 0 && connectCalls == 0) {
            throw error("cannot set '" + variable + "' before connect() (there are no synapses yet)");
        }
        Expr e;
        DimensionChecker.Info info;
        try {
            e = ExpressionParser.parse(expression);
            info = DimensionChecker.check(e, namespace, expression);
        } catch (ExpressionException ex) {
            throw error("in the value for '" + variable + "': " + ex.getMessage(), ex);
        }
        if (want != null && !info.dimension().equals(want)) {
            throw error("cannot set '" + variable + "' (" + want + ") to " + expression + " (" + info.dimension() + ")");
        }
        Expr inlined = equations.inlineAll(e);
        int call = setCalls++;
        double[] out = new double[nSyn];
        if (info.isConstant()) {
            java.util.Arrays.fill(out, info.value());
            return out;
        }
        List<String> used = List.copyOf(Exprs.identifiers(inlined));
        Map<String, Double> values = new HashMap<>();
        int[] pre = i();
        int[] incoming = incoming(), outgoing = outgoing();
        for (int s = 0; s < nSyn; s++) {
            values.clear();
            int pi = pre[s], pj = post[s];
            values.put("i", (double) pi);
            values.put("j", (double) pj);
            values.put("N_incoming", (double) incoming[pj]);
            values.put("N_outgoing", (double) outgoing[pi]);
            for (String u : used) {
                if (arrays.containsKey(u)) values.put(u, get(u, s));
                else if (u.equals("delay")) values.put(u, get("delay", s));
                else if (u.endsWith("_pre") && source.arrays().containsKey(u.substring(0, u.length() - 4))) {
                    values.put(u, source.get(u.substring(0, u.length() - 4), pi + sourceRange.start()));
                } else if (u.endsWith("_post") && target.arrays().containsKey(u.substring(0, u.length() - 5))) {
                    values.put(u, target.get(u.substring(0, u.length() - 5), pj + targetRange.start()));
                } else if (target.arrays().containsKey(u)) values.put(u, target.get(u, pj + targetRange.start()));
            }
            Evaluator ev = new Evaluator(namespace, new SplittableRandom(RandomStreams.bits(effectiveSeed(), -1 - call, s, 0)));
            out[s] = ev.evaluate(inlined, values);
        }
        return out;
    }

    private void requireDimension(String variable, Dimension d, String text) {
        Dimension want = dimension(variable);
        if (!want.equals(d)) throw error("cannot set '" + variable + "' (" + want + ") to " + text + " (" + d + ")");
    }

    private void fill(String variable, java.util.function.IntToDoubleFunction f) {
        switch (array(variable)) {
            case double[] d -> { for (int k = 0; k < nSyn; k++) d[k] = f.applyAsDouble(k); }
            case float[] a -> { for (int k = 0; k < nSyn; k++) a[k] = (float) f.applyAsDouble(k); }
            case boolean[] b -> { for (int k = 0; k < nSyn; k++) b[k] = f.applyAsDouble(k) != 0; }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * Bytes held per synapse by the connectivity and the synaptic variables: offsets ({@code 4*(N_pre+1)}),
     * postsynaptic indices (4 per synapse), variable arrays, heterogeneous delays, and the post-sorted index
     * built for {@code on_post}; over the number of synapses.
     */
    public double bytesPerSynapse() { return nSyn == 0 ? 0 : (double) memoryBytes() / nSyn; }

    /** The bytes of the arrays counted by {@link #bytesPerSynapse()}. */
    public long memoryBytes() {
        long b = 4L * rowStart.length + 4L * post.length;
        for (Object a : arrays.values()) {
            b += switch (a) {
                case double[] d -> 8L * d.length;
                case float[] f -> 4L * f.length;
                case boolean[] x -> x.length;
                default -> 0L;
            };
        }
        if (delays != null) b += 8L * delays.length;
        if (built != null) {
            if (built.dsteps != null) b += 4L * built.dsteps.length;
            if (built.colSyn != null) b += 4L * (built.colSyn.length + built.colStart.length + built.preOf.length);
            b += 8L * (built.nIncoming.length + built.nOutgoing.length);
        }
        return b;
    }

    /** Synaptic events (on_pre executions) processed so far. */
    public long events() { return events; }

    /** The generated source of the last build, or null. */
    public String generatedSource() { return built == null ? null : built.gen.source(); }

    @Override
    public String toString() {  return "Synapses '" + name + "' (" + sourceRange.name() + " -> " + targetRange.name() + ", " + nSyn + " synapses)"; }

    // ------------------------------------------------------------------ build and run (called by Network)

    private static final class Built {
        double dt;
        GroupCodeGenerator.Generated gen;
        SynapsesCode code;
        int length;              // ring length = max delay steps + 1
        int homogeneousSteps;    // or -1 when heterogeneous
        int[] dsteps;
        int[][] slotSpikes;
        int[] slotCount;
        IntList[] slotSyn;
        IntList[] slotPre;
        int[] colStart, colSyn, preOf;
        double[] acc;
        int[] scratch;
        List<Field> groupFields;
        double[] nIncoming, nOutgoing;
    }

    /** The identifiers of on_pre, on_post and the model (subexpressions followed). */
    private Set<String> usedNames() {
        Set<String> out = new java.util.HashSet<>();
        for (Statement st : onPre) out.addAll(equations.dependenciesOf(st.value()));
        for (Statement st : onPost) out.addAll(equations.dependenciesOf(st.value()));
        for (SingleEquation eq : equations.equations()) if (eq.rhs() != null) out.addAll(equations.dependenciesOf(eq.rhs()));
        for (SingleEquation eq : summed) out.addAll(equations.dependenciesOf(eq.rhs()));
        return out;
    }

    /** The pre/post fields as the groups hold them now (a group switched to float32 needs new code). */
    private List<Field> currentGroupFields() {
        List<Field> f = new ArrayList<>();
        groupFields(new LinkedHashMap<>(), f, new ArrayList<>(), true);
        return f;
    }

    private void groupFields(Map<String, Field> refs, List<Field> fields, List<Object> bound, boolean unsuffixedPost) {
        for (int side = 0; side < 2; side++) {
            NeuronGroup g = side == 0 ? source : target;
            String suffix = side == 0 ? "_pre" : "_post";
            for (var e : g.arrays().entrySet()) {
                if (e.getKey().equals(GroupCodeGenerator.REFRACTORY_VAR)) continue;
                Storage st = switch (e.getValue()) {
                    case double[] d -> Storage.DOUBLE;
                    case float[] f -> Storage.FLOAT;
                    default -> Storage.BOOLEAN;
                };
                Field f = new Field((side == 0 ? "_pre_" : "_post_") + e.getKey(), st, side == 0 ? Index.PRE : Index.POST);
                fields.add(f);
                bound.add(e.getValue());
                refs.put(e.getKey() + suffix, f);
                if (side == 1 && unsuffixedPost && !vars.containsKey(e.getKey())) refs.put(e.getKey(), f);
            }
        }
    }

    /** Generates, compiles and binds the code, and sets up the spike queue (again only when something changed). */
    void build(double dt, CodeCompiler networkCompiler, Path codeDirectory) {
        if (built != null && built.dt == dt && built.groupFields.equals(currentGroupFields())) {
            rebind();
            return;
        }
        Built b = new Built();
        b.dt = dt;
        Map<String, Field> refs = new LinkedHashMap<>();
        List<Field> fields = new ArrayList<>();
        List<Object> bound = new ArrayList<>();
        for (var e : vars.entrySet()) {
            Field f = new Field("_a_" + e.getKey(), e.getValue(), Index.SYNAPSE);
            fields.add(f);
            bound.add(arrays.get(e.getKey()));
            refs.put(e.getKey(), f);
        }
        groupFields(refs, fields, bound, true);
        b.groupFields = currentGroupFields();
        Field inc = new Field("_n_incoming", Storage.DOUBLE, Index.POST);
        Field out = new Field("_n_outgoing", Storage.DOUBLE, Index.PRE);
        fields.add(inc);
        fields.add(out);
        refs.put("N_incoming", inc);
        refs.put("N_outgoing", out);
        // per-neuron synapse counts, only where the code reads them
        Set<String> used = usedNames();
        b.nIncoming = new double[used.contains("N_incoming") ? target.size() : 0];
        b.nOutgoing = new double[used.contains("N_outgoing") ? source.size() : 0];
        if (b.nIncoming.length > 0) for (int s0 = 0; s0 < nSyn; s0++) b.nIncoming[post[s0] + targetRange.start()]++;
        if (b.nOutgoing.length > 0) {
            for (int r = 0; r < nPre; r++) b.nOutgoing[r + sourceRange.start()] = rowStart[r + 1] - rowStart[r];
        }
        bound.add(b.nIncoming);
        bound.add(b.nOutgoing);
        Map<String, String> literals = new HashMap<>();
        if (delays != null) {
            Field f = new Field("_a_delay", Storage.DOUBLE, Index.SYNAPSE);
            fields.add(f);
            bound.add(delays);
            refs.put("delay", f);
        } else {
            literals.put("delay", org.snn4j.sim.codegen.JavaExpressionPrinter.literal(delay));
        }
        Namespace ns = namespace;
        List<Statement> pre = new ArrayList<>(eventDrivenUpdate());
        pre.addAll(onPre);
        List<Statement> postCode = new ArrayList<>(eventDrivenUpdate());
        postCode.addAll(onPost);
        List<Map.Entry<Expr, Boolean>> sums = new ArrayList<>();
        for (SingleEquation eq : summed) sums.add(Map.entry(eq.rhs(), eq.name().endsWith("_post")));
        List<Statement> update = List.of();
        if (clockDriven) {
            StateUpdater u = method == null ? StateUpdaters.choose(equations, ns, dt) : StateUpdaters.byName(method);
            u.cannotIntegrate(equations, ns, dt).ifPresent(why -> {
                throw error("the method '" + u.name() + "' cannot integrate the clock-driven equations: " + why);
            });
            update = u.update(equations, ns, dt);
        }
        var model = new SynapsesCodeGenerator.Model("Synapses_" + name, ns, refs, fields,
                onPre.isEmpty() ? List.of() : pre, onPost.isEmpty() ? List.of() : postCode, sums, update,
                equations::inlineAll, nPre, literals, sourceRange.start(), targetRange.start());
        b.gen = SynapsesCodeGenerator.generate(model);
        if (codeDirectory != null) AtomicWrite.text(codeDirectory.resolve(b.gen.className() + ".java"), b.gen.source());
        b.code = networkCompiler.instantiate(b.gen.qualifiedName(), b.gen.source(), SynapsesCode.class);
        b.code.setSeed(effectiveSeed());
        b.code.setFunctions(b.gen.functions().toArray(new FunctionDef[0]));
        if (!onPost.isEmpty()) {
            int npost = nPost;
            b.colStart = new int[npost + 1];
            for (int s = 0; s < nSyn; s++) b.colStart[post[s] + 1]++;
            for (int k = 0; k < npost; k++) b.colStart[k + 1] += b.colStart[k];
            b.colSyn = new int[nSyn];
            b.preOf = i();
            int[] fillAt = java.util.Arrays.copyOf(b.colStart, npost);
            for (int s = 0; s < nSyn; s++) b.colSyn[fillAt[post[s]]++] = s;
        }
        b.code.bindConnectivity(rowStart, post, b.colStart, b.colSyn, b.preOf);
        // the spike queue
        if (delays == null) {
            b.homogeneousSteps = (int) Math.round(delay / dt);
            b.length = b.homogeneousSteps + 1;
            b.slotSpikes = new int[b.length][];
            for (int k = 0; k < b.length; k++) b.slotSpikes[k] = new int[16];
            b.slotCount = new int[b.length];
        } else {
            b.homogeneousSteps = -1;
            b.dsteps = new int[nSyn];
            int max = 0;
            for (int s = 0; s < nSyn; s++) {
                b.dsteps[s] = (int) Math.round(delays[s] / dt);
                max = Math.max(max, b.dsteps[s]);
            }
            b.length = max + 1;
            b.slotSyn = new IntList[b.length];
            b.slotPre = new IntList[b.length];
            for (int k = 0; k < b.length; k++) {
                b.slotSyn[k] = new IntList();
                b.slotPre[k] = new IntList();
            }
        }
        parallelSafe = computeParallelSafe();
        built = b;
        rebind();
    }

    private void rebind() {
        // the groups' arrays may have been replaced (float32()); the synaptic ones by connect (which invalidates)
        List<Object> bound = new ArrayList<>();
        for (String v : vars.keySet()) bound.add(arrays.get(v));
        groupFields(new LinkedHashMap<>(), new ArrayList<>(), bound, true);
        bound.add(built.nIncoming);
        bound.add(built.nOutgoing);
        if (delays != null) bound.add(delays);
        built.code.bind(bound.toArray());
    }

    /** The statements bringing the event-driven variables from lastupdate to t. */
    private List<Statement> eventDrivenUpdate() {
        if (eventDriven.isEmpty()) return List.of();
        List<Statement> out = new ArrayList<>();
        String tau = "(t - lastupdate)";
        for (SingleEquation eq : eventDriven) {
            var lf = LinearAnalysis.decompose(equations.inlineAll(eq.rhs()), List.of(eq.name())).orElseThrow();
            Expr a = Exprs.fold(lf.coefficient(eq.name()));
            Expr b = Exprs.fold(lf.constant());
            String as = "(" + Exprs.print(a) + ")", bs = "(" + Exprs.print(b) + ")";
            boolean aZero = a instanceof Expr.Num n && n.value() == 0;
            boolean bZero = b instanceof Expr.Num n2 && n2.value() == 0;
            String text;
            if (aZero) text = bZero ? eq.name() : eq.name() + " + " + bs + "*" + tau;
            else if (bZero) text = eq.name() + "*exp(" + as + "*" + tau + ")";
            else text = eq.name() + "*exp(" + as + "*" + tau + ") + " + bs + "*" + tau + "*exprel(" + as + "*" + tau + ")";
            out.add(new Statement("_ed_" + eq.name(), Statement.Op.ASSIGN, ExpressionParser.parse(text), text));
        }
        for (SingleEquation eq : eventDriven) {
            out.add(new Statement(eq.name(), Statement.Op.ASSIGN, Expr.Name.of("_ed_" + eq.name()), eq.name() + " = _ed_" + eq.name()));
        }
        out.add(new Statement("lastupdate", Statement.Op.ASSIGN, Expr.Name.of("t"), "lastupdate = t"));
        return out;
    }

    // ------------------------------------------------------------------ store / restore (called by Network)

    private record Snapshot(int nSyn, int[] rowStart, int[] post, Map<String, Object> arrays, Map<String, Storage> vars,
                            double[] delays, double delay, Built built, int[][] slotSpikes, int[] slotCount,
                            int[][] slotSyn, int[][] slotPre, long events) {}

    /** A copy of the synapses' state: connectivity, variables, delays and the pending spike events. */
    Object snapshot() {
        Map<String, Object> copy = new LinkedHashMap<>();
        arrays.forEach((k, v) -> copy.put(k, copyOf(v)));
        Built b = built;
        int[][] spikes = null, syn = null, pre = null;
        int[] counts = null;
        if (b != null && b.slotSpikes != null) {
            spikes = new int[b.length][];
            for (int k = 0; k < b.length; k++) spikes[k] = java.util.Arrays.copyOf(b.slotSpikes[k], b.slotCount[k]);
            counts = b.slotCount.clone();
        } else if (b != null) {
            syn = new int[b.length][];
            pre = new int[b.length][];
            for (int k = 0; k < b.length; k++) {
                syn[k] = b.slotSyn[k].toArray();
                pre[k] = b.slotPre[k].toArray();
            }
        }
        // rowStart and post are never modified in place (connect replaces them)
        return new Snapshot(nSyn, rowStart, post, copy, new LinkedHashMap<>(vars), delays == null ? null : delays.clone(),
                delay, b, spikes, counts, syn, pre, events);
    }

    /** Restores a {@link #snapshot()}; pending events come back when the code was not rebuilt in between. */
    void restoreSnapshot(Object o) {
        Snapshot st = (Snapshot) o;
        nSyn = st.nSyn();
        rowStart = st.rowStart();
        post = st.post();
        arrays.clear();
        st.arrays().forEach((k, v) -> arrays.put(k, copyOf(v)));
        vars.clear();
        vars.putAll(st.vars());
        delays = st.delays() == null ? null : st.delays().clone();
        delay = st.delay();
        events = st.events();
        if (built == null || built != st.built()) {
            built = null;
            return;
        }
        Built b = built;
        if (st.slotSpikes() != null) {
            for (int k = 0; k < b.length; k++) {
                b.slotSpikes[k] = java.util.Arrays.copyOf(st.slotSpikes()[k], Math.max(16, st.slotSpikes()[k].length));
            }
            System.arraycopy(st.slotCount(), 0, b.slotCount, 0, b.length);
        } else if (st.slotSyn() != null) {
            for (int k = 0; k < b.length; k++) {
                b.slotSyn[k].clear();
                b.slotPre[k].clear();
                for (int x : st.slotSyn()[k]) b.slotSyn[k].add(x);
                for (int x : st.slotPre()[k]) b.slotPre[k].add(x);
            }
        }
        rebind();
    }

    private static Object copyOf(Object a) {
        return switch (a) {
            case double[] d -> d.clone();
            case float[] f -> f.clone();
            case boolean[] b -> b.clone();
            default -> throw new IllegalStateException();
        };
    }

    /** The target variables of the (summed) equations, as "group.variable". */
    List<String> summedTargets() {
        List<String> out = new ArrayList<>();
        for (SingleEquation eq : summed) {
            boolean toPost = eq.name().endsWith("_post");
            NeuronGroup g = toPost ? target : source;
            Subgroup r = toPost ? targetRange : sourceRange;
            out.add(g.name() + "." + eq.name().substring(0, eq.name().length() - (toPost ? 5 : 4))
                    + (r.isWhole() ? "" : "[" + r.start() + ":" + r.stop() + "]"));
        }
        return out;
    }

    boolean hasSummed() { return !summed.isEmpty(); }

    boolean hasClockDriven() { return clockDriven; }

    /** True if the synapses have {@code on_post} code. */
    boolean hasOnPost() { return !onPost.isEmpty(); }

    /** True if the synapses have {@code on_pre} code. */
    boolean hasOnPre() { return !onPre.isEmpty(); }

    /** Groups slot, before the neurons: writes each summed variable into its target parameter. */
    void updateSummed(long step, double t, double dt) {
        Built b = built;
        b.code.setStep(step);
        for (int k = 0; k < summed.size(); k++) {
            SingleEquation eq = summed.get(k);
            boolean toPost = eq.name().endsWith("_post");
            NeuronGroup g = toPost ? target : source;
            if (b.acc == null || b.acc.length != g.size()) b.acc = new double[g.size()];
            java.util.Arrays.fill(b.acc, 0);
            b.code.summed(k, b.acc, t, dt);
            String base = eq.name().substring(0, eq.name().length() - (toPost ? 5 : 4));
            Subgroup range = toPost ? targetRange : sourceRange;
            switch (g.array(base)) {
                case double[] d -> System.arraycopy(b.acc, range.start(), d, range.start(), range.size());
                case float[] f -> { for (int x = range.start(); x < range.stop(); x++) f[x] = (float) b.acc[x]; }
                default -> throw new IllegalStateException();
            }
        }
    }

    /** Groups slot, after the neurons: clock-driven synaptic equations, in parallel over presynaptic rows. */
    void stateUpdate(long step, double t, double dt, Team team) {
        SynapsesCode code = built.code;
        code.setStep(step);
        team.forRange(nPre, (a, b) -> code.stateUpdate(a, b, t, dt));
    }

    /**
     * Events per step from which on_pre runs in parallel over target ranges (where that is safe; every range
     * walks all due synapses and applies those whose target is in it), system property
     * {@code snn4j.synapses.parallelEvents}.
     */
    static int parallelEvents = Integer.getInteger("snn4j.synapses.parallelEvents", 1024);

    /** Whether this step's {@code due} events are split among the team's threads by target range. */
    private boolean parallel(long due, Team team) {
        return parallelSafe && due >= parallelEvents && team.parts() > 1 && nPost >= team.parts();
    }

    /**
     * The first target of part {@code part} of the team: where the target is a whole group, the first neuron of
     * the thread's blocks (see {@link Network}), so that a thread delivers to the neurons it updates.
     */
    private int bound(int part, Team team) {
        if (targetRange.isWhole()) {
            int blocks = (nPost + Network.BLOCK - 1) / Network.BLOCK;
            return Math.min(nPost, team.bound(blocks, part) * Network.BLOCK);
        }
        return team.bound(nPost, part);
    }

    /**
     * Whether on_pre may run on disjoint target ranges at once: it writes only synaptic and postsynaptic
     * variables, and (when source and target are one group) reads no presynaptic variable, which another
     * range could be writing.
     */
    private boolean parallelSafe;

    private boolean computeParallelSafe() {
        boolean readsPre = false;
        for (Statement st : onPre) {
            if (st.target().endsWith("_pre") && !vars.containsKey(st.target())) return false;
            for (String id : Exprs.identifiers(equations.inlineAll(st.value()))) {
                if (id.endsWith("_pre") && !vars.containsKey(id)) readsPre = true;
            }
        }
        return !(readsPre && source == target);
    }

    /** The spikes in {@code range}, relative to its start, into {@code b.scratch}; returns how many. */
    private static int inRange(int[] spikes, int count, Subgroup range, Built b) {
        if (b.scratch == null || b.scratch.length < count) b.scratch = new int[Math.max(16, count)];
        int n = 0;
        for (int k = 0; k < count; k++) {
            int x = spikes[k];
            if (x >= range.start() && x < range.stop()) b.scratch[n++] = x - range.start();
        }
        return n;
    }

    /**
     * Synapses slot: queues this step's presynaptic spikes and runs on_pre for the events due now (Brian2's pre
     * pathways have order -1, so every Synapses' on_pre runs before any on_post).
     */
    void propagate(long step, double t, double dt, Team team) {
        Built b = built;
        SynapsesCode code = b.code;
        code.setStep(step);
        if (!onPre.isEmpty() && nSyn > 0) {
            int[] spikes = source.compiled.spikes;
            int spikeCount = source.compiled.spikeCount;
            if (!sourceRange.isWhole() && spikeCount > 0) {
                spikeCount = inRange(spikes, spikeCount, sourceRange, b);
                spikes = b.scratch;
            }
            int cur = (int) (step % b.length);
            if (b.homogeneousSteps >= 0) {
                if (spikeCount > 0) {
                    int slot = (int) ((step + b.homogeneousSteps) % b.length);
                    int c = b.slotCount[slot];
                    if (c + spikeCount > b.slotSpikes[slot].length) {
                        b.slotSpikes[slot] = java.util.Arrays.copyOf(b.slotSpikes[slot], Math.max(2 * b.slotSpikes[slot].length, c + spikeCount));
                    }
                    System.arraycopy(spikes, 0, b.slotSpikes[slot], c, spikeCount);
                    b.slotCount[slot] = c + spikeCount;
                }
                int n = b.slotCount[cur];
                if (n > 0) {
                    int[] sp = b.slotSpikes[cur];
                    long due = 0;
                    for (int k = 0; k < n; k++) due += rowStart[sp[k] + 1] - rowStart[sp[k]];
                    events += due;
                    if (!parallel(due, team)) {
                        code.onPreRows(sp, n, t, dt);
                    } else {
                        team.run((q, parts) -> code.onPreRowsRange(sp, n, t, dt, bound(q, team), bound(q + 1, team)));
                    }
                    b.slotCount[cur] = 0;
                }
            } else {
                int[] ds = b.dsteps;
                int len = b.length;
                IntList[] slotSyn = b.slotSyn, slotPre = b.slotPre;
                for (int k = 0; k < spikeCount; k++) {
                    int p = spikes[k];
                    for (int s = rowStart[p], e = rowStart[p + 1]; s < e; s++) {
                        int slot = cur + ds[s];
                        if (slot >= len) slot -= len;
                        slotSyn[slot].add(s);
                        slotPre[slot].add(p);
                    }
                }
                IntList syn = b.slotSyn[cur];
                if (syn.size() > 0) {
                    events += syn.size();
                    int[] sa = syn.array(), pa = b.slotPre[cur].array();
                    int n = syn.size();
                    if (!parallel(n, team)) {
                        code.onPreEvents(sa, pa, n, t, dt);
                    } else {
                        team.run((q, parts) -> code.onPreEventsRange(sa, pa, n, t, dt, bound(q, team), bound(q + 1, team)));
                    }
                    syn.clear();
                    b.slotPre[cur].clear();
                }
            }
        }
    }

    /** Synapses slot, after every on_pre (Brian2's post pathways have order 1): runs on_post for this step's spikes. */
    void propagatePost(long step, double t, double dt) {
        Built b = built;
        SynapsesCode code = b.code;
        code.setStep(step);
        if (!onPost.isEmpty() && nSyn > 0) {
            int[] spikes = target.compiled.spikes;
            int spikeCount = target.compiled.spikeCount;
            if (!targetRange.isWhole() && spikeCount > 0) {
                spikeCount = inRange(spikes, spikeCount, targetRange, b);
                spikes = b.scratch;
            }
            if (spikeCount > 0) code.onPost(spikes, spikeCount, t, dt);
        }
    }
}
