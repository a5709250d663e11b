package org.snn4j.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.snn4j.core.kernel.SpikeMatrix;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/** Spikes packed to one bit per element: exact round trips, packed tensors, bitmaps from the bits. */
class PackedSpikesTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(savedThreads);
    }

    private static byte[] spikes(long seed, int n, float density) {
        Rng rng = new Rng(seed);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (rng.nextFloat() < density ? 1 : 0);
        }
        return b;
    }

    @Test
    void handExampleLayout() {
        // element i is bit (i & 63) of word i >>> 6: bytes 1,0,1,1 then 0 x 60, then a 1 at index 64
        byte[] b = new byte[66];
        b[0] = 1;
        b[2] = 1;
        b[3] = 1;
        b[64] = 1;
        PackedBits p = PackedBits.pack(b);
        assertEquals(66, p.length());
        assertArrayEquals(new long[] {0b1101L, 1L}, p.words());
        assertEquals(4, p.count());
        assertEquals(16, p.sizeBytes());
        assertEquals(1, p.get(3));
        assertEquals(0, p.get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> p.get(66));
        // any non-zero byte or float counts as a spike
        assertArrayEquals(new long[] {0b101L}, PackedBits.pack(new byte[] {7, 0, -1}).words());
        assertArrayEquals(new long[] {0b110L}, PackedBits.pack(new float[] {0f, -0.5f, Float.NaN, -0f}).words());
    }

    @Test
    void roundTripIsExactForEveryLengthAndThreadCount() {
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            for (int n : new int[] {0, 1, 63, 64, 65, 127, 1000, 70_001}) {
                byte[] b = spikes(n + threads, n, 0.3f);
                PackedBits p = PackedBits.pack(b);
                assertEquals(PackedBits.wordCount(n), p.words().length);
                assertArrayEquals(b, p.toBytes(), "n=" + n);
                float[] f = p.toFloats();
                long ones = 0;
                for (int i = 0; i < n; i++) {
                    assertEquals(b[i], f[i], 0f);
                    assertEquals(b[i], p.get(i));
                    ones += b[i];
                }
                assertEquals(ones, p.count());
                // packing the floats gives the same words, and a slice unpacks to the same bytes
                assertArrayEquals(p.words(), PackedBits.pack(f).words());
                if (n > 10) {
                    byte[] part = new byte[n - 7];
                    p.unpack(5, n - 7, part, 0);
                    assertArrayEquals(java.util.Arrays.copyOfRange(b, 5, n - 2), part);
                }
                // 1 bit per element in whole words: n/8 bytes rounded up to 8
                assertEquals(8L * ((n + 63) / 64), p.sizeBytes());
            }
        }
    }

    @Test
    void wrapChecksTheWords() {
        assertEquals(3, PackedBits.wrap(new long[] {0b111L}, 3).count());
        assertThrows(IllegalArgumentException.class, () -> PackedBits.wrap(new long[] {0b1000L}, 3));
        assertThrows(IllegalArgumentException.class, () -> PackedBits.wrap(new long[2], 3));
    }

    @Test
    void aPackedTensorKeepsItsValuesInAnEighthOfTheBytes() {
        byte[] b = spikes(5, 4 * 8 * 64, 0.2f);
        Tensor t = Tensor.ofSpikes(b.clone(), 4, 8, 64);
        assertEquals(4 * 8 * 64, t.storageBytes());
        Tensor earlierView = t.reshape(32, 64);
        assertSame(t.packSpikes(), t);
        // 2048 elements: 2048/8 = 256 bytes of bits instead of 2048 bytes
        assertEquals(256, t.storageBytes());
        assertNotNull(t.packedSpikes());
        assertTrue(t.isBinary());
        // every accessor gives the same values; spike bytes are a fresh unpacked copy each time
        byte[] again = t.spikeBytes();
        assertArrayEquals(b, again);
        assertNotSame(again, t.spikeBytes());
        for (int i = 0; i < b.length; i += 37) {
            assertEquals(b[i], t.get(i), 0f);
        }
        assertEquals(b[3 * 512 + 2 * 64 + 5], t.get(3, 2, 5), 0f);
        float[] d = t.data();
        for (int i = 0; i < b.length; i++) {
            assertEquals(b[i], d[i], 0f);
        }
        // packing again drops the floats built since
        assertEquals(256 + 4L * b.length, t.storageBytes());
        t.packSpikes();
        assertEquals(256, t.storageBytes());
        // views made later share the bits; a view made earlier keeps the bytes
        Tensor view = t.reshape(32, 64);
        assertSame(t.packedSpikes(), view.packedSpikes());
        assertTrue(view.isBinary());
        assertSame(t.packedSpikes(), t.detach().packedSpikes());
        assertArrayEquals(b, earlierView.spikeBytes());
        assertNull(earlierView.packedSpikes());
        Tensor st = Tensor.repeatTime(Tensor.ofSpikes(new byte[] {1, 0, 1}, 3).packSpikes(), 2);
        assertArrayEquals(new float[] {1, 0, 1, 1, 0, 1}, st.toArray(), 0f);
        assertArrayEquals(new float[] {0, 1, 0, 0}, Tensor.ofSpikes(new byte[] {1, 1, 0, 1, 0, 1, 0, 0}, 2, 4)
                .packSpikes().step(1).data(), 0f);
        // float tensors are left alone
        Tensor f = Tensor.of(new float[] {0, 1}, 2).packSpikes();
        assertNull(f.packedSpikes());
        assertEquals(8, f.storageBytes());
    }

    @Test
    void bitmapFromBitsEqualsBitmapFromBytes() {
        for (int cols : new int[] {64, 128, 50, 200, 1}) {
            int rows = 37;
            byte[] b = spikes(cols, rows * cols, 0.25f);
            SpikeMatrix fromBytes = SpikeMatrix.of(b, rows, cols);
            SpikeMatrix fromBits = SpikeMatrix.of(PackedBits.pack(b), rows, cols);
            assertEquals(fromBytes.active(), fromBits.active(), "cols " + cols);
            int[] ib = new int[cols];
            int[] ip = new int[cols];
            for (int r = 0; r < rows; r++) {
                int nb = fromBytes.decodeRow(r, ib);
                assertEquals(nb, fromBits.decodeRow(r, ip));
                assertArrayEquals(java.util.Arrays.copyOf(ib, nb), java.util.Arrays.copyOf(ip, nb), "row " + r);
            }
        }
    }
}
