package org.snn4j.core.nn;

import java.util.Arrays;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.tensor.Tensor;

/**
 * Flattens the per-sample dimensions of a sequence: {@code [T, B, d2, d3, ...] -> [T, B, d2*d3*...]}
 * (PyTorch's {@code nn.Flatten()} applied per time step). A view: the data (floats or spike bytes)
 * is shared, a time-static input gives a time-static output, a binary input a binary output, and
 * the gradient is the output gradient with the input's shape.
 */
public class Flatten extends Module {
    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("Flatten expects [T, B, ...], got input shape " + x.shapeString());
        }
        int[] shape = x.shape();
        int features = 1;
        for (int d = 2; d < shape.length; d++) {
            features *= shape[d];
        }
        int[] outShape = {shape[0], shape[1], features};
        Tensor out;
        int[] inStored;
        if (x.isTimeStatic()) {
            inStored = Arrays.copyOfRange(shape, 1, shape.length);
            out = Tensor.repeatTime(view(x, shape[1], features), shape[0]);
        } else {
            inStored = shape;
            out = view(x, outShape);
        }
        if (x.isBinary()) {
            out.markBinary();
        }
        if (Autograd.isTracking(x)) {
            out.withGradFn(new GradFn("flatten", x) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    accumulate(0, Tensor.of(gradOutput.data(), inStored));
                }
            });
        }
        return out;
    }

    /** The stored data of {@code x} under another shape, untracked. */
    private static Tensor view(Tensor x, int... shape) {
        byte[] b = x.spikeBytes();
        return b != null ? Tensor.ofSpikes(b, shape) : Tensor.of(x.data(), shape);
    }

    @Override
    public String toString() {
        return "Flatten";
    }
}
