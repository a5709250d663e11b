package org.snn4j.sim.expr;

/**
 * One assignment of abstract code (reset, {@code on_pre}/{@code on_post}), e.g. {@code v = 0*mV},
 * {@code ge += w}. A plain assignment to a name that is not a variable defines a temporary
 * (Brian2: {@code r_S = u_S * x_S} then {@code x_S -= r_S}).
 *
 * @param target the assigned variable
 * @param op     the assignment operator
 * @param value  the right-hand side
 * @param source the statement as written, for error messages
 */
public record Statement(String target, Op op, Expr value, String source) {

    /** Assignment operators. */
    public enum Op {
        ASSIGN("="), ADD("+="), SUB("-="), MUL("*="), DIV("/=");

        private final String symbol;

        Op(String symbol) { this.symbol = symbol; }

        public String symbol() { return symbol; }

        static Op fromSymbol(String s) {
            for (Op o : values()) if (o.symbol.equals(s)) return o;
            return null;
        }

        /** The binary operator of an augmented assignment ({@code +=} is ADD), or null for {@code =}. */
        public Expr.BinaryOperator binary() {
            return switch (this) {
                case ASSIGN -> null;
                case ADD -> Expr.BinaryOperator.ADD;
                case SUB -> Expr.BinaryOperator.SUB;
                case MUL -> Expr.BinaryOperator.MUL;
                case DIV -> Expr.BinaryOperator.DIV;
            };
        }
    }

    /** The equivalent plain assignment's right-hand side: {@code v += w} gives {@code v + w}. */
    public Expr expandedValue() {
        return op == Op.ASSIGN ? value : new Expr.Binary(op.binary(), new Expr.Name(target, -1), value, -1);
    }

    @Override
    public String toString() { return target + " " + op.symbol() + " " + Exprs.print(value); }
}
