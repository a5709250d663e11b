package org.snn4j.io.idx;

import java.io.IOException;

/** A malformed IDX file; the message starts with the file's name and says what was wrong. */
public class IdxFormatException extends IOException {
    private final String source;

    public IdxFormatException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
    }

    public IdxFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
    }

    /** The file (or other source) that was being read. */
    public String source() {
        return source;
    }
}
