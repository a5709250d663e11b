package org.snn4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.snn4j.core.util.Rng;

/** The block transpose of the event-driven convolution, plain and vector, by hand and against each other. */
class TransposerTest {
    private static Transposer vector() throws Exception {
        return Kernels.vectorAvailable()
                ? (Transposer) Class.forName("org.snn4j.core.kernel.internal.VectorTransposer").getDeclaredConstructor()
                        .newInstance()
                : Transposer.SCALAR;
    }

    @Test
    void byHand() throws Exception {
        // src at offset 1: [[1,2,3],[4,5,6]] (2 x 3) -> dst at offset 2: [[1,4],[2,5],[3,6]], plus 10, 20, 30 per row
        float[] src = {9, 1, 2, 3, 4, 5, 6};
        for (Transposer t : new Transposer[] {Transposer.SCALAR, vector()}) {
            float[] dst = new float[8];
            t.transpose(src, 1, 2, 3, null, dst, 2, Transposer.indexMap(2, 3));
            assertArrayEquals(new float[] {0, 0, 1, 4, 2, 5, 3, 6}, dst, 0f);
            t.transpose(src, 1, 2, 3, new float[] {10, 20, 30}, dst, 2, Transposer.indexMap(2, 3));
            assertArrayEquals(new float[] {0, 0, 11, 14, 22, 25, 33, 36}, dst, 0f);
        }
    }

    @Test
    void vectorEqualsScalarOnFullAndPartialBlocks() throws Exception {
        Transposer v = vector();
        Rng rng = new Rng(3);
        for (int[] rc : new int[][] {{64, 64}, {16, 5}, {37, 12}, {100, 3}, {15, 40}}) {
            int rows = rc[0];
            int cols = rc[1];
            float[] src = new float[3 + rows * cols];
            for (int i = 0; i < src.length; i++) {
                src[i] = rng.uniform(-1, 1);
            }
            float[] add = new float[cols];
            for (int i = 0; i < cols; i++) {
                add[i] = rng.uniform(-1, 1);
            }
            int[] map = Transposer.indexMap(rows, cols);
            for (float[] a : new float[][] {null, add}) {
                float[] ds = new float[5 + rows * cols];
                float[] dv = new float[5 + rows * cols];
                Transposer.SCALAR.transpose(src, 3, rows, cols, a, ds, 5, map);
                v.transpose(src, 3, rows, cols, a, dv, 5, map);
                assertArrayEquals(ds, dv, 0f, rows + "x" + cols);
                assertEquals(src[3 + (rows - 1) * cols + 1] + (a == null ? 0f : a[1]), ds[5 + rows + rows - 1], 0f);
            }
        }
    }
}
