package org.snn4j.core.kernel;

/**
 * Inner loops of the direct convolution ({@link DirectConv}) over one output row of {@code n} contiguous
 * positions; {@code offs[t]} is tap {@code t}'s offset in the (zero-padded) input, added to {@code base}.
 */
public interface DirectRows {
    /**
     * {@code y[y0 + j] = b + s_j} with {@code s_j} the fused multiply-adds
     * {@code s = fma(w[w0 + t], x[base + offs[t] + j], s)} for {@code t = 0 .. taps-1} from {@code s = 0}, for
     * {@code j < n}. Every implementation gives the same floats.
     */
    void convRow(float[] x, int base, int[] offs, float[] w, int w0, int taps, float b, float[] y, int y0, int n);

    /**
     * {@link #convRow} for the four output rows {@code r < 4} with weights at {@code w0 + r*wStride}, biases
     * {@code b[r]} and outputs at {@code y0 + r*yStride}: the same floats as four calls.
     */
    default void convRows4(float[] x, int base, int[] offs, float[] w, int w0, int wStride, int taps, float[] b,
                           float[] y, int y0, int yStride, int n) {
        for (int r = 0; r < 4; r++) {
            convRow(x, base, offs, w, w0 + r * wStride, taps, b[r], y, y0 + r * yStride, n);
        }
    }

    /**
     * {@code acc[a0 + t*lanes() + j % lanes()] = fma(g[g0 + j], x[base + offs[t] + j], acc[...])} for
     * {@code t < taps} and {@code j < n} in ascending {@code j}: per tap, {@link #lanes()} partial sums of the
     * row's dot product.
     */
    void dotRows(float[] g, int g0, float[] x, int base, int[] offs, int taps, int n, float[] acc, int a0);

    /** Number of partial sums per tap in {@link #dotRows}. */
    int lanes();

    /** The plain-Java implementation (one partial sum per tap). */
    DirectRows SCALAR = new DirectRows() {
        @Override
        public void convRow(float[] x, int base, int[] offs, float[] w, int w0, int taps, float b, float[] y, int y0,
                            int n) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int t = 0; t < taps; t++) {
                    s = Math.fma(w[w0 + t], x[base + offs[t] + j], s);
                }
                y[y0 + j] = b + s;
            }
        }

        @Override
        public void dotRows(float[] g, int g0, float[] x, int base, int[] offs, int taps, int n, float[] acc,
                            int a0) {
            for (int t = 0; t < taps; t++) {
                float s = acc[a0 + t];
                int xo = base + offs[t];
                for (int j = 0; j < n; j++) {
                    s = Math.fma(g[g0 + j], x[xo + j], s);
                }
                acc[a0 + t] = s;
            }
        }

        @Override
        public int lanes() {
            return 1;
        }
    };
}
