package org.snn4j.io.data;

import java.util.Arrays;

import org.snn4j.core.util.Rng;

/** A training set with a held-out validation set carved from it. */
public record Split(ImageDataset train, ImageDataset validation) {
    /** Stream key for {@link #seeded}, so the split never shares numbers with epoch shuffles. */
    private static final long SPLIT_KEY = 0x5_9117L;

    /** The first {@code n} images validate, the rest train. */
    public static Split first(ImageDataset ds, int n) {
        checkSize(ds, n);
        return new Split(ds.select(range(n, ds.size())), ds.select(range(0, n)));
    }

    /** The last {@code n} images validate, the rest train. */
    public static Split last(ImageDataset ds, int n) {
        checkSize(ds, n);
        int cut = ds.size() - n;
        return new Split(ds.select(range(0, cut)), ds.select(range(cut, ds.size())));
    }

    /** {@code n} images drawn by {@code seed} validate; both parts keep the original order. */
    public static Split seeded(ImageDataset ds, int n, long seed) {
        checkSize(ds, n);
        int[] perm = Rng.derive(seed, SPLIT_KEY).permutation(ds.size());
        int[] val = Arrays.copyOfRange(perm, 0, n);
        int[] train = Arrays.copyOfRange(perm, n, perm.length);
        Arrays.sort(val);
        Arrays.sort(train);
        return new Split(ds.select(train), ds.select(val));
    }

    private static void checkSize(ImageDataset ds, int n) {
        if (n < 0 || n > ds.size()) {
            throw new IllegalArgumentException("validation size " + n + " out of range for " + ds.name()
                    + " with " + ds.size() + " images");
        }
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
