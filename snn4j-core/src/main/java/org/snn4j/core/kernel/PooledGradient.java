package org.snn4j.core.kernel;

import org.snn4j.core.util.Parallel;

/**
 * The input gradient of a max-pool whose windows do not overlap, in factored form
 * ({@link org.snn4j.core.tensor.Tensor#deferred}): over {@code planes} planes of {@code in} inputs and
 * {@code out} outputs, {@code gx[p*in + arg[p*out + o]] = 0 + gy[p*out + o]} and zero elsewhere. Each
 * input is selected by at most one window, so every element is a single term: a convolution below can
 * read the nonzero gradients of a plane straight from {@code gy} and {@code arg} (one in {@code in/out}
 * elements at most) instead of building and scanning the whole array ({@link ConvKernels#backwardEvent}).
 *
 * @param gy   the pool's output gradient, {@code [planes][out]}
 * @param arg  the selected input of each output, an index within its plane
 */
public record PooledGradient(float[] gy, int[] arg, int planes, int in, int out) {
    public PooledGradient {
        if (gy.length != (long) planes * out || arg.length != gy.length || in <= 0 || out > in) {
            throw new IllegalArgumentException("pooled gradient needs " + planes + " planes of " + out
                    + " outputs (gy " + gy.length + ", arg " + arg.length + ") from " + in + " inputs per plane");
        }
    }

    /** Stored size of the gradient ({@code planes*in}). */
    public long size() {
        return (long) planes * in;
    }

    /** Whether this is the gradient of {@code planes} planes of {@code in} elements (a convolution's output). */
    public boolean covers(long planes, int in) {
        return this.planes == planes && this.in == in;
    }

    /** {@link #covers}, or an error naming both shapes. */
    public void requireCovers(long planes, int in) {
        if (!covers(planes, in)) {
            throw new IllegalArgumentException("pooled gradient has " + this.planes + " planes of " + this.in
                    + ", convolution output has " + planes + " of " + in);
        }
    }

    /** {@code dst[dOff + arg] += gy} for the outputs of plane {@code p} in order: one plane of {@link #materialize}. */
    public void addPlane(int p, float[] dst, int dOff) {
        int yo = p * out;
        for (int o = 0; o < out; o++) {
            dst[dOff + arg[yo + o]] += gy[yo + o];
        }
    }

    /** The gradient as an array: zeros, then {@code gx[p*in + arg] += gy} for the outputs in order. */
    public float[] materialize() {
        float[] gx = new float[Math.toIntExact(size())];
        Parallel.forRange(planes, Math.max(1, (1 << 14) / in), (from, to) -> {
            for (int p = from; p < to; p++) {
                addPlane(p, gx, p * in);
            }
        });
        return gx;
    }

    /** Number of nonzero elements of the gradient (an exact count). */
    public long nonzero() {
        long n = 0;
        for (float v : gy) {
            n += v != 0f ? 1 : 0;
        }
        return n;
    }

    /**
     * Whether at most a fraction {@code bound} of the gradient's elements are nonzero: true without counting
     * when {@code out/in <= bound} (no more than one element per output can be nonzero), else counted.
     */
    public boolean densityAtMost(double bound) {
        return (double) out / in <= bound || (double) nonzero() / size() <= bound;
    }
}
