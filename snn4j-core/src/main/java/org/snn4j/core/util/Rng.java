package org.snn4j.core.util;

import java.util.SplittableRandom;

/**
 * Seeded random streams. A stream for a given (seed, key) pair is always the same, so work split
 * across threads by sample or by neuron block draws the same numbers whatever the thread count.
 */
public final class Rng {
    private final SplittableRandom random;
    private final long seed;

    public Rng(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** The seed this stream was created with. */
    public long seed() {
        return seed;
    }

    /** An independent stream determined only by {@code seed} and {@code key}. */
    public static Rng derive(long seed, long key) {
        return new Rng(derivedSeed(seed, key));
    }

    /**
     * The seed of {@code derive(seed, key)} without building the stream: a counter-based hash of
     * (seed, key), for hot loops that need a few random bits per element and no allocation.
     */
    public static long derivedSeed(long seed, long key) {
        return mix(seed * 0x9E3779B97F4A7C15L + key);
    }

    /** An independent child stream keyed by {@code key} (does not advance this stream). */
    public Rng derive(long key) {
        return derive(seed, key);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public float nextFloat() {
        return (float) ((random.nextLong() >>> 40) * 0x1.0p-24);
    }

    public double nextDouble() {
        return random.nextDouble();
    }

    /** Uniform in [lo, hi). */
    public float uniform(float lo, float hi) {
        return lo + (hi - lo) * nextFloat();
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public long nextLong() {
        return random.nextLong();
    }

    /** Standard normal (Box-Muller on doubles). */
    public double nextGaussian() {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** A random permutation of {@code 0..n-1} (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }
}
