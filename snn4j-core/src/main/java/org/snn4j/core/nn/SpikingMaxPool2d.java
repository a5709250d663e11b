package org.snn4j.core.nn;

import java.util.Arrays;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;

/**
 * Max pooling of spike trains by a gate accumulated over time (Rueckauer et al. 2017, the max-pooling of
 * converted networks). For spikes {@code s[t, b, c, h, w]} of shape {@code [T, B, C, H, W]} (any
 * {@code [T, ..., H, W]}) and a gate {@code g} of the same shape:
 * <pre>
 *   A[t, i]  = sum_{tau <= t} g[tau, i]                         (accumulated gate, including step t)
 *   j*(t, o) = the first index of window o, in row-by-row scan order, with the greatest A[t, j]
 *   y[t, o]  = s[t, j*(t, o)]
 * </pre>
 * Two gates: {@link #forward(Tensor)} uses the spikes themselves ({@code g = s}: the selected input is the
 * one that has fired most often up to and including step {@code t}); {@link #forward(Tensor, Tensor)} takes
 * the input current of the spiking layer (the gate of ANN-to-SNN conversion: the neuron with the largest
 * accumulated input). Windows follow {@link Pool2d}'s geometry; padding is never selected. Before any
 * input has fired (all counts 0) the first element of the window is selected, so the output is 0 there.
 * (A NaN in an accumulated current is selected over any number.)
 *
 * <p>Backward: the selection is a constant; the output gradient at {@code (t, o)} goes to
 * {@code s[t, j*(t, o)]} (added where windows overlap). The gate receives no gradient.
 *
 * <p>Binary spikes give a binary output (byte-backed spikes a byte-backed one). Time-static spikes with the
 * spike gate give a time-static output: the counts are {@code (t+1)*s}, so the selection is the first
 * spike of the window at every step, as {@link MaxPool2d}. A gate is accumulated in float, element by
 * element in time order, by one task per plane, so results do not depend on the thread count.
 */
public final class SpikingMaxPool2d extends Pool2d {
    public SpikingMaxPool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        super("SpikingMaxPool2d", kernelH, kernelW, strideH, strideW, padH, padW);
    }

    /** Square kernel, stride and padding. */
    public SpikingMaxPool2d(int kernel, int stride, int padding) {
        this(kernel, kernel, stride, stride, padding, padding);
    }

    /** Square kernel, stride = kernel, no padding. */
    public SpikingMaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** Gated by the accumulated spike count of the input itself. */
    @Override
    public Tensor forward(Tensor spikes) {
        checkInput(spikes);
        if (spikes.isTimeStatic() && spikes.isBinary()) {
            return new MaxPool2d(kh, kw, sh, sw, ph, pw).forward(spikes);
        }
        return pool(spikes, null);
    }

    /** Gated by the accumulated {@code current} (same logical shape as {@code spikes}). */
    public Tensor forward(Tensor spikes, Tensor current) {
        checkInput(spikes);
        if (!Arrays.equals(spikes.shape(), current.shape())) {
            throw new IllegalArgumentException(this + ": the gate current has shape " + current.shapeString()
                    + " but the spikes have shape " + spikes.shapeString());
        }
        return pool(spikes, current);
    }

    private Tensor pool(Tensor s, Tensor gate) {
        int[] d = checkInput(s);
        int h = d[0], w = d[1], oh = d[2], ow = d[3];
        int steps = s.size(0);
        int in = h * w;
        int out = oh * ow;
        int planes = (int) (Tensor.numel(s.shape()) / steps / in);
        int inStep = planes * in;
        int outStep = planes * out;
        boolean sStatic = s.isTimeStatic();
        byte[] sb = s.spikeBytes();
        float[] sf = sb != null ? null : s.data();
        Tensor g = gate == null ? s : gate;
        boolean gStatic = g.isTimeStatic();
        byte[] gb = g.spikeBytes();
        float[] gf = gb != null ? null : g.data();
        boolean track = Autograd.isTracking(s);
        int[] sel = track ? new int[steps * outStep] : null;
        float[] yf = sb != null ? null : new float[steps * outStep];
        byte[] yb = sb != null ? new byte[steps * outStep] : null;
        int kh = this.kh, kw = this.kw, sh = this.sh, sw = this.sw, ph = this.ph, pw = this.pw;
        boolean two = PoolKernels.isTwoByTwo(this);
        Parallel.forRange(planes, minPlanes(in * steps), (from, to) -> {
            // keys: the spike counts themselves for a byte gate (exact integers), else order-preserving keys
            // of the float sums
            int[] key = new int[in];
            float[] acc = gf != null ? new float[in] : null;
            for (int p = from; p < to; p++) {
                Arrays.fill(key, 0);
                if (acc != null) {
                    Arrays.fill(acc, 0f);
                }
                for (int t = 0; t < steps; t++) {
                    int go = (gStatic ? 0 : t * inStep) + p * in;
                    if (gf != null) {
                        for (int i = 0; i < in; i++) {
                            acc[i] += gf[go + i];
                            key[i] = PoolKernels.key(acc[i]);
                        }
                    } else {
                        for (int i = 0; i < in; i++) {
                            key[i] += gb[go + i];
                        }
                    }
                    int so = (sStatic ? 0 : t * inStep) + p * in;
                    int yo = t * outStep + p * out;
                    for (int i = 0; i < oh; i++) {
                        int h0 = i * sh - ph;
                        int h1 = Math.min(h0 + kh, h);
                        h0 = Math.max(h0, 0);
                        for (int j = 0; j < ow; j++) {
                            int best;
                            if (two) {
                                int a = h0 * w + 2 * j;
                                best = a;
                                int km = key[a];
                                best = PoolKernels.select(key[a + 1], km, a + 1, best);
                                km = Math.max(km, key[a + 1]);
                                best = PoolKernels.select(key[a + w], km, a + w, best);
                                km = Math.max(km, key[a + w]);
                                best = PoolKernels.select(key[a + w + 1], km, a + w + 1, best);
                            } else {
                                int w0 = j * sw - pw;
                                int w1 = Math.min(w0 + kw, w);
                                w0 = Math.max(w0, 0);
                                best = h0 * w + w0;
                                int km = Integer.MIN_VALUE;
                                for (int r = h0; r < h1; r++) {
                                    for (int c = w0; c < w1; c++) {
                                        int kv = key[r * w + c];
                                        best = PoolKernels.select(kv, km, r * w + c, best);
                                        km = Math.max(km, kv);
                                    }
                                }
                            }
                            int o = yo + i * ow + j;
                            if (sf != null) {
                                yf[o] = sf[so + best];
                            } else {
                                yb[o] = sb[so + best];
                            }
                            if (sel != null) {
                                sel[o] = best;
                            }
                        }
                    }
                }
            }
        });
        int[] shape = s.shape();
        shape[shape.length - 2] = oh;
        shape[shape.length - 1] = ow;
        Tensor y = yb != null ? Tensor.ofSpikes(yb, shape) : Tensor.of(yf, shape);
        if (s.isBinary()) {
            y.markBinary();
        }
        if (track) {
            y.withGradFn(new GradFn("spikingMaxPool2d", s) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    float[] gy = gradOutput.data();
                    float[] gx = new float[(sStatic ? 1 : steps) * inStep];
                    Parallel.forRange(planes, minPlanes(in * steps), (from, to) -> {
                        for (int p = from; p < to; p++) {
                            for (int t = 0; t < steps; t++) {
                                int xo = (sStatic ? 0 : t * inStep) + p * in;
                                int yo = t * outStep + p * out;
                                for (int o = 0; o < out; o++) {
                                    gx[xo + sel[yo + o]] += gy[yo + o];
                                }
                            }
                        }
                    });
                    accumulate(0, storedLike(s, gx));
                }
            });
        }
        return y;
    }

    @Override
    public String toString() {
        return "SpikingMaxPool2d(" + geometry() + ")";
    }
}
