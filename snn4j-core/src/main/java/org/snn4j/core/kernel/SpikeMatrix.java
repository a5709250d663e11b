package org.snn4j.core.kernel;

import org.snn4j.core.tensor.PackedBits;
import org.snn4j.core.util.Parallel;

/**
 * A binary (0/1) row-major matrix {@code X [rows, cols]} held as a bitmap of its active entries,
 * for event-driven products: only the active entries cost work, which pays off for spike
 * tensors at low density.
 *
 * <p>Both products add the contributions of the active entries in a fixed order (row by row,
 * column index ascending), each output element on one thread, so results do not depend on the
 * thread count.
 */
public final class SpikeMatrix {
    /**
     * Largest density at which the event path beats the dense GEMM for a layer with {@code out}
     * outputs (forward and weight gradient alike). Measured with AVX-512 on 2 shared cores: for
     * 3200x1000 spikes and out=10 the event path wins up to ~0.25-0.3 (the dense kernel pads 10
     * columns to 32); for out=1000 the dense kernel (~130 GFLOP/s) already wins at 0.05, since each
     * active entry streams a 4 KB row of W^T from memory.
     */
    public static double maxEventDensity(int out) {
        return out <= 32 ? 0.5 : 0.02;
    }

    /**
     * {@link #maxEventDensity(int)} for an input that is byte-backed spikes or floats. The dense path
     * must first build the floats of byte-backed spikes (4 bytes written per element), so the event
     * path wins longer: measured on 3200x1000 byte spikes (2 shared cores), out=10: event faster at
     * every density up to 0.9; out=1000: event faster up to ~0.15 (11 vs 36 ms at 0.04).
     */
    public static double maxEventDensity(int out, boolean byteBacked) {
        if (!byteBacked) {
            return maxEventDensity(out);
        }
        return out <= 32 ? 1.0 : 0.1;
    }

    private final int rows;
    private final int cols;
    private final int words;
    private final long[] bits;
    private final long active;

    private SpikeMatrix(int rows, int cols, int words, long[] bits, long active) {
        this.rows = rows;
        this.cols = cols;
        this.words = words;
        this.bits = bits;
        this.active = active;
    }

    /**
     * Builds the bitmap of {@code x[0 .. rows*cols)}; every non-zero entry counts as active, so
     * callers must only pass 0/1 data (a tensor marked binary).
     */
    public static SpikeMatrix of(float[] x, int rows, int cols) {
        check(x.length, rows, cols);
        int words = (cols + 63) >>> 6;
        long[] bits = new long[rows * words];
        int[] counts = new int[rows];
        ElementwiseKernels ek = Kernels.elementwise();
        Parallel.forRange(rows, 64, (from, to) -> {
            for (int r = from; r < to; r++) {
                counts[r] = ek.nonzeroBits(x, r * cols, cols, bits, r * words);
            }
        });
        return build(rows, cols, words, bits, counts);
    }

    /** {@link #of(float[], int, int)} from one 0/1 byte per entry (a byte-backed spike tensor). */
    public static SpikeMatrix of(byte[] x, int rows, int cols) {
        check(x.length, rows, cols);
        int words = (cols + 63) >>> 6;
        long[] bits = new long[rows * words];
        int[] counts = new int[rows];
        ElementwiseKernels ek = Kernels.elementwise();
        Parallel.forRange(rows, 64, (from, to) -> {
            for (int r = from; r < to; r++) {
                counts[r] = ek.nonzeroBits(x, r * cols, cols, bits, r * words);
            }
        });
        return build(rows, cols, words, bits, counts);
    }

    /**
     * {@link #of(byte[], int, int)} from packed bits (a packed spike tensor, {@link PackedBits}): the same bitmap.
     * When {@code cols} is a multiple of 64 the rows are already word-aligned and the words are shared.
     */
    public static SpikeMatrix of(PackedBits x, int rows, int cols) {
        check(x.length(), rows, cols);
        int words = (cols + 63) >>> 6;
        long[] src = x.words();
        int[] counts = new int[rows];
        if ((cols & 63) == 0 && src.length == rows * words) {
            Parallel.forRange(rows, 64, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int c = 0;
                    for (int k = r * words, e = k + words; k < e; k++) {
                        c += Long.bitCount(src[k]);
                    }
                    counts[r] = c;
                }
            });
            return build(rows, cols, words, src, counts);
        }
        long[] bits = new long[rows * words];
        Parallel.forRange(rows, 64, (from, to) -> {
            for (int r = from; r < to; r++) {
                long start = (long) r * cols;
                int c = 0;
                for (int k = 0; k < words; k++) {
                    long pos = start + ((long) k << 6);
                    int len = Math.min(64, cols - (k << 6));
                    int wi = (int) (pos >>> 6);
                    int sh = (int) (pos & 63);
                    long word = src[wi] >>> sh;
                    if (sh != 0 && wi + 1 < src.length) {
                        word |= src[wi + 1] << (64 - sh);
                    }
                    if (len < 64) {
                        word &= (1L << len) - 1;
                    }
                    bits[r * words + k] = word;
                    c += Long.bitCount(word);
                }
                counts[r] = c;
            }
        });
        return build(rows, cols, words, bits, counts);
    }

    private static void check(int length, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("rows and cols must be >= 0, got rows=" + rows + " cols=" + cols);
        }
        if ((long) rows * cols > length) {
            throw new IllegalArgumentException("x has " + length + " elements, needs rows*cols=" + (long) rows * cols);
        }
    }

    private static SpikeMatrix build(int rows, int cols, int words, long[] bits, int[] counts) {
        long active = 0;
        for (int c : counts) {
            active += c;
        }
        return new SpikeMatrix(rows, cols, words, bits, active);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Number of active (non-zero) entries. */
    public long active() {
        return active;
    }

    /** Fraction of active entries (0 for an empty matrix). */
    public double density() {
        long n = (long) rows * cols;
        return n == 0 ? 0.0 : (double) active / n;
    }

    /**
     * {@code y[r, :] += sum over active i of table[i, :]} for each row, with {@code table}
     * {@code [cols, n]} row-major with row stride {@code ldt >= n} (a transposed weight
     * {@code W^T}, see {@link #transpose}) and {@code y} {@code [rows, n]}: that is {@code y += X table}.
     */
    public void accumulateRows(float[] table, int ldt, int n, float[] y) {
        if (ldt < n) {
            throw new IllegalArgumentException("accumulateRows: ldt must be >= n=" + n + ", got " + ldt);
        }
        if (table.length < (long) cols * ldt || y.length < (long) rows * n) {
            throw new IllegalArgumentException("accumulateRows: table needs " + (long) cols * ldt + " elements (has "
                    + table.length + "), y needs " + (long) rows * n + " (has " + y.length + ")");
        }
        ElementwiseKernels ek = Kernels.elementwise();
        Parallel.forRange(rows, 16, (from, to) -> {
            int[] idx = new int[cols];
            for (int r = from; r < to; r++) {
                int cnt = decodeRow(r, idx);
                ek.gatherRowSum(table, ldt, idx, 0, cnt, n, y, r * n);
            }
        });
    }

    /**
     * The weight gradient {@code gw[o, i] = sum_r g[r, o] X[r, i]} (overwritten), with {@code g}
     * {@code [rows, n]} and {@code gw} {@code [n, cols]}: that is {@code gw = g^T X}. Parallel over
     * blocks of 64 columns; within a column the active rows are added in ascending order.
     */
    public void weightGrad(float[] g, int n, float[] gw) {
        if (g.length < (long) rows * n || gw.length < (long) cols * n) {
            throw new IllegalArgumentException("weightGrad: g needs " + (long) rows * n + " elements (has "
                    + g.length + "), gw needs " + (long) cols * n + " (has " + gw.length + ")");
        }
        ElementwiseKernels ek = Kernels.elementwise();
        int ldo = paddedStride(n);
        Parallel.forRange(words, 1, (from, to) -> {
            // gw^T for the 64 columns of one bitmap word, rows padded so vector adds need no mask
            float[] acc = new float[64 * ldo];
            for (int w = from; w < to; w++) {
                java.util.Arrays.fill(acc, 0f);
                for (int r = 0; r < rows; r++) {
                    long word = bits[r * words + w];
                    if (word != 0) {
                        ek.addRowToSelected(g, r * n, n, word, acc, 0, ldo);
                    }
                }
                int base = w << 6;
                int lim = Math.min(64, cols - base);
                for (int b = 0; b < lim; b++) {
                    for (int o = 0; o < n; o++) {
                        gw[o * cols + base + b] = acc[b * ldo + o];
                    }
                }
            }
        });
    }

    /** Row stride used for padded tables: {@code n} rounded up to 16 floats (one 512-bit vector). */
    public static int paddedStride(int n) {
        return (n + 15) & ~15;
    }

    /**
     * Columns {@code [col, col + len)} of row {@code r} as the low {@code len} bits of a word (bit {@code k}
     * is column {@code col + k}); {@code 1 <= len <= 64}.
     */
    public long bitsAt(int r, int col, int len) {
        if (r < 0 || r >= rows || col < 0 || len < 1 || len > 64 || col > cols - len) {
            throw new IndexOutOfBoundsException("bits [" + col + ", " + ((long) col + len) + ") of row " + r
                    + " in a " + rows + "x" + cols + " spike matrix");
        }
        int off = r * words + (col >>> 6);
        int sh = col & 63;
        long v = bits[off] >>> sh;
        if (sh + len > 64) {
            v |= bits[off + 1] << (64 - sh);
        }
        return len == 64 ? v : v & ((1L << len) - 1);
    }

    /** Writes the active column indices of row {@code r} into {@code idx} (ascending); returns how many. */
    public int decodeRow(int r, int[] idx) {
        int cnt = 0;
        int off = r * words;
        for (int w = 0; w < words; w++) {
            long word = bits[off + w];
            int base = w << 6;
            while (word != 0) {
                idx[cnt++] = base + Long.numberOfTrailingZeros(word);
                word &= word - 1;
            }
        }
        return cnt;
    }

    /**
     * {@code wT[i*ldt + o] = w[o*in + i]}: the {@code [in, out]} copy of a {@code [out, in]} weight,
     * rows padded to {@code ldt = }{@link #paddedStride}{@code (out)} with zeros.
     */
    public static float[] transpose(float[] w, int out, int in) {
        int ldt = paddedStride(out);
        float[] wT = new float[in * ldt];
        // 16x16 tiles keep both the strided reads and the writes within a few cache lines
        Parallel.forRange((in + 15) / 16, 4, (from, to) -> {
            int iEnd = Math.min(in, to * 16);
            for (int ib = from * 16; ib < iEnd; ib += 16) {
                int ie = Math.min(iEnd, ib + 16);
                for (int ob = 0; ob < out; ob += 16) {
                    int oe = Math.min(out, ob + 16);
                    for (int o = ob; o < oe; o++) {
                        int src = o * in;
                        for (int i = ib; i < ie; i++) {
                            wT[i * ldt + o] = w[src + i];
                        }
                    }
                }
            }
        });
        return wT;
    }
}
