package org.snn4j.sim.expr;

import java.util.ArrayList;
import java.util.List;

import org.snn4j.sim.expr.Symbol.Constant;
import org.snn4j.sim.expr.Symbol.Role;
import org.snn4j.sim.expr.Symbol.Variable;
import org.snn4j.sim.units.Dimension;

/**
 * Abstract code: the statements of a reset ({@code v = Vr}) or of synaptic {@code on_pre} code
 * ({@code ge += we; apre += Apre}). Statements are separated by newlines or {@code ;};
 * {@code #} starts a comment; blank lines are ignored.
 */
public final class Statements {
    private Statements() {}

    /**
     * A checked statement.
     *
     * @param dimension        the dimension of the target
     * @param type             the value type of the target
     * @param definesTemporary true if the statement introduces a temporary variable
     */
    public record Checked(Statement statement, Dimension dimension, ValueType type, boolean definesTemporary) {}

    /** Splits and parses {@code code} into statements. */
    public static List<Statement> parse(String code) {
        List<Statement> out = new ArrayList<>();
        for (String line : code.split("\n", -1)) {
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash);
            int depth = 0, start = 0;
            for (int k = 0; k <= line.length(); k++) {
                char c = k < line.length() ? line.charAt(k) : ';';
                if (c == '(') depth++;
                else if (c == ')') depth--;
                else if (c == ';' && depth <= 0) {
                    String part = line.substring(start, k);
                    if (!part.isBlank()) out.add(ExpressionParser.parseStatement(part.strip()));
                    start = k + 1;
                }
            }
        }
        return out;
    }

    /**
     * Checks the statements in order against {@code namespace}: targets must be writable variables,
     * {@code =}, {@code +=}, {@code -=} need the target's dimension, {@code *=} and {@code /=} a
     * dimensionless factor. A plain assignment to an unknown name defines a temporary of the value's
     * dimension, visible to the following statements; a temporary that no following statement reads
     * (other than internal names starting with {@code _}) is reported as an assignment to an unknown
     * variable, since that is what it almost always is ({@code w = 1} where the model has no {@code w}).
     */
    public static List<Checked> check(List<Statement> statements, Namespace namespace) {
        List<Checked> out = new ArrayList<>();
        Namespace ns = namespace;
        for (int k = 0; k < statements.size(); k++) {
            Statement s = statements.get(k);
            DimensionChecker.Info vi = DimensionChecker.check(s.value(), ns, s.source());
            Symbol target = ns.resolve(s.target()).orElse(null);
            if (target == null || (target instanceof Constant c && c.isUnit())) {
                if (target != null || s.op() != Statement.Op.ASSIGN) {
                    String hint = Exprs.closest(s.target(), ns.names());
                    throw new ExpressionException(s.source(), "unknown variable '" + s.target() + "'"
                            + (hint == null ? "" : " (did you mean '" + hint + "'?)"), 0);
                }
                if (!s.target().startsWith("_") && !readLater(statements, k, s.target())) {
                    String hint = Exprs.closest(s.target(), ns.names());
                    throw new ExpressionException(s.source(), "unknown variable '" + s.target() + "'"
                            + (hint == null ? "" : " (did you mean '" + hint + "'?)") + "; an assignment to a new "
                            + "name defines a temporary, but no later statement uses '" + s.target() + "'", 0);
                }
                ns = Namespace.builder(ns).symbol(new Variable(s.target(), vi.dimension(), vi.type(), Role.OTHER,
                        false)).build();
                out.add(new Checked(s, vi.dimension(), vi.type(), true));
                continue;
            }
            if (!(target instanceof Variable v)) {
                throw new ExpressionException(s.source(), "cannot assign to the "
                        + (target instanceof Constant ? "constant" : "function") + " '" + s.target() + "'", 0);
            }
            if (v.readOnly()) {
                throw new ExpressionException(s.source(), "cannot assign to the read-only variable '"
                        + s.target() + "'", 0);
            }
            String val = Exprs.print(s.value()) + " (" + vi.dimension() + ")";
            String tgt = s.target() + " (" + v.dimension() + ")";
            switch (s.op()) {
                case ASSIGN, ADD, SUB -> {
                    if (!vi.dimension().equals(v.dimension())) {
                        throw new ExpressionException(s.source(), switch (s.op()) {
                            case ASSIGN -> "cannot assign " + val + " to " + tgt;
                            case ADD -> "cannot add " + val + " to " + tgt;
                            default -> "cannot subtract " + val + " from " + tgt;
                        }, s.value().pos());
                    }
                }
                case MUL, DIV -> {
                    if (!vi.dimension().isDimensionless()) {
                        throw new ExpressionException(s.source(), "'" + s.op().symbol()
                                + "' needs a dimensionless factor, got " + val + " for " + tgt, s.value().pos());
                    }
                }
            }
            out.add(new Checked(s, v.dimension(), v.type(), false));
        }
        return out;
    }

    /** True if a statement after the {@code k}-th reads {@code name} (in its value, or as the target of +=, -=, ...). */
    private static boolean readLater(List<Statement> statements, int k, String name) {
        for (int m = k + 1; m < statements.size(); m++) {
            Statement s = statements.get(m);
            if (Exprs.identifiers(s.value()).contains(name)) return true;
            if (s.target().equals(name) && s.op() != Statement.Op.ASSIGN) return true;
        }
        return false;
    }

    /** Parses and checks {@code code}. */
    public static List<Checked> parseAndCheck(String code, Namespace namespace) {
        return check(parse(code), namespace);
    }
}
