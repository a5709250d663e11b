package org.snn4j.sim.codegen;

/**
 * Finds the next index whose value passes a comparison with a constant: the prefilter of generated
 * threshold loops. A threshold such as {@code v > Vt and not_refractory} can only hold where
 * {@code v > Vt}, and in a step few neurons pass, so the generated loop jumps from one candidate to
 * the next and evaluates the whole condition only there. Each method returns the least
 * {@code i} in {@code [from, to)} with {@code a[i] OP c}, or {@code to} if there is none; NaN
 * never passes, as in Java's comparisons.
 *
 * <p>The Vector API version (used when the {@code jdk.incubator.vector} module is present, unless
 * {@code -Dsnn4j.kernels=scalar}) compares a whole vector of values at once; the scalar version is
 * the reference, and both return the same index.
 */
public final class Scan {
    /** One implementation of the four comparisons on double and float arrays. */
    interface Impl {
        int above(double[] a, int from, int to, double c);
        int atLeast(double[] a, int from, int to, double c);
        int below(double[] a, int from, int to, double c);
        int atMost(double[] a, int from, int to, double c);
        int above(float[] a, int from, int to, double c);
        int atLeast(float[] a, int from, int to, double c);
        int below(float[] a, int from, int to, double c);
        int atMost(float[] a, int from, int to, double c);
    }

    private static final Impl IMPL = choose();

    private Scan() {
    }

    private static Impl choose() {
        if (System.getProperty("snn4j.kernels", "").trim().equalsIgnoreCase("scalar")) return ScalarScan.INSTANCE;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return ScalarScan.INSTANCE;
        try {
            return (Impl) Class.forName("org.snn4j.sim.codegen.VectorScan").getDeclaredConstructor().newInstance();
        } catch (LinkageError | ReflectiveOperationException e) {
            return ScalarScan.INSTANCE;
        }
    }

    /** True when the Vector API version is in use. */
    public static boolean vectorised() { return !(IMPL instanceof ScalarScan); }

    /** The least {@code i} in {@code [from, to)} with {@code a[i] > c}, else {@code to}. */
    public static int above(double[] a, int from, int to, double c) { return IMPL.above(a, from, to, c); }

    /** The least {@code i} in {@code [from, to)} with {@code a[i] >= c}, else {@code to}. */
    public static int atLeast(double[] a, int from, int to, double c) { return IMPL.atLeast(a, from, to, c); }

    /** The least {@code i} in {@code [from, to)} with {@code a[i] < c}, else {@code to}. */
    public static int below(double[] a, int from, int to, double c) { return IMPL.below(a, from, to, c); }

    /** The least {@code i} in {@code [from, to)} with {@code a[i] <= c}, else {@code to}. */
    public static int atMost(double[] a, int from, int to, double c) { return IMPL.atMost(a, from, to, c); }

    /** The least {@code i} in {@code [from, to)} with {@code (double) a[i] > c}, else {@code to}. */
    public static int above(float[] a, int from, int to, double c) { return IMPL.above(a, from, to, c); }

    /** The least {@code i} in {@code [from, to)} with {@code (double) a[i] >= c}, else {@code to}. */
    public static int atLeast(float[] a, int from, int to, double c) { return IMPL.atLeast(a, from, to, c); }

    /** The least {@code i} in {@code [from, to)} with {@code (double) a[i] < c}, else {@code to}. */
    public static int below(float[] a, int from, int to, double c) { return IMPL.below(a, from, to, c); }

    /** The least {@code i} in {@code [from, to)} with {@code (double) a[i] <= c}, else {@code to}. */
    public static int atMost(float[] a, int from, int to, double c) { return IMPL.atMost(a, from, to, c); }

    // float comparisons with a double constant, as float comparisons (exact: no float lies strictly between
    // the two bounds below and c)

    /** The largest float {@code f <= c}: {@code x > c} iff {@code x > f} when {@code f < c}, and when {@code f == c}. */
    static float floorFloat(double c) {
        float f = (float) c;
        return f > c ? Math.nextDown(f) : f;
    }

    /** The least float {@code f >= c}. */
    static float ceilFloat(double c) {
        float f = (float) c;
        return f < c ? Math.nextUp(f) : f;
    }
}
