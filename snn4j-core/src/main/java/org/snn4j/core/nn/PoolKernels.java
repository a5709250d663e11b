package org.snn4j.core.nn;

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

    private PoolKernels() {
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
     * Window maximum as PyTorch's CPU {@code max_pool2d}: scanning the window row by row, an element
     * replaces the current maximum when it is greater or NaN, starting from {@code -inf} at the window's
     * first element, so ties go to the first index. Writes the maximum to {@code yf} (or 0/1 to {@code yb} for
     * byte input) and, when {@code arg} is non-null, the index of the selected element within its plane.
     */
    static void max(float[] xf, byte[] xb, int planes, int h, int w, Pool2d g, int oh, int ow, float[] yf, byte[] yb,
            int[] arg) {
        int kh = g.kh, kw = g.kw, sh = g.sh, sw = g.sw, ph = g.ph, pw = g.pw;
        int in = h * w;
        int out = oh * ow;
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
                        int best = h0 * w + w0;
                        int o = yo + i * ow + j;
                        if (xf != null) {
                            float m = Float.NEGATIVE_INFINITY;
                            for (int r = h0; r < h1; r++) {
                                int row = r * w;
                                for (int c = w0; c < w1; c++) {
                                    float v = xf[xo + row + c];
                                    if (v > m || Float.isNaN(v)) {
                                        m = v;
                                        best = row + c;
                                    }
                                }
                            }
                            yf[o] = m;
                        } else {
                            // 0/1 values: the first 1 in scan order, else the first element (value 0)
                            byte m = 0;
                            search:
                            for (int r = h0; r < h1; r++) {
                                int row = r * w;
                                for (int c = w0; c < w1; c++) {
                                    if (xb[xo + row + c] != 0) {
                                        m = 1;
                                        best = row + c;
                                        break search;
                                    }
                                }
                            }
                            yb[o] = m;
                        }
                        if (arg != null) {
                            arg[o] = best;
                        }
                    }
                }
            }
        });
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
}
