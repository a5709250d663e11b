package org.snn4j.core.nn;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.kernel.ConvKernels;
import org.snn4j.core.kernel.PooledGradient;
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
 *
 * <p>Kept for backward: on byte-backed spikes, the input itself, packed to bits ({@link Tensor#packSpikes()}),
 * from which backward finds each window's selected element again (1/8 byte per input element, against a
 * stored 4-byte argmax per output); on floats, the argmax (one int per output).
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
        byte[] xb = x.spikeBytes();
        // on spikes the selection is found again in backward from the packed input: no argmax is stored
        int[] arg = track && xb == null ? new int[n] : null;
        Tensor out;
        if (xb != null) {
            byte[] yb = new byte[n];
            PoolKernels.max(null, xb, planes, h, w, this, oh, ow, null, yb, null);
            int[] s = x.shape();
            s[s.length - 2] = oh;
            s[s.length - 1] = ow;
            out = x.isTimeStatic()
                    ? Tensor.repeatTime(Tensor.ofSpikes(yb, java.util.Arrays.copyOfRange(s, 1, s.length)), s[0])
                    : Tensor.ofSpikes(yb, s);
        } else {
            float[] y = new float[n];
            if (x.deferredForm() instanceof ConvKernels.EventForward ef && PoolKernels.isTwoByTwo(this)
                    && h % 2 == 0 && w % 2 == 0 && (long) ef.geometry().n() * ef.geometry().cout() == planes
                    && ef.geometry().outH() == h && ef.geometry().outW() == w) {
                // an event-driven convolution's output, pooled sample by sample (its array is never built)
                PoolKernels.maxOfEventConv(ef, y, arg);
            } else {
                PoolKernels.max(x.data(), null, planes, h, w, this, oh, ow, y, null, arg);
            }
            out = Pool2d.output(x, y, oh, ow);
            if (x.isBinary()) {
                out.markBinary();
            }
        }
        if (track) {
            SavedSpikes.keep(x);
            out.withGradFn(new GradFn("maxPool2d", x) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    if (arg != null && kh <= sh && kw <= sw && !x.isLeaf()) {
                        // windows do not overlap: one term per element, handed on in factored form (a
                        // convolution below reads only the nonzero terms; any other consumer builds the array)
                        PooledGradient pg = new PooledGradient(gradOutput.data(), arg, planes, h * w, oh * ow);
                        int[] s = x.shape();
                        int[] stored = x.isTimeStatic() ? java.util.Arrays.copyOfRange(s, 1, s.length) : s;
                        accumulate(0, Tensor.deferred(pg::materialize, pg, stored));
                        return;
                    }
                    if (arg != null) {
                        float[] gx = new float[planes * h * w];
                        PoolKernels.maxBackward(gradOutput.data(), arg, planes, h * w, oh * ow, gx);
                        accumulate(0, Pool2d.storedLike(x, gx));
                        return;
                    }
                    org.snn4j.core.tensor.PackedBits bits = x.packedSpikes();
                    long[] words = bits != null ? bits.words()
                            : org.snn4j.core.tensor.PackedBits.pack(x.spikeBytes()).words();
                    MaxPoolSpikeGradient gx = new MaxPoolSpikeGradient(gradOutput.data(), words, planes, h, w, oh, ow,
                            MaxPool2d.this);
                    int[] s = x.shape();
                    int[] stored = x.isTimeStatic() ? java.util.Arrays.copyOfRange(s, 1, s.length) : s;
                    if (x.isLeaf()) {
                        // a leaf keeps its gradient after this pass: an array
                        accumulate(0, Tensor.of(gx.materialize(), stored));
                    } else {
                        // a spiking layer below computes its blocks from it; any other consumer builds the array
                        accumulate(0, Tensor.deferred(gx::materialize, gx, stored));
                    }
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
