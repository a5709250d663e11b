package org.snn4j.core.kernel;

import org.snn4j.core.util.Parallel;

/** Plain-Java matrix product: the reference every other backend is tested against. */
public final class ScalarGemm implements Gemm {
    @Override
    public String name() {
        return "java-scalar";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        Parallel.forRange(m, 16, (from, to) -> {
            for (int i = from; i < to; i++) {
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    float acc = 0f;
                    for (int p = 0; p < k; p++) {
                        float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                        acc += av * bv;
                    }
                    c[ci + j] = beta == 0f ? alpha * acc : alpha * acc + beta * c[ci + j];
                }
            }
        });
    }
}
