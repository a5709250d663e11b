package org.snn4j.core.tensor;

import org.snn4j.core.util.Parallel;

/**
 * A 0/1 sequence of {@code length} elements stored one bit per element: element {@code i} is bit
 * {@code i & 63} of word {@code i >>> 6} (little-endian within a word), bits past {@code length} are 0.
 * Packing maps every non-zero entry to 1, so unpacking a 0/1 array gives it back exactly.
 *
 * <p>This is how spike tensors kept for backward are stored ({@link Tensor#packSpikes()}): 1/8 of the
 * memory of one byte per spike, 1/32 of a float. Packing and unpacking run in parallel over blocks of
 * words; each word is written by one task, so the result does not depend on the thread count.
 */
public final class PackedBits {
    /** Words per parallel task (64K elements). */
    private static final int WORDS_PER_TASK = 1024;

    private final long[] words;
    private final int length;

    private PackedBits(long[] words, int length) {
        this.words = words;
        this.length = length;
    }

    /** Number of words needed for {@code length} bits. */
    public static int wordCount(int length) {
        return (int) (((long) length + 63) >>> 6);
    }

    /** Packs {@code x}: element {@code i} is 1 when {@code x[i] != 0}. */
    public static PackedBits pack(byte[] x) {
        return pack(x.length, (base, lim) -> {
            long word = 0;
            for (int k = 0; k < lim; k++) {
                // (b | -b) >>> 31 is 1 for any non-zero byte, 0 for 0: no branch per element
                int b = x[base + k];
                word |= (long) ((b | -b) >>> 31) << k;
            }
            return word;
        });
    }

    /** Packs {@code x}: element {@code i} is 1 when {@code x[i] != 0} (NaN counts as non-zero). */
    public static PackedBits pack(float[] x) {
        return pack(x.length, (base, lim) -> {
            long word = 0;
            for (int k = 0; k < lim; k++) {
                if (x[base + k] != 0f) {
                    word |= 1L << k;
                }
            }
            return word;
        });
    }

    /** Builds the word of {@code count} elements from element {@code base} on (for {@link #pack(int, WordPacker)}). */
    @FunctionalInterface
    private interface WordPacker {
        long word(int base, int count);
    }

    /**
     * {@code length} elements, every word built by {@code packer}, {@value #WORDS_PER_TASK} words per parallel
     * task; the last word's count stops at {@code length}.
     */
    private static PackedBits pack(int length, WordPacker packer) {
        long[] words = new long[wordCount(length)];
        Parallel.forRange(words.length, WORDS_PER_TASK, (from, to) -> {
            for (int wi = from; wi < to; wi++) {
                int base = wi << 6;
                words[wi] = packer.word(base, Math.min(64, length - base));
            }
        });
        return new PackedBits(words, length);
    }

    /**
     * Wraps {@code words} (not copied) as {@code length} bits; bits past {@code length} must be 0 and
     * {@code words} must have exactly {@link #wordCount}{@code (length)} entries.
     */
    public static PackedBits wrap(long[] words, int length) {
        if (length < 0 || words.length != wordCount(length)) {
            throw new IllegalArgumentException("PackedBits: " + length + " bits need " + wordCount(Math.max(0, length))
                    + " words, got " + words.length);
        }
        int tail = length & 63;
        if (tail != 0 && (words[words.length - 1] >>> tail) != 0) {
            throw new IllegalArgumentException("PackedBits: bits past length " + length + " are set");
        }
        return new PackedBits(words, length);
    }

    /** Number of elements. */
    public int length() {
        return length;
    }

    /** The words (read only; shared, not copied). */
    public long[] words() {
        return words;
    }

    /** Element {@code i} (0 or 1). */
    public int get(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("bit " + i + " of " + length);
        }
        return (int) (words[i >>> 6] >>> i) & 1;
    }

    /** Number of ones. */
    public long count() {
        long c = 0;
        for (long w : words) {
            c += Long.bitCount(w);
        }
        return c;
    }

    /** Bytes held by the words array's elements. */
    public long sizeBytes() {
        return 8L * words.length;
    }

    /** Writes elements {@code [from, from+len)} as 0/1 bytes to {@code dst[dOff..]}. */
    public void unpack(int from, int len, byte[] dst, int dOff) {
        for (int j = 0; j < len; j++) {
            int i = from + j;
            dst[dOff + j] = (byte) ((words[i >>> 6] >>> i) & 1);
        }
    }

    /** All elements as 0/1 bytes (a new array). */
    public byte[] toBytes() {
        byte[] out = new byte[length];
        forEachWord((word, base, lim) -> {
            for (int k = 0; k < lim; k++) {
                out[base + k] = (byte) ((word >>> k) & 1);
            }
        });
        return out;
    }

    /** All elements as 0/1 floats (a new array). */
    public float[] toFloats() {
        float[] out = new float[length];
        forEachWord((word, base, lim) -> {
            for (int k = 0; k < lim; k++) {
                out[base + k] = (float) ((word >>> k) & 1);
            }
        });
        return out;
    }

    /** What {@link #forEachWord} hands each word to: the word, its first element and its element count. */
    @FunctionalInterface
    private interface WordAction {
        void apply(long word, int base, int count);
    }

    /**
     * Runs {@code action} on every word, {@value #WORDS_PER_TASK} words per parallel task; the last word's count
     * stops at {@code length}.
     */
    private void forEachWord(WordAction action) {
        Parallel.forRange(words.length, WORDS_PER_TASK, (from, to) -> {
            for (int wi = from; wi < to; wi++) {
                int base = wi << 6;
                action.apply(words[wi], base, Math.min(64, length - base));
            }
        });
    }
}
