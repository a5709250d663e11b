package org.snn4j.core.nn;

import org.snn4j.core.kernel.BlockGradient;
import org.snn4j.core.util.Parallel;

/**
 * The input gradient of a max pool on spikes, kept as the output gradient {@code gy} plus each window's selected
 * element (the first spike in scan order, else the window's first element, found once in the packed input
 * spikes): element {@code (p, iy, ix)} is {@code 0 + sum of gy[p, oy, ox]} over the windows containing it whose
 * selected element it is, windows in output order; exactly the array {@link PoolKernels#maxBackwardSpikes}
 * writes. A spiking layer below computes its blocks from it instead of reading {@code 4*planes*H*W} bytes that
 * are mostly zeros (a 2x2 pool routes each window's gradient to one of its four elements). The selections take
 * one byte per window for 2x2 pools (an int otherwise) and live for this backward pass only.
 */
final class MaxPoolSpikeGradient implements BlockGradient {
    private final float[] gy;
    private final long[] bits;
    private final int planes;
    private final int h;
    private final int w;
    private final int oh;
    private final int ow;
    private final Pool2d g;
    private final boolean two;
    /** 2x2 pools: the selected element's index in its window, {@code 2*row + column}. */
    private final byte[] sel;
    /** Other geometries: the selected element's index in its plane. */
    private final int[] best;

    MaxPoolSpikeGradient(float[] gy, long[] bits, int planes, int h, int w, int oh, int ow, Pool2d g) {
        this.gy = gy;
        this.bits = bits;
        this.planes = planes;
        this.h = h;
        this.w = w;
        this.oh = oh;
        this.ow = ow;
        this.g = g;
        this.two = PoolKernels.isTwoByTwo(g);
        int out = oh * ow;
        this.sel = two ? new byte[planes * out] : null;
        this.best = two ? null : new int[planes * out];
        Parallel.forRange(planes, Pool2d.minPlanes(h * w), (from, to) -> {
            for (int p = from; p < to; p++) {
                select(p);
            }
        });
    }

    private void select(int p) {
        int xo = p * h * w;
        int yo = p * oh * ow;
        int kh = g.kh, kw = g.kw, sh = g.sh, sw = g.sw, ph = g.ph, pw = g.pw;
        for (int oy = 0; oy < oh; oy++) {
            if (two) {
                for (int ox = 0; ox < ow; ox++) {
                    int a = xo + 2 * oy * w + 2 * ox;
                    int m = bit(a) | bit(a + 1) << 1 | bit(a + w) << 2 | bit(a + w + 1) << 3;
                    sel[yo + oy * ow + ox] = (byte) (Integer.numberOfTrailingZeros(m | 16) & 3);
                }
                continue;
            }
            int h0 = oy * sh - ph;
            int h1 = Math.min(h0 + kh, h);
            h0 = Math.max(h0, 0);
            for (int ox = 0; ox < ow; ox++) {
                int w0 = ox * sw - pw;
                int w1 = Math.min(w0 + kw, w);
                w0 = Math.max(w0, 0);
                best[yo + oy * ow + ox] = PoolKernels.firstSpike(bits, xo, w, h0, h1, w0, w1);
            }
        }
    }

    @Override
    public long size() {
        return (long) planes * h * w;
    }

    /** The whole gradient as an array. */
    float[] materialize() {
        float[] gx = new float[planes * h * w];
        PoolKernels.maxBackwardSpikes(gy, bits, planes, h, w, g, oh, ow, gx);
        return gx;
    }

    @Override
    public void fill(long e0, int len, float[] dst, int dOff) {
        int in = h * w;
        int p = (int) (e0 / in);
        int pos = (int) (e0 - (long) p * in);
        int iy = pos / w;
        int ix = pos - iy * w;
        int j = 0;
        while (j < len) {
            int run = Math.min(len - j, w - ix);
            if (two) {
                rowTwoByTwo(p, iy, ix, run, dst, dOff + j);
            } else {
                for (int k = 0; k < run; k++) {
                    dst[dOff + j + k] = general(p, iy, ix + k);
                }
            }
            j += run;
            ix = 0;
            if (++iy == h) {
                iy = 0;
                p++;
            }
        }
    }

    /** Elements {@code ix0 .. ix0+run-1} of row {@code iy} of plane {@code p}, 2x2 windows. */
    private void rowTwoByTwo(int p, int iy, int ix0, int run, float[] dst, int off) {
        int oy = iy >> 1;
        if (oy >= oh) {
            java.util.Arrays.fill(dst, off, off + run, 0f);
            return;
        }
        int q = (iy & 1) << 1;
        int ob = (p * oh + oy) * ow;
        // columns past the last window (odd widths) get nothing
        int inside = Math.max(0, Math.min(run, 2 * ow - ix0));
        int k = 0;
        if ((ix0 & 1) != 0 && inside > 0) {
            dst[off] = pick(ob + (ix0 >> 1), q | 1);
            k = 1;
        }
        // the two columns of a window at a time: one selection and one gradient read
        for (; k + 1 < inside; k += 2) {
            int o = ob + ((ix0 + k) >> 1);
            int s = sel[o];
            int v = Float.floatToRawIntBits(0f + gy[o]);
            // all ones when the element is its window's selection, else 0: selects without a branch (which would
            // mispredict on spike patterns)
            dst[off + k] = Float.intBitsToFloat(v & (((s ^ q) - 1) >> 31));
            dst[off + k + 1] = Float.intBitsToFloat(v & (((s ^ (q | 1)) - 1) >> 31));
        }
        if (k < inside) {
            dst[off + k] = pick(ob + ((ix0 + k) >> 1), q);
            k++;
        }
        java.util.Arrays.fill(dst, off + k, off + run, 0f);
    }

    /** {@code 0 + gy[o]} when window {@code o} selected its element {@code q} ({@code 2*row + column}), else 0. */
    private float pick(int o, int q) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(0f + gy[o]) & (((sel[o] ^ q) - 1) >> 31));
    }

    private float general(int p, int iy, int ix) {
        int kh = g.kh, kw = g.kw, sh = g.sh, sw = g.sw, ph = g.ph, pw = g.pw;
        int pos = iy * w + ix;
        int oy0 = Math.max(0, Math.ceilDiv(iy + ph - kh + 1, sh));
        int oy1 = Math.min(oh - 1, Math.floorDiv(iy + ph, sh));
        int ox0 = Math.max(0, Math.ceilDiv(ix + pw - kw + 1, sw));
        int ox1 = Math.min(ow - 1, Math.floorDiv(ix + pw, sw));
        float acc = 0f;
        for (int oy = oy0; oy <= oy1; oy++) {
            int o = (p * oh + oy) * ow;
            for (int ox = ox0; ox <= ox1; ox++) {
                if (best[o + ox] == pos) {
                    acc += gy[o + ox];
                }
            }
        }
        return acc;
    }

    private int bit(int i) {
        return PoolKernels.bit(bits, i);
    }
}
