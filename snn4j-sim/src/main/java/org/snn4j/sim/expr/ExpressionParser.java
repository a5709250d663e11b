package org.snn4j.sim.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.snn4j.sim.expr.Expr.Binary;
import org.snn4j.sim.expr.Expr.BinaryOperator;
import org.snn4j.sim.expr.Expr.Unary;
import org.snn4j.sim.expr.Expr.UnaryOperator;
import org.snn4j.sim.expr.Lexer.Kind;
import org.snn4j.sim.expr.Lexer.Token;

/**
 * Recursive-descent parser for Brian2's expression language, with Python's grammar and precedence:
 * {@code or < and < not < comparisons < + - < * / // % < unary - + < **}. {@code **} is
 * right-associative and binds tighter than a unary minus on its left ({@code -2**2} is -4,
 * {@code 2**3**2} is 512, {@code 2**-1} is 0.5). Chained comparisons {@code a < b < c} mean
 * {@code a < b and b < c}. Literals: {@code 3}, {@code 1e-3}, {@code .5}, {@code 5.},
 * {@code True}, {@code False}.
 */
public final class ExpressionParser {
    /** Python keywords that cannot be identifiers. */
    public static final Set<String> KEYWORDS = Set.of("and", "or", "not", "True", "False", "None", "if", "else",
            "elif", "for", "while", "in", "is", "lambda", "def", "return", "import", "from", "as", "class", "pass",
            "break", "continue", "global", "with", "yield", "del", "try", "except", "finally", "raise", "assert");

    private final String src;
    private final List<Token> tokens;
    private int p;

    private ExpressionParser(String src) {
        this.src = src;
        this.tokens = Lexer.tokenize(src);
    }

    /** Parses one expression; the whole text must be consumed. */
    public static Expr parse(String source) {
        ExpressionParser ps = new ExpressionParser(source);
        if (ps.peek().kind() == Kind.EOF) throw ps.error("empty expression", 0);
        Expr e = ps.orExpr();
        ps.expectEnd();
        return e;
    }

    /** Parses {@code target op expression} where op is one of {@code = += -= *= /= //= %= **=}. */
    static Statement parseStatement(String source) {
        ExpressionParser ps = new ExpressionParser(source);
        Token t = ps.next();
        if (t.kind() != Kind.NAME || KEYWORDS.contains(t.text())) {
            throw ps.error("a statement must start with the name of the variable it assigns, found '"
                    + t.text() + "'", t.pos());
        }
        Token op = ps.next();
        Statement.Op sop = Statement.Op.fromSymbol(op.text());
        if (op.kind() != Kind.OP || sop == null) {
            throw ps.error("expected an assignment (=, +=, -=, *=, /=) after '" + t.text() + "', found '"
                    + op.text() + "'", op.pos());
        }
        if (ps.peek().kind() == Kind.EOF) throw ps.error("missing value after '" + op.text() + "'", op.pos());
        Expr value = ps.orExpr();
        ps.expectEnd();
        return new Statement(t.text(), sop, value, source.strip());
    }

    private void expectEnd() {
        Token t = peek();
        if (t.kind() != Kind.EOF) throw error("unexpected '" + t.text() + "' at column " + (t.pos() + 1), t.pos());
    }

    private Token peek() { return tokens.get(p); }

    private Token next() { return tokens.get(p < tokens.size() - 1 ? p++ : p); }

    private boolean isOp(String s) { return peek().kind() == Kind.OP && peek().text().equals(s); }

    private boolean isWord(String s) { return peek().kind() == Kind.NAME && peek().text().equals(s); }

    private ExpressionException error(String detail, int pos) { return new ExpressionException(src, detail, pos); }

    private Expr orExpr() {
        Expr left = andExpr();
        while (isWord("or")) {
            Token t = next();
            left = new Binary(BinaryOperator.OR, left, andExpr(), t.pos());
        }
        return left;
    }

    private Expr andExpr() {
        Expr left = notExpr();
        while (isWord("and")) {
            Token t = next();
            left = new Binary(BinaryOperator.AND, left, notExpr(), t.pos());
        }
        return left;
    }

    private Expr notExpr() {
        if (isWord("not")) {
            Token t = next();
            return new Unary(UnaryOperator.NOT, notExpr(), t.pos());
        }
        return comparison();
    }

    private static BinaryOperator comparisonOp(String s) {
        return switch (s) {
            case "<" -> BinaryOperator.LT;
            case "<=" -> BinaryOperator.LE;
            case ">" -> BinaryOperator.GT;
            case ">=" -> BinaryOperator.GE;
            case "==" -> BinaryOperator.EQ;
            case "!=" -> BinaryOperator.NE;
            default -> null;
        };
    }

    private Expr comparison() {
        Expr left = arith();
        Expr result = null;
        while (peek().kind() == Kind.OP && comparisonOp(peek().text()) != null) {
            Token t = next();
            Expr right = arith();
            Expr cmp = new Binary(comparisonOp(t.text()), left, right, t.pos());
            result = result == null ? cmp : new Binary(BinaryOperator.AND, result, cmp, t.pos());
            left = right;
        }
        return result == null ? left : result;
    }

    private Expr arith() {
        Expr left = term();
        while (isOp("+") || isOp("-")) {
            Token t = next();
            left = new Binary(t.text().equals("+") ? BinaryOperator.ADD : BinaryOperator.SUB, left, term(), t.pos());
        }
        return left;
    }

    private Expr term() {
        Expr left = factor();
        while (isOp("*") || isOp("/") || isOp("//") || isOp("%")) {
            Token t = next();
            BinaryOperator op = switch (t.text()) {
                case "*" -> BinaryOperator.MUL;
                case "/" -> BinaryOperator.DIV;
                case "//" -> BinaryOperator.FLOORDIV;
                default -> BinaryOperator.MOD;
            };
            left = new Binary(op, left, factor(), t.pos());
        }
        return left;
    }

    private Expr factor() {
        if (isOp("-") || isOp("+")) {
            Token t = next();
            return new Unary(t.text().equals("-") ? UnaryOperator.NEG : UnaryOperator.POS, factor(), t.pos());
        }
        return power();
    }

    private Expr power() {
        Expr base = primary();
        if (isOp("**")) {
            Token t = next();
            return new Binary(BinaryOperator.POW, base, factor(), t.pos());
        }
        return base;
    }

    private Expr primary() {
        Token t = next();
        switch (t.kind()) {
            case NUM -> {
                boolean integer = !(t.text().contains(".") || t.text().contains("e") || t.text().contains("E"));
                return new Expr.Num(Double.parseDouble(t.text()), integer, t.pos());
            }
            case NAME -> {
                if (t.text().equals("True") || t.text().equals("False")) {
                    return new Expr.Bool(t.text().equals("True"), t.pos());
                }
                if (KEYWORDS.contains(t.text())) {
                    throw error("unexpected keyword '" + t.text() + "' at column " + (t.pos() + 1), t.pos());
                }
                if (isOp("(")) {
                    next();
                    List<Expr> args = new ArrayList<>();
                    if (!isOp(")")) {
                        args.add(orExpr());
                        while (isOp(",")) {
                            next();
                            args.add(orExpr());
                        }
                    }
                    if (!isOp(")")) {
                        throw error("missing ')' to close the call of " + t.text() + "() opened at column "
                                + (t.pos() + 1), peek().pos());
                    }
                    next();
                    return new Expr.Call(t.text(), args, t.pos());
                }
                return new Expr.Name(t.text(), t.pos());
            }
            case OP -> {
                if (t.text().equals("(")) {
                    Expr inner = orExpr();
                    if (!isOp(")")) {
                        throw error("missing ')' to close the '(' at column " + (t.pos() + 1), peek().pos());
                    }
                    next();
                    return inner;
                }
                throw error("unexpected '" + t.text() + "' at column " + (t.pos() + 1), t.pos());
            }
            default -> throw error("unexpected end of expression", t.pos());
        }
    }
}
