package org.snn4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.snn4j.core.util.Rng;

/** The vector 2x2 max-pool against the plain one, on values full of ties, signed zeros, infinities and NaN. */
class MaxPool2x2Test {
    private static MaxPool2x2 vector() throws Exception {
        return Kernels.vectorAvailable()
                ? (MaxPool2x2) Class.forName("org.snn4j.core.kernel.internal.VectorMaxPool2x2").getDeclaredConstructor()
                        .newInstance()
                : MaxPool2x2.SCALAR;
    }

    @Test
    void windowsByHand() throws Exception {
        // one 2x8 plane, four windows: [[1,3],[3,2]] -> 3 at index 1 (first of the tie); [[-0.0,0.0],[-1,-2]] -> -0.0
        // at index 2 (zeros tie); [[NaN,7],[NaN,9]] -> first NaN at 4; [[-inf,-inf],[-inf,-inf]] -> -inf at 6
        float ni = Float.NEGATIVE_INFINITY;
        float[] x = {1, 3, -0.0f, 0.0f, Float.NaN, 7, ni, ni,
                     3, 2, -1, -2, Float.NaN, 9, ni, ni};
        float[] y = new float[4];
        int[] arg = new int[4];
        // 2x8 has 4 outputs: fewer than a vector, so also run 8 such planes through the vector kernel
        MaxPool2x2.SCALAR.pool(x, 0, 1, 2, 8, y, arg);
        assertArrayEquals(new int[] {1, 2, 4, 6}, arg);
        assertEquals(3f, y[0], 0f);
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(y[1]));
        assertEquals(Float.NaN, y[2], 0f);
        assertEquals(ni, y[3], 0f);
        float[] xs = new float[8 * 4 * 16];
        for (int p = 0; p < 8; p++) {
            // plane p: 4 rows of 16, the 2x8 pattern above stacked twice
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 16; c++) {
                    xs[p * 64 + r * 16 + c] = x[(r % 2) * 8 + c % 8];
                }
            }
        }
        float[] ys = new float[8 * 16];
        int[] as = new int[8 * 16];
        vector().pool(xs, 0, 8, 4, 16, ys, as);
        // plane 0, first output row: windows at columns 0, 2, 4, 6 as above, then again at 8..14
        assertArrayEquals(new int[] {1, 2, 4, 6, 9, 10, 12, 14}, java.util.Arrays.copyOf(as, 8));
    }

    @Test
    void vectorAndScalarSelectTheSameElements() throws Exception {
        MaxPool2x2 vector = vector();
        Rng rng = new Rng(5);
        float[] pool = {0f, -0.0f, 1f, -1f, 2f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0.5f};
        for (int[] hw : new int[][] {{8, 8}, {2, 34}, {6, 10}, {24, 24}}) {
            int h = hw[0];
            int w = hw[1];
            int planes = 7;
            float[] x = new float[planes * h * w];
            for (int i = 0; i < x.length; i++) {
                // few distinct values: many ties
                x[i] = rng.nextInt(4) == 0 ? rng.uniform(-1, 1) : pool[rng.nextInt(pool.length)];
            }
            int out = planes * (h / 2) * (w / 2);
            float[] ys = new float[out];
            float[] yv = new float[out];
            int[] as = new int[out];
            int[] av = new int[out];
            MaxPool2x2.SCALAR.pool(x, 0, planes, h, w, ys, as);
            vector.pool(x, 0, planes, h, w, yv, av);
            assertArrayEquals(as, av, h + "x" + w);
            for (int i = 0; i < out; i++) {
                assertEquals(Float.floatToRawIntBits(ys[i]), Float.floatToRawIntBits(yv[i]), h + "x" + w + " output " + i);
            }
        }
    }
}
