package org.snn4j.sim.codegen;

import java.util.IdentityHashMap;
import java.util.Map;

import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.Expr.Binary;
import org.snn4j.sim.expr.Expr.Bool;
import org.snn4j.sim.expr.Expr.Call;
import org.snn4j.sim.expr.Expr.Name;
import org.snn4j.sim.expr.Expr.Num;
import org.snn4j.sim.expr.Expr.Unary;
import org.snn4j.sim.expr.ExpressionException;
import org.snn4j.sim.expr.Exprs;
import org.snn4j.sim.expr.FunctionDef;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.Symbol;
import org.snn4j.sim.expr.ValueType;

/**
 * The value type of every node of an expression, and its value where it is a compile-time constant,
 * without dimensional analysis. Code generation needs only this: user code (threshold, reset) is
 * dimension-checked when it is given, and an integrator's output may contain folded numbers whose
 * units are implicit ({@code 0.99*v + 9.9e-5*_b}), which a dimension check would reject.
 */
final class ValueTypes {
    /** The type of a node and its constant value (SI), or null when not constant. */
    record Info(ValueType type, Double value) {
        boolean isConstant() { return value != null; }
    }

    private final Namespace namespace;
    private final Map<Expr, Info> infos = new IdentityHashMap<>();

    private ValueTypes(Namespace namespace) { this.namespace = namespace; }

    /** Annotates every node of {@code e}. */
    static Map<Expr, Info> annotate(Expr e, Namespace namespace) {
        ValueTypes v = new ValueTypes(namespace);
        v.visit(e);
        return v.infos;
    }

    private Info visit(Expr e) {
        Info i = compute(e);
        infos.put(e, i);
        return i;
    }

    private Info compute(Expr e) {
        switch (e) {
            case Num n -> {
                return new Info(n.integer() ? ValueType.INTEGER : ValueType.FLOAT, n.value());
            }
            case Bool b -> {
                return new Info(ValueType.BOOLEAN, b.value() ? 1.0 : 0.0);
            }
            case Name n -> {
                Symbol s = namespace.resolve(n.id()).orElseThrow(() -> new ExpressionException(Exprs.print(n),
                        "unknown identifier '" + n.id() + "' in generated code", n.pos()));
                return switch (s) {
                    case Symbol.Variable v -> new Info(v.type(), null);
                    case Symbol.Constant c -> new Info(c.type(), c.value().value());
                    case FunctionDef f -> throw new ExpressionException(Exprs.print(n), "'" + n.id()
                            + "' is a function", n.pos());
                };
            }
            case Unary u -> {
                Info o = visit(u.operand());
                return switch (u.op()) {
                    case NOT -> new Info(ValueType.BOOLEAN, null);
                    case NEG -> new Info(numeric(o.type()), o.value() == null ? null : -o.value());
                    case POS -> new Info(numeric(o.type()), o.value());
                };
            }
            case Binary b -> {
                Info l = visit(b.left());
                Info r = visit(b.right());
                if (b.op().isLogical() || b.op().isComparison()) return new Info(ValueType.BOOLEAN, null);
                ValueType t = switch (b.op()) {
                    case DIV -> ValueType.FLOAT;
                    case POW -> ValueType.promote(l.type(), r.type()) == ValueType.INTEGER && r.value() != null
                            && r.value() >= 0 ? ValueType.INTEGER : ValueType.FLOAT;
                    default -> ValueType.promote(l.type(), r.type());
                };
                Double v = l.value() != null && r.value() != null ? arithmetic(b.op(), l.value(), r.value()) : null;
                return new Info(t, v);
            }
            case Call c -> {
                Symbol s = namespace.resolve(c.name()).orElse(null);
                if (!(s instanceof FunctionDef f)) {
                    throw new ExpressionException(Exprs.print(c), "unknown function '" + c.name() + "'", c.pos());
                }
                ValueType promoted = ValueType.INTEGER;
                for (Expr a : c.args()) promoted = ValueType.promote(promoted, visit(a).type());
                return new Info(f.returnType() == null ? promoted : f.returnType(), null);
            }
        }
    }

    private static ValueType numeric(ValueType t) { return t == ValueType.BOOLEAN ? ValueType.INTEGER : t; }

    /** Python arithmetic, as the Evaluator computes it. */
    static double arithmetic(Expr.BinaryOperator op, double l, double r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> l / r;
            case FLOORDIV -> Math.floor(l / r);
            case MOD -> l - r * Math.floor(l / r);
            case POW -> Math.pow(l, r);
            default -> throw new IllegalArgumentException("not arithmetic: " + op);
        };
    }
}
