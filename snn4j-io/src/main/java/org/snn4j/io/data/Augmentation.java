package org.snn4j.io.data;

import java.util.Locale;

import org.snn4j.core.util.Rng;

/**
 * Random image augmentation of training batches: a random crop with zero padding, then a random
 * horizontal flip (torchvision's {@code RandomCrop(size=(H, W), padding=p)} followed by
 * {@code RandomHorizontalFlip(prob)}).
 *
 * <p><b>Crop.</b> The H x W image is padded with p zeros on every side, to (H+2p) x (W+2p), and
 * the H x W window at offset (dy, dx), each uniform in {0, ..., 2p}, is kept:
 * <pre>  out[r][c] = in[r + dy - p][c + dx - p], or 0 where that lies outside the image.</pre>
 * (dy, dx) = (p, p) is the identity. <b>Flip.</b> With probability {@code flip},
 * {@code out[r][c] = in[r][W-1-c]}. All channels of a sample share its offset and flip.
 *
 * <p><b>Randomness.</b> Sample i (its index in the data set) of epoch e draws only from
 * {@code k = Rng.derivedSeed(Rng.derivedSeed(Rng.derivedSeed(seed, KEY), e), i)}: draw d
 * (0: dy, 1: dx, 2: flip), attempt a, reads the 64-bit word {@code Rng.derivedSeed(k, 4a + d)}.
 * An offset is an exact uniform integer (Lemire's multiply-shift on the high 32 bits, rejecting
 * the {@code 2^32 mod n} low products that would bias it); the flip happens when the top 53 bits
 * as a fraction are below {@code flip}. So the result depends on (seed, epoch, sample) only:
 * not on the batch the sample lands in, the thread that builds it, or where a run resumed.
 *
 * <p>{@link #apply} works in place on the batch's floats ({@code [B, C*H*W]} or
 * {@code [B, C, H, W]}, both row-major), with no allocation: rows move with
 * {@code System.arraycopy}, in the order that never overwrites a row still to be read.
 *
 * @param padding zero padding p of the crop on each side; 0 = no crop
 * @param flip    probability of a horizontal flip; 0 = never
 */
public record Augmentation(int padding, double flip) {
    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(0, 0);

    /** Stream key of the augmentation draws, so they share no numbers with shuffles or encodings. */
    static final long KEY = 0xA06_3E27L;

    public Augmentation {
        if (padding < 0) {
            throw new IllegalArgumentException("crop padding must be >= 0, got " + padding);
        }
        if (!(flip >= 0 && flip <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + flip);
        }
    }

    /** Whether this changes nothing. */
    public boolean isNone() {
        return padding == 0 && flip == 0;
    }

    /**
     * Parses {@code none} or a comma-separated list of {@code crop:P} (padding P >= 1) and
     * {@code flip} / {@code flip:PROB} (0 < PROB <= 1, default 0.5), each at most once, e.g.
     * {@code crop:4,flip}. Anything else is an error that says what was wrong.
     */
    public static Augmentation parse(String spec) {
        if (spec == null || spec.isEmpty()) {
            throw new IllegalArgumentException("empty augmentation spec; use none or e.g. crop:4,flip");
        }
        if (spec.equals("none")) {
            return NONE;
        }
        Integer pad = null;
        Double flip = null;
        for (String item : spec.split(",", -1)) {
            int colon = item.indexOf(':');
            String name = colon < 0 ? item : item.substring(0, colon);
            String value = colon < 0 ? null : item.substring(colon + 1);
            switch (name) {
                case "crop" -> {
                    if (pad != null) {
                        throw new IllegalArgumentException("'" + spec + "' names crop twice");
                    }
                    if (value == null) {
                        throw new IllegalArgumentException("crop needs its padding, e.g. crop:4, in '" + spec + "'");
                    }
                    int p;
                    try {
                        p = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("crop padding '" + value + "' in '" + spec
                                + "' is not an integer");
                    }
                    if (p < 1) {
                        throw new IllegalArgumentException("crop padding must be >= 1, got " + p + " in '" + spec + "'");
                    }
                    pad = p;
                }
                case "flip" -> {
                    if (flip != null) {
                        throw new IllegalArgumentException("'" + spec + "' names flip twice");
                    }
                    double f = 0.5;
                    if (value != null) {
                        try {
                            f = Double.parseDouble(value);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("flip probability '" + value + "' in '" + spec
                                    + "' is not a number");
                        }
                        if (!(f > 0 && f <= 1)) {
                            throw new IllegalArgumentException("flip probability must be in (0, 1], got " + value
                                    + " in '" + spec + "'");
                        }
                    }
                    flip = f;
                }
                case "" -> throw new IllegalArgumentException("empty item in '" + spec + "'");
                default -> throw new IllegalArgumentException("unknown augmentation '" + name + "' in '" + spec
                        + "'; known: crop:P, flip[:PROB], or none");
            }
        }
        return new Augmentation(pad == null ? 0 : pad, flip == null ? 0 : flip);
    }

    /** The canonical spec that {@link #parse} reads back to this ({@code none}, {@code crop:4,flip}). */
    public String spec() {
        if (isNone()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        if (padding > 0) {
            s.append("crop:").append(padding);
        }
        if (flip > 0) {
            s.append(s.isEmpty() ? "" : ",").append("flip");
            if (flip != 0.5) {
                s.append(':').append(String.format(Locale.ROOT, "%s", flip));
            }
        }
        return s.toString();
    }

    /** Checks that the crop fits images of {@code rows x cols}: the padding must be smaller than both sides. */
    public void check(int rows, int cols) {
        if (padding >= rows || padding >= cols) {
            throw new IllegalArgumentException("crop padding " + padding + " must be smaller than the image ("
                    + rows + "x" + cols + ")");
        }
    }

    /**
     * Augments the {@code indices.length} images in {@code x} in place; image k is sample
     * {@code indices[k]} and holds {@code channels*rows*cols} floats from {@code k*channels*rows*cols}.
     */
    public void apply(float[] x, int[] indices, int channels, int rows, int cols, long seed, int epoch) {
        if (isNone()) {
            return;
        }
        int size = channels * rows * cols;
        if (x.length != (long) indices.length * size) {
            throw new IllegalArgumentException("batch has " + x.length + " floats but " + indices.length
                    + " images of " + channels + "x" + rows + "x" + cols + " need " + (long) indices.length * size);
        }
        long epochKey = epochKey(seed, epoch);
        for (int k = 0; k < indices.length; k++) {
            long key = Rng.derivedSeed(epochKey, indices[k]);
            int off = k * size;
            if (padding > 0) {
                int dy = offset(key, 0, padding);
                int dx = offset(key, 1, padding);
                for (int ch = 0; ch < channels; ch++) {
                    crop(x, off + ch * rows * cols, rows, cols, padding, dy, dx);
                }
            }
            if (flip > 0 && flips(key, flip)) {
                for (int ch = 0; ch < channels; ch++) {
                    flip(x, off + ch * rows * cols, rows, cols);
                }
            }
        }
    }

    /** The key of epoch {@code epoch}'s draws under {@code seed}. */
    public static long epochKey(long seed, int epoch) {
        return Rng.derivedSeed(Rng.derivedSeed(seed, KEY), epoch);
    }

    /** The key of one sample's draws: {@code Rng.derivedSeed(epochKey(seed, epoch), index)}. */
    public static long sampleKey(long seed, int epoch, int index) {
        return Rng.derivedSeed(epochKey(seed, epoch), index);
    }

    /** Crop offset {@code draw} (0: dy, 1: dx) of a sample, uniform in {0, ..., 2*padding}. */
    public static int offset(long sampleKey, int draw, int padding) {
        long n = 2L * padding + 1;
        // Lemire: m = u * n for a uniform 32-bit u; m >>> 32 is uniform in [0, n) once the
        // (2^32 mod n) values of u whose low product falls below that threshold are rejected.
        long threshold = (1L << 32) % n;
        for (int attempt = 0; ; attempt++) {
            long u = Rng.derivedSeed(sampleKey, 4L * attempt + draw) >>> 32;
            long m = u * n;
            if ((m & 0xFFFF_FFFFL) >= threshold) {
                return (int) (m >>> 32);
            }
        }
    }

    /** Whether a sample is flipped: its 53-bit uniform fraction is below {@code probability}. */
    public static boolean flips(long sampleKey, double probability) {
        return (Rng.derivedSeed(sampleKey, 2) >>> 11) * 0x1.0p-53 < probability;
    }

    /**
     * Crops one {@code rows x cols} plane at {@code off} in place: window offset (dy, dx) of the
     * image padded by {@code padding} zeros, as in the class comment.
     */
    public static void crop(float[] x, int off, int rows, int cols, int padding, int dy, int dx) {
        int sy = dy - padding;
        int sx = dx - padding;
        if (sy == 0 && sx == 0) {
            return;
        }
        // Output columns [c0, c1) read input columns [c0 + sx, c1 + sx); the rest are padding.
        int c0 = Math.max(0, -sx);
        int c1 = Math.min(cols, cols - sx);
        // Moving down the image (sy > 0) reads rows below the one written, so go top to bottom;
        // otherwise bottom to top. Within a row arraycopy handles the overlap.
        int start = sy > 0 ? 0 : rows - 1;
        int step = sy > 0 ? 1 : -1;
        for (int i = 0, r = start; i < rows; i++, r += step) {
            int dst = off + r * cols;
            int srcRow = r + sy;
            if (srcRow < 0 || srcRow >= rows || c0 >= c1) {
                java.util.Arrays.fill(x, dst, dst + cols, 0f);
                continue;
            }
            System.arraycopy(x, off + srcRow * cols + c0 + sx, x, dst + c0, c1 - c0);
            java.util.Arrays.fill(x, dst, dst + c0, 0f);
            java.util.Arrays.fill(x, dst + c1, dst + cols, 0f);
        }
    }

    /** Reverses every row of one {@code rows x cols} plane at {@code off} in place. */
    public static void flip(float[] x, int off, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int a = off + r * cols;
            int b = a + cols - 1;
            while (a < b) {
                float t = x[a];
                x[a++] = x[b];
                x[b--] = t;
            }
        }
    }
}
