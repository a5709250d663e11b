package org.snn4j.sim.expr;

import java.util.ArrayList;
import java.util.List;

/** Splits expression text into tokens: numbers, names, operators; reports bad characters with their column. */
final class Lexer {
    enum Kind { NUM, NAME, OP, EOF }

    record Token(Kind kind, String text, int pos) {}

    private static final String[] OPS = {"**=", "//=", "**", "//", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "%=",
            "+", "-", "*", "/", "%", "<", ">", "=", "(", ")", ","};

    static List<Token> tokenize(String src) {
        List<Token> out = new ArrayList<>();
        int i = 0, n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (Character.isWhitespace(c) || c == '\\') { i++; continue; }
            if (c == '#') break;
            if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(src.charAt(i + 1)))) {
                int start = i;
                while (i < n && Character.isDigit(src.charAt(i))) i++;
                if (i < n && src.charAt(i) == '.') {
                    i++;
                    while (i < n && Character.isDigit(src.charAt(i))) i++;
                }
                if (i < n && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
                    int save = i;
                    i++;
                    if (i < n && (src.charAt(i) == '+' || src.charAt(i) == '-')) i++;
                    if (i < n && Character.isDigit(src.charAt(i))) {
                        while (i < n && Character.isDigit(src.charAt(i))) i++;
                    } else {
                        i = save; // "2e" is not a number with exponent
                    }
                }
                if (i < n && (Character.isLetter(src.charAt(i)) || src.charAt(i) == '_')) {
                    throw new ExpressionException(src, "invalid number '" + src.substring(start, i + 1)
                            + "' at column " + (start + 1) + " (write 10*mV, not 10mV)", start);
                }
                out.add(new Token(Kind.NUM, src.substring(start, i), start));
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) i++;
                out.add(new Token(Kind.NAME, src.substring(start, i), start));
                continue;
            }
            boolean matched = false;
            for (String op : OPS) {
                if (src.startsWith(op, i)) {
                    out.add(new Token(Kind.OP, op, i));
                    i += op.length();
                    matched = true;
                    break;
                }
            }
            if (!matched) {
                throw new ExpressionException(src, "unexpected character '" + c + "' at column " + (i + 1), i);
            }
        }
        out.add(new Token(Kind.EOF, "", n));
        return out;
    }
}
