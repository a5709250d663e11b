package org.snn4j.io.data;

/** Building a batch failed (in the prefetch thread or inline); the cause is the original error. */
public class DataLoaderException extends RuntimeException {
    public DataLoaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
