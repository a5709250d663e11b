package org.snn4j.sim.expr;

/**
 * An error in model code: a syntax error, an unknown identifier or a dimension mismatch. The
 * message reads {@code in '<source>': <detail>}, where the source is the expression, statement or
 * equation line the user wrote, and the detail names the offending term.
 */
public class ExpressionException extends IllegalArgumentException {
    private final String source;
    private final String detail;
    private final int position;

    public ExpressionException(String source, String detail, int position) {
        super(source == null ? detail : "in '" + source + "': " + detail);
        this.source = source;
        this.detail = detail;
        this.position = position;
    }

    /** The text the error is reported against (expression, statement or equation line). */
    public String source() { return source; }

    /** The message without the {@code in '...'} context. */
    public String detail() { return detail; }

    /** 0-based offset of the offending part in the parsed expression, or -1. */
    public int position() { return position; }

    /** The same error reported against another text (e.g. the whole equation line). */
    public ExpressionException withSource(String newSource) {
        return new ExpressionException(newSource, detail, position);
    }
}
