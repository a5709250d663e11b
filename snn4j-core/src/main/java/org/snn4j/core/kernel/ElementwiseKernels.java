package org.snn4j.core.kernel;

/**
 * Element-wise and reduction kernels on float arrays, with a Vector API and a scalar
 * implementation; obtain the active one from {@link Kernels#elementwise()}.
 *
 * <p>Kernels that only add ({@link #sumOverRows}, {@link #gatherRowSum}, {@link #gatherBitRows}, {@link #add}) perform
 * the same additions in the same order in both implementations, so their results are bitwise
 * identical. {@link #sum} and {@link #dot} reduce lane-wise in the vector implementation and may
 * differ from the scalar one in the last bits; each is still deterministic.
 */
public interface ElementwiseKernels {
    /** "vector" or "scalar". */
    String name();

    /** {@code y[yOff+i] += alpha * x[xOff+i]} for {@code i < n}. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** {@code x[off+i] *= alpha} for {@code i < n}. */
    void scale(int n, float alpha, float[] x, int off);

    /** {@code out[outOff+i] = a[aOff+i] + b[bOff+i]} for {@code i < n}; {@code out} may alias an input. */
    void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    /** Sum of {@code x[off .. off+n)}. */
    float sum(float[] x, int off, int n);

    /** Dot product of {@code x[xOff ..]} and {@code y[yOff ..]} over {@code n} elements. */
    float dot(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * Column sums of the row-major {@code [rows, n]} matrix at {@code x[0..]} into {@code out[0..n)}
     * (overwritten). Each column is summed top to bottom, whatever the thread count.
     */
    void sumOverRows(float[] x, int rows, int n, float[] out);

    /**
     * Sets bit {@code i} of {@code bits} (word {@code bitsOff + i/64}, bit {@code i%64}) where
     * {@code x[xOff+i] != 0}, clears it elsewhere, for {@code i < n}; returns the number of bits set.
     * Writes {@code ceil(n/64)} words. Used to turn a row of spikes into an active list.
     */
    int nonzeroBits(float[] x, int xOff, int n, long[] bits, int bitsOff);

    /** {@link #nonzeroBits(float[], int, int, long[], int)} for 0/1 bytes (byte-backed spikes). */
    int nonzeroBits(byte[] x, int xOff, int n, long[] bits, int bitsOff);

    /**
     * {@code out[outOff+j] += sum_t table[idx[idxOff+t]*ldt + j]} for {@code j < n} and {@code t < count},
     * adding the table rows in list order: the event-driven form of a product with a 0/1 vector.
     */
    void gatherRowSum(float[] table, int ldt, int[] idx, int idxOff, int count, int n, float[] out, int outOff);

    /**
     * {@link #gatherRowSum} with the row list given as bits: {@code out[outOff+j] += table[tableOff + r*ldt + j]} for
     * every set bit {@code b} of word {@code l < words} ({@code bits[bitsOff + l*stride]}), with row
     * {@code r = l*span + b}, words in order and bits ascending (so rows ascending when {@code span <= 64}).
     * Needs no list in memory: the event-driven convolutions build these words straight from the input bitmap.
     */
    void gatherBitRows(float[] table, int tableOff, int ldt, long[] bits, int bitsOff, int stride, int words, int span, int n,
                       float[] out, int outOff);

    /**
     * For each set bit {@code b} of {@code word}, in ascending order:
     * {@code out[outOff + b*ldo + j] += row[rowOff + j]} for {@code j < n}. The scatter form of
     * the weight gradient with a 0/1 input; requires {@code ldo >= n}.
     */
    void addRowToSelected(float[] row, int rowOff, int n, long word, float[] out, int outOff, int ldo);
}
