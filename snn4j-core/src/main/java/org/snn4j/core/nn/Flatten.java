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
 *
 * <p>{@code new Flatten(1)} flattens from dimension 1 instead (PyTorch's default {@code start_dim=1}), for an
 * ANN batch {@code [B, C, H, W] -> [B, C*H*W]} without a time dimension.
 */
public class Flatten extends Module {
    private final int startDim;

    /** Flattens dimensions 2.. of {@code [T, B, ...]}. */
    public Flatten() {
        this(2);
    }

    /** Flattens dimensions {@code startDim..} (1 for an ANN batch {@code [B, ...]}, 2 for {@code [T, B, ...]}). */
    public Flatten(int startDim) {
        if (startDim < 1) {
            throw new IllegalArgumentException("Flatten: startDim must be >= 1 (dimension 0 is the batch or time), got "
                    + startDim);
        }
        this.startDim = startDim;
    }

    /** The first flattened dimension. */
    public int startDim() {
        return startDim;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < startDim) {
            throw new IllegalArgumentException("Flatten expects " + (startDim == 2 ? "[T, B, ...]" : "rank >= " + startDim)
                    + ", got input shape " + x.shapeString());
        }
        int[] shape = x.shape();
        int features = 1;
        for (int d = startDim; d < shape.length; d++) {
            features *= shape[d];
        }
        int[] outShape = Arrays.copyOf(shape, startDim + 1);
        outShape[startDim] = features;
        Tensor out;
        int[] inStored;
        if (x.isTimeStatic()) {
            inStored = Arrays.copyOfRange(shape, 1, shape.length);
            out = Tensor.repeatTime(view(x, Arrays.copyOfRange(outShape, 1, outShape.length)), shape[0]);
        } else {
            inStored = shape;
            out = view(x, outShape);
        }
        if (x.isBinary()) {
            out.markBinary();
        }
        if (Autograd.isTracking(x)) {
            // x is not packed here: backward does not read it, and the view shares its bytes, which the view's
            // consumer packs if it keeps them (packing x too would pack the same spikes twice per step)
            out.withGradFn(new GradFn("flatten", x) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    Object form = gradOutput.deferredForm();
                    // a gradient in factored form (a narrow Linear's) stays factored: same elements in the same order
                    accumulate(0, form != null ? Tensor.deferred(gradOutput::data, form, inStored)
                            : Tensor.of(gradOutput.data(), inStored));
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
        return startDim == 2 ? "Flatten" : "Flatten(startDim=" + startDim + ")";
    }
}
