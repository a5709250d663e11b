package org.snn4j.io.checkpoint;

import java.io.IOException;

/** A checkpoint that is missing, half-written or inconsistent; the message names the file and the problem. */
public class CheckpointException extends IOException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
