package org.snn4j.core.kernel;

/**
 * Single-precision matrix product on row-major arrays, BLAS-style:
 * {@code C = alpha * op(A) * op(B) + beta * C} with {@code op(A)} of shape m x k and
 * {@code op(B)} of shape k x n. {@code lda}, {@code ldb}, {@code ldc} are row strides of the
 * arrays as stored (before the transpose).
 *
 * <p>Implementations must give results that do not depend on the thread count.
 */
public interface Gemm {
    /** Short name for logs ("openblas", "java-vector", "java-scalar"). */
    String name();

    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc);
}
