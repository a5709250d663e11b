package org.snn4j.core.nn;

import org.snn4j.core.kernel.ConvGeometry;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * 1-d convolution on sequences {@code [..., C, L]} (time-major {@code [T, B, C, L]}), as PyTorch's
 * {@code nn.Conv1d}: {@code y[n, o, ol] = b[o] + sum_{c, k} W[o, c, k] x[n, g*C/groups + c, ol*s - p + k*d]},
 * output length {@code floor((L + 2p - d*(k - 1) - 1)/s) + 1}, weight {@code [out, in/groups, k]}.
 * It is {@link Conv2d}'s computation with height 1 (the same kernels, paths and time-static handling);
 * initialisation as PyTorch with {@code fan_in = in/groups * k}.
 */
public class Conv1d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;
    private final Tensor weight;
    private final Tensor bias;

    public Conv1d(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation, int groups,
                  boolean bias, Rng rng) {
        Conv2d.checkArguments("Conv1d(" + inChannels + "->" + outChannels + ")", inChannels, outChannels,
                new int[] {kernel}, new int[] {stride}, new int[] {padding}, new int[] {dilation}, groups);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        int fanIn = inChannels / groups * kernel;
        this.weight = registerParameter("weight", Tensor.of(Conv2d.initUniform(outChannels * fanIn, fanIn, rng),
                outChannels, inChannels / groups, kernel));
        this.bias = bias ? registerParameter("bias", Tensor.of(Conv2d.initUniform(outChannels, fanIn, rng), outChannels))
                : null;
    }

    /** Stride 1, no padding, no dilation, one group, with bias. */
    public Conv1d(int inChannels, int outChannels, int kernel, Rng rng) {
        this(inChannels, outChannels, kernel, 1, 0, 1, 1, true, rng);
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int kernelSize() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    public int dilation() {
        return dilation;
    }

    public int groups() {
        return groups;
    }

    /** Output length for an input of length {@code length}. */
    public int outputLength(int length) {
        return geometry(1, length).outW();
    }

    private ConvGeometry geometry(int samples, int length) {
        return new ConvGeometry(samples, inChannels, 1, length, outChannels, 1, kernel, 1, stride, 0, padding, 1,
                dilation, groups);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2 || x.size(-2) != inChannels) {
            throw new IllegalArgumentException(this + " expects [..., " + inChannels + ", L], got input shape "
                    + x.shapeString());
        }
        int length = x.size(-1);
        ConvGeometry g;
        try {
            g = geometry(x.storedNumel() / Math.max(1, inChannels * length), length);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(this + " on input " + x.shapeString() + ": " + e.getMessage(), e);
        }
        int[] outShape = x.shape();
        outShape[outShape.length - 2] = outChannels;
        outShape[outShape.length - 1] = g.outW();
        return Conv2d.apply(x, weight, bias, g, outShape, toString());
    }

    @Override
    public String toString() {
        return "Conv1d(" + inChannels + " -> " + outChannels + ", kernel " + kernel
                + (stride != 1 ? ", stride " + stride : "") + (padding != 0 ? ", padding " + padding : "")
                + (dilation != 1 ? ", dilation " + dilation : "") + (groups != 1 ? ", groups " + groups : "")
                + (bias == null ? ", no bias" : "") + ")";
    }
}
