package org.snn4j.core.kernel;

import java.util.Locale;
import java.util.Optional;

import org.snn4j.core.util.Parallel;

/**
 * Chooses the kernel backends once, when this class initialises, and logs the choice as one
 * stderr line (also available from {@link #describe()}).
 *
 * <p>Matrix products: {@code -Dsnn4j.gemm=openblas|java|scalar}. Default: the Vector API kernel
 * when the module is present (measured faster than OpenBLAS 0.3.21 on this AVX-512 machine, and
 * thread-count independent, which OpenBLAS is not), else OpenBLAS when it loads, else scalar. Element-wise and neuron kernels:
 * {@code -Dsnn4j.kernels=vector|scalar} (default: the Vector API when the
 * {@code jdk.incubator.vector} module is present). Classes that use the Vector API are loaded
 * reflectively, so a JVM without the module falls back to scalar code instead of failing.
 */
public final class Kernels {
    private static final String VECTOR_GEMM = "org.snn4j.core.kernel.internal.VectorGemm";
    private static final String VECTOR_ELEMENTWISE = "org.snn4j.core.kernel.internal.VectorElementwiseKernels";

    private static volatile Gemm gemm;
    private static volatile ElementwiseKernels elementwise;
    private static volatile LinearPath linearPath = initialLinearPath();
    private static final boolean VECTOR_AVAILABLE;
    private static final int VECTOR_BITS;
    private static final String DESCRIPTION;

    static {
        ElementwiseKernels vec = null;
        int bits = 0;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            vec = (ElementwiseKernels) instantiate(VECTOR_ELEMENTWISE);
            if (vec != null) {
                try {
                    bits = (int) vec.getClass().getMethod("bits").invoke(null);
                } catch (ReflectiveOperationException | LinkageError e) {
                    vec = null;
                }
            }
        }
        VECTOR_AVAILABLE = vec != null;
        VECTOR_BITS = bits;

        String kernelsProp = property("snn4j.kernels", "vector");
        String kernelsNote = "";
        if (kernelsProp.equals("vector") && vec != null) {
            elementwise = vec;
        } else {
            elementwise = new ScalarElementwiseKernels();
            if (kernelsProp.equals("vector")) {
                kernelsNote = " (jdk.incubator.vector unavailable; add --add-modules jdk.incubator.vector)";
            } else if (!kernelsProp.equals("scalar")) {
                kernelsNote = " (unknown snn4j.kernels=" + kernelsProp + ")";
            }
        }

        String gemmProp = property("snn4j.gemm", VECTOR_AVAILABLE ? "java" : "openblas");
        String gemmText;
        Gemm chosen = null;
        String gemmNote = "";
        if (gemmProp.equals("openblas")) {
            Optional<OpenBlasGemm> ob = OpenBlasGemm.load();
            if (ob.isPresent()) {
                chosen = ob.get();
            } else {
                gemmNote = " (no OpenBLAS: " + OpenBlasGemm.loadFailure() + ")";
            }
        } else if (!gemmProp.equals("java") && !gemmProp.equals("scalar")) {
            gemmNote = " (unknown snn4j.gemm=" + gemmProp + ")";
        }
        if (chosen == null && !gemmProp.equals("scalar") && VECTOR_AVAILABLE) {
            chosen = (Gemm) instantiate(VECTOR_GEMM);
        }
        if (chosen == null) {
            chosen = new ScalarGemm();
        }
        gemm = chosen;
        if (chosen instanceof OpenBlasGemm ob) {
            gemmText = "openblas (" + ob.library() + ", " + Parallel.threads() + " threads)";
        } else {
            gemmText = chosen.name() + " (" + Parallel.threads() + " threads)" + gemmNote;
        }
        String kText = elementwise.name() + (elementwise == vec ? " (" + VECTOR_BITS + "-bit)" : "") + kernelsNote;
        DESCRIPTION = "snn4j: gemm=" + gemmText + ", kernels=" + kText;
        System.err.println(DESCRIPTION);
    }

    private Kernels() {
    }

    private static String property(String name, String def) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? def : v.trim().toLowerCase(Locale.ROOT);
    }

    private static Object instantiate(String cls) {
        try {
            return Class.forName(cls).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /**
     * A new instance of the vector implementation {@code vectorClass} of {@code type} when the vector kernels are
     * enabled ({@link #vectorEnabled()}) and it loads, else {@code scalar}.
     */
    public static <T> T vectorOr(Class<T> type, String vectorClass, T scalar) {
        if (vectorEnabled()) {
            Object v = instantiate(vectorClass);
            if (type.isInstance(v)) {
                return type.cast(v);
            }
        }
        return scalar;
    }

    /** The matrix-product backend in use. */
    public static Gemm gemm() {
        return gemm;
    }

    /** Replaces the matrix-product backend (tests compare backends this way). */
    public static void setGemm(Gemm g) {
        gemm = java.util.Objects.requireNonNull(g, "gemm");
    }

    private static LinearPath initialLinearPath() {
        String v = property("snn4j.linear", "auto");
        try {
            return LinearPath.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("snn4j: ignoring snn4j.linear=" + v + " (expected auto, dense or event)");
            return LinearPath.AUTO;
        }
    }

    /** How linear layers multiply binary inputs ({@code -Dsnn4j.linear}, default auto). */
    public static LinearPath linearPath() {
        return linearPath;
    }

    /** Forces the linear-layer path (tests and benchmarks). */
    public static void setLinearPath(LinearPath p) {
        linearPath = java.util.Objects.requireNonNull(p, "linearPath");
    }

    /** The element-wise kernels in use. */
    public static ElementwiseKernels elementwise() {
        return elementwise;
    }

    /** Replaces the element-wise kernels (tests compare implementations this way). */
    public static void setElementwise(ElementwiseKernels k) {
        elementwise = java.util.Objects.requireNonNull(k, "elementwise");
    }

    /** Whether the element-wise kernels in use are the Vector API ones. */
    public static boolean vectorEnabled() {
        return VECTOR_AVAILABLE && !(elementwise instanceof ScalarElementwiseKernels);
    }

    /** Whether the Vector API module is present and its kernels load (whatever is selected). */
    public static boolean vectorAvailable() {
        return VECTOR_AVAILABLE;
    }

    /** Preferred vector width in bits, or 0 without the Vector API. */
    public static int vectorBits() {
        return VECTOR_BITS;
    }

    /** A new Vector API GEMM, or empty without the module. */
    public static Optional<Gemm> vectorGemm() {
        return VECTOR_AVAILABLE ? Optional.ofNullable((Gemm) instantiate(VECTOR_GEMM)) : Optional.empty();
    }

    /** A new Vector API element-wise kernel set, or empty without the module. */
    public static Optional<ElementwiseKernels> vectorElementwise() {
        return VECTOR_AVAILABLE ? Optional.ofNullable((ElementwiseKernels) instantiate(VECTOR_ELEMENTWISE)) : Optional.empty();
    }

    /** The start-up log line, e.g. {@code snn4j: gemm=openblas (/usr/lib/.../libopenblas.so.0, 2 threads), kernels=vector (256-bit)}. */
    public static String describe() {
        return DESCRIPTION;
    }
}
