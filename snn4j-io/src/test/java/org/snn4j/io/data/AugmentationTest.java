package org.snn4j.io.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AugmentationTest {
    /** The 4x4 image 1..16, row-major. */
    private static float[] image4x4() {
        float[] x = new float[16];
        for (int i = 0; i < 16; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    @Test
    void cropOfA4x4ImageWithPadding1MatchesTheHandMadeWindow() {
        // Padded by one zero on each side the image is 6x6:
        //   0  0  0  0  0  0
        //   0  1  2  3  4  0
        //   0  5  6  7  8  0
        //   0  9 10 11 12  0
        //   0 13 14 15 16  0
        //   0  0  0  0  0  0
        // The 4x4 window at (dy, dx) = (0, 2): rows 0-3, columns 2-5 of the padded image.
        float[] x = image4x4();
        Augmentation.crop(x, 0, 4, 4, 1, 0, 2);
        float[] want = {
            0, 0, 0, 0,
            2, 3, 4, 0,
            6, 7, 8, 0,
            10, 11, 12, 0};
        assertArrayEquals(want, x);
        assertArrayEquals(want, cropped(0, 2));
        // (2, 0): rows 2-5, columns 0-3.
        assertArrayEquals(new float[] {
            0, 5, 6, 7,
            0, 9, 10, 11,
            0, 13, 14, 15,
            0, 0, 0, 0}, cropped(2, 0));
        // (2, 2): the bottom-right window; (1, 1): the image itself.
        assertArrayEquals(new float[] {
            6, 7, 8, 0,
            10, 11, 12, 0,
            14, 15, 16, 0,
            0, 0, 0, 0}, cropped(2, 2));
        assertArrayEquals(image4x4(), cropped(1, 1));
    }

    /** Crop of {@link #image4x4()} with padding 1 at (dy, dx), padded by 2 junk floats each side. */
    private static float[] cropped(int dy, int dx) {
        float[] buf = new float[20];
        Arrays.fill(buf, -1f);
        System.arraycopy(image4x4(), 0, buf, 2, 16);
        Augmentation.crop(buf, 2, 4, 4, 1, dy, dx);
        assertEquals(-1f, buf[0]);
        assertEquals(-1f, buf[1]);
        assertEquals(-1f, buf[18]);
        assertEquals(-1f, buf[19]);
        return Arrays.copyOfRange(buf, 2, 18);
    }

    @Test
    void cropAgreesWithPadThenSliceForEveryOffset() {
        // The definition written out: out[r][c] = in[r+dy-p][c+dx-p] or 0, on a 5x3 image, p = 2.
        int rows = 5;
        int cols = 3;
        int p = 2;
        for (int dy = 0; dy <= 2 * p; dy++) {
            for (int dx = 0; dx <= 2 * p; dx++) {
                float[] in = new float[rows * cols];
                for (int i = 0; i < in.length; i++) {
                    in[i] = 100 + i;
                }
                float[] want = new float[in.length];
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        int sr = r + dy - p;
                        int sc = c + dx - p;
                        want[r * cols + c] = sr >= 0 && sr < rows && sc >= 0 && sc < cols ? in[sr * cols + sc] : 0f;
                    }
                }
                Augmentation.crop(in, 0, rows, cols, p, dy, dx);
                assertArrayEquals(want, in, "offset (" + dy + ", " + dx + ")");
            }
        }
    }

    @Test
    void flipReversesEachRow() {
        float[] x = image4x4();
        Augmentation.flip(x, 0, 4, 4);
        assertArrayEquals(new float[] {4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9, 16, 15, 14, 13}, x);
        float[] odd = {1, 2, 3, 4, 5, 6};
        Augmentation.flip(odd, 0, 2, 3);
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, odd);
    }

    @Test
    void applyCropsThenFlipsWithTheSampleDrawsAndTreatsChannelsAlike() {
        // Two channels of 4x4: channel 0 = 1..16, channel 1 = 101..116; sample index 7.
        Augmentation aug = new Augmentation(1, 0.5);
        long seed = 11;
        int epoch = 3;
        long key = Augmentation.sampleKey(seed, epoch, 7);
        int dy = Augmentation.offset(key, 0, 1);
        int dx = Augmentation.offset(key, 1, 1);
        boolean flip = Augmentation.flips(key, 0.5);
        float[] x = new float[32];
        for (int i = 0; i < 16; i++) {
            x[i] = i + 1;
            x[16 + i] = 101 + i;
        }
        aug.apply(x, new int[] {7}, 2, 4, 4, seed, epoch);
        float[] want = cropped(dy, dx);
        if (flip) {
            Augmentation.flip(want, 0, 4, 4);
        }
        assertArrayEquals(want, Arrays.copyOfRange(x, 0, 16));
        for (int i = 0; i < 16; i++) {
            // padding stays 0 in channel 1 too; every image pixel is channel 0's plus 100
            float c1 = x[16 + i];
            assertEquals(want[i] == 0 ? 0f : want[i] + 100, c1, "pixel " + i);
        }
    }

    @Test
    void offsetsAndFlipsAreUniform() {
        // 90000 samples, padding 4: dy and dx each take 9 values with expected count 10000.
        // Pearson chi-square with 8 degrees of freedom: P(X > 26.12) = 0.001. The joint (dy, dx)
        // over 81 cells (expected 1111.1) has 80 degrees of freedom: P(X > 124.84) = 0.001.
        // Flips with p = 0.5: the count is Binomial(90000, 1/2), mean 45000, sd sqrt(90000/4) =
        // 150; the bound 5 sd = 750 has a two-sided tail probability below 6e-7.
        // The draws are fixed by the seed, so the test cannot flake; a biased generator would
        // exceed the bounds by orders of magnitude (e.g. a 1% bias on one value: +9 in chi-square).
        int n = 90_000;
        int p = 4;
        long[] dy = new long[9];
        long[] dx = new long[9];
        long[] joint = new long[81];
        long flips = 0;
        for (int i = 0; i < n; i++) {
            long key = Augmentation.sampleKey(2024, 5, i);
            int a = Augmentation.offset(key, 0, p);
            int b = Augmentation.offset(key, 1, p);
            dy[a]++;
            dx[b]++;
            joint[a * 9 + b]++;
            flips += Augmentation.flips(key, 0.5) ? 1 : 0;
        }
        assertTrue(chiSquare(dy, n) < 26.12, "dy " + Arrays.toString(dy));
        assertTrue(chiSquare(dx, n) < 26.12, "dx " + Arrays.toString(dx));
        assertTrue(chiSquare(joint, n) < 124.84, "joint chi-square " + chiSquare(joint, n));
        assertTrue(Math.abs(flips - 45_000) < 750, "flips " + flips);
        // The same sample indices in the next epoch draw other offsets.
        int same = 0;
        for (int i = 0; i < 1000; i++) {
            long k5 = Augmentation.sampleKey(2024, 5, i);
            long k6 = Augmentation.sampleKey(2024, 6, i);
            same += Augmentation.offset(k5, 0, p) == Augmentation.offset(k6, 0, p) ? 1 : 0;
        }
        // Independent draws agree with probability 1/9: about 111 of 1000, sd 9.9.
        assertTrue(same > 60 && same < 170, "epochs 5 and 6 agree on dy for " + same + " of 1000 samples");
    }

    private static double chiSquare(long[] counts, int n) {
        double expected = (double) n / counts.length;
        double chi = 0;
        for (long c : counts) {
            chi += (c - expected) * (c - expected) / expected;
        }
        return chi;
    }

    /** 40 distinct 4x4 images: image i has pixel k = (i*16 + k) mod 251 + 1 (never 0). */
    private static ImageDataset distinct(int n) {
        byte[] px = new byte[n * 16];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i % 251 + 1);
        }
        return new ImageDataset("distinct", 4, 4, px, new byte[n]);
    }

    private static Map<Integer, float[]> byIndex(DataLoader loader, int epoch, int start) {
        Map<Integer, float[]> out = new HashMap<>();
        try (DataLoader.Epoch e = loader.epoch(epoch, start)) {
            for (Batch b : e) {
                for (int k = 0; k < b.size(); k++) {
                    out.put(b.indices()[k], Arrays.copyOfRange(b.x().data(), k * 16, k * 16 + 16));
                }
            }
        }
        return out;
    }

    @Test
    void eachSampleGetsTheSameAugmentationWhateverTheBatchingThreadOrStartBatch() {
        ImageDataset ds = distinct(40);
        Augmentation aug = Augmentation.parse("crop:1,flip");
        DataLoader prefetched = DataLoader.builder(ds).batchSize(8).seed(5).augment(aug).prefetch(2).build();
        DataLoader inline = DataLoader.builder(ds).batchSize(5).seed(5).augment(aug).prefetch(0).build();
        Map<Integer, float[]> a = byIndex(prefetched, 2, 0);
        Map<Integer, float[]> b = byIndex(inline, 2, 0);
        assertEquals(40, a.size());
        for (int i = 0; i < 40; i++) {
            assertArrayEquals(a.get(i), b.get(i), "sample " + i);
            // and equal to the definition applied to the plain image
            float[] want = ds.batch(new int[] {i}, Layout.FLAT).x().data();
            long key = Augmentation.sampleKey(5, 2, i);
            Augmentation.crop(want, 0, 4, 4, 1, Augmentation.offset(key, 0, 1), Augmentation.offset(key, 1, 1));
            if (Augmentation.flips(key, 0.5)) {
                Augmentation.flip(want, 0, 4, 4);
            }
            assertArrayEquals(want, a.get(i), "sample " + i);
        }
        // Resuming epoch 2 at batch 3 (of 5) gives the remaining samples exactly as before.
        Map<Integer, float[]> tail = byIndex(prefetched, 2, 3);
        assertEquals(16, tail.size());
        for (Map.Entry<Integer, float[]> e : tail.entrySet()) {
            assertArrayEquals(a.get(e.getKey()), e.getValue(), "sample " + e.getKey());
        }
        // The NCHW layout gets the same pixels.
        DataLoader nchw = DataLoader.builder(ds).batchSize(8).seed(5).augment(aug).layout(Layout.NCHW).build();
        Batch first = nchw.batch(2, 0);
        assertArrayEquals(new int[] {8, 1, 4, 4}, first.x().shape());
        assertArrayEquals(a.get(first.indices()[0]), Arrays.copyOfRange(first.x().data(), 0, 16));
        // Another epoch augments differently; no augmentation leaves the images alone.
        Map<Integer, float[]> other = byIndex(prefetched, 3, 0);
        int differ = 0;
        for (int i = 0; i < 40; i++) {
            differ += Arrays.equals(a.get(i), other.get(i)) ? 0 : 1;
        }
        assertTrue(differ > 20, differ + " of 40 samples changed between epochs");
        Map<Integer, float[]> plain = byIndex(DataLoader.builder(ds).batchSize(8).seed(5).build(), 2, 0);
        assertArrayEquals(ds.batch(new int[] {9}, Layout.FLAT).x().data(), plain.get(9));
    }

    @Test
    void cropAndFlipHappenInTheRightProportionsInABatch() {
        // With padding 1 the identity offset (1, 1) has probability 1/9; most samples move.
        ImageDataset ds = distinct(400);
        Batch b = DataLoader.builder(ds).batchSize(400).seed(1).augment(Augmentation.parse("crop:1")).build().batch(0, 0);
        Set<Integer> unchanged = new HashSet<>();
        for (int k = 0; k < 400; k++) {
            float[] orig = ds.batch(new int[] {b.indices()[k]}, Layout.FLAT).x().data();
            if (Arrays.equals(orig, Arrays.copyOfRange(b.x().data(), k * 16, k * 16 + 16))) {
                unchanged.add(k);
            }
        }
        // Binomial(400, 1/9): mean 44.4, sd 6.3; 6 sd either side.
        assertTrue(unchanged.size() > 6 && unchanged.size() < 83, unchanged.size() + " unchanged");
    }

    @Test
    void applyAllocatesNothingPerSample() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Augmentation aug = Augmentation.parse("crop:4,flip");
        int n = 2000;
        float[] x = new float[n * 784];
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        aug.apply(x, idx, 1, 28, 28, 1, 0);
        long tid = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(tid);
        aug.apply(x, idx, 1, 28, 28, 1, 1);
        long bytes = threads.getThreadAllocatedBytes(tid) - before;
        // One object per sample would be at least 16 bytes x 2000 = 32000 bytes.
        assertTrue(bytes < 16_000, bytes + " bytes allocated augmenting " + n + " samples");
    }

    @Test
    void parsesSpecsStrictly() {
        assertEquals(new Augmentation(4, 0.5), Augmentation.parse("crop:4,flip"));
        assertEquals(new Augmentation(4, 0.5), Augmentation.parse("flip,crop:4"));
        assertEquals(new Augmentation(0, 0.25), Augmentation.parse("flip:0.25"));
        assertEquals(new Augmentation(2, 0), Augmentation.parse("crop:2"));
        assertTrue(Augmentation.parse("none").isNone());
        for (String spec : List.of("crop:4,flip", "crop:2", "flip:0.25", "none")) {
            assertEquals(Augmentation.parse(spec), Augmentation.parse(Augmentation.parse(spec).spec()), spec);
        }
        List<String[]> bad = new ArrayList<>();
        bad.add(new String[] {"crop", "crop needs its padding"});
        bad.add(new String[] {"crop:x", "crop padding 'x' in 'crop:x' is not an integer"});
        bad.add(new String[] {"crop:0", "crop padding must be >= 1, got 0"});
        bad.add(new String[] {"crop:-2", "crop padding must be >= 1, got -2"});
        bad.add(new String[] {"crop:4,", "empty item in 'crop:4,'"});
        bad.add(new String[] {"crop:4,crop:2", "names crop twice"});
        bad.add(new String[] {"flip:1.5", "flip probability must be in (0, 1], got 1.5"});
        bad.add(new String[] {"flip:0", "flip probability must be in (0, 1], got 0"});
        bad.add(new String[] {"flip:half", "flip probability 'half' in 'flip:half' is not a number"});
        bad.add(new String[] {"blur", "unknown augmentation 'blur' in 'blur'"});
        bad.add(new String[] {"crop: 4", "is not an integer"});
        bad.add(new String[] {"", "empty augmentation spec"});
        for (String[] b : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Augmentation.parse(b[0]),
                    b[0]);
            assertTrue(e.getMessage().contains(b[1]), b[0] + ": " + e.getMessage());
        }
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.builder(distinct(2)).augment(Augmentation.parse("crop:4")));
        assertEquals("crop padding 4 must be smaller than the image (4x4)", big.getMessage());
        assertFalse(Augmentation.NONE.spec().isEmpty());
    }
}
