package org.snn4j.core.kernel.internal;

/**
 * Argument checks shared by the GEMM backends. Native code reads the arrays without bounds
 * checks, so every extent is validated here before a call leaves the JVM.
 */
public final class GemmArgs {
    private GemmArgs() {
    }

    /** Throws {@link IllegalArgumentException} naming the first bad argument and its value. */
    public static void check(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        // stored shapes: A is (transA ? k x m : m x k), B is (transB ? n x k : k x n)
        matrix("a", a, aOff, lda, transA ? k : m, transA ? m : k);
        matrix("b", b, bOff, ldb, transB ? n : k, transB ? k : n);
        matrix("c", c, cOff, ldc, m, n);
    }

    private static void matrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) {
            if (off < 0) {
                throw new IllegalArgumentException(name + "Off must be >= 0, got " + off);
            }
            return;
        }
        if (x == null) {
            throw new IllegalArgumentException(name + " is null but the product needs a " + rows + "x" + cols + " matrix");
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("ld" + name + " must be >= " + cols + " (stored columns), got " + ld);
        }
        long last = (long) off + (long) (rows - 1) * ld + cols - 1;
        if (off < 0 || last >= x.length) {
            throw new IllegalArgumentException(name + ": a " + rows + "x" + cols + " matrix at offset " + off
                    + " with stride " + ld + " needs " + (last + 1) + " elements, array has " + x.length);
        }
    }

    /** {@code C = beta * C} on an m x n block (beta 0 writes zeros, so NaNs in C do not survive). */
    public static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int o = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, o, o + n, 0f);
            } else {
                for (int j = 0; j < n; j++) {
                    c[o + j] *= beta;
                }
            }
        }
    }
}
