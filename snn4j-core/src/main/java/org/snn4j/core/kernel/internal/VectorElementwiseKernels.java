package org.snn4j.core.kernel.internal;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.snn4j.core.kernel.ElementwiseKernels;
import org.snn4j.core.util.Parallel;

/** Element-wise kernels on {@code FloatVector.SPECIES_PREFERRED}; loaded only when the module is present. */
public final class VectorElementwiseKernels implements ElementwiseKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Byte> BS = ByteVector.SPECIES_PREFERRED;
    private static final int BL = Math.min(64, BS.length());

    /** Vector width in bits, for the start-up log line. */
    public static int bits() {
        return S.vectorBitSize();
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector xv = FloatVector.fromArray(S, x, xOff + i);
            FloatVector yv = FloatVector.fromArray(S, y, yOff + i);
            // mul then add (not fma) so the result matches the scalar kernel bit for bit
            yv.add(xv.mul(alpha)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int off) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, off + i).mul(alpha).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] *= alpha;
        }
    }

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    @Override
    public float sum(float[] x, int off, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            acc = acc.add(FloatVector.fromArray(S, x, off + i));
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            acc = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
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
                add(to - from, out, from, x, r * n + from, out, from);
            }
        });
    }

    @Override
    public int nonzeroBits(float[] x, int xOff, int n, long[] bits, int bitsOff) {
        int count = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int w = 0; w * 64 < n; w++) {
            int base = w * 64;
            int lim = Math.min(64, n - base);
            long word = 0L;
            int b = 0;
            for (; b + L <= lim; b += L) {
                VectorMask<Float> nz = FloatVector.fromArray(S, x, xOff + base + b).compare(VectorOperators.NE, zero);
                word |= nz.toLong() << b;
            }
            for (; b < lim; b++) {
                if (x[xOff + base + b] != 0f) {
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
            int base = w * 64;
            int lim = Math.min(64, n - base);
            long word = 0L;
            int b = 0;
            if (BL == BS.length()) {
                for (; b < lim; b += BL) {
                    // the row's last word is usually partial: a masked load instead of a scalar loop
                    ByteVector v = b + BL <= lim ? ByteVector.fromArray(BS, x, xOff + base + b)
                            : ByteVector.fromArray(BS, x, xOff + base + b, BS.indexInRange(b, lim));
                    word |= v.compare(VectorOperators.NE, (byte) 0).toLong() << b;
                }
            }
            for (; b < lim; b++) {
                if (x[xOff + base + b] != 0) {
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
        // Column blocks of 4 vectors stay in registers while the list is walked; plain adds in
        // list order, the same sequence as the scalar kernel.
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) {
            FloatVector a0 = FloatVector.fromArray(S, out, outOff + j);
            FloatVector a1 = FloatVector.fromArray(S, out, outOff + j + L);
            FloatVector a2 = FloatVector.fromArray(S, out, outOff + j + 2 * L);
            FloatVector a3 = FloatVector.fromArray(S, out, outOff + j + 3 * L);
            for (int t = 0; t < count; t++) {
                int row = idx[idxOff + t] * ldt + j;
                a0 = a0.add(FloatVector.fromArray(S, table, row));
                a1 = a1.add(FloatVector.fromArray(S, table, row + L));
                a2 = a2.add(FloatVector.fromArray(S, table, row + 2 * L));
                a3 = a3.add(FloatVector.fromArray(S, table, row + 3 * L));
            }
            a0.intoArray(out, outOff + j);
            a1.intoArray(out, outOff + j + L);
            a2.intoArray(out, outOff + j + 2 * L);
            a3.intoArray(out, outOff + j + 3 * L);
        }
        for (; j + L <= n; j += L) {
            FloatVector a0 = FloatVector.fromArray(S, out, outOff + j);
            for (int t = 0; t < count; t++) {
                a0 = a0.add(FloatVector.fromArray(S, table, idx[idxOff + t] * ldt + j));
            }
            a0.intoArray(out, outOff + j);
        }
        if (j < n) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector a0 = FloatVector.fromArray(S, out, outOff + j, m);
            if (j + L <= ldt) {
                // padded table: every row has L readable floats from j, so load unmasked
                for (int t = 0; t < count; t++) {
                    a0 = a0.add(FloatVector.fromArray(S, table, idx[idxOff + t] * ldt + j));
                }
            } else {
                for (int t = 0; t < count; t++) {
                    a0 = a0.add(FloatVector.fromArray(S, table, idx[idxOff + t] * ldt + j, m));
                }
            }
            a0.intoArray(out, outOff + j, m);
        }
    }

    @Override
    public void gatherBitRows(float[] table, int tableOff, int ldt, long[] bits, int bitsOff, int stride, int words, int span, int n,
                              float[] out, int outOff) {
        // as gatherRowSum: blocks of 4 vectors held in registers while the set bits are walked
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) {
            FloatVector a0 = FloatVector.fromArray(S, out, outOff + j);
            FloatVector a1 = FloatVector.fromArray(S, out, outOff + j + L);
            FloatVector a2 = FloatVector.fromArray(S, out, outOff + j + 2 * L);
            FloatVector a3 = FloatVector.fromArray(S, out, outOff + j + 3 * L);
            for (int l = 0; l < words; l++) {
                long word = bits[bitsOff + l * stride];
                int base = l * span;
                while (word != 0) {
                    int row = tableOff + (base + Long.numberOfTrailingZeros(word)) * ldt + j;
                    word &= word - 1;
                    a0 = a0.add(FloatVector.fromArray(S, table, row));
                    a1 = a1.add(FloatVector.fromArray(S, table, row + L));
                    a2 = a2.add(FloatVector.fromArray(S, table, row + 2 * L));
                    a3 = a3.add(FloatVector.fromArray(S, table, row + 3 * L));
                }
            }
            a0.intoArray(out, outOff + j);
            a1.intoArray(out, outOff + j + L);
            a2.intoArray(out, outOff + j + 2 * L);
            a3.intoArray(out, outOff + j + 3 * L);
        }
        for (; j < n; j += L) {
            boolean full = j + L <= n;
            VectorMask<Float> m = full ? null : S.indexInRange(j, n);
            // a padded table has L readable floats from j in every row: load unmasked
            boolean plain = full || j + L <= ldt;
            FloatVector a0 = full ? FloatVector.fromArray(S, out, outOff + j) : FloatVector.fromArray(S, out, outOff + j, m);
            for (int l = 0; l < words; l++) {
                long word = bits[bitsOff + l * stride];
                int base = l * span;
                while (word != 0) {
                    int row = tableOff + (base + Long.numberOfTrailingZeros(word)) * ldt + j;
                    word &= word - 1;
                    a0 = a0.add(plain ? FloatVector.fromArray(S, table, row) : FloatVector.fromArray(S, table, row, m));
                }
            }
            if (full) {
                a0.intoArray(out, outOff + j);
            } else {
                a0.intoArray(out, outOff + j, m);
            }
        }
    }

    @Override
    public void addRowToSelected(float[] row, int rowOff, int n, long word, float[] out, int outOff, int ldo) {
        for (int j = 0; j < n; j += L) {
            FloatVector rv;
            boolean full = j + L <= n;
            VectorMask<Float> m = full ? null : S.indexInRange(j, n);
            rv = full ? FloatVector.fromArray(S, row, rowOff + j) : FloatVector.fromArray(S, row, rowOff + j, m);
            boolean padded = j + L <= ldo; // lanes past n add 0 into the padding
            long w = word;
            while (w != 0) {
                int o = outOff + Long.numberOfTrailingZeros(w) * ldo + j;
                if (full || padded) {
                    FloatVector.fromArray(S, out, o).add(rv).intoArray(out, o);
                } else {
                    FloatVector.fromArray(S, out, o, m).add(rv).intoArray(out, o, m);
                }
                w &= w - 1;
            }
        }
    }
}
