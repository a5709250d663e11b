package org.snn4j.core.nn;

import java.util.Arrays;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.tensor.Tensor;

/**
 * Shared machinery of the element-wise activations ({@link ReLU}, {@link ClippedReLU}, {@link QCFS}): any shape
 * (an ANN batch {@code [B, ...]} or a sequence {@code [T, B, ...]}), a time-static input gives a time-static
 * output (computed once), and the input gradient is {@code g * f'(x)} in the input's stored layout.
 */
abstract class PointwiseActivation extends Module {
    /** {@code f(x)} for every stored element. */
    abstract void apply(float[] x, float[] y);

    /** {@code gx[i] = g[i] * f'(x[i])}. */
    abstract void inputGradient(float[] x, float[] g, float[] gx);

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1) {
            throw new IllegalArgumentException(this + ": expected a tensor of rank >= 1, got shape " + x.shapeString());
        }
        float[] xd = x.data();
        float[] y = new float[xd.length];
        apply(xd, y);
        int[] stored = stored(x);
        Tensor out = x.isTimeStatic() ? Tensor.staticOf(y, x.size(0), stored) : Tensor.of(y, x.shape());
        Tensor[] inputs = graphInputs(x);
        if (Autograd.isTracking(inputs)) {
            out.withGradFn(new GradFn(toString(), inputs) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    float[] g = gradOutput.data();
                    if (needsGrad(0)) {
                        float[] gx = new float[g.length];
                        inputGradient(xd, g, gx);
                        accumulate(0, Tensor.of(gx, stored));
                    }
                    for (int i = 1; i < inputs.length; i++) {
                        if (needsGrad(i)) {
                            accumulate(i, parameterGradient(i - 1, xd, g));
                        }
                    }
                }
            });
        }
        return out;
    }

    /** The input followed by the learnable parameters the output depends on. */
    Tensor[] graphInputs(Tensor x) {
        return new Tensor[] {x};
    }

    /** Gradient of parameter {@code k} of {@link #graphInputs} (after the input). */
    Tensor parameterGradient(int k, float[] x, float[] g) {
        throw new IllegalStateException(this + " has no parameter " + k);
    }

    /** The stored shape: one step for a time-static tensor, else the full shape. */
    static int[] stored(Tensor x) {
        return x.isTimeStatic() ? Arrays.copyOfRange(x.shape(), 1, x.rank()) : x.shape();
    }
}
