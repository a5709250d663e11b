package org.snn4j.core.models;

/** Argument checks shared by the residual blocks. */
final class ResNetParts {
    private ResNetParts() {
    }

    static void check(String block, int in, int out, int stride) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException(block + ": channel counts must be positive, got in=" + in
                    + " out=" + out);
        }
        if (stride <= 0) {
            throw new IllegalArgumentException(block + ": stride must be positive, got " + stride);
        }
    }
}
