package org.snn4j.core.nn;

import java.util.Arrays;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.kernel.ConvGeometry;
import org.snn4j.core.kernel.ConvKernels;
import org.snn4j.core.kernel.DirectConv;
import org.snn4j.core.kernel.LinearPath;
import org.snn4j.core.kernel.PooledGradient;
import org.snn4j.core.kernel.SpikeMatrix;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * 2-d convolution on {@code [..., C, H, W]} (time-major {@code [T, B, C, H, W]}; the leading
 * dimensions are samples), as PyTorch's {@code nn.Conv2d}:
 * {@code y[n, o, oy, ox] = b[o] + sum_{c, ky, kx} W[o, c, ky, kx] x[n, g*C/groups + c, oy*sh - ph + ky*dh, ox*sw - pw + kx*dw]}
 * with {@code g = o / (out/groups)}, zero padding, and output size
 * {@code floor((H + 2*ph - dh*(kh - 1) - 1)/sh) + 1}. The weight is {@code [out, in/groups, kh, kw]}.
 *
 * <p>A time-static input is computed once and gives a time-static output, and its gradients are
 * computed once from the gradient summed over time, as for {@link Linear}.
 *
 * <p>A binary input ({@link Tensor#isBinary()}, spikes) takes the event-driven path (each active
 * input adds its kernel column to the outputs it reaches) when its measured density is at most
 * {@link ConvKernels#maxEventDensity}; the choice can be forced with {@code -Dsnn4j.conv} /
 * {@link ConvKernels#setPath}. Otherwise im2col and the GEMM backend ({@link ConvKernels}).
 *
 * <p>Initialisation as PyTorch: weight kaiming-uniform with {@code a = sqrt(5)}, which is uniform in
 * {@code [-1/sqrt(fan_in), 1/sqrt(fan_in)]} with {@code fan_in = in/groups * kh * kw}, and the bias
 * uniform in the same range; the weight is drawn first, then the bias.
 */
public class Conv2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final int groups;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * Kernel, stride, padding and dilation as {@code {h, w}} pairs or one value for both (PyTorch's
     * int-or-tuple arguments).
     */
    public Conv2d(int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding, int[] dilation,
                  int groups, boolean bias, Rng rng) {
        String name = "Conv2d(" + inChannels + "->" + outChannels + ")";
        kernel = pair("kernel", kernel);
        stride = pair("stride", stride);
        padding = pair("padding", padding);
        dilation = pair("dilation", dilation);
        checkArguments(name, inChannels, outChannels, kernel, stride, padding, dilation, groups);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        int fanIn = inChannels / groups * kernel[0] * kernel[1];
        this.weight = registerParameter("weight", Tensor.of(initUniform(outChannels * fanIn, fanIn, rng),
                outChannels, inChannels / groups, kernel[0], kernel[1]));
        this.bias = bias ? registerParameter("bias", Tensor.of(initUniform(outChannels, fanIn, rng), outChannels)) : null;
    }

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation, int groups,
                  boolean bias, Rng rng) {
        this(inChannels, outChannels, new int[] {kernel}, new int[] {stride}, new int[] {padding},
                new int[] {dilation}, groups, bias, rng);
    }

    /** Stride 1, no padding, no dilation, one group, with bias. */
    public Conv2d(int inChannels, int outChannels, int kernel, Rng rng) {
        this(inChannels, outChannels, kernel, 1, 0, 1, 1, true, rng);
    }

    /** Checks the layer arguments; errors name the layer ({@code name}). */
    static void checkArguments(String name, int inChannels, int outChannels, int[] kernel, int[] stride,
                               int[] padding, int[] dilation, int groups) {
        if (inChannels <= 0 || outChannels <= 0) {
            throw new IllegalArgumentException(name + " needs positive channel counts");
        }
        for (int i = 0; i < kernel.length; i++) {
            if (kernel[i] <= 0 || stride[i] <= 0 || dilation[i] <= 0 || padding[i] < 0) {
                throw new IllegalArgumentException(name + " needs positive kernel, stride and dilation and padding >= 0, got kernel="
                        + Arrays.toString(kernel) + " stride=" + Arrays.toString(stride) + " padding="
                        + Arrays.toString(padding) + " dilation=" + Arrays.toString(dilation));
            }
        }
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(name + ": groups=" + groups + " must divide in channels="
                    + inChannels + " and out channels=" + outChannels);
        }
    }

    /** {@code count} values uniform in {@code [-1/sqrt(fanIn), 1/sqrt(fanIn)]} (PyTorch's default for weight and bias). */
    static float[] initUniform(int count, int fanIn, Rng rng) {
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = rng.uniform(-bound, bound);
        }
        return v;
    }

    private static int[] pair(String what, int[] v) {
        if (v == null || v.length < 1 || v.length > 2) {
            throw new IllegalArgumentException("Conv2d: " + what + " must have 1 or 2 values, got "
                    + Arrays.toString(v));
        }
        return v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
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

    public int groups() {
        return groups;
    }

    /** Kernel size {@code {kh, kw}}. */
    public int[] kernelSize() {
        return kernel.clone();
    }

    public int[] stride() {
        return stride.clone();
    }

    public int[] padding() {
        return padding.clone();
    }

    public int[] dilation() {
        return dilation.clone();
    }

    /** Output {@code {H_out, W_out}} for an input of {@code h x w}. */
    public int[] outputSize(int h, int w) {
        ConvGeometry g = geometry(1, h, w);
        return new int[] {g.outH(), g.outW()};
    }

    ConvGeometry geometry(int samples, int h, int w) {
        return new ConvGeometry(samples, inChannels, h, w, outChannels, kernel[0], kernel[1], stride[0], stride[1],
                padding[0], padding[1], dilation[0], dilation[1], groups);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 3 || x.size(-3) != inChannels) {
            throw new IllegalArgumentException(this + " expects [..., " + inChannels + ", H, W], got input shape "
                    + x.shapeString());
        }
        int h = x.size(-2);
        int w = x.size(-1);
        ConvGeometry g;
        try {
            g = geometry(x.storedNumel() / Math.max(1, inChannels * h * w), h, w);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(this + " on input " + x.shapeString() + ": " + e.getMessage(), e);
        }
        int[] outShape = x.shape();
        outShape[outShape.length - 3] = outChannels;
        outShape[outShape.length - 2] = g.outH();
        outShape[outShape.length - 1] = g.outW();
        return apply(x, weight, bias, g, outShape, toString());
    }

    /**
     * The convolution of {@code x} (stored as {@code g.n()} samples) with {@code weight} and
     * {@code bias} (may be null), with logical output shape {@code outShape}, recorded for autograd.
     */
    static Tensor apply(Tensor x, Tensor weight, Tensor bias, ConvGeometry g, int[] outShape, String name) {
        if (x.storedNumel() != g.n() * g.inSample()) {
            throw new IllegalArgumentException(name + ": input stores " + x.storedNumel() + " elements, expected "
                    + g.n() + " samples of " + g.inSample());
        }
        long outSize = (long) g.n() * g.outSample();
        if (outSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + ": output of " + g.n() + " samples x " + g.outSample()
                    + " elements exceeds 2^31 elements");
        }
        float[] wd = weight.data();
        float[] bd = bias != null ? bias.data() : null;
        byte[] xb = x.spikeBytes();
        LinearPath path = ConvKernels.path();
        SpikeMatrix spikes = null;
        if (x.isBinary() && path != LinearPath.DENSE) {
            SpikeMatrix sm = xb != null ? SpikeMatrix.of(xb, g.n(), g.inSample())
                    : SpikeMatrix.of(x.data(), g.n(), g.inSample());
            if (path == LinearPath.EVENT || sm.density() <= ConvKernels.maxEventDensity(xb != null)) {
                spikes = sm;
            }
        }
        // few input channels of floats (an image): direct convolution, no im2col
        boolean direct = spikes == null && xb == null && path != LinearPath.DENSE && DirectConv.supported(g);
        Tensor result;
        if (spikes != null && !x.isTimeStatic()) {
            // computed when first read, or sample by sample by a max-pool that reads the form (no full array)
            ConvKernels.EventForward ef = new ConvKernels.EventForward(g, spikes, wd, bd);
            result = Tensor.deferred(ef::compute, ef, outShape);
        } else {
            float[] y = new float[(int) outSize];
            if (spikes != null) {
                ConvKernels.forwardEvent(g, spikes, wd, bd, y);
            } else if (direct) {
                DirectConv.forward(g, x.data(), wd, bd, y);
            } else {
                ConvKernels.forwardDense(g, xb != null ? null : x.data(), xb, wd, bd, y);
            }
            result = x.isTimeStatic() ? Tensor.staticOf(y, outShape[0], Arrays.copyOfRange(outShape, 1, outShape.length))
                    : Tensor.of(y, outShape);
        }
        if (Autograd.isTracking(x, weight, bias)) {
            // spikes are kept as bits; backward rebuilds the bitmap or unpacks the bytes it needs
            boolean event = spikes != null;
            SavedSpikes.keep(x);
            String label = "conv[" + g.cin() + "->" + g.cout() + ", " + g.kh() + "x" + g.kw() + "]";
            result.withGradFn(new GradFn(label, x, weight, bias) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    boolean needX = needsGrad(0);
                    boolean needW = needsGrad(1);
                    float[] gx = needX ? new float[x.storedNumel()] : null;
                    float[] gw = needW ? new float[weight.storedNumel()] : null;
                    // a max-pool's gradient in factored form, over this layer's output planes
                    PooledGradient pg = gradOutput.deferredForm() instanceof PooledGradient p
                            && p.covers((long) g.n() * g.cout(), g.outH() * g.outW()) ? p : null;
                    // the fused event backward reads its nonzero terms only
                    if (pg != null && event && needW && ConvKernels.backwardEventSupported(g)) {
                        boolean sparseX = needX && ConvKernels.maxSparseGradDensity() > 0
                                && pg.densityAtMost(ConvKernels.maxSparseGradDensity());
                        if (sparseX || !needX) {
                            ConvKernels.backwardEvent(g, SavedSpikes.matrix(x, g.n(), g.inSample()), wd, pg, gx, gw);
                            finish(gx, gw, pg, null);
                            return;
                        }
                    }
                    if (direct && needW && !needX && pg != null) {
                        // an image layer under a max-pool: the pooled gradient's planes one at a time
                        DirectConv.weightGrad(g, x.data(), pg, gw);
                        finish(null, gw, pg, null);
                        return;
                    }
                    float[] gy = gradOutput.data();
                    if (direct && needW && !needX) {
                        DirectConv.weightGrad(g, x.data(), gy, gw);
                        finish(null, gw, null, gy);
                        return;
                    }
                    boolean eventW = needW && event;
                    boolean denseW = needW && !eventW;
                    // after a max-pool most output gradients are zero: the input gradient from the nonzero ones
                    boolean sparseX = needX && ConvKernels.sparseGradSupported(g)
                            && ConvKernels.maxSparseGradDensity() > 0
                            && ConvKernels.density(gy) <= ConvKernels.maxSparseGradDensity();
                    // event weight gradient and sparse input gradient share one transpose of gy per sample
                    boolean fused = eventW && ConvKernels.backwardEventSupported(g) && (sparseX || !needX);
                    if (fused) {
                        ConvKernels.backwardEvent(g, SavedSpikes.matrix(x, g.n(), g.inSample()), wd, gy,
                                sparseX ? gx : null, gw);
                        eventW = false;
                    } else if (sparseX) {
                        ConvKernels.inputGradSparse(g, wd, gy, gx);
                    }
                    boolean denseX = needX && !sparseX;
                    if (denseX || denseW) {
                        // the input itself is only read for a dense weight gradient
                        byte[] xbw = denseW ? x.spikeBytes() : null;
                        ConvKernels.backwardDense(g, denseW && xbw == null ? x.data() : null, xbw,
                                wd, gy, denseX ? gx : null, denseW ? gw : null);
                    }
                    if (eventW) {
                        ConvKernels.weightGradEvent(g, SavedSpikes.matrix(x, g.n(), g.inSample()), gy, gw);
                    }
                    finish(gx, gw, null, gy);
                }

                /** Accumulates the input and weight gradients and computes the bias gradient from {@code pg} or {@code gy}. */
                private void finish(float[] gx, float[] gw, PooledGradient pg, float[] gy) {
                    if (gx != null) {
                        int[] gxShape = x.isTimeStatic() ? Arrays.copyOfRange(x.shape(), 1, x.rank()) : x.shape();
                        accumulate(0, Tensor.of(gx, gxShape));
                    }
                    if (gw != null) {
                        accumulate(1, Tensor.of(gw, weight.shape()));
                    }
                    if (bias != null && needsGrad(2)) {
                        float[] gb = new float[g.cout()];
                        if (pg != null) {
                            ConvKernels.biasGrad(g, pg, gb);
                        } else {
                            ConvKernels.biasGrad(g, gy, gb);
                        }
                        accumulate(2, Tensor.of(gb, g.cout()));
                    }
                }
            });
        }
        return result;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Conv2d(").append(inChannels).append(" -> ").append(outChannels)
                .append(", kernel ").append(kernel[0]).append('x').append(kernel[1]);
        if (stride[0] != 1 || stride[1] != 1) {
            sb.append(", stride ").append(stride[0]).append('x').append(stride[1]);
        }
        if (padding[0] != 0 || padding[1] != 0) {
            sb.append(", padding ").append(padding[0]).append('x').append(padding[1]);
        }
        if (dilation[0] != 1 || dilation[1] != 1) {
            sb.append(", dilation ").append(dilation[0]).append('x').append(dilation[1]);
        }
        if (groups != 1) {
            sb.append(", groups ").append(groups);
        }
        return sb.append(bias == null ? ", no bias" : "").append(')').toString();
    }
}
