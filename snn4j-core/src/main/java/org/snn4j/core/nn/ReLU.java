package org.snn4j.core.nn;

/**
 * {@code y = max(x, 0)} (PyTorch's {@code nn.ReLU}); gradient {@code g * [x > 0]} (0 at {@code x = 0}, as PyTorch).
 * Element-wise on any shape: an ANN batch {@code [B, ...]} or a sequence {@code [T, B, ...]} (a time-static input
 * stays time-static).
 */
public final class ReLU extends PointwiseActivation {
    @Override
    void apply(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] > 0f ? x[i] : 0f;
        }
    }

    @Override
    void inputGradient(float[] x, float[] g, float[] gx) {
        for (int i = 0; i < x.length; i++) {
            gx[i] = x[i] > 0f ? g[i] : 0f;
        }
    }

    @Override
    public String toString() {
        return "ReLU";
    }
}
