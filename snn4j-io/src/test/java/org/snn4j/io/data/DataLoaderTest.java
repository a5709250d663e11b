package org.snn4j.io.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.snn4j.core.util.Rng;
import org.snn4j.io.idx.IdxFile;
import org.snn4j.io.idx.IdxFormatException;

class DataLoaderTest {
    /** n images of 2x2; image i has all pixels equal to i*10, label i % 3. */
    static ImageDataset toy(int n) {
        byte[] px = new byte[n * 4];
        byte[] lb = new byte[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(px, i * 4, i * 4 + 4, (byte) (i * 10));
            lb[i] = (byte) (i % 3);
        }
        return new ImageDataset("toy", 2, 2, px, lb);
    }

    static List<int[]> indices(DataLoader.Epoch e) {
        List<int[]> out = new ArrayList<>();
        try (e) {
            for (Batch b : e) {
                out.add(b.indices());
            }
        }
        return out;
    }

    @Test
    void pixelsScaleToUnitRangeInEitherLayout() {
        byte[] px = {0, 51, (byte) 255, (byte) 128};
        ImageDataset ds = new ImageDataset("p", 2, 2, px, new byte[] {7});
        Batch flat = ds.batch(new int[] {0}, Layout.FLAT);
        assertArrayEquals(new int[] {1, 4}, flat.x().shape());
        assertArrayEquals(new float[] {0f, 0.2f, 1f, 128f / 255f}, flat.x().data());
        assertArrayEquals(new int[] {7}, flat.labels());
        Batch img = ds.batch(new int[] {0, 0}, Layout.NCHW);
        assertArrayEquals(new int[] {2, 1, 2, 2}, img.x().shape());
        assertEquals(1f, img.x().get(1, 0, 1, 0));
    }

    @Test
    void sameSeedAndEpochGiveSameOrderAndEpochsDiffer() {
        ImageDataset ds = toy(10);
        DataLoader a = DataLoader.builder(ds).batchSize(3).seed(42).build();
        DataLoader b = DataLoader.builder(ds).batchSize(3).seed(42).prefetch(0).build();
        assertArrayEquals(Rng.derive(42, 5).permutation(10), a.order(5));
        List<int[]> a5 = indices(a.epoch(5));
        List<int[]> b5 = indices(b.epoch(5));
        assertEquals(4, a5.size());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(a5.get(i), b5.get(i));
        }
        int[] flat = a5.stream().flatMapToInt(Arrays::stream).toArray();
        assertArrayEquals(a.order(5), flat);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, Arrays.stream(flat).sorted().toArray());
        assertFalse(Arrays.equals(a.order(5), a.order(6)));
        assertFalse(Arrays.equals(a.order(5),
                DataLoader.builder(ds).seed(43).build().order(5)));
    }

    @Test
    void startingAtABatchEqualsSkipping() {
        ImageDataset ds = toy(11);
        DataLoader l = DataLoader.builder(ds).batchSize(2).seed(7).build();
        List<int[]> full = indices(l.epoch(3));
        List<int[]> resumed = indices(l.epoch(3, 2));
        assertEquals(full.size() - 2, resumed.size());
        for (int i = 0; i < resumed.size(); i++) {
            assertArrayEquals(full.get(i + 2), resumed.get(i));
        }
        Batch b = l.batch(3, 4);
        assertArrayEquals(full.get(4), b.indices());
        // Labels and pixels follow the indices: image i has pixel i*10, label i%3.
        for (int k = 0; k < b.size(); k++) {
            assertEquals(b.indices()[k] % 3, b.labels()[k]);
            assertEquals(b.indices()[k] * 10 / 255f, b.x().get(k, 0));
        }
        assertEquals(0, indices(l.epoch(3, l.batchesPerEpoch())).size());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> l.epoch(3, 7));
        assertEquals("batch index 7 out of range: an epoch of toy has 6 batches of 2", e.getMessage());
    }

    @Test
    void dropLastAndUnshuffled() {
        ImageDataset ds = toy(10);
        DataLoader keep = DataLoader.builder(ds).batchSize(4).shuffle(false).build();
        DataLoader drop = DataLoader.builder(ds).batchSize(4).shuffle(false).dropLast(true).build();
        List<int[]> k = indices(keep.epoch(0));
        assertEquals(3, k.size());
        assertArrayEquals(new int[] {8, 9}, k.get(2));
        List<int[]> d = indices(drop.epoch(0));
        assertEquals(2, d.size());
        assertArrayEquals(new int[] {4, 5, 6, 7}, d.get(1));
    }

    @Test
    void prefetchExceptionReachesTheConsumer() {
        AtomicInteger calls = new AtomicInteger();
        DataLoader l = DataLoader.builder(toy(10)).batchSize(2).shuffle(false).prefetch(2).transform(b -> {
            if (calls.getAndIncrement() == 2) {
                throw new IllegalStateException("boom");
            }
            return b;
        }).build();
        DataLoader.Epoch e = l.epoch(0);
        assertArrayEquals(new int[] {0, 1}, e.next().indices());
        assertArrayEquals(new int[] {2, 3}, e.next().indices());
        assertTrue(e.hasNext());
        DataLoaderException ex = assertThrows(DataLoaderException.class, e::next);
        assertEquals("prefetch thread failed: building batch 2 of epoch 0 of toy failed: java.lang.IllegalStateException: boom",
                ex.getMessage());
        assertInstanceOf(IllegalStateException.class, ex.getCause().getCause());
        assertFalse(e.hasNext());
        e.close();
        assertFalse(e.workerAlive());
    }

    @Test
    void closingEarlyStopsTheWorker() {
        DataLoader l = DataLoader.builder(toy(100)).batchSize(1).prefetch(1).build();
        DataLoader.Epoch e = l.epoch(0);
        e.next();
        e.close();
        assertFalse(e.workerAlive());
        assertFalse(e.hasNext());
    }

    @Test
    void splitsAreDisjointAndComplete() {
        ImageDataset ds = toy(10);
        Split first = Split.first(ds, 3);
        assertEquals(7, first.train().size());
        assertEquals(0, first.validation().pixel(0, 0, 0));
        assertEquals(30, first.train().pixel(0, 0, 0));
        Split last = Split.last(ds, 3);
        assertEquals(70, last.validation().pixel(0, 1, 1));
        Split s1 = Split.seeded(ds, 4, 9);
        Split s2 = Split.seeded(ds, 4, 9);
        assertArrayEquals(s1.validation().pixels(), s2.validation().pixels());
        int[] all = new int[10];
        for (ImageDataset part : List.of(s1.train(), s1.validation())) {
            for (int i = 0; i < part.size(); i++) {
                all[part.pixel(i, 0, 0) / 10]++;
            }
        }
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, all);
        assertNotEquals(0, s1.validation().size());
        assertEquals(3, ds.subset(3).size());
    }

    @Test
    void mismatchedImageAndLabelCountsNameBothFiles() {
        IdxFile img = IdxFile.ofUnsignedBytes(new byte[8], 2, 2, 2);
        IdxFile lab = IdxFile.ofUnsignedBytes(new byte[3], 3);
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> ImageDataset.fromIdx("x", img, "imgs.gz", lab, "labels.gz"));
        assertEquals("labels.gz: has 3 labels but imgs.gz has 2 images", e.getMessage());
        IdxFormatException e2 = assertThrows(IdxFormatException.class,
                () -> ImageDataset.fromIdx("x", lab, "labels.gz", lab, "labels.gz"));
        assertEquals("labels.gz: expected images as unsigned bytes n x rows x cols, found unsigned byte 3", e2.getMessage());
    }
}
