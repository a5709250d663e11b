package org.snn4j.sim.units;

/** Recursive-descent reader for unit expressions such as {@code siemens/cm**2}; see {@link Units#parse}. */
final class UnitParser {
    private final String src;
    private int pos;

    UnitParser(String src) { this.src = src; }

    Unit parse() {
        skip();
        if (pos >= src.length()) throw error("empty unit");
        Unit v = product();
        skip();
        if (pos < src.length()) throw error("unexpected '" + src.charAt(pos) + "' at column " + (pos + 1));
        return new Unit(src.trim(), v.scale(), v.dimension());
    }

    private Unit product() {
        Unit left = power();
        double scale = left.scale();
        Dimension d = left.dimension();
        while (true) {
            skip();
            if (peek("**")) break;
            if (pos < src.length() && (src.charAt(pos) == '*' || src.charAt(pos) == '/')) {
                char op = src.charAt(pos++);
                Unit right = power();
                if (op == '*') { scale *= right.scale(); d = d.times(right.dimension()); }
                else { scale /= right.scale(); d = d.divide(right.dimension()); }
            } else {
                break;
            }
        }
        return new Unit("()", scale, d);
    }

    private Unit power() {
        Unit base = atom();
        skip();
        if (peek("**")) {
            pos += 2;
            skip();
            double e;
            if (pos < src.length() && src.charAt(pos) == '(') {
                pos++;
                e = number();
                skip();
                if (pos >= src.length() || src.charAt(pos) != ')') throw error("missing ')' in exponent");
                pos++;
            } else {
                e = number();
            }
            return base.pow(e);
        }
        return base;
    }

    private Unit atom() {
        skip();
        if (pos >= src.length()) throw error("unit expected at the end");
        char c = src.charAt(pos);
        if (c == '(') {
            pos++;
            Unit inner = product();
            skip();
            if (pos >= src.length() || src.charAt(pos) != ')') throw error("missing ')'");
            pos++;
            return inner;
        }
        if (Character.isDigit(c) || c == '.') {
            return new Unit("n", number(), Dimension.DIMENSIONLESS);
        }
        if (Character.isLetter(c) || c == '_' || c == '\u00b5' || c == '\u03bc') {
            int start = pos;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_'
                    || src.charAt(pos) == '\u00b5' || src.charAt(pos) == '\u03bc')) pos++;
            String name = src.substring(start, pos);
            return Units.get(name).orElseThrow(() -> error("unknown unit '" + name + "'"));
        }
        throw error("unexpected '" + c + "' at column " + (pos + 1));
    }

    private double number() {
        skip();
        int start = pos;
        if (pos < src.length() && (src.charAt(pos) == '-' || src.charAt(pos) == '+')) pos++;
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) pos++;
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '-' || src.charAt(pos) == '+')) pos++;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) pos++;
        }
        String text = src.substring(start, pos);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException ex) {
            throw error("number expected at column " + (start + 1));
        }
    }

    private boolean peek(String s) { return src.startsWith(s, pos); }

    private void skip() { while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++; }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("in unit '" + src.trim() + "': " + what);
    }
}
