package org.snn4j.core.kernel;

import org.snn4j.core.util.Parallel;

/** Plain-Java element-wise kernels: the reference for the vector ones and the fallback without the module. */
public final class ScalarElementwiseKernels implements ElementwiseKernels {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int off) {
        for (int i = 0; i < n; i++) {
            x[off + i] *= alpha;
        }
    }

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    @Override
    public float sum(float[] x, int off, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i] * y[yOff + i];
        }
        return s;
    }

    @Override
    public void sumOverRows(float[] x, int rows, int n, float[] out) {
        // Split over columns only, so each column's additions run top to bottom on one thread.
        Parallel.forRange(n, 256, (from, to) -> {
            java.util.Arrays.fill(out, from, to, 0f);
            for (int r = 0; r < rows; r++) {
                int o = r * n;
                for (int j = from; j < to; j++) {
                    out[j] += x[o + j];
                }
            }
        });
    }

    @Override
    public int nonzeroBits(float[] x, int xOff, int n, long[] bits, int bitsOff) {
        int count = 0;
        for (int w = 0; w * 64 < n; w++) {
            long word = 0L;
            int base = xOff + w * 64;
            int lim = Math.min(64, n - w * 64);
            for (int b = 0; b < lim; b++) {
                if (x[base + b] != 0f) {
                    word |= 1L << b;
                }
            }
            bits[bitsOff + w] = word;
            count += Long.bitCount(word);
        }
        return count;
    }

    @Override
    public int nonzeroBits(byte[] x, int xOff, int n, long[] bits, int bitsOff) {
        int count = 0;
        for (int w = 0; w * 64 < n; w++) {
            long word = 0L;
            int base = xOff + w * 64;
            int lim = Math.min(64, n - w * 64);
            for (int b = 0; b < lim; b++) {
                if (x[base + b] != 0) {
                    word |= 1L << b;
                }
            }
            bits[bitsOff + w] = word;
            count += Long.bitCount(word);
        }
        return count;
    }

    @Override
    public void gatherRowSum(float[] table, int ldt, int[] idx, int idxOff, int count, int n, float[] out, int outOff) {
        for (int t = 0; t < count; t++) {
            int row = idx[idxOff + t] * ldt;
            for (int j = 0; j < n; j++) {
                out[outOff + j] += table[row + j];
            }
        }
    }

    @Override
    public void gatherBitRows(float[] table, int tableOff, int ldt, long[] bits, int bitsOff, int stride, int words, int span, int n,
                              float[] out, int outOff) {
        for (int l = 0; l < words; l++) {
            long word = bits[bitsOff + l * stride];
            while (word != 0) {
                int row = tableOff + (l * span + Long.numberOfTrailingZeros(word)) * ldt;
                word &= word - 1;
                for (int j = 0; j < n; j++) {
                    out[outOff + j] += table[row + j];
                }
            }
        }
    }

    @Override
    public void addRowToSelected(float[] row, int rowOff, int n, long word, float[] out, int outOff, int ldo) {
        while (word != 0) {
            int o = outOff + Long.numberOfTrailingZeros(word) * ldo;
            for (int j = 0; j < n; j++) {
                out[o + j] += row[rowOff + j];
            }
            word &= word - 1;
        }
    }
}
