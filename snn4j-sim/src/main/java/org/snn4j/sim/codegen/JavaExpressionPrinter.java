package org.snn4j.sim.codegen;

import java.util.List;
import java.util.Map;

import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.Expr.Binary;
import org.snn4j.sim.expr.Expr.BinaryOperator;
import org.snn4j.sim.expr.Expr.Bool;
import org.snn4j.sim.expr.Expr.Call;
import org.snn4j.sim.expr.Expr.Name;
import org.snn4j.sim.expr.Expr.Num;
import org.snn4j.sim.expr.Expr.Unary;
import org.snn4j.sim.expr.ExpressionException;
import org.snn4j.sim.expr.Exprs;
import org.snn4j.sim.expr.FunctionDef;
import org.snn4j.sim.expr.Functions;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.Symbol;
import org.snn4j.sim.expr.ValueType;

/**
 * Translates an expression to a Java expression with the expression language's (Python's)
 * semantics. Every number is a Java {@code double} (so {@code /} is true division and integers up
 * to 2^53 are exact), booleans are Java {@code boolean}s and become 1.0/0.0 where used as numbers;
 * {@code //} is {@code Math.floor(a/b)}, {@code %} takes the divisor's sign, {@code **} is
 * {@code Math.pow}, {@code int()} truncates toward zero; constants and units are inlined as
 * literals. Variables are named by a caller-supplied mapping. Types come from {@link ValueTypes}
 * (no dimension check: the code it prints has been checked where the user wrote it).
 */
public final class JavaExpressionPrinter {

    /**
     * A printer whose context resolves variables with {@code variable}, numbers random call sites with
     * {@code newRandomSite}, and registers user functions in {@code functions} (index = position).
     */
    static JavaExpressionPrinter of(Namespace ns, java.util.function.UnaryOperator<String> variable,
                                    java.util.function.IntSupplier newRandomSite,
                                    java.util.List<org.snn4j.sim.expr.FunctionDef> functions) {
        return new JavaExpressionPrinter(ns, new Context() {
            @Override public String variable(String name) { return variable.apply(name); }
            @Override public int newRandomSite() { return newRandomSite.getAsInt(); }
            @Override public int userFunction(org.snn4j.sim.expr.FunctionDef f) {
                int k = functions.indexOf(f);
                if (k < 0) {
                    functions.add(f);
                    k = functions.size() - 1;
                }
                return k;
            }
        });
    }

    /** Allocates call sites for {@code rand()}/{@code randn()} and indices for user functions. */
    public interface Context {
        /** The Java expression for the variable {@code name} (numeric or boolean, as its type says). */
        String variable(String name);

        /** A new call-site number for a random function. */
        int newRandomSite();

        /** The index of a user function in {@link GroupCode#_functions}. */
        int userFunction(FunctionDef f);
    }

    private final Namespace namespace;
    private final Context context;
    private Map<Expr, ValueTypes.Info> infos;

    public JavaExpressionPrinter(Namespace namespace, Context context) {
        this.namespace = namespace;
        this.context = context;
    }

    /** A Java literal for {@code v}. */
    public static String literal(double v) {
        if (Double.isNaN(v)) return "Double.NaN";
        if (Double.isInfinite(v)) return v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        String s = Double.toString(v);
        return v < 0 || (v == 0 && 1 / v < 0) ? "(" + s + ")" : s;
    }

    /** {@code e} as a Java {@code double} expression. */
    public String number(Expr e, String source) {
        infos = ValueTypes.annotate(e, namespace);
        return num(e);
    }

    /** {@code e} as a Java {@code boolean} expression. */
    public String bool(Expr e, String source) {
        infos = ValueTypes.annotate(e, namespace);
        return bool(e);
    }

    /** {@code e} as a Java expression of its own type ({@code boolean} or {@code double}). */
    public String natural(Expr e, String source) {
        infos = ValueTypes.annotate(e, namespace);
        return isBool(e) ? bool(e) : num(e);
    }

    /** The value type of {@code e} in this printer's namespace (no dimension check). */
    public ValueType type(Expr e) {
        return ValueTypes.annotate(e, namespace).get(e).type();
    }

    private boolean isBool(Expr e) { return infos.get(e).type() == ValueType.BOOLEAN; }

    private String num(Expr e) {
        if (isBool(e)) return "(" + bool(e) + " ? 1.0 : 0.0)";
        Double folded = constantValue(e);
        if (folded != null) return literal(folded);
        return switch (e) {
            case Num n -> literal(n.value());
            case Bool b -> b.value() ? "1.0" : "0.0";
            case Name n -> name(n);
            case Unary u -> switch (u.op()) {
                case NEG -> "(-" + num(u.operand()) + ")";
                case POS -> num(u.operand());
                case NOT -> throw new IllegalStateException("not is boolean");
            };
            case Binary b -> {
                String l = num(b.left()), r = num(b.right());
                yield switch (b.op()) {
                    case ADD -> "(" + l + " + " + r + ")";
                    case SUB -> "(" + l + " - " + r + ")";
                    case MUL -> "(" + l + " * " + r + ")";
                    case DIV -> "(" + l + " / " + r + ")";
                    case FLOORDIV -> "Math.floor(" + l + " / " + r + ")";
                    case MOD -> "_mod(" + l + ", " + r + ")";
                    case POW -> pow(b, l, r);
                    default -> throw new IllegalStateException(b.op().toString());
                };
            }
            case Call c -> call(c);
        };
    }

    /**
     * The value of {@code e} if it is a compile-time constant: arithmetic on literals and constants
     * (as the checker computed it), or a deterministic built-in function of constants.
     */
    private Double constantValue(Expr e) {
        ValueTypes.Info info = infos.get(e);
        if (info.isConstant()) return info.value();
        if (e instanceof Call c) {
            Symbol s = namespace.resolve(c.name()).orElse(null);
            if (!(s instanceof FunctionDef f) || f.stochastic() || Functions.defaults().get(c.name()) != f) return null;
            double[] args = new double[c.args().size()];
            for (int k = 0; k < args.length; k++) {
                Double a = constantValue(c.args().get(k));
                if (a == null) return null;
                args[k] = a;
            }
            return f.impl().apply(args, null);
        }
        return null;
    }

    private String pow(Binary b, String l, String r) {
        ValueTypes.Info ri = infos.get(b.right());
        if (ri.isConstant() && ri.value() == 2.0) return "(" + l + " * " + l + ")";
        return "Math.pow(" + l + ", " + r + ")";
    }

    private String bool(Expr e) {
        if (!isBool(e)) return "(" + num(e) + " != 0.0)";
        return switch (e) {
            case Bool b -> b.value() ? "true" : "false";
            case Name n -> name(n);
            case Unary u -> "(!" + bool(u.operand()) + ")";
            case Binary b -> {
                BinaryOperator op = b.op();
                if (op == BinaryOperator.AND) yield "(" + bool(b.left()) + " && " + bool(b.right()) + ")";
                if (op == BinaryOperator.OR) yield "(" + bool(b.left()) + " || " + bool(b.right()) + ")";
                boolean both = isBool(b.left()) && isBool(b.right());
                String l = both ? bool(b.left()) : num(b.left());
                String r = both ? bool(b.right()) : num(b.right());
                String sym = switch (op) {
                    case LT -> "<";
                    case LE -> "<=";
                    case GT -> ">";
                    case GE -> ">=";
                    case EQ -> "==";
                    case NE -> "!=";
                    default -> throw new IllegalStateException(op.toString());
                };
                yield "(" + l + " " + sym + " " + r + ")";
            }
            default -> throw new IllegalStateException("not boolean: " + Exprs.print(e));
        };
    }

    private String name(Name n) {
        Symbol s = namespace.resolve(n.id()).orElseThrow(
                () -> new ExpressionException(Exprs.print(n), "unknown identifier '" + n.id() + "'", n.pos()));
        if (s instanceof Symbol.Constant c) return literal(c.value().value());
        return context.variable(n.id());
    }

    private String call(Call c) {
        List<String> a = c.args().stream().map(this::num).toList();
        Symbol s = namespace.resolve(c.name()).orElseThrow();
        FunctionDef f = (FunctionDef) s;
        boolean builtin = Functions.defaults().get(c.name()) == f;
        if (!builtin) return user(f, a);
        return switch (c.name()) {
            case "exp", "log", "log10", "expm1", "log1p", "sin", "cos", "tan", "sinh", "cosh", "tanh", "sqrt", "abs",
                 "floor", "ceil" -> "Math." + c.name() + "(" + a.get(0) + ")";
            case "arcsin" -> "Math.asin(" + a.get(0) + ")";
            case "arccos" -> "Math.acos(" + a.get(0) + ")";
            case "arctan" -> "Math.atan(" + a.get(0) + ")";
            case "sign" -> "Math.signum(" + a.get(0) + ")";
            case "exprel" -> "org.snn4j.sim.expr.Functions.exprel(" + a.get(0) + ")";
            case "clip" -> "Math.min(Math.max(" + a.get(0) + ", " + a.get(1) + "), " + a.get(2) + ")";
            case "int" -> "((double) (long) " + a.get(0) + ")";
            case "timestep" -> "((double) (long) (" + a.get(0) + " / " + a.get(1) + " + 1e-4))";
            case "rand" -> "_rand(_i, " + context.newRandomSite() + ")";
            case "randn" -> "_randn(_i, " + context.newRandomSite() + ")";
            default -> user(f, a);
        };
    }

    private String user(FunctionDef f, List<String> args) {
        if (f.stochastic()) {
            throw new IllegalArgumentException("the user function '" + f.name() + "' is random; "
                    + "generated code supports only the built-in rand() and randn()");
        }
        return "_fn(" + context.userFunction(f) + ", new double[] {" + String.join(", ", args) + "})";
    }
}
