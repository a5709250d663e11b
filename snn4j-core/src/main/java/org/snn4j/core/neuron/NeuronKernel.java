package org.snn4j.core.neuron;

import org.snn4j.core.kernel.BlockGradient;
import org.snn4j.core.util.Parallel;

/**
 * Fused multi-step kernels for neurons with a linear charge {@code H = a*V + b*X + c}.
 *
 * <p>Elements of a step ({@code n = B*...}) are cut into fixed blocks of {@link #BLOCK}; each block
 * runs the whole time loop with its state in small block-sized arrays (L1-resident), and blocks are
 * spread over threads with {@link Parallel#forRange}. Every element is computed the same way whatever
 * the thread count. Forward writes only the spikes (as bytes, or floats in smooth mode) and the membrane
 * when asked. Backward first re-runs the forward recurrence of a block into a small {@code [T, BLOCK]}
 * scratch (L2-resident; the same operations in the same order, so the same charges {@code H}), then runs
 * {@code t = T-1..0} reading it, and writes the input gradient and per-element, time-summed gradients of
 * {@code a, b, c} and the threshold, which the layer reduces deterministically. Recomputing costs a few
 * flops per element but saves writing and re-reading {@code H} ({@code 4*T*n} bytes each way).
 */
abstract class NeuronKernel {
    static final int BLOCK = 1024;
    /**
     * Block length of backward with recompute: its {@code [T, RBLOCK]} charge scratch (25.6 KB at T=25)
     * then mostly stays in L1; 1024 (100 KB, L2) measured ~25% slower.
     */
    static final int RBLOCK = 256;
    /** Row stride of the recompute scratch, padded so consecutive steps are not a multiple of 4 KiB apart. */
    static final int HS_STRIDE = RBLOCK + 16;

    abstract String name();

    /**
     * Test switch: forward also stores {@code H} and backward reads it instead of recomputing (the
     * former layout), so tests can check the recompute bit for bit.
     */
    static volatile boolean storeH;

    /** Per-block work arrays, reused across the blocks of one task. */
    static final class Work {
        final float[] a = new float[BLOCK];
        final float[] b = new float[BLOCK];
        final float[] c = new float[BLOCK];
        final float[] v = new float[BLOCK];
        final float[] sp = new float[BLOCK];
        final float[] carryM = new float[BLOCK];
        final float[] carrySp = new float[BLOCK];
        final float[] d = new float[BLOCK];
        final float[] gx = new float[BLOCK];
        final float[] ga = new float[BLOCK];
        final float[] gb = new float[BLOCK];
        final float[] gc = new float[BLOCK];
        final float[] gth = new float[BLOCK];
        /** One step's upstream gradients of the block when they come as a {@link BlockGradient}. */
        final float[] gsBuf = new float[BLOCK];
        final float[] gmBuf = new float[BLOCK];
        /** Recomputed charges {@code [steps, BLOCK]} for backward, or null. */
        final float[] hs;

        Work(int recomputeSteps) {
            hs = recomputeSteps > 0 ? new float[recomputeSteps * HS_STRIDE] : null;
        }
    }

    /**
     * Arguments of one forward call. Spikes go to {@code spikeBytes} (0/1) or, in smooth mode (not
     * binary), to {@code spikes}; any output array may be null when not wanted.
     */
    record Fwd(KernelSpec spec, Coefficients co, float theta, float[] x, boolean xStatic, int steps, int n,
            float[] spikes, byte[] spikeBytes, float[] h, float[] mem) {
    }

    /**
     * Arguments of one backward call. {@code gS}/{@code gM} (upstream gradients of spikes and membrane)
     * may be null; {@code gx} has {@code steps*n} elements, or {@code n} when the input is time-static
     * (summed over time); {@code ga, gb, gc, gth} have {@code n} elements or are null when not wanted.
     * {@code h} is the stored charge {@code [steps, n]}, or null to recompute it per block. An upstream
     * gradient may instead come deferred ({@code gSp}/{@code gMp}, with {@code gS}/{@code gM} null); the
     * kernel then computes each step's block of it when needed.
     */
    record Bwd(KernelSpec spec, Coefficients co, float theta, float[] x, boolean xStatic, int steps, int n,
            float[] h, float[] gS, float[] gM, float[] gx, float[] ga, float[] gb, float[] gc, float[] gth,
            BlockGradient gSp, BlockGradient gMp) {
        Bwd(KernelSpec spec, Coefficients co, float theta, float[] x, boolean xStatic, int steps, int n, float[] h,
                float[] gS, float[] gM, float[] gx, float[] ga, float[] gb, float[] gc, float[] gth) {
            this(spec, co, theta, x, xStatic, steps, n, h, gS, gM, gx, ga, gb, gc, gth, null, null);
        }
    }

    final void forward(Fwd f) {
        int blocks = (f.n() + BLOCK - 1) / BLOCK;
        Parallel.forRange(blocks, 1, (from, to) -> {
            Work w = new Work(0);
            for (int blk = from; blk < to; blk++) {
                int i0 = blk * BLOCK;
                forwardBlock(f, w, i0, Math.min(BLOCK, f.n() - i0), f.h(), i0, f.n());
            }
        });
    }

    final void backward(Bwd g) {
        boolean recompute = g.h() == null;
        int bs = recompute ? RBLOCK : BLOCK;
        int blocks = (g.n() + bs - 1) / bs;
        Fwd re = recompute ? new Fwd(g.spec(), g.co(), g.theta(), g.x(), g.xStatic(), g.steps(), g.n(), null, null,
                null, null) : null;
        Parallel.forRange(blocks, 1, (from, to) -> {
            Work w = new Work(recompute ? g.steps() : 0);
            for (int blk = from; blk < to; blk++) {
                int i0 = blk * bs;
                int len = Math.min(bs, g.n() - i0);
                if (recompute) {
                    forwardBlock(re, w, i0, len, w.hs, 0, HS_STRIDE);
                    backwardBlock(g, w, i0, len, w.hs, 0, HS_STRIDE);
                } else {
                    backwardBlock(g, w, i0, len, g.h(), i0, g.n());
                }
            }
        });
    }

    /**
     * Runs the recurrence of block elements {@code [i0, i0+len)}; step {@code t}'s charges go to
     * {@code hOut[hBase + t*hStride + j]} when {@code hOut} is not null.
     */
    abstract void forwardBlock(Fwd f, Work w, int i0, int len, float[] hOut, int hBase, int hStride);

    /** BPTT of block elements {@code [i0, i0+len)}, reading step {@code t}'s charges at {@code h[hBase + t*hStride + j]}. */
    abstract void backwardBlock(Bwd g, Work w, int i0, int len, float[] h, int hBase, int hStride);
}
