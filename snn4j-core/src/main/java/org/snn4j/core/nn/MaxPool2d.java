package org.snn4j.core.nn;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.tensor.Tensor;

/**
 * Max pooling over {@code [T, B, C, H, W]} (any {@code [..., C, H, W]}) as PyTorch's {@code nn.MaxPool2d}
 * with {@code ceil_mode=False} and no dilation: {@code y = max of the window} (padding is never selected).
 * The window is scanned row by row and an element replaces the running maximum when it is greater (or NaN,
 * which propagates), so ties go to the first index in scan order, as PyTorch's CPU kernel. Backward: each
 * output gradient goes to the selected element (added up where windows overlap).
 *
 * <p>On spikes (a binary input) the output is binary: the OR of the window. Byte-backed spikes give a
 * byte-backed output, so a following layer can stay on the event-driven path.
 */
public final class MaxPool2d extends Pool2d {
    public MaxPool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        super("MaxPool2d", kernelH, kernelW, strideH, strideW, padH, padW);
    }

    /** Square kernel, stride and padding. */
    public MaxPool2d(int kernel, int stride, int padding) {
        this(kernel, kernel, stride, stride, padding, padding);
    }

    /** Square kernel, stride = kernel, no padding. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] d = checkInput(x);
        int h = d[0], w = d[1], oh = d[2], ow = d[3];
        int planes = x.storedNumel() / (h * w);
        int n = planes * oh * ow;
        boolean track = Autograd.isTracking(x);
        int[] arg = track ? new int[n] : null;
        byte[] xb = x.spikeBytes();
        Tensor out;
        if (xb != null) {
            byte[] yb = new byte[n];
            PoolKernels.max(null, xb, planes, h, w, this, oh, ow, null, yb, arg);
            int[] s = x.shape();
            s[s.length - 2] = oh;
            s[s.length - 1] = ow;
            out = x.isTimeStatic()
                    ? Tensor.repeatTime(Tensor.ofSpikes(yb, java.util.Arrays.copyOfRange(s, 1, s.length)), s[0])
                    : Tensor.ofSpikes(yb, s);
        } else {
            float[] y = new float[n];
            PoolKernels.max(x.data(), null, planes, h, w, this, oh, ow, y, null, arg);
            out = Pool2d.output(x, y, oh, ow);
            if (x.isBinary()) {
                out.markBinary();
            }
        }
        if (track) {
            out.withGradFn(new GradFn("maxPool2d", x) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    float[] gx = new float[planes * h * w];
                    PoolKernels.maxBackward(gradOutput.data(), arg, planes, h * w, oh * ow, gx);
                    accumulate(0, Pool2d.storedLike(x, gx));
                }
            });
        }
        return out;
    }

    @Override
    public String toString() {
        return "MaxPool2d(" + geometry() + ")";
    }
}
