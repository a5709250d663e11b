package org.snn4j.core.nn;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.tensor.Tensor;

/**
 * Average pooling over {@code [T, B, C, H, W]} (any {@code [..., C, H, W]}) as PyTorch's {@code nn.AvgPool2d}
 * with {@code ceil_mode=False}: {@code y = (sum of the window) / d}, where {@code d = kH*kW} with
 * {@code countIncludePad} (PyTorch's default: zero padding counts) and otherwise the number of input elements
 * in the window. Geometry as {@link Pool2d}. Backward: each output gradient, divided by {@code d}, is added to
 * every element of its window. Spikes stored as bytes are read as bytes.
 */
public final class AvgPool2d extends Pool2d {
    private final boolean countIncludePad;

    public AvgPool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, boolean countIncludePad) {
        super("AvgPool2d", kernelH, kernelW, strideH, strideW, padH, padW);
        this.countIncludePad = countIncludePad;
    }

    /** Square kernel, stride and padding; zero padding counts in the divisor. */
    public AvgPool2d(int kernel, int stride, int padding) {
        this(kernel, kernel, stride, stride, padding, padding, true);
    }

    /** Square kernel, stride = kernel, no padding. */
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public boolean countIncludePad() {
        return countIncludePad;
    }

    @Override
    public Tensor forward(Tensor x) {
        return windowSum(this, x, countIncludePad ? PoolKernels.Divisor.KERNEL : PoolKernels.Divisor.VALID,
                "avgPool2d");
    }

    static Tensor windowSum(Pool2d pool, Tensor x, PoolKernels.Divisor div, String op) {
        int[] d = pool.checkInput(x);
        int h = d[0], w = d[1], oh = d[2], ow = d[3];
        int planes = x.storedNumel() / (h * w);
        float[] y = new float[planes * oh * ow];
        byte[] xb = x.spikeBytes();
        PoolKernels.windowSum(xb != null ? null : x.data(), xb, planes, h, w, pool, oh, ow, div, y);
        Tensor out = Pool2d.output(x, y, oh, ow);
        if (Autograd.isTracking(x)) {
            SavedSpikes.keep(x);
            out.withGradFn(new GradFn(op, x) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    float[] gx = new float[planes * h * w];
                    PoolKernels.windowSumBackward(gradOutput.data(), planes, h, w, pool, oh, ow, div, gx);
                    accumulate(0, Pool2d.storedLike(x, gx));
                }
            });
        }
        return out;
    }

    @Override
    public String toString() {
        return "AvgPool2d(" + geometry() + (countIncludePad ? "" : ", count_include_pad=false") + ")";
    }
}
