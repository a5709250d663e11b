package org.snn4j.io.checkpoint;

import java.io.IOException;

/** A malformed safetensors file; the message starts with the file and says what was wrong. */
public class SafeTensorsException extends IOException {
    public SafeTensorsException(String source, String problem) {
        super(source + ": " + problem);
    }

    public SafeTensorsException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }
}
