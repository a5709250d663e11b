package org.snn4j.sim.expr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.snn4j.sim.expr.Expr.Binary;
import org.snn4j.sim.expr.Expr.BinaryOperator;
import org.snn4j.sim.expr.Expr.Bool;
import org.snn4j.sim.expr.Expr.Call;
import org.snn4j.sim.expr.Expr.Name;
import org.snn4j.sim.expr.Expr.Num;
import org.snn4j.sim.expr.Expr.Unary;
import org.snn4j.sim.expr.Expr.UnaryOperator;

/**
 * Operations on expression trees: printing with the fewest parentheses that keep the meaning
 * ({@link #print}), identifier collection, substitution (for inlining subexpressions and external
 * constants), structural comparison and constant folding of numeric subexpressions.
 */
public final class Exprs {
    private Exprs() {}

    /** Parses {@code source}; shorthand for {@link ExpressionParser#parse}. */
    public static Expr parse(String source) { return ExpressionParser.parse(source); }

    // ---------------------------------------------------------------- printing

    /**
     * Prints the expression in the expression language, with Python's precedence and minimal
     * parentheses; {@code + -}, comparisons and {@code and/or} are surrounded by spaces,
     * {@code * / // % **} are not: {@code (ge + gi - (v - El))/taum}. Parsing the output gives the
     * same tree (up to positions).
     */
    public static String print(Expr e) {
        StringBuilder sb = new StringBuilder();
        print(e, sb);
        return sb.toString();
    }

    private static int precedence(Expr e) {
        return switch (e) {
            case Num n -> n.value() < 0 || (n.value() == 0 && 1 / n.value() < 0) ? 7 : 100;
            case Unary u -> u.op().precedence();
            case Binary b -> b.op().precedence();
            default -> 100;
        };
    }

    private static void print(Expr e, StringBuilder sb) {
        switch (e) {
            case Num n -> sb.append(formatNumber(n));
            case Bool b -> sb.append(b.value() ? "True" : "False");
            case Name n -> sb.append(n.id());
            case Call c -> {
                sb.append(c.name()).append('(');
                for (int k = 0; k < c.args().size(); k++) {
                    if (k > 0) sb.append(", ");
                    print(c.args().get(k), sb);
                }
                sb.append(')');
            }
            case Unary u -> {
                sb.append(u.op().symbol());
                boolean paren = precedence(u.operand()) < u.op().precedence()
                        || (u.op() != UnaryOperator.NOT && precedence(u.operand()) == 7);
                wrap(u.operand(), paren, sb);
            }
            case Binary b -> {
                int p = b.op().precedence();
                int lp = precedence(b.left()), rp = precedence(b.right());
                boolean lparen = lp < p || (lp == p && (b.op() == BinaryOperator.POW || b.op().isComparison()));
                // Python allows a unary minus right of **: 2**-1
                boolean rparen = b.op() == BinaryOperator.POW ? rp < 7 : rp <= p;
                wrap(b.left(), lparen, sb);
                boolean spaced = b.op().precedence() <= 5;
                sb.append(spaced ? " " + b.op().symbol() + " " : b.op().symbol());
                wrap(b.right(), rparen, sb);
            }
        }
    }

    private static void wrap(Expr e, boolean paren, StringBuilder sb) {
        if (paren) sb.append('(');
        print(e, sb);
        if (paren) sb.append(')');
    }

    /** Integer literals print without a point ({@code 3}); others as Java's shortest repr in lower case ({@code 1.0e-4}). */
    public static String formatNumber(Num n) {
        double v = n.value();
        if (n.integer() && v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return Double.toString(v).replace('E', 'e');
    }

    // ---------------------------------------------------------------- traversal

    /** Names used as values (not function names), in order of first occurrence. */
    public static Set<String> identifiers(Expr e) {
        Set<String> out = new LinkedHashSet<>();
        walk(e, x -> {
            if (x instanceof Name n) out.add(n.id());
        });
        return out;
    }

    /** Names of called functions, in order of first occurrence. */
    public static Set<String> functionNames(Expr e) {
        Set<String> out = new LinkedHashSet<>();
        walk(e, x -> {
            if (x instanceof Call c) out.add(c.name());
        });
        return out;
    }

    /** True if any of {@code names} occurs in {@code e} as a value. */
    public static boolean dependsOn(Expr e, Collection<String> names) {
        for (String id : identifiers(e)) if (names.contains(id)) return true;
        return false;
    }

    /** Visits every node, parents before children. */
    public static void walk(Expr e, java.util.function.Consumer<Expr> visitor) {
        visitor.accept(e);
        switch (e) {
            case Unary u -> walk(u.operand(), visitor);
            case Binary b -> {
                walk(b.left(), visitor);
                walk(b.right(), visitor);
            }
            case Call c -> c.args().forEach(a -> walk(a, visitor));
            default -> { }
        }
    }

    /** Rebuilds the tree bottom-up, replacing each node by {@code f(node-with-transformed-children)}. */
    public static Expr transform(Expr e, Function<Expr, Expr> f) {
        Expr rebuilt = switch (e) {
            case Unary u -> new Unary(u.op(), transform(u.operand(), f), u.pos());
            case Binary b -> new Binary(b.op(), transform(b.left(), f), transform(b.right(), f), b.pos());
            case Call c -> {
                List<Expr> args = new ArrayList<>();
                for (Expr a : c.args()) args.add(transform(a, f));
                yield new Call(c.name(), args, c.pos());
            }
            default -> e;
        };
        return f.apply(rebuilt);
    }

    /** Replaces identifiers by expressions (simultaneously; replacements are not substituted again). */
    public static Expr substitute(Expr e, Map<String, ? extends Expr> replacements) {
        return switch (e) {
            case Name n -> replacements.containsKey(n.id()) ? replacements.get(n.id()) : n;
            case Unary u -> new Unary(u.op(), substitute(u.operand(), replacements), u.pos());
            case Binary b -> new Binary(b.op(), substitute(b.left(), replacements),
                    substitute(b.right(), replacements), b.pos());
            case Call c -> {
                List<Expr> args = new ArrayList<>();
                for (Expr a : c.args()) args.add(substitute(a, replacements));
                yield new Call(c.name(), args, c.pos());
            }
            default -> e;
        };
    }

    /** The same tree with every position set to -1, for structural comparison with {@code equals}. */
    public static Expr withoutPositions(Expr e) {
        return transform(e, x -> switch (x) {
            case Num n -> new Num(n.value(), n.integer(), -1);
            case Bool b -> new Bool(b.value(), -1);
            case Name n -> new Name(n.id(), -1);
            case Unary u -> new Unary(u.op(), u.operand(), -1);
            case Binary b -> new Binary(b.op(), b.left(), b.right(), -1);
            case Call c -> new Call(c.name(), c.args(), -1);
        });
    }

    /** True if the two trees have the same structure, ignoring positions. */
    public static boolean sameStructure(Expr a, Expr b) {
        return withoutPositions(a).equals(withoutPositions(b));
    }

    // ---------------------------------------------------------------- folding

    /**
     * Folds numeric subexpressions to literals with Python's semantics ({@code 2*3} to {@code 6},
     * {@code -2**2} to {@code -4}, {@code 1/2} to {@code 0.5}, {@code exp(0)} to {@code 1.0}) and drops
     * the dimension-neutral identities {@code x*1}, {@code 1*x}, {@code x/1}, {@code x**1} and
     * unary plus. Random functions, division by zero and non-numeric names are left alone.
     */
    public static Expr fold(Expr e) {
        return transform(e, Exprs::foldNode);
    }

    private static boolean isOne(Expr e) { return e instanceof Num n && n.value() == 1.0; }

    private static Expr foldNode(Expr e) {
        switch (e) {
            case Unary u when u.op() == UnaryOperator.POS -> {
                return u.operand();
            }
            case Unary u when u.op() == UnaryOperator.NEG && u.operand() instanceof Num n -> {
                return new Num(-n.value(), n.integer(), u.pos());
            }
            case Binary b when b.left() instanceof Num l && b.right() instanceof Num r && b.op().isArithmetic() -> {
                if (r.value() == 0 && b.op() != BinaryOperator.ADD && b.op() != BinaryOperator.SUB
                        && b.op() != BinaryOperator.MUL && b.op() != BinaryOperator.POW) return b;
                double v = Evaluator.arithmetic(b.op(), l.value(), r.value());
                if (Double.isNaN(v)) return b;
                boolean integer = l.integer() && r.integer() && b.op() != BinaryOperator.DIV
                        && !(b.op() == BinaryOperator.POW && r.value() < 0);
                return new Num(v, integer, b.pos());
            }
            case Binary b when b.op() == BinaryOperator.MUL && isOne(b.right()) -> {
                return b.left();
            }
            case Binary b when b.op() == BinaryOperator.MUL && isOne(b.left()) -> {
                return b.right();
            }
            case Binary b when (b.op() == BinaryOperator.DIV || b.op() == BinaryOperator.POW) && isOne(b.right()) -> {
                return b.left();
            }
            case Call c -> {
                FunctionDef f = Functions.defaults().get(c.name());
                if (f == null || f.stochastic() || c.args().size() != f.arity()) return c;
                double[] args = new double[c.args().size()];
                for (int k = 0; k < args.length; k++) {
                    if (!(c.args().get(k) instanceof Num n)) return c;
                    args[k] = n.value();
                }
                double v = f.impl().apply(args, null);
                if (Double.isNaN(v)) return c;
                return new Num(v, f.returnType() == ValueType.INTEGER, c.pos());
            }
            default -> {
                return e;
            }
        }
    }

    // ---------------------------------------------------------------- suggestions

    /** The candidate closest to {@code name} by edit distance (at most 2, and less than half its length), or null. */
    public static String closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int limit = Math.min(2, Math.max(1, name.length() / 2));
        for (String c : candidates) {
            if (c.equals(name)) continue;
            int d = editDistance(name, c);
            if (d <= limit && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
