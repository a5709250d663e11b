package org.snn4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.snn4j.core.util.Rng;

/** The vector tap adder of the event-driven convolution against the plain one. */
class TapAdderTest {
    @Test
    void vectorAndScalarAddTheSameFloats() throws Exception {
        TapAdder vector = Kernels.vectorAvailable()
                ? (TapAdder) Class.forName("org.snn4j.core.kernel.internal.VectorTapAdder").getDeclaredConstructor()
                        .newInstance()
                : TapAdder.SCALAR;
        Rng rng = new Rng(3);
        for (int n : new int[] {1, 5, 8, 16, 37, 64}) {
            float[] src = new float[20 * 70];
            float[] dst = new float[20 * 70];
            for (int i = 0; i < src.length; i++) {
                src[i] = rng.uniform(-1, 1);
                dst[i] = rng.uniform(-1, 1);
            }
            float[] expected = dst.clone();
            float[] actual = dst.clone();
            // 4 rows, source rows 70 apart, destination rows walked backwards 3*70 + 2 .. (negative step)
            TapAdder.SCALAR.addTaps(src, 5, 70, expected, 12 * 70, -70 - 3, 4, n);
            vector.addTaps(src, 5, 70, actual, 12 * 70, -70 - 3, 4, n);
            assertArrayEquals(expected, actual, 0f, "n=" + n);
            // one hand-checked element: dst[12*70] += src[5]
            assertArrayEquals(new float[] {dst[12 * 70] + src[5]}, new float[] {actual[12 * 70]}, 0f);
        }
    }
}
