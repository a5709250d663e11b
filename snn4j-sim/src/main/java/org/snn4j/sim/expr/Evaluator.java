package org.snn4j.sim.expr;

import java.util.Map;
import java.util.random.RandomGenerator;

import org.snn4j.sim.expr.Expr.Binary;
import org.snn4j.sim.expr.Expr.BinaryOperator;
import org.snn4j.sim.expr.Expr.Bool;
import org.snn4j.sim.expr.Expr.Call;
import org.snn4j.sim.expr.Expr.Name;
import org.snn4j.sim.expr.Expr.Num;
import org.snn4j.sim.expr.Expr.Unary;
import org.snn4j.sim.expr.Symbol.Constant;

/**
 * A tree-walking interpreter for expressions on SI values, with Python's semantics ({@code //}
 * floors, {@code %} takes the sign of the divisor, {@code /} is true division, booleans are 1 and
 * 0). It is the slow reference that generated code can be tested against. Names are looked up in
 * the given values first, then in the namespace (constants and units: {@code mV} is 0.001).
 */
public final class Evaluator {
    private final Namespace namespace;
    private final RandomGenerator rng;

    public Evaluator(Namespace namespace, RandomGenerator rng) {
        this.namespace = namespace;
        this.rng = rng;
    }

    /** An evaluator over the built-ins with a fixed-seed random generator. */
    public static Evaluator withBuiltins() {
        return new Evaluator(Namespace.builtins(), RandomGenerator.of("L64X128MixRandom"));
    }

    /** The value of {@code e} with {@code values} for its variables (SI units). */
    public double evaluate(Expr e, Map<String, Double> values) {
        return switch (e) {
            case Num n -> n.value();
            case Bool b -> b.value() ? 1 : 0;
            case Name n -> {
                Double v = values.get(n.id());
                if (v != null) yield v;
                Symbol s = namespace.resolve(n.id()).orElse(null);
                if (s instanceof Constant c) yield c.value().value();
                throw new ExpressionException(Exprs.print(e), "no value for '" + n.id() + "'", n.pos());
            }
            case Unary u -> {
                double v = evaluate(u.operand(), values);
                yield switch (u.op()) {
                    case NEG -> -v;
                    case POS -> v;
                    case NOT -> v != 0 ? 0 : 1;
                };
            }
            case Binary b -> {
                double l = evaluate(b.left(), values);
                if (b.op() == BinaryOperator.AND && l == 0) yield 0;
                if (b.op() == BinaryOperator.OR && l != 0) yield 1;
                double r = evaluate(b.right(), values);
                yield switch (b.op()) {
                    case AND, OR -> r != 0 ? 1 : 0;
                    case LT -> l < r ? 1 : 0;
                    case LE -> l <= r ? 1 : 0;
                    case GT -> l > r ? 1 : 0;
                    case GE -> l >= r ? 1 : 0;
                    case EQ -> l == r ? 1 : 0;
                    case NE -> l != r ? 1 : 0;
                    default -> arithmetic(b.op(), l, r);
                };
            }
            case Call c -> {
                Symbol s = namespace.resolve(c.name()).orElse(null);
                if (!(s instanceof FunctionDef f)) {
                    throw new ExpressionException(Exprs.print(e), "unknown function '" + c.name() + "'", c.pos());
                }
                double[] args = new double[c.args().size()];
                for (int k = 0; k < args.length; k++) args[k] = evaluate(c.args().get(k), values);
                yield f.impl().apply(args, rng);
            }
        };
    }

    /** Python arithmetic on two numbers (division by zero gives IEEE infinities/NaN). */
    static double arithmetic(BinaryOperator op, double l, double r) {
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
