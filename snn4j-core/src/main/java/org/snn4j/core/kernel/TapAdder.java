package org.snn4j.core.kernel;

/**
 * Inner loop of the event-driven convolution ({@link ConvKernels}): for {@code q < count},
 * {@code dst[d0 + q*dStep + j] += src[s0 + q*sStep + j]} for {@code j < n} (steps may be negative).
 * Only adds, element by element, so every implementation gives the same floats.
 */
public interface TapAdder {
    void addTaps(float[] src, int s0, int sStep, float[] dst, int d0, int dStep, int count, int n);

    /** The plain-Java implementation. */
    TapAdder SCALAR = (src, s0, sStep, dst, d0, dStep, count, n) -> {
        for (int q = 0; q < count; q++) {
            int s = s0 + q * sStep;
            int d = d0 + q * dStep;
            for (int j = 0; j < n; j++) {
                dst[d + j] += src[s + j];
            }
        }
    };
}
