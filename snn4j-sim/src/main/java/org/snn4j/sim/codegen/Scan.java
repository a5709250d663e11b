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

    private static final java.util.concurrent.atomic.AtomicBoolean DOUBLES_WARMING = new java.util.concurrent.atomic.AtomicBoolean();
    private static final java.util.concurrent.atomic.AtomicBoolean FLOATS_WARMING = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Starts (once per JVM) a background thread that calls the double (or float) methods until the JIT has
     * compiled them. Vector API code runs about a thousand times slower before C2 compiles it (every vector is
     * an object), so the first steps of a large simulation would pay for it; a group that will scan calls this
     * when it is made, and the warm-up overlaps with connecting synapses and generating code.
     */
    public static void prewarm(boolean floats) {
        if (!vectorised() || !(floats ? FLOATS_WARMING : DOUBLES_WARMING).compareAndSet(false, true)) return;
        Thread t = new Thread(() -> warm(floats), "snn4j-scan-warmup");
        t.setDaemon(true);
        t.start();
    }

    /** Calls each method in batches until a batch runs at compiled speed (or a second has passed). */
    private static void warm(boolean floats) {
        final int n = 2048, batch = 64;
        double[] d = new double[n];
        float[] f = new float[n];
        java.util.Arrays.fill(d, -1);
        java.util.Arrays.fill(f, -1);
        d[n - 3] = 1;   // one value passes "above 0" near the end, so the found-lane path runs too
        f[n - 3] = 1;
        long deadline = System.nanoTime() + 1_000_000_000L;
        int sink = 0;
        for (int method = 0; method < 4; method++) {
            while (System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                for (int k = 0; k < batch; k++) {
                    double c = (k & 1) == 0 ? 0 : 2;
                    // ranges as the generated loops pass them: any start, any length, some shorter than a vector
                    // (code compiled only for the long ranges from 0 would be thrown away at the first other one)
                    int from = (k * 7) % 61, to = (k & 7) == 7 ? from + (k % 5) : n - (k % 11);
                    sink += switch (method) {
                        case 0 -> floats ? IMPL.above(f, from, to, c) : IMPL.above(d, from, to, c);
                        case 1 -> floats ? IMPL.atLeast(f, from, to, c) : IMPL.atLeast(d, from, to, c);
                        case 2 -> floats ? IMPL.below(f, from, to, -c) : IMPL.below(d, from, to, -c);
                        default -> floats ? IMPL.atMost(f, from, to, -c) : IMPL.atMost(d, from, to, -c);
                    };
                }
                // compiled: a few hundred nanoseconds per call of 2048 values; before: tens of microseconds
                if (System.nanoTime() - t0 < batch * 2_000L) break;
            }
        }
        warmSink = sink;   // keeps the calls from being optimised away
    }

    @SuppressWarnings("unused")
    private static volatile int warmSink;

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
