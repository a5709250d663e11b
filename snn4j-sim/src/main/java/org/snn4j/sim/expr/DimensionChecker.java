package org.snn4j.sim.expr;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.snn4j.sim.expr.Expr.Binary;
import org.snn4j.sim.expr.Expr.BinaryOperator;
import org.snn4j.sim.expr.Expr.Bool;
import org.snn4j.sim.expr.Expr.Call;
import org.snn4j.sim.expr.Expr.Name;
import org.snn4j.sim.expr.Expr.Num;
import org.snn4j.sim.expr.Expr.Unary;
import org.snn4j.sim.expr.Symbol.Constant;
import org.snn4j.sim.expr.Symbol.Variable;
import org.snn4j.sim.units.Dimension;

/**
 * Dimensional analysis of expressions, with Brian2's rules: operands of {@code +}, {@code -},
 * {@code %} and comparisons must have the same dimension; {@code *} and {@code /} combine
 * dimensions; a dimensioned base may only be raised to a constant exponent ({@code tau**-0.5}),
 * and every exponent is dimensionless; {@code and}, {@code or}, {@code not} take booleans; each
 * function applies its own rule ({@link Functions}). Unknown identifiers are reported with the
 * closest known name. Alongside the dimension, each node gets its {@link ValueType} and, where it
 * is a compile-time constant, its value.
 */
public final class DimensionChecker {

    /**
     * What the checker knows about one node.
     *
     * @param value the node's value in SI units when it is a constant (literals, external constants and
     *              arithmetic on them), else null
     */
    public record Info(Dimension dimension, ValueType type, Double value) {
        public boolean isConstant() { return value != null; }
    }

    private final Namespace namespace;
    private final String source;
    private final Map<Expr, Info> infos = new IdentityHashMap<>();

    private DimensionChecker(Namespace namespace, String source) {
        this.namespace = namespace;
        this.source = source;
    }

    /** Parses and checks {@code source}; errors read {@code in '<source>': ...}. */
    public static Info check(String source, Namespace namespace) {
        return check(ExpressionParser.parse(source), namespace, source);
    }

    /** Checks {@code e}; errors are reported against {@code source} (the text the user wrote). */
    public static Info check(Expr e, Namespace namespace, String source) {
        return new DimensionChecker(namespace, source).visit(e);
    }

    /** The dimension of {@code e}; errors are reported against the printed expression. */
    public static Dimension dimension(Expr e, Namespace namespace) {
        return check(e, namespace, Exprs.print(e)).dimension();
    }

    /** Checks {@code e} and returns the information for every node (identity map, keyed by node). */
    public static Map<Expr, Info> annotate(Expr e, Namespace namespace, String source) {
        DimensionChecker c = new DimensionChecker(namespace, source);
        c.visit(e);
        return c.infos;
    }

    private ExpressionException error(String detail, Expr at) {
        return new ExpressionException(source, detail, at.pos());
    }

    private static String term(Expr e, Info i) { return Exprs.print(e) + " (" + i.dimension() + ")"; }

    private Info visit(Expr e) {
        Info info = compute(e);
        infos.put(e, info);
        return info;
    }

    private Info compute(Expr e) {
        switch (e) {
            case Num n -> {
                return new Info(Dimension.DIMENSIONLESS, n.integer() ? ValueType.INTEGER : ValueType.FLOAT, n.value());
            }
            case Bool b -> {
                return new Info(Dimension.DIMENSIONLESS, ValueType.BOOLEAN, b.value() ? 1.0 : 0.0);
            }
            case Name n -> {
                Symbol s = namespace.resolve(n.id()).orElseThrow(() -> error(unknown("identifier", n.id()), n));
                return switch (s) {
                    case Variable v -> new Info(v.dimension(), v.type(), null);
                    case Constant c -> new Info(c.dimension(), c.type(), c.value().value());
                    case FunctionDef f -> throw error("'" + n.id() + "' is a function; call it as " + n.id()
                            + "(...)", n);
                };
            }
            case Unary u -> {
                Info o = visit(u.operand());
                if (u.op() == Expr.UnaryOperator.NOT) {
                    requireBoolean(u.operand(), o, "not");
                    return new Info(Dimension.DIMENSIONLESS, ValueType.BOOLEAN, null);
                }
                ValueType t = o.type() == ValueType.BOOLEAN ? ValueType.INTEGER : o.type();
                Double v = o.value() == null ? null : (u.op() == Expr.UnaryOperator.NEG ? -o.value() : o.value());
                return new Info(o.dimension(), t, v);
            }
            case Binary b -> {
                return binary(b);
            }
            case Call c -> {
                Symbol s = namespace.resolve(c.name()).orElseThrow(() -> error(unknown("function", c.name()), c));
                if (!(s instanceof FunctionDef f)) throw error("'" + c.name() + "' is not a function", c);
                if (c.args().size() != f.arity()) {
                    throw error(c.name() + "() takes " + f.arity() + " argument" + (f.arity() == 1 ? "" : "s")
                            + ", got " + c.args().size(), c);
                }
                List<Dimension> dims = new ArrayList<>();
                List<String> texts = new ArrayList<>();
                ValueType promoted = ValueType.INTEGER;
                for (Expr a : c.args()) {
                    Info ai = visit(a);
                    dims.add(ai.dimension());
                    texts.add(Exprs.print(a));
                    promoted = ValueType.promote(promoted, ai.type());
                }
                Dimension d;
                try {
                    d = f.rule().apply(dims, texts);
                } catch (ExpressionException ex) {
                    throw new ExpressionException(source, ex.detail(), c.pos());
                }
                return new Info(d, f.returnType() == null ? promoted : f.returnType(), null);
            }
        }
    }

    private String unknown(String what, String name) {
        String suggestion = Exprs.closest(name, namespace.names());
        return "unknown " + what + " '" + name + "'" + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)");
    }

    private void requireBoolean(Expr e, Info i, String op) {
        if (i.type() != ValueType.BOOLEAN) {
            throw error("the operand " + Exprs.print(e) + " of '" + op + "' must be boolean (a comparison, "
                    + "True/False or a boolean variable)", e);
        }
    }

    private Info binary(Binary b) {
        Info l = visit(b.left());
        Info r = visit(b.right());
        BinaryOperator op = b.op();
        if (op.isLogical()) {
            requireBoolean(b.left(), l, op.symbol());
            requireBoolean(b.right(), r, op.symbol());
            return new Info(Dimension.DIMENSIONLESS, ValueType.BOOLEAN, null);
        }
        boolean same = l.dimension().equals(r.dimension());
        if (op.isComparison()) {
            if (!same) throw error("cannot compare " + term(b.left(), l) + " with " + term(b.right(), r), b);
            return new Info(Dimension.DIMENSIONLESS, ValueType.BOOLEAN, null);
        }
        ValueType promoted = ValueType.promote(l.type(), r.type());
        Double value = l.value() != null && r.value() != null
                ? Evaluator.arithmetic(op, l.value(), r.value()) : null;
        switch (op) {
            case ADD, SUB, MOD -> {
                if (!same) {
                    throw error(switch (op) {
                        case ADD -> "cannot add " + term(b.left(), l) + " and " + term(b.right(), r);
                        case SUB -> "cannot subtract " + term(b.right(), r) + " from " + term(b.left(), l);
                        default -> "cannot take " + term(b.left(), l) + " modulo " + term(b.right(), r);
                    }, b);
                }
                return new Info(l.dimension(), promoted, value);
            }
            case MUL -> {
                return new Info(l.dimension().times(r.dimension()), promoted, value);
            }
            case DIV -> {
                return new Info(l.dimension().divide(r.dimension()), ValueType.FLOAT, value);
            }
            case FLOORDIV -> {
                return new Info(l.dimension().divide(r.dimension()), promoted, value);
            }
            case POW -> {
                if (!r.dimension().isDimensionless()) {
                    throw error("the exponent " + term(b.right(), r) + " must be dimensionless", b);
                }
                ValueType t = promoted == ValueType.INTEGER && r.value() != null && r.value() >= 0
                        ? ValueType.INTEGER : ValueType.FLOAT;
                if (l.dimension().isDimensionless()) return new Info(Dimension.DIMENSIONLESS, t, value);
                if (r.value() == null) {
                    throw error("cannot raise " + term(b.left(), l) + " to the non-constant power "
                            + Exprs.print(b.right()) + "; the exponent of a quantity with units must be a "
                            + "constant number", b);
                }
                return new Info(l.dimension().pow(r.value()), t, value);
            }
            default -> throw new IllegalStateException(op.toString());
        }
    }
}
