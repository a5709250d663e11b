package org.snn4j.sim.codegen;

/** Generated code failed to compile or load; the message includes the source with line numbers. */
public class CodeCompilationException extends RuntimeException {
    private final String source;

    public CodeCompilationException(String message, String source, Throwable cause) {
        super(message + "\n" + numbered(source), cause);
        this.source = source;
    }

    /** The generated source that failed. */
    public String source() { return source; }

    static String numbered(String source) {
        if (source == null) return "";
        StringBuilder sb = new StringBuilder();
        String[] lines = source.split("\n", -1);
        for (int k = 0; k < lines.length; k++) sb.append(String.format("%4d  %s%n", k + 1, lines[k]));
        return sb.toString();
    }
}
