package org.snn4j.core.nn;

import java.util.Arrays;

import org.snn4j.core.tensor.Tensor;

/**
 * Base of the sliding-window pools on the last two dimensions of {@code [..., C, H, W]} (usually
 * {@code [T, B, C, H, W]}). PyTorch geometry without dilation and with {@code ceil_mode=False}:
 * <pre>
 *   Hout = floor((H + 2*padH - kH) / strideH) + 1      (likewise W)
 *   window (oh, ow) covers rows oh*strideH - padH .. + kH - 1, columns ow*strideW - padW .. + kW - 1
 * </pre>
 * with {@code stride} defaulting to the kernel size and {@code pad <= kernel/2} (PyTorch's rule, so every
 * window holds at least one input element). The pool is stateless: every {@code [H, W]} plane of the
 * {@code T*B*C} leading indices is pooled on its own, in parallel over planes. A time-static input gives a
 * time-static output (the same window results at every step).
 */
public abstract class Pool2d extends Module {
    final int kh;
    final int kw;
    final int sh;
    final int sw;
    final int ph;
    final int pw;

    Pool2d(String name, int kh, int kw, int sh, int sw, int ph, int pw) {
        if (kh <= 0 || kw <= 0) {
            throw new IllegalArgumentException(name + ": kernel size must be positive, got " + kh + "x" + kw);
        }
        if (sh <= 0 || sw <= 0) {
            throw new IllegalArgumentException(name + ": stride must be positive, got " + sh + "x" + sw);
        }
        if (ph < 0 || pw < 0 || ph > kh / 2 || pw > kw / 2) {
            throw new IllegalArgumentException(name + ": padding " + ph + "x" + pw
                    + " must be >= 0 and at most half the kernel size " + kh + "x" + kw);
        }
        this.kh = kh;
        this.kw = kw;
        this.sh = sh;
        this.sw = sw;
        this.ph = ph;
        this.pw = pw;
    }

    public int kernelH() {
        return kh;
    }

    public int kernelW() {
        return kw;
    }

    public int strideH() {
        return sh;
    }

    public int strideW() {
        return sw;
    }

    public int paddingH() {
        return ph;
    }

    public int paddingW() {
        return pw;
    }

    /** Output height for input height {@code h}. */
    public int outHeight(int h) {
        return (h + 2 * ph - kh) / sh + 1;
    }

    /** Output width for input width {@code w}. */
    public int outWidth(int w) {
        return (w + 2 * pw - kw) / sw + 1;
    }

    /** Checks {@code x} is {@code [..., H, W]} with rank >= 3 and a window fits; returns {@code {H, W, Hout, Wout}}. */
    int[] checkInput(Tensor x) {
        return checkSpatial(toString(), x, kh, kw, ph, pw, this);
    }

    static int[] checkSpatial(String where, Tensor x, int kh, int kw, int ph, int pw, Pool2d p) {
        if (x.rank() < 3) {
            throw new IllegalArgumentException(where + ": expected [T, B, C, H, W] (or [..., C, H, W]), got shape "
                    + x.shapeString());
        }
        int h = x.size(-2);
        int w = x.size(-1);
        if (h + 2 * ph < kh || w + 2 * pw < kw) {
            throw new IllegalArgumentException(where + ": kernel " + kh + "x" + kw + " is larger than the padded input "
                    + (h + 2 * ph) + "x" + (w + 2 * pw) + " of shape " + x.shapeString());
        }
        return new int[] {h, w, p.outHeight(h), p.outWidth(w)};
    }

    /** The output tensor for data {@code y} of {@code planes} pooled planes, keeping {@code x}'s layout. */
    static Tensor output(Tensor x, float[] y, int oh, int ow) {
        int[] s = x.shape();
        s[s.length - 2] = oh;
        s[s.length - 1] = ow;
        return x.isTimeStatic() ? Tensor.staticOf(y, s[0], Arrays.copyOfRange(s, 1, s.length)) : Tensor.of(y, s);
    }

    /** Gradient tensor in {@code x}'s stored layout. */
    static Tensor storedLike(Tensor x, float[] g) {
        int[] s = x.shape();
        return Tensor.of(g, x.isTimeStatic() ? Arrays.copyOfRange(s, 1, s.length) : s);
    }

    /** Planes per parallel task so that one task handles at least about 16K input elements. */
    static int minPlanes(int planeSize) {
        return Math.max(1, (1 << 14) / Math.max(1, planeSize));
    }

    String geometry() {
        return "kernel=" + kh + "x" + kw + ", stride=" + sh + "x" + sw + (ph > 0 || pw > 0 ? ", padding=" + ph + "x" + pw : "");
    }
}
