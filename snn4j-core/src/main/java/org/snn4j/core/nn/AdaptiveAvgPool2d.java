package org.snn4j.core.nn;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;

/**
 * Adaptive average pooling of {@code [T, B, C, H, W]} (any {@code [..., C, H, W]}) to a fixed
 * {@code [outH, outW]}, as PyTorch's {@code nn.AdaptiveAvgPool2d}: output row {@code i} averages input rows
 * <pre>
 *   start(i) = floor(i * H / outH),   end(i) = ceil((i + 1) * H / outH)      (exclusive; likewise columns)
 * </pre>
 * so neighbouring windows may overlap by one when {@code H} is not a multiple of {@code outH}. The sum is
 * taken row by row and divided by the window's element count. Backward: each output gradient divided by
 * the count is added to every element of its window. A time-static input gives a time-static output.
 */
public final class AdaptiveAvgPool2d extends Module {
    private final int outH;
    private final int outW;

    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be positive, got " + outH + "x" + outW);
        }
        this.outH = outH;
        this.outW = outW;
    }

    /** Square output. */
    public AdaptiveAvgPool2d(int out) {
        this(out, out);
    }

    static int start(int i, int in, int out) {
        return (int) ((long) i * in / out);
    }

    static int end(int i, int in, int out) {
        return (int) (((long) (i + 1) * in + out - 1) / out);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 3) {
            throw new IllegalArgumentException(this + ": expected [T, B, C, H, W] (or [..., C, H, W]), got shape "
                    + x.shapeString());
        }
        int h = x.size(-2);
        int w = x.size(-1);
        if (h == 0 || w == 0) {
            throw new IllegalArgumentException(this + ": empty spatial size in input shape " + x.shapeString());
        }
        int in = h * w;
        int out = outH * outW;
        int planes = x.storedNumel() / in;
        int[] rs = new int[outH];
        int[] re = new int[outH];
        int[] cs = new int[outW];
        int[] ce = new int[outW];
        for (int i = 0; i < outH; i++) {
            rs[i] = start(i, h, outH);
            re[i] = end(i, h, outH);
        }
        for (int j = 0; j < outW; j++) {
            cs[j] = start(j, w, outW);
            ce[j] = end(j, w, outW);
        }
        float[] xd = x.data();
        float[] y = new float[planes * out];
        Parallel.forRange(planes, Pool2d.minPlanes(in), (from, to) -> {
            for (int p = from; p < to; p++) {
                int xo = p * in;
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        float s = 0f;
                        for (int r = rs[i]; r < re[i]; r++) {
                            int row = xo + r * w;
                            for (int c = cs[j]; c < ce[j]; c++) {
                                s += xd[row + c];
                            }
                        }
                        y[p * out + i * outW + j] = s / ((re[i] - rs[i]) * (ce[j] - cs[j]));
                    }
                }
            }
        });
        Tensor result = Pool2d.output(x, y, outH, outW);
        if (Autograd.isTracking(x)) {
            result.withGradFn(new GradFn("adaptiveAvgPool2d", x) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    float[] g = gradOutput.data();
                    float[] gx = new float[planes * in];
                    Parallel.forRange(planes, Pool2d.minPlanes(in), (from, to) -> {
                        for (int p = from; p < to; p++) {
                            int xo = p * in;
                            for (int i = 0; i < outH; i++) {
                                for (int j = 0; j < outW; j++) {
                                    float v = g[p * out + i * outW + j] / ((re[i] - rs[i]) * (ce[j] - cs[j]));
                                    for (int r = rs[i]; r < re[i]; r++) {
                                        int row = xo + r * w;
                                        for (int c = cs[j]; c < ce[j]; c++) {
                                            gx[row + c] += v;
                                        }
                                    }
                                }
                            }
                        }
                    });
                    accumulate(0, Pool2d.storedLike(x, gx));
                }
            });
        }
        return result;
    }

    @Override
    public String toString() {
        return "AdaptiveAvgPool2d(" + outH + "x" + outW + ")";
    }
}
