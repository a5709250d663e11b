package org.snn4j.sim.expr;

import java.util.List;

/**
 * A node of an expression's abstract syntax tree. Nodes are immutable records; {@code pos} is the
 * 0-based offset of the node in the text it was parsed from ({@code -1} for synthesised nodes).
 * Record equality includes positions; compare structure with {@link Exprs#withoutPositions}.
 */
public sealed interface Expr permits Expr.Num, Expr.Bool, Expr.Name, Expr.Unary, Expr.Binary, Expr.Call {

    /** Offset of the node in its source text, or -1. */
    int pos();

    /** A numeric literal; {@code integer} for literals written without a point or exponent ({@code 3}, not {@code 3.}). */
    record Num(double value, boolean integer, int pos) implements Expr {
        public static Num of(double value) { return new Num(value, false, -1); }
        public static Num ofInt(long value) { return new Num(value, true, -1); }
    }

    /** {@code True} or {@code False}. */
    record Bool(boolean value, int pos) implements Expr {}

    /** An identifier: a variable, a constant or a unit name. */
    record Name(String id, int pos) implements Expr {
        public static Name of(String id) { return new Name(id, -1); }
    }

    /** A unary operation. */
    record Unary(UnaryOperator op, Expr operand, int pos) implements Expr {}

    /** A binary operation: arithmetic, comparison or {@code and}/{@code or}. */
    record Binary(BinaryOperator op, Expr left, Expr right, int pos) implements Expr {}

    /** A function call {@code name(args...)}. */
    record Call(String name, List<Expr> args, int pos) implements Expr {
        public Call { args = List.copyOf(args); }
    }

    /** Unary operators with Python's precedence (higher binds tighter). */
    enum UnaryOperator {
        NEG("-", 7), POS("+", 7), NOT("not ", 3);

        private final String symbol;
        private final int precedence;

        UnaryOperator(String symbol, int precedence) { this.symbol = symbol; this.precedence = precedence; }

        public String symbol() { return symbol; }

        public int precedence() { return precedence; }
    }

    /** Binary operators with Python's precedence (higher binds tighter); only {@code **} is right-associative. */
    enum BinaryOperator {
        OR("or", 1), AND("and", 2),
        LT("<", 4), LE("<=", 4), GT(">", 4), GE(">=", 4), EQ("==", 4), NE("!=", 4),
        ADD("+", 5), SUB("-", 5),
        MUL("*", 6), DIV("/", 6), FLOORDIV("//", 6), MOD("%", 6),
        POW("**", 8);

        private final String symbol;
        private final int precedence;

        BinaryOperator(String symbol, int precedence) { this.symbol = symbol; this.precedence = precedence; }

        public String symbol() { return symbol; }

        public int precedence() { return precedence; }

        public boolean isComparison() { return precedence == 4; }

        public boolean isLogical() { return this == OR || this == AND; }

        public boolean isArithmetic() { return precedence >= 5; }
    }
}
