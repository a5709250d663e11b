package org.snn4j.sim.codegen;

/**
 * Counter-based random numbers for generated code: the value for (seed, time step, neuron, call
 * site) is a hash of those four numbers (SplitMix64's finaliser applied in rounds), so it does not
 * depend on how neurons are split among threads or in which order they are visited.
 */
public final class RandomStreams {
    private RandomStreams() {}

    private static final double INV_2_53 = 0x1.0p-53;

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 64 random bits for the counter (seed, step, index, site). */
    public static long bits(long seed, long step, long index, long site) {
        long z = mix(seed + 0x9E3779B97F4A7C15L);
        z = mix(z ^ (step * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
        z = mix(z ^ (index * 0xD1B54A32D192ED03L + 0x8CB92BA72F3D8DD7L));
        return mix(z ^ (site * 0xABC98388FB8FAC03L + 0x7F4A7C159E3779B9L));
    }

    /** A uniform number in [0, 1). */
    public static double uniform(long seed, long step, long index, long site) {
        return (bits(seed, step, index, site) >>> 11) * INV_2_53;
    }

    /** A standard normal number (Box-Muller on two uniforms of sub-sites 2*site and 2*site+1). */
    public static double normal(long seed, long step, long index, long site) {
        double u1 = 1.0 - uniform(seed, step, index, 2 * site);  // (0, 1]
        double u2 = uniform(seed, step, index, 2 * site + 1);
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
