package org.snn4j.io.data;

import java.io.IOException;

/** No location holds a data set's files; the message lists every place looked and how to get them. */
public class DataNotFoundException extends IOException {
    public DataNotFoundException(String message) {
        super(message);
    }
}
