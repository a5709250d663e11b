package org.snn4j.core.nn;

/**
 * {@code y = min(max(x, 0), max)}, a ReLU clipped at a fixed ceiling (PyTorch's {@code nn.Hardtanh(0, max)};
 * {@code max = 6} is {@code nn.ReLU6}). Gradient {@code g * [0 < x < max]} (0 at both corners, as
 * {@code hardtanh}'s backward). Element-wise on any shape ({@code [B, ...]} or {@code [T, B, ...]}; a time-static
 * input stays time-static). The ceiling is the natural firing threshold of the converted neuron.
 */
public final class ClippedReLU extends PointwiseActivation {
    private final float max;

    /** @param max the ceiling, positive and finite */
    public ClippedReLU(float max) {
        if (!(max > 0) || Float.isInfinite(max)) {
            throw new IllegalArgumentException("ClippedReLU: max must be positive and finite, got " + max);
        }
        this.max = max;
    }

    public float max() {
        return max;
    }

    @Override
    void apply(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            y[i] = v > 0f ? (v < max ? v : max) : 0f;
        }
    }

    @Override
    void inputGradient(float[] x, float[] g, float[] gx) {
        for (int i = 0; i < x.length; i++) {
            gx[i] = x[i] > 0f && x[i] < max ? g[i] : 0f;
        }
    }

    @Override
    public String toString() {
        return "ClippedReLU(max=" + max + ")";
    }
}
