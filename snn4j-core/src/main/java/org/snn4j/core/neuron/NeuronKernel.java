package org.snn4j.core.neuron;

import org.snn4j.core.util.Parallel;

/**
 * Fused multi-step kernels for neurons with a linear charge {@code H = a*V + b*X + c}.
 *
 * <p>Elements of a step ({@code n = B*...}) are cut into fixed blocks of {@link #BLOCK}; each block
 * runs the whole time loop with its state in small block-sized arrays (L1-resident), and blocks are
 * spread over threads with {@link Parallel#forRange}. Every element is computed the same way whatever
 * the thread count. Forward saves only the pre-spike charge {@code H} (spikes are recomputed from it);
 * backward runs {@code t = T-1..0} per block and writes the input gradient and per-element, time-summed
 * gradients of {@code a, b, c} and the threshold, which the layer reduces deterministically.
 */
abstract class NeuronKernel {
    static final int BLOCK = 1024;

    abstract String name();

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
    }

    /** Arguments of one forward call. */
    record Fwd(KernelSpec spec, Coefficients co, float theta, float[] x, boolean xStatic, int steps, int n,
            float[] spikes, float[] h, float[] mem) {
    }

    /**
     * Arguments of one backward call. {@code gS}/{@code gM} (upstream gradients of spikes and membrane)
     * may be null; {@code gx} has {@code steps*n} elements, or {@code n} when the input is time-static
     * (summed over time); {@code ga, gb, gc, gth} have {@code n} elements or are null when not wanted.
     */
    record Bwd(KernelSpec spec, Coefficients co, float theta, float[] x, boolean xStatic, int steps, int n,
            float[] h, float[] gS, float[] gM, float[] gx, float[] ga, float[] gb, float[] gc, float[] gth) {
    }

    final void forward(Fwd f) {
        int blocks = (f.n() + BLOCK - 1) / BLOCK;
        Parallel.forRange(blocks, 1, (from, to) -> {
            Work w = new Work();
            for (int blk = from; blk < to; blk++) {
                int i0 = blk * BLOCK;
                forwardBlock(f, w, i0, Math.min(BLOCK, f.n() - i0));
            }
        });
    }

    final void backward(Bwd g) {
        int blocks = (g.n() + BLOCK - 1) / BLOCK;
        Parallel.forRange(blocks, 1, (from, to) -> {
            Work w = new Work();
            for (int blk = from; blk < to; blk++) {
                int i0 = blk * BLOCK;
                backwardBlock(g, w, i0, Math.min(BLOCK, g.n() - i0));
            }
        });
    }

    abstract void forwardBlock(Fwd f, Work w, int i0, int len);

    abstract void backwardBlock(Bwd g, Work w, int i0, int len);
}
