package org.snn4j.core.kernel;

/**
 * Inner loop of the convolution's sparse-gradient backward ({@link ConvKernels#inputGradSparse}):
 * sparse combinations of table rows added into destination rows. For each of {@code rows} rows
 * {@code r} and {@code j < n}:
 * <pre>
 *   acc = fma(v[f + cnt - 1], table[off[f + cnt - 1] + t0 + r*tStep + j], ... fma(v[f], table[off[f] + t0 + r*tStep + j], 0))
 *   dst[d + r*dStep + j] += acc
 * </pre>
 * The sum over the {@code cnt} terms stays in registers, so each destination element is read and
 * written once. Every implementation does these operations in this order for every element, so all
 * give the same floats. The table must have {@link #PAD} readable floats from every
 * {@code off[k] + t0 + r*tStep} ({@code t0} and {@code tStep} multiples of it, rows padded).
 */
public interface SparseRows {
    /** Table rows are padded to a multiple of this many floats. */
    int PAD = 64;

    void addCombinations(float[] table, int[] off, float[] v, int f, int cnt, int rows, int tStep, float[] dst, int d,
                         int dStep, int n, int t0);

    /** The plain-Java implementation. */
    SparseRows SCALAR = (table, off, v, f, cnt, rows, tStep, dst, d, dStep, n, t0) -> {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int k = f; k < f + cnt; k++) {
                    acc = Math.fma(v[k], table[off[k] + t0 + r * tStep + j], acc);
                }
                dst[d + r * dStep + j] += acc;
            }
        }
    };
}
