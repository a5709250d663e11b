package org.snn4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snn4j.core.util.Rng;

/** Vector element-wise kernels against the scalar ones, and both against hand-computed values. */
class ElementwiseKernelsTest {
    private final ScalarElementwiseKernels scalar = new ScalarElementwiseKernels();
    private ElementwiseKernels vector;

    @BeforeEach
    void load() {
        assumeTrue(Kernels.vectorAvailable(), "jdk.incubator.vector not present");
        vector = Kernels.vectorElementwise().orElseThrow();
    }

    static float[] rand(int n, Rng rng) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.uniform(-1, 1);
        }
        return x;
    }

    @Test
    void handValues() {
        float[] x = new float[100];
        for (int i = 0; i < 100; i++) {
            x[i] = i + 1;
        }
        for (ElementwiseKernels k : new ElementwiseKernels[] {scalar, vector}) {
            assertEquals(5050f, k.sum(x, 0, 100), 0f, k.name());
            assertEquals(338350f, k.dot(100, x, 0, x, 0), 0f, k.name()); // sum of squares 1..100
            float[] y = {1, 1, 1};
            k.axpy(3, 2f, new float[] {1, 2, 3}, 0, y, 0);
            assertArrayEquals(new float[] {3, 5, 7}, y, 0f, k.name());
            float[] m = {1, 2, 3, 4, 5, 6}; // [2, 3]
            float[] cs = new float[3];
            k.sumOverRows(m, 2, 3, cs);
            assertArrayEquals(new float[] {5, 7, 9}, cs, 0f, k.name());
        }
    }

    @Test
    void vectorMatchesScalarOnOddLengthsAndOffsets() {
        Rng rng = new Rng(21);
        for (int n : new int[] {0, 1, 7, 15, 16, 17, 63, 64, 65, 100, 1000, 1023}) {
            int off = rng.nextInt(4);
            float[] x = rand(n + off + 3, rng);
            float[] y = rand(n + off + 3, rng);
            float[] y1 = y.clone();
            float[] y2 = y.clone();
            scalar.axpy(n, 0.37f, x, off, y1, off + 1);
            vector.axpy(n, 0.37f, x, off, y2, off + 1);
            assertArrayEquals(y1, y2, 0f, "axpy n=" + n);
            float[] s1 = x.clone(), s2 = x.clone();
            scalar.scale(n, -1.5f, s1, off);
            vector.scale(n, -1.5f, s2, off);
            assertArrayEquals(s1, s2, 0f, "scale n=" + n);
            float[] a1 = new float[n + 2], a2 = new float[n + 2];
            scalar.add(n, x, off, y, 1, a1, 2);
            vector.add(n, x, off, y, 1, a2, 2);
            assertArrayEquals(a1, a2, 0f, "add n=" + n);
            // lane-wise reduction order differs: within float rounding of an n-term sum
            assertEquals(scalar.sum(x, off, n), vector.sum(x, off, n), 1e-6f * (n + 1), "sum n=" + n);
            assertEquals(scalar.dot(n, x, off, y, 2), vector.dot(n, x, off, y, 2), 1e-6f * (n + 1), "dot n=" + n);
        }
    }

    @Test
    void sumOverRowsIsBitwiseEqual() {
        Rng rng = new Rng(4);
        float[] m = rand(37 * 301, rng);
        float[] c1 = new float[301], c2 = new float[301];
        scalar.sumOverRows(m, 37, 301, c1);
        vector.sumOverRows(m, 37, 301, c2);
        assertArrayEquals(c1, c2, 0f);
        double col5 = 0;
        for (int r = 0; r < 37; r++) {
            col5 += m[r * 301 + 5];
        }
        assertEquals(col5, c1[5], 1e-5);
    }

    @Test
    void nonzeroBitsMarksExactlyTheNonZeros() {
        Rng rng = new Rng(8);
        for (int n : new int[] {1, 10, 64, 65, 130, 1000}) {
            float[] x = new float[n + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextInt(4) == 0 ? 1f : 0f;
            }
            int words = (n + 63) / 64;
            long[] b1 = new long[words + 1], b2 = new long[words + 1];
            int c1 = scalar.nonzeroBits(x, 2, n, b1, 1);
            int c2 = vector.nonzeroBits(x, 2, n, b2, 1);
            assertArrayEquals(b1, b2, "n=" + n);
            int expected = 0;
            for (int i = 0; i < n; i++) {
                boolean set = (b1[1 + i / 64] >>> (i % 64) & 1L) != 0;
                assertEquals(x[2 + i] != 0f, set, "bit " + i + " n=" + n);
                expected += x[2 + i] != 0f ? 1 : 0;
            }
            assertEquals(expected, c1);
            assertEquals(expected, c2);
        }
    }

    @Test
    void nonzeroBitsOfBytesMatchesFloats() {
        Rng rng = new Rng(18);
        for (int n : new int[] {1, 10, 40, 64, 65, 130, 1000}) {
            // ones in the bytes past the range must not leak into the last word
            byte[] x = new byte[n + 70];
            float[] f = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (byte) (i >= n + 2 || rng.nextInt(4) == 0 ? 1 : 0);
                f[i] = x[i];
            }
            int words = (n + 63) / 64;
            long[] ref = new long[words + 1], b1 = new long[words + 1], b2 = new long[words + 1];
            int c0 = scalar.nonzeroBits(f, 2, n, ref, 1);
            assertEquals(c0, scalar.nonzeroBits(x, 2, n, b1, 1));
            assertEquals(c0, vector.nonzeroBits(x, 2, n, b2, 1));
            assertArrayEquals(ref, b1, "scalar n=" + n);
            assertArrayEquals(ref, b2, "vector n=" + n);
        }
    }

    @Test
    void gatherAndScatterAreBitwiseEqual() {
        Rng rng = new Rng(12);
        for (int n : new int[] {1, 10, 16, 33, 100}) {
            for (int ldt : new int[] {n, SpikeMatrix.paddedStride(n) + 16}) {
                float[] table = rand(50 * ldt, rng);
                int[] idx = {3, 7, 7, 20, 49, 0};
                float[] o1 = rand(n + 4, rng);
                float[] o2 = o1.clone();
                scalar.gatherRowSum(table, ldt, idx, 1, 4, n, o1, 2);
                vector.gatherRowSum(table, ldt, idx, 1, 4, n, o2, 2);
                assertArrayEquals(o1, o2, 0f, "gather n=" + n + " ldt=" + ldt);
                float[] g1 = rand(64 * ldt, rng);
                float[] g2 = g1.clone();
                long word = 0x8000_0000_0000_0005L; // bits 0, 2, 63
                scalar.addRowToSelected(table, ldt, n, word, g1, 0, ldt);
                vector.addRowToSelected(table, ldt, n, word, g2, 0, ldt);
                assertArrayEquals(g1, g2, 0f, "scatter n=" + n + " ldt=" + ldt);
            }
        }
        // bit lists: the same rows as an index list, bitwise equal in both kernels
        for (int n : new int[] {1, 10, 16, 33, 64, 100}) {
            for (int ldt : new int[] {n, SpikeMatrix.paddedStride(n) + 16}) {
                float[] table = rand(130 * ldt, rng);
                // words at stride 3 from offset 1; span 60: word 0 -> rows 0..59, word 1 -> 60..119
                long[] bits = {-1L, (1L << 59) | 1L | (1L << 7), 0L, 0L, 0x0800_0000_0000_0012L};
                int[] idx = {0, 7, 59, 61, 64, 119};
                float[] ref = rand(n + 3, rng);
                float[] o1 = ref.clone();
                float[] o2 = ref.clone();
                scalar.gatherRowSum(table, ldt, idx, 0, idx.length, n, ref, 3 - 3);
                scalar.gatherBitRows(table, 0, ldt, bits, 1, 3, 2, 60, n, o1, 0);
                vector.gatherBitRows(table, 0, ldt, bits, 1, 3, 2, 60, n, o2, 0);
                // rows 6, 58, 60, 63, 118 read one row further on (tableOff = ldt): rows 7, 59, 61, 64, 119
                float[] o3 = o2.clone();
                float[] o4 = o2.clone();
                long[] earlier = {0L, (1L << 58) | (1L << 6), 0L, 0L, 0x0400_0000_0000_0009L};
                float[] twice = ref.clone();
                scalar.gatherRowSum(table, ldt, new int[] {7, 59, 61, 64, 119}, 0, 5, n, twice, 0);
                scalar.gatherBitRows(table, ldt, ldt, earlier, 1, 3, 2, 60, n, o3, 0);
                vector.gatherBitRows(table, ldt, ldt, earlier, 1, 3, 2, 60, n, o4, 0);
                assertArrayEquals(twice, o3, 0f, "scalar bit gather with offset n=" + n);
                assertArrayEquals(twice, o4, 0f, "vector bit gather with offset n=" + n);
                assertArrayEquals(ref, o1, 0f, "scalar bit gather n=" + n + " ldt=" + ldt);
                assertArrayEquals(ref, o2, 0f, "vector bit gather n=" + n + " ldt=" + ldt);
            }
        }
        // hand check: rows 1 and 2 of a 3x2 table added to [10, 20]
        float[] out = {10, 20};
        vector.gatherRowSum(new float[] {1, 2, 3, 4, 5, 6}, 2, new int[] {1, 2}, 0, 2, 2, out, 0);
        assertArrayEquals(new float[] {18, 30}, out, 0f);
    }
}
