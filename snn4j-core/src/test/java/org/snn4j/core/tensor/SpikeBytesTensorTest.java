package org.snn4j.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Byte-backed spike tensors: lazy 0/1 floats, and the ops that read data() keep working. */
class SpikeBytesTensorTest {
    private static final byte[] BYTES = {0, 1, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0};
    private static final float[] FLOATS = {0, 1, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0};

    @Test
    void dataIsBuiltOnceAsExactZeroOne() {
        Tensor t = Tensor.ofSpikes(BYTES.clone(), 3, 2, 2);
        assertTrue(t.isBinary());
        assertEquals(12, t.storedNumel());
        assertEquals(1f, t.get(1), 0f); // before materialising
        assertEquals(1f, t.get(2, 1, 0), 0f);
        float[] d = t.data();
        assertArrayEquals(FLOATS, d, 0f);
        assertSame(d, t.data());
        assertNull(Tensor.of(FLOATS.clone(), 12).spikeBytes());
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofSpikes(new byte[5], 2, 3));
    }

    @Test
    void viewsAndCopiesKeepWorking() {
        Tensor t = Tensor.ofSpikes(BYTES.clone(), 3, 2, 2);
        assertArrayEquals(FLOATS, t.toArray(), 0f);
        assertArrayEquals(FLOATS, t.reshape(3, 4).data(), 0f);
        assertTrue(t.reshape(3, 4).isBinary());
        assertArrayEquals(FLOATS, t.detach().data(), 0f);
        assertArrayEquals(new float[] {1, 1, 3, 1}, t.sumOverTime().data(), 0f);
        assertArrayEquals(new float[] {0, 0, 1, 1}, t.step(1).data(), 0f);
        assertTrue(t.toString().contains("1.0"));

        Tensor st = Tensor.repeatTime(Tensor.ofSpikes(new byte[] {1, 0, 1}, 3), 2);
        assertTrue(st.isTimeStatic());
        assertEquals(1f, st.get(5), 0f);
        assertArrayEquals(new float[] {1, 0, 1, 1, 0, 1}, st.materialize().data(), 0f);
        assertArrayEquals(new float[] {2, 0, 2}, st.sumOverTime().data(), 0f);
        assertArrayEquals(new float[] {1, 0, 1}, st.step(0).data(), 0f);
    }
}
