package org.snn4j.core.nn;

import org.snn4j.core.kernel.BlockGradient;

/**
 * The input gradient of a max pool on spikes, kept as the output gradient {@code gy} plus the packed input
 * spikes {@code bits}: element {@code (p, iy, ix)} is {@code 0 + sum of gy[p, oy, ox]} over the windows
 * containing it whose selected element it is (the first spike in scan order, else the window's first element),
 * windows in output order; exactly the array {@link PoolKernels#maxBackwardSpikes} writes. A spiking layer below
 * computes its blocks from it instead of reading {@code 4*planes*H*W} bytes that are mostly zeros (a 2x2 pool
 * routes each window's gradient to one of four elements).
 */
record MaxPoolSpikeGradient(float[] gy, long[] bits, int planes, int h, int w, int oh, int ow, Pool2d g)
        implements BlockGradient {
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
        boolean two = PoolKernels.isTwoByTwo(g);
        for (int j = 0; j < len; j++) {
            dst[dOff + j] = two ? twoByTwo(p, iy, ix) : general(p, iy, ix);
            if (++ix == w) {
                ix = 0;
                if (++iy == h) {
                    iy = 0;
                    p++;
                }
            }
        }
    }

    private float twoByTwo(int p, int iy, int ix) {
        int oy = iy >> 1;
        int ox = ix >> 1;
        if (oy >= oh || ox >= ow) {
            return 0f;
        }
        int a = p * h * w + 2 * oy * w + 2 * ox;
        int m = bit(a) | bit(a + 1) << 1 | bit(a + w) << 2 | bit(a + w + 1) << 3;
        int sel = Integer.numberOfTrailingZeros(m | 16) & 3; // the first spike in scan order, else 0
        int q = (iy & 1) << 1 | (ix & 1);
        return sel == q ? 0f + gy[p * oh * ow + oy * ow + ox] : 0f;
    }

    private float general(int p, int iy, int ix) {
        int kh = g.kh, kw = g.kw, sh = g.sh, sw = g.sw, ph = g.ph, pw = g.pw;
        int xo = p * h * w;
        int pos = iy * w + ix;
        int oy0 = Math.max(0, Math.ceilDiv(iy + ph - kh + 1, sh));
        int oy1 = Math.min(oh - 1, Math.floorDiv(iy + ph, sh));
        int ox0 = Math.max(0, Math.ceilDiv(ix + pw - kw + 1, sw));
        int ox1 = Math.min(ow - 1, Math.floorDiv(ix + pw, sw));
        float acc = 0f;
        for (int oy = oy0; oy <= oy1; oy++) {
            int h0 = oy * sh - ph;
            int h1 = Math.min(h0 + kh, h);
            h0 = Math.max(h0, 0);
            for (int ox = ox0; ox <= ox1; ox++) {
                int w0 = ox * sw - pw;
                int w1 = Math.min(w0 + kw, w);
                w0 = Math.max(w0, 0);
                int best = h0 * w + w0;
                search:
                for (int r = h0; r < h1; r++) {
                    for (int c = w0; c < w1; c++) {
                        if (bit(xo + r * w + c) != 0) {
                            best = r * w + c;
                            break search;
                        }
                    }
                }
                if (best == pos) {
                    acc += gy[p * oh * ow + oy * ow + ox];
                }
            }
        }
        return acc;
    }

    private int bit(int i) {
        return (int) (bits[i >>> 6] >>> i) & 1;
    }
}
