package org.snn4j.core.kernel;

/**
 * Transposes one row-major block {@code src [rows, cols]} into {@code dst [cols, rows]}, optionally adding
 * a per-column value: {@code dst[dOff + c*rows + r] = src[sOff + r*cols + c] (+ add[c])}. Used by the
 * event-driven convolution, which accumulates channel-last ({@code [position][channel]}) and stores
 * channel-first. Only copies (and one addition per element), so every implementation gives the same floats.
 * {@code map} comes from {@link #indexMap}.
 */
public interface Transposer {
    /** Slack entries at the end of an index map (a vector's worth of lanes). */
    int SLACK = 16;

    void transpose(float[] src, int sOff, int rows, int cols, float[] add, float[] dst, int dOff, int[] map);

    /** {@code map[r] = r*cols} for {@code r < rows}, then {@link #SLACK} zeros. */
    static int[] indexMap(int rows, int cols) {
        int[] m = new int[rows + SLACK];
        for (int r = 0; r < rows; r++) {
            m[r] = r * cols;
        }
        return m;
    }

    /** The plain-Java implementation. */
    Transposer SCALAR = (src, sOff, rows, cols, add, dst, dOff, map) -> {
        for (int c = 0; c < cols; c++) {
            int d = dOff + c * rows;
            if (add == null) {
                for (int r = 0; r < rows; r++) {
                    dst[d + r] = src[sOff + r * cols + c];
                }
            } else {
                float b = add[c];
                for (int r = 0; r < rows; r++) {
                    dst[d + r] = src[sOff + r * cols + c] + b;
                }
            }
        }
    };
}
