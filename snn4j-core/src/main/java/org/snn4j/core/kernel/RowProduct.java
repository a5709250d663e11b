package org.snn4j.core.kernel;

/**
 * A matrix known as the product {@code Y = G W} of a {@code [rows, k]} and a {@code [k, cols]} row-major
 * matrix, with small {@code k}: a linear layer's input gradient kept in factored form, so that a consumer
 * (a spiking layer's backward) can compute the elements it needs block by block instead of reading a
 * {@code rows x cols} array. Element {@code e = r*cols + c} is
 * {@code fma(W[k-1,c], G[r,k-1], ... fma(W[0,c], G[r,0], 0))}, exactly what the Vector API GEMM's
 * small-depth kernel computes for it.
 */
public record RowProduct(float[] g, float[] w, int rows, int k, int cols) implements BlockGradient {
    /** Depth up to which layers hand out their input gradient in this form. */
    public static final int MAX_K = 32;

    @Override
    public long size() {
        return (long) rows * cols;
    }

    /** {@code dst[dOff + j] = Y[e0 + j]} (flat row-major index) for {@code j < len}, scalar. */
    @Override
    public void fill(long e0, int len, float[] dst, int dOff) {
        int r = (int) (e0 / cols);
        int c = (int) (e0 % cols);
        for (int j = 0; j < len; j++) {
            float acc = 0f;
            int go = r * k;
            for (int p = 0; p < k; p++) {
                acc = Math.fma(w[p * cols + c], g[go + p], acc);
            }
            dst[dOff + j] = acc;
            if (++c == cols) {
                c = 0;
                r++;
            }
        }
    }

    /** The whole product as a {@code rows x cols} array, by the active GEMM. */
    public float[] materialize() {
        float[] y = new float[rows * cols];
        Kernels.gemm().sgemm(false, false, rows, cols, k, 1f, g, 0, k, w, 0, cols, 0f, y, 0, cols);
        return y;
    }
}
