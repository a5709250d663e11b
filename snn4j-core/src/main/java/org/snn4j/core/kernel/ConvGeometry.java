package org.snn4j.core.kernel;

/**
 * Shape of a 2-d convolution over {@code n} samples {@code [n, cin, h, w]} with a weight
 * {@code [cout, cin/groups, kh, kw]}, as in PyTorch's {@code nn.Conv2d}: output size
 * {@code ho = floor((h + 2*ph - dh*(kh-1) - 1)/sh) + 1} (and the same for the width), output
 * {@code y[n, o, oy, ox] = b[o] + sum_{c, ky, kx} W[o, c, ky, kx] * x[n, g*cin/groups + c, oy*sh - ph + ky*dh, ox*sw - pw + kx*dw]}
 * with {@code g = o / (cout/groups)} and zero outside the input. A 1-d convolution is the case
 * {@code h = kh = 1}.
 */
public record ConvGeometry(int n, int cin, int h, int w, int cout, int kh, int kw, int sh, int sw, int ph, int pw,
                           int dh, int dw, int groups) {
    public ConvGeometry {
        if (n < 0 || cin <= 0 || h <= 0 || w <= 0 || cout <= 0) {
            throw new IllegalArgumentException("convolution needs positive sizes, got n=" + n + " in channels=" + cin
                    + " h=" + h + " w=" + w + " out channels=" + cout);
        }
        if (kh <= 0 || kw <= 0 || sh <= 0 || sw <= 0 || dh <= 0 || dw <= 0 || ph < 0 || pw < 0) {
            throw new IllegalArgumentException("convolution needs positive kernel, stride and dilation and padding >= 0, got kernel="
                    + kh + "x" + kw + " stride=" + sh + "x" + sw + " padding=" + ph + "x" + pw + " dilation=" + dh + "x" + dw);
        }
        if (groups <= 0 || cin % groups != 0 || cout % groups != 0) {
            throw new IllegalArgumentException("groups=" + groups + " must divide in channels=" + cin
                    + " and out channels=" + cout);
        }
        long oh = ((long) h + 2L * ph - (long) dh * (kh - 1) - 1);
        long ow = ((long) w + 2L * pw - (long) dw * (kw - 1) - 1);
        if (oh < 0 || ow < 0) {
            throw new IllegalArgumentException("input " + h + "x" + w + " (padded " + (h + 2L * ph) + "x" + (w + 2L * pw)
                    + ") is smaller than the dilated kernel " + ((long) dh * (kh - 1) + 1) + "x" + ((long) dw * (kw - 1) + 1));
        }
    }

    /** Output height. */
    public int outH() {
        return (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1;
    }

    /** Output width. */
    public int outW() {
        return (w + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
    }

    /** Input channels per group. */
    public int cinG() {
        return cin / groups;
    }

    /** Output channels per group. */
    public int coutG() {
        return cout / groups;
    }

    /** Depth of the product, {@code cin/groups * kh * kw} (the weight's row length, PyTorch's fan-in). */
    public int patch() {
        return cinG() * kh * kw;
    }

    /** Elements of one input sample, {@code cin*h*w}. */
    public int inSample() {
        return cin * h * w;
    }

    /** Elements of one output sample, {@code cout*ho*wo}. */
    public int outSample() {
        return cout * outH() * outW();
    }

    /** The same convolution over {@code samples} samples. */
    public ConvGeometry withSamples(int samples) {
        return new ConvGeometry(samples, cin, h, w, cout, kh, kw, sh, sw, ph, pw, dh, dw, groups);
    }
}
