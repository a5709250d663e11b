package org.snn4j.core.neuron;

/**
 * Charge coefficients of {@code H = a*V + b*X + c}. Each array has length 1 (one value per layer) or
 * {@code count}; element {@code i} of a step (flat index in {@code [B, ...]}) uses entry
 * {@code (i / inner) % count}.
 */
record Coefficients(float[] a, float[] b, float[] c, int inner, int count) {
    static Coefficients scalar(float a, float b, float c) {
        return new Coefficients(new float[] {a}, new float[] {b}, new float[] {c}, 1, 1);
    }

    int index(int i) {
        return (i / inner) % count;
    }

    /** Fills {@code dst[0..len)} with the per-element values of {@code src} for elements {@code i0..}. */
    void expand(float[] src, int i0, int len, float[] dst) {
        if (src.length == 1) {
            java.util.Arrays.fill(dst, 0, len, src[0]);
        } else {
            for (int j = 0; j < len; j++) {
                dst[j] = src[index(i0 + j)];
            }
        }
    }
}
