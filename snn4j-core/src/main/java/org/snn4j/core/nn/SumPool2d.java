package org.snn4j.core.nn;

import org.snn4j.core.tensor.Tensor;

/**
 * Sum pooling over {@code [T, B, C, H, W]} (any {@code [..., C, H, W]}): {@code y = sum of the window}, the
 * window as {@link Pool2d} (padding adds nothing). It equals {@code kH*kW} times PyTorch's {@code avg_pool2d}
 * with {@code count_include_pad=True}, without the rounding of the division; on spikes it counts the spikes
 * in each window. Backward: each output gradient is added to every element of its window.
 */
public final class SumPool2d extends Pool2d {
    public SumPool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        super("SumPool2d", kernelH, kernelW, strideH, strideW, padH, padW);
    }

    /** Square kernel, stride and padding. */
    public SumPool2d(int kernel, int stride, int padding) {
        this(kernel, kernel, stride, stride, padding, padding);
    }

    /** Square kernel, stride = kernel, no padding. */
    public SumPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    @Override
    public Tensor forward(Tensor x) {
        return AvgPool2d.windowSum(this, x, PoolKernels.Divisor.NONE, "sumPool2d");
    }

    @Override
    public String toString() {
        return "SumPool2d(" + geometry() + ")";
    }
}
