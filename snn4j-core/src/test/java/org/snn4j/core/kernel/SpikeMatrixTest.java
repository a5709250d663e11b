package org.snn4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

class SpikeMatrixTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(savedThreads);
    }

    @Test
    void handExample() {
        // X = [[1,0,1],[0,0,0]], W [2 out, 3 in] = [[1,2,3],[4,5,6]] -> X W^T = [[4,10],[0,0]]
        float[] x = {1, 0, 1, 0, 0, 0};
        SpikeMatrix s = SpikeMatrix.of(x, 2, 3);
        assertEquals(2, s.active());
        assertEquals(2.0 / 6, s.density(), 1e-12);
        float[] w = {1, 2, 3, 4, 5, 6};
        float[] y = new float[4];
        s.accumulateRows(SpikeMatrix.transpose(w, 2, 3), SpikeMatrix.paddedStride(2), 2, y);
        assertArrayEquals(new float[] {4, 10, 0, 0}, y, 0f);
        // g = [[1,2],[3,4]] -> g^T X = [[1,0,1],[2,0,2]]
        float[] gw = new float[6];
        s.weightGrad(new float[] {1, 2, 3, 4}, 2, gw);
        assertArrayEquals(new float[] {1, 0, 1, 2, 0, 2}, gw, 0f);
    }

    @Test
    void bitsAtReadsAcrossWordBoundaries() {
        // row 1 of a 2 x 130 matrix active at columns 0, 62, 63, 64, 66 and 129
        float[] x = new float[2 * 130];
        for (int c : new int[] {0, 62, 63, 64, 66, 129}) {
            x[130 + c] = 1f;
        }
        x[5] = 1f; // row 0 must not leak into row 1
        SpikeMatrix s = SpikeMatrix.of(x, 2, 130);
        assertEquals(0b1L, s.bitsAt(1, 0, 1));
        assertEquals(0b10111L, s.bitsAt(1, 62, 5)); // 62, 63, 64 and 66
        assertEquals((1L << 63) | 1L, s.bitsAt(1, 66, 64)); // 66 and 129
        assertEquals(0L, s.bitsAt(1, 1, 61));
        assertEquals(1L << 5, s.bitsAt(0, 0, 64));
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> s.bitsAt(1, 100, 31));
    }

    @Test
    void matchesScalarGemmAndIgnoresThreadCount() {
        Rng rng = new Rng(77);
        int rows = 150, in = 200;
        for (int out : new int[] {1, 10, 37}) {
            for (double d : new double[] {0.0, 0.03, 0.2, 0.6}) {
                float[] x = new float[rows * in];
                for (int i = 0; i < x.length; i++) {
                    x[i] = rng.nextDouble() < d ? 1f : 0f;
                }
                float[] w = GemmBackendsTest.rand(out * in, rng);
                float[] g = GemmBackendsTest.rand(rows * out, rng);
                float[] yRef = new float[rows * out], gwRef = new float[out * in];
                new ScalarGemm().sgemm(false, true, rows, out, in, 1f, x, 0, in, w, 0, in, 0f, yRef, 0, out);
                new ScalarGemm().sgemm(true, false, out, in, rows, 1f, g, 0, out, x, 0, in, 0f, gwRef, 0, in);
                float[][] ys = new float[2][], gws = new float[2][];
                for (int t = 1; t <= 2; t++) {
                    Parallel.setThreads(t);
                    SpikeMatrix s = SpikeMatrix.of(x, rows, in);
                    ys[t - 1] = new float[rows * out];
                    s.accumulateRows(SpikeMatrix.transpose(w, out, in), SpikeMatrix.paddedStride(out), out, ys[t - 1]);
                    gws[t - 1] = new float[out * in];
                    s.weightGrad(g, out, gws[t - 1]);
                }
                String where = "out=" + out + " density=" + d;
                assertArrayEquals(yRef, ys[0], 1e-4f, where);
                assertArrayEquals(gwRef, gws[0], 1e-4f, where);
                assertArrayEquals(ys[0], ys[1], 0f, where + " forward, 1 vs 2 threads");
                assertArrayEquals(gws[0], gws[1], 0f, where + " weight gradient, 1 vs 2 threads");
            }
        }
    }
}
