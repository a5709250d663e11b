package org.snn4j.io.data;

/** The shape of a batch tensor: flat vectors for dense networks, or images for convolutions. */
public enum Layout {
    /** {@code [B, channels*rows*cols]}, for example {@code [B, 784]}. */
    FLAT,
    /** {@code [B, channels, rows, cols]}, for example {@code [B, 1, 28, 28]}. */
    NCHW
}
