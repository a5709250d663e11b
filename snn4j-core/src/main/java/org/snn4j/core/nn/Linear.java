package org.snn4j.core.nn;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.kernel.Gemm;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.kernel.LinearPath;
import org.snn4j.core.kernel.RowProduct;
import org.snn4j.core.kernel.SpikeMatrix;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * Fully-connected layer {@code y = x W^T + b} on the last dimension, with {@code W} stored
 * {@code [out, in]} as in PyTorch. Any leading dimensions ({@code [T, B, in]}, {@code [B, in]})
 * are treated as rows.
 *
 * <p>A time-static input is computed once and gives a time-static output; its weight gradient
 * is then computed once from the gradient summed over time.
 *
 * <p>Initialisation follows PyTorch's {@code nn.Linear}: weight and bias uniform in
 * {@code [-1/sqrt(in), 1/sqrt(in)]}.
 */
public class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    public Linear(int inFeatures, int outFeatures, boolean bias, Rng rng) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear needs positive sizes, got in=" + inFeatures + " out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        float bound = (float) (1.0 / Math.sqrt(inFeatures));
        float[] w = new float[outFeatures * inFeatures];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.uniform(-bound, bound);
        }
        this.weight = registerParameter("weight", Tensor.of(w, outFeatures, inFeatures));
        if (bias) {
            float[] b = new float[outFeatures];
            for (int i = 0; i < b.length; i++) {
                b[i] = rng.uniform(-bound, bound);
            }
            this.bias = registerParameter("bias", Tensor.of(b, outFeatures));
        } else {
            this.bias = null;
        }
    }

    public Linear(int inFeatures, int outFeatures, Rng rng) {
        this(inFeatures, outFeatures, true, rng);
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1 || x.size(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear(" + inFeatures + "->" + outFeatures + ") expects last dimension "
                    + inFeatures + ", got input shape " + x.shapeString());
        }
        return apply(x, weight, bias);
    }

    /**
     * {@code x W^T + b} on the last dimension, recorded for autograd.
     *
     * <p>A binary input ({@link Tensor#isBinary()}, spikes) is multiplied event-driven, by adding
     * the rows of {@code W^T} selected by its active entries, when its measured density is low
     * enough; its weight gradient is then computed from the same active lists. The choice can be
     * forced with {@code -Dsnn4j.linear} / {@link Kernels#setLinearPath}.
     */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        int out = weight.size(0);
        int in = weight.size(1);
        int rows = x.storedNumel() / in;
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = out;
        float[] y = new float[rows * out];
        Gemm gemm = Kernels.gemm();
        float[] wd = weight.data();
        byte[] xb = x.spikeBytes();
        if (bias != null) {
            float[] bd = bias.data();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(bd, 0, y, r * out, out);
            }
        }
        LinearPath path = Kernels.linearPath();
        // Byte-backed spikes are scanned as bytes; their floats are only built if the dense path needs them.
        SpikeMatrix spikes = x.isBinary() && path != LinearPath.DENSE
                ? (xb != null ? SpikeMatrix.of(xb, rows, in) : SpikeMatrix.of(x.data(), rows, in)) : null;
        double maxDensity = SpikeMatrix.maxEventDensity(out, xb != null);
        if (spikes != null && (path == LinearPath.EVENT || spikes.density() <= maxDensity)) {
            spikes.accumulateRows(SpikeMatrix.transpose(wd, out, in), SpikeMatrix.paddedStride(out), out, y);
        } else {
            gemm.sgemm(false, true, rows, out, in, 1f, x.data(), 0, in, wd, 0, in, bias != null ? 1f : 0f, y, 0,
                    out);
        }
        boolean eventGrad = spikes != null && (path == LinearPath.EVENT || spikes.density() <= maxDensity);
        Tensor result;
        if (x.isTimeStatic()) {
            int[] step = java.util.Arrays.copyOfRange(outShape, 1, outShape.length);
            result = Tensor.staticOf(y, outShape[0], step);
        } else {
            result = Tensor.of(y, outShape);
        }
        if (Autograd.isTracking(x, weight, bias)) {
            // spikes are kept as bits; backward rebuilds the bitmap or the floats it needs
            SavedSpikes.keep(x);
            result.withGradFn(new GradFn("linear[" + in + "->" + out + "]", x, weight, bias) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    float[] g = gradOutput.data();
                    if (needsGrad(0)) {
                        int[] gxShape = x.isTimeStatic() ? java.util.Arrays.copyOfRange(x.shape(), 1, x.rank())
                                : x.shape();
                        if (out <= RowProduct.MAX_K && !x.isLeaf()) {
                            // Narrow layer: hand the gradient over as G*W; a spiking layer below computes the
                            // elements per block instead of reading rows*in floats (built only if asked for).
                            // Not for leaves, whose grad outlives this pass (W changes in place later).
                            RowProduct p = new RowProduct(g, wd, rows, out, in);
                            accumulate(0, Tensor.deferred(p::materialize, p, gxShape));
                        } else {
                            float[] gx = new float[rows * in];
                            gemm.sgemm(false, false, rows, in, out, 1f, g, 0, out, wd, 0, in, 0f, gx, 0, in);
                            accumulate(0, Tensor.of(gx, gxShape));
                        }
                    }
                    if (needsGrad(1)) {
                        float[] gw = new float[out * in];
                        if (eventGrad) {
                            SavedSpikes.matrix(x, rows, in).weightGrad(g, out, gw);
                        } else {
                            gemm.sgemm(true, false, out, in, rows, 1f, g, 0, out, SavedSpikes.floats(x), 0, in, 0f,
                                    gw, 0, in);
                        }
                        accumulate(1, Tensor.of(gw, out, in));
                    }
                    if (bias != null && needsGrad(2)) {
                        float[] gb = new float[out];
                        Kernels.elementwise().sumOverRows(g, rows, out, gb);
                        accumulate(2, Tensor.of(gb, out));
                    }
                }
            });
        }
        return result;
    }

    @Override
    public String toString() {
        return "Linear(" + inFeatures + " -> " + outFeatures + (bias == null ? ", no bias" : "") + ")";
    }
}
