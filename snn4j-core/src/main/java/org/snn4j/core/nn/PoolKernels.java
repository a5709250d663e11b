package org.snn4j.core.nn;

import org.snn4j.core.kernel.ConvGeometry;
import org.snn4j.core.kernel.ConvKernels;

import org.snn4j.core.util.Parallel;

/**
 * Plane loops of the window pools, for {@link Pool2d}'s geometry. A plane is one {@code [H, W]} image;
 * every kernel runs over {@code planes} consecutive planes in parallel, each plane by one task in a fixed
 * order, so results do not depend on the thread count. Windows are clipped to the input (padding is
 * never read); divisors are those of PyTorch's {@code avg_pool2d}.
 */
final class PoolKernels {
    /** Divisor of a window sum. */
    enum Divisor {
        /** No division (sum pooling). */
        NONE,
        /** {@code kH*kW}: PyTorch {@code count_include_pad=True}. */
        KERNEL,
        /** The number of input elements in the clipped window: {@code count_include_pad=False}. */
        VALID
    }

    private static final org.snn4j.core.kernel.MaxPool2x2 POOL2X2 = loadPool2x2();

    private PoolKernels() {
    }

    private static org.snn4j.core.kernel.MaxPool2x2 loadPool2x2() {
        return org.snn4j.core.kernel.Kernels.vectorOr(org.snn4j.core.kernel.MaxPool2x2.class,
                "org.snn4j.core.kernel.internal.VectorMaxPool2x2", org.snn4j.core.kernel.MaxPool2x2.SCALAR);
    }

    /**
     * {@code y[p, oh, ow] = (sum of the window) / divisor}, summed row by row in window order. Exactly one of
     * {@code xf}, {@code xb} is non-null (floats, or 0/1 bytes of spikes).
     */
    static void windowSum(float[] xf, byte[] xb, int planes, int h, int w, Pool2d g, int oh, int ow, Divisor div,
            float[] y) {
        int kh = g.kh, kw = g.kw, sh = g.sh, sw = g.sw, ph = g.ph, pw = g.pw;
        int in = h * w;
        int out = oh * ow;
        if (isTwoByTwo(g)) {
            // the common 2x2 / stride 2 pool: same additions in the same order, without window bounds
            float d = div == Divisor.NONE ? 1f : 4f;
            Parallel.forRange(planes, Pool2d.minPlanes(in), (from, to) -> {
                for (int p = from; p < to; p++) {
                    for (int i = 0; i < oh; i++) {
                        int r0 = p * in + 2 * i * w;
                        int r1 = r0 + w;
                        int o = p * out + i * ow;
                        if (xf != null) {
                            for (int j = 0; j < ow; j++) {
                                int c = 2 * j;
                                y[o + j] = (((0f + xf[r0 + c]) + xf[r0 + c + 1]) + xf[r1 + c]) + xf[r1 + c + 1];
                            }
                        } else {
                            for (int j = 0; j < ow; j++) {
                                int c = 2 * j;
                                y[o + j] = xb[r0 + c] + xb[r0 + c + 1] + xb[r1 + c] + xb[r1 + c + 1];
                            }
                        }
                        if (d != 1f) {
                            for (int j = 0; j < ow; j++) {
                                y[o + j] /= d;
                            }
                        }
                    }
                }
            });
            return;
        }
        Parallel.forRange(planes, Pool2d.minPlanes(in), (from, to) -> {
            for (int p = from; p < to; p++) {
                int xo = p * in;
                int yo = p * out;
                for (int i = 0; i < oh; i++) {
                    int h0 = i * sh - ph;
                    int h1 = Math.min(h0 + kh, h);
                    h0 = Math.max(h0, 0);
                    for (int j = 0; j < ow; j++) {
                        int w0 = j * sw - pw;
                        int w1 = Math.min(w0 + kw, w);
                        w0 = Math.max(w0, 0);
                        float s = 0f;
                        if (xf != null) {
                            for (int r = h0; r < h1; r++) {
                                int row = xo + r * w;
                                for (int c = w0; c < w1; c++) {
                                    s += xf[row + c];
                                }
                            }
                        } else {
                            int n = 0;
                            for (int r = h0; r < h1; r++) {
                                int row = xo + r * w;
                                for (int c = w0; c < w1; c++) {
                                    n += xb[row + c];
                                }
                            }
                            s = n;
                        }
                        y[yo + i * ow + j] = switch (div) {
                            case NONE -> s;
                            case KERNEL -> s / (kh * kw);
                            case VALID -> s / ((h1 - h0) * (w1 - w0));
                        };
                    }
                }
            }
        });
    }

    /** Backward of {@link #windowSum}: each window's gradient / divisor is added to the elements it covers. */
    static void windowSumBackward(float[] gy, int planes, int h, int w, Pool2d g, int oh, int ow, Divisor div,
            float[] gx) {
        int kh = g.kh, kw = g.kw, sh = g.sh, sw = g.sw, ph = g.ph, pw = g.pw;
        int in = h * w;
        int out = oh * ow;
        if (isTwoByTwo(g)) {
            // disjoint windows: each covered element gets its window's gradient (gx starts at zero)
            float d = div == Divisor.NONE ? 1f : 4f;
            Parallel.forRange(planes, Pool2d.minPlanes(in), (from, to) -> {
                for (int p = from; p < to; p++) {
                    for (int i = 0; i < oh; i++) {
                        int r0 = p * in + 2 * i * w;
                        int r1 = r0 + w;
                        int o = p * out + i * ow;
                        for (int j = 0; j < ow; j++) {
                            float v = gy[o + j] / d;
                            int c = 2 * j;
                            gx[r0 + c] = v;
                            gx[r0 + c + 1] = v;
                            gx[r1 + c] = v;
                            gx[r1 + c + 1] = v;
                        }
                    }
                }
            });
            return;
        }
        Parallel.forRange(planes, Pool2d.minPlanes(in), (from, to) -> {
            for (int p = from; p < to; p++) {
                int xo = p * in;
                int yo = p * out;
                for (int i = 0; i < oh; i++) {
                    int h0 = i * sh - ph;
                    int h1 = Math.min(h0 + kh, h);
                    h0 = Math.max(h0, 0);
                    for (int j = 0; j < ow; j++) {
                        int w0 = j * sw - pw;
                        int w1 = Math.min(w0 + kw, w);
                        w0 = Math.max(w0, 0);
                        float v = gy[yo + i * ow + j];
                        v = switch (div) {
                            case NONE -> v;
                            case KERNEL -> v / (kh * kw);
                            case VALID -> v / ((h1 - h0) * (w1 - w0));
                        };
                        for (int r = h0; r < h1; r++) {
                            int row = xo + r * w;
                            for (int c = w0; c < w1; c++) {
                                gx[row + c] += v;
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * The 2x2 max-pool of an event-driven convolution's output ({@code ef}), sample by sample, straight from
     * each sample's channel-last sums ({@link ConvKernels.EventForward#samplePooled}), so the output array of
     * the convolution is never built: the same outputs and selections as {@link #max} on that array.
     */
    static void maxOfEventConv(ConvKernels.EventForward ef, float[] y, int[] arg) {
        ConvGeometry g = ef.geometry();
        int pooled = g.cout() * (g.outH() / 2) * (g.outW() / 2);
        Parallel.forRange(g.n(), 4, (from, to) -> {
            ConvKernels.EventForward.Scratch sc = ef.scratch();
            for (int s = from; s < to; s++) {
                ef.samplePooled(s, sc, y, arg, s * pooled);
            }
        });
    }

    /**
     * Window maximum as PyTorch's CPU {@code max_pool2d}: scanning the window row by row, an element replaces
     * the current maximum only when it is greater, so ties (also {@code -0.0} and {@code 0.0}) go to the first
     * index; a NaN is selected over any number (the first NaN of the window; PyTorch's CPU kernel takes the
     * last, with the same NaN value). Writes the maximum to {@code yf} (or 0/1 to {@code yb} for byte input,
     * the first spike of the window) and, when {@code arg} is non-null, the index of the selected element
     * within its plane.
     *
     * <p>Comparisons run on order-preserving integer keys ({@link #key}) and selections are conditional moves,
     * not branches: on activations the outcome of each comparison is unpredictable.
     */
    static void max(float[] xf, byte[] xb, int planes, int h, int w, Pool2d g, int oh, int ow, float[] yf, byte[] yb,
            int[] arg) {
        int kh = g.kh, kw = g.kw, sh = g.sh, sw = g.sw, ph = g.ph, pw = g.pw;
        int in = h * w;
        int out = oh * ow;
        boolean two = isTwoByTwo(g);
        if (two && xf != null && h % 2 == 0 && w % 2 == 0) {
            // floats, 2x2 windows tiling the plane: the vector kernel (same selection rule)
            Parallel.forRange(planes, Pool2d.minPlanes(in), (from, to) -> POOL2X2.pool(xf, from, to, h, w, yf, arg));
            return;
        }
        Parallel.forRange(planes, Pool2d.minPlanes(in), (from, to) -> {
            for (int p = from; p < to; p++) {
                int xo = p * in;
                int yo = p * out;
                for (int i = 0; i < oh; i++) {
                    int h0 = i * sh - ph;
                    int h1 = Math.min(h0 + kh, h);
                    h0 = Math.max(h0, 0);
                    int o = yo + i * ow;
                    if (two) {
                        for (int j = 0; j < ow; j++) {
                            int a = h0 * w + 2 * j;
                            int best;
                            if (xf != null) {
                                best = a;
                                int km = key(xf[xo + a]);
                                int kb = key(xf[xo + a + 1]);
                                best = select(kb, km, a + 1, best);
                                km = Math.max(km, kb);
                                int kc = key(xf[xo + a + w]);
                                best = select(kc, km, a + w, best);
                                km = Math.max(km, kc);
                                int kd = key(xf[xo + a + w + 1]);
                                best = select(kd, km, a + w + 1, best);
                                yf[o + j] = xf[xo + best];
                            } else {
                                // the first spike in scan order, by 0/1 arithmetic
                                int sa = xb[xo + a], sb = xb[xo + a + 1], sc = xb[xo + a + w], sd = xb[xo + a + w + 1];
                                best = firstOfFour(sa, sb, sc, sd, a, w);
                                yb[o + j] = (byte) (sa | sb | sc | sd);
                            }
                            if (arg != null) {
                                arg[o + j] = best;
                            }
                        }
                        continue;
                    }
                    for (int j = 0; j < ow; j++) {
                        int w0 = j * sw - pw;
                        int w1 = Math.min(w0 + kw, w);
                        w0 = Math.max(w0, 0);
                        int best = h0 * w + w0;
                        if (xf != null) {
                            int km = Integer.MIN_VALUE;
                            for (int r = h0; r < h1; r++) {
                                int row = r * w;
                                for (int c = w0; c < w1; c++) {
                                    int kv = key(xf[xo + row + c]);
                                    best = select(kv, km, row + c, best);
                                    km = Math.max(km, kv);
                                }
                            }
                            yf[o + j] = xf[xo + best];
                        } else {
                            for (int r = h1 - 1; r >= h0; r--) {
                                int row = r * w;
                                for (int c = w1 - 1; c >= w0; c--) {
                                    int mask = -xb[xo + row + c]; // 0/1 spikes: mask 0 or -1
                                    best = ((row + c) & mask) | (best & ~mask);
                                }
                            }
                            yb[o + j] = xb[xo + best];
                        }
                        if (arg != null) {
                            arg[o + j] = best;
                        }
                    }
                }
            }
        });
    }

    /**
     * An integer with the order of the floats: {@code key(a) > key(b)} exactly when {@code a > b}, for numbers
     * ({@code -0.0} and {@code 0.0} get the same key); every NaN gets the greatest key.
     */
    static int key(float v) {
        int b = Float.floatToRawIntBits(v + 0f); // -0.0 + 0.0 = 0.0
        int k = b ^ ((b >> 31) & 0x7fffffff);
        return v != v ? Integer.MAX_VALUE : k;
    }

    /** {@code kv > km ? idx : best} by arithmetic: a comparison that cannot become a mispredicted branch. */
    static int select(int kv, int km, int idx, int best) {
        int mask = (int) (((long) km - kv) >> 63); // -1 when kv > km
        return (idx & mask) | (best & ~mask);
    }

    /** Kernel 2x2, stride 2, no padding: disjoint windows, the usual pool of CNNs. */
    static boolean isTwoByTwo(Pool2d g) {
        return g.kh == 2 && g.kw == 2 && g.sh == 2 && g.sw == 2 && g.ph == 0 && g.pw == 0;
    }

    /** Backward of {@link #max}: {@code gx[p, arg[p, o]] += gy[p, o]}, outputs in order. */
    static void maxBackward(float[] gy, int[] arg, int planes, int in, int out, float[] gx) {
        Parallel.forRange(planes, Pool2d.minPlanes(in), (from, to) -> {
            for (int p = from; p < to; p++) {
                int xo = p * in;
                int yo = p * out;
                for (int o = 0; o < out; o++) {
                    gx[xo + arg[yo + o]] += gy[yo + o];
                }
            }
        });
    }

    /**
     * Backward of {@link #max} on spikes without a stored argmax: the selected element of each window (the
     * first spike in scan order, else the window's first element, the rule of {@link #max}) is found again in
     * the packed input {@code bits} (element {@code i} = bit {@code i & 63} of {@code bits[i >>> 6]}), and
     * {@code gx[p, sel] += gy[p, o]}, outputs in order: the same sums as {@link #maxBackward}.
     */
    static void maxBackwardSpikes(float[] gy, long[] bits, int planes, int h, int w, Pool2d g, int oh, int ow,
            float[] gx) {
        int kh = g.kh, kw = g.kw, sh = g.sh, sw = g.sw, ph = g.ph, pw = g.pw;
        int in = h * w;
        int out = oh * ow;
        boolean two = isTwoByTwo(g);
        Parallel.forRange(planes, Pool2d.minPlanes(in), (from, to) -> {
            for (int p = from; p < to; p++) {
                int xo = p * in;
                int yo = p * out;
                for (int i = 0; i < oh; i++) {
                    int h0 = i * sh - ph;
                    int h1 = Math.min(h0 + kh, h);
                    h0 = Math.max(h0, 0);
                    int o = yo + i * ow;
                    if (two) {
                        for (int j = 0; j < ow; j++) {
                            int a = h0 * w + 2 * j;
                            int sa = bit(bits, xo + a), sb = bit(bits, xo + a + 1);
                            int sc = bit(bits, xo + a + w), sd = bit(bits, xo + a + w + 1);
                            int best = firstOfFour(sa, sb, sc, sd, a, w);
                            gx[xo + best] += gy[o + j];
                        }
                        continue;
                    }
                    for (int j = 0; j < ow; j++) {
                        int w0 = j * sw - pw;
                        int w1 = Math.min(w0 + kw, w);
                        w0 = Math.max(w0, 0);
                        gx[xo + firstSpike(bits, xo, w, h0, h1, w0, w1)] += gy[o + j];
                    }
                }
            }
        });
    }

    /**
     * The selected element of a 2x2 window whose first element is {@code a} (row length {@code w}), from its 0/1
     * spikes in scan order {@code sa, sb} (top row), {@code sc, sd} (bottom row): the first spike, else {@code a};
     * by 0/1 arithmetic, without branches.
     */
    static int firstOfFour(int sa, int sb, int sc, int sd, int a, int w) {
        int na = 1 - sa, nab = na * (1 - sb), nabc = nab * (1 - sc);
        return a + na * sb + nab * sc * w + nabc * sd * (w + 1);
    }

    /**
     * The selected element of the clipped window rows {@code h0..h1-1}, columns {@code w0..w1-1} of the plane at
     * {@code xo} in the packed spikes {@code bits} (element {@code i} = bit {@code i & 63} of {@code bits[i >>> 6]}):
     * the index within the plane of the first spike in scan order, else of the window's first element.
     */
    static int firstSpike(long[] bits, int xo, int w, int h0, int h1, int w0, int w1) {
        for (int r = h0; r < h1; r++) {
            int row = r * w;
            for (int c = w0; c < w1; c++) {
                if (bit(bits, xo + row + c) != 0) {
                    return row + c;
                }
            }
        }
        return h0 * w + w0;
    }

    static int bit(long[] bits, int i) {
        return (int) (bits[i >>> 6] >>> i) & 1;
    }
}
