package org.snn4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/**
 * Every GEMM backend against the plain {@link ScalarGemm}. Tolerance per element:
 * {@code 1e-4 * max(1, |ref|) + 1e-6 * k}, above the rounding error of a length-k float sum of
 * terms in [-1, 1] accumulated in two different orders.
 */
class GemmBackendsTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    static Stream<String> backends() {
        return Stream.of("java-vector", "openblas");
    }

    static Gemm backend(String name) {
        switch (name) {
            case "java-vector" -> {
                assumeTrue(Kernels.vectorAvailable(), "jdk.incubator.vector not present");
                return Kernels.vectorGemm().orElseThrow();
            }
            case "openblas" -> {
                assumeTrue(OpenBlasGemm.load().isPresent(), () -> "OpenBLAS not found: " + OpenBlasGemm.loadFailure());
                return OpenBlasGemm.load().orElseThrow();
            }
            default -> throw new IllegalArgumentException("unknown backend " + name);
        }
    }

    static float[] rand(int n, Rng rng) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.uniform(-1, 1);
        }
        return x;
    }

    /** Runs one product on both the backend and the reference, with padding around every matrix. */
    static void compare(Gemm g, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta, Rng rng) {
        int aRows = ta ? k : m, aCols = ta ? m : k;
        int bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + rng.nextInt(3), ldb = bCols + rng.nextInt(3), ldc = n + rng.nextInt(3);
        int aOff = rng.nextInt(5), bOff = rng.nextInt(5), cOff = rng.nextInt(5);
        float[] a = rand(aOff + Math.max(0, aRows * lda) + 2, rng);
        float[] b = rand(bOff + Math.max(0, bRows * ldb) + 2, rng);
        float[] c0 = rand(cOff + Math.max(0, m * ldc) + 2, rng);
        float[] ref = c0.clone();
        float[] got = c0.clone();
        new ScalarGemm().sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, ref, cOff, ldc);
        g.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, got, cOff, ldc);
        String where = g.name() + " ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + k
                + " alpha=" + alpha + " beta=" + beta;
        for (int i = 0; i < got.length; i++) {
            boolean inside = i >= cOff && (i - cOff) / ldc < m && (i - cOff) % ldc < n;
            if (!inside) {
                assertEquals(c0[i], got[i], 0f, where + ": element " + i + " outside C changed");
            } else {
                double tol = 1e-4 * Math.max(1, Math.abs(ref[i])) + 1e-6 * k;
                if (!(Math.abs(got[i] - ref[i]) <= tol)) {
                    fail(where + ": C[" + (i - cOff) / ldc + "," + (i - cOff) % ldc + "] = " + got[i]
                            + ", reference " + ref[i]);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void matchesReferenceOnRandomShapesAllTransposes(String name) {
        Gemm g = backend(name);
        Rng rng = new Rng(42);
        int[][] shapes = {{1, 1, 1}, {7, 5, 3}, {13, 37, 19}, {6, 32, 256}, {67, 33, 300}, {5, 70, 513},
                {100, 10, 3}, {10, 100, 200}, {31, 1, 17}, {1, 45, 9}};
        float[][] ab = {{1f, 0f}, {1f, 1f}, {0.5f, -2f}, {-1.5f, 0.25f}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                float[] albe = ab[rng.nextInt(ab.length)];
                compare(g, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], albe[0], albe[1], rng);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void blockBoundariesAndLargeK(String name) {
        // crosses the Java kernel's KC=256 depth blocks and its 2048-column blocks
        Gemm g = backend(name);
        Rng rng = new Rng(5);
        compare(g, false, false, 13, 2100, 20, 1f, 0f, rng);
        compare(g, true, true, 19, 40, 600, 1f, 1f, rng);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void degenerateSizesOnlyScaleC(String name) {
        Gemm g = backend(name);
        Rng rng = new Rng(9);
        compare(g, false, false, 4, 3, 0, 1f, 0.5f, rng);
        compare(g, false, true, 0, 3, 5, 1f, 0.5f, rng);
        compare(g, true, false, 3, 4, 5, 0f, 2f, rng);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void betaZeroIgnoresNaNInC(String name) {
        Gemm g = backend(name);
        float[] a = {1, 2, 3, 4}; // 2x2
        float[] b = {1, 0, 0, 1};
        float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        g.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {1, 2, 3, 4}, c, 0f);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void threadCountDoesNotChangeResults(String name) {
        Gemm g = backend(name);
        Rng rng = new Rng(11);
        // shapes of the 784-1000-10 network step, cut down, plus an odd general one
        int[][] shapes = {{300, 200, 150, 0, 0}, {128, 500, 392, 0, 1}, {500, 392, 128, 1, 0}, {800, 500, 10, 0, 0},
                {10, 500, 800, 1, 0}};
        for (int[] s : shapes) {
            boolean ta = s[3] == 1, tb = s[4] == 1;
            int m = s[0], n = s[1], k = s[2];
            float[] a = rand(m * k, rng);
            float[] b = rand(k * n, rng);
            float[] c1 = new float[m * n];
            float[] c2 = new float[m * n];
            Parallel.setThreads(1);
            g.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c1, 0, n);
            Parallel.setThreads(2);
            g.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c2, 0, n);
            String where = g.name() + " m=" + m + " n=" + n + " k=" + k;
            if (g instanceof OpenBlasGemm) {
                // OpenBLAS 0.3.21 changes its blocking with the thread count (last-bit differences,
                // documented on OpenBlasGemm); what holds is repeatability at a fixed count.
                float[] c3 = new float[m * n];
                g.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c3, 0, n);
                assertArrayEquals(c2, c3, 0f, where + ": two runs on 2 threads differ");
                assertArrayEquals(c1, c2, 1e-5f * k, where + ": 1 vs 2 threads beyond rounding");
            } else {
                assertArrayEquals(c1, c2, 0f, where + ": differs between 1 and 2 threads");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void handComputedProduct(String name) {
        Gemm g = backend(name);
        // [1 2; 3 4] * [5 6; 7 8] = [19 22; 43 50]; C = 2*AB + 1*C with C = ones
        float[] c = {1, 1, 1, 1};
        g.sgemm(false, false, 2, 2, 2, 2f, new float[] {1, 2, 3, 4}, 0, 2, new float[] {5, 6, 7, 8}, 0, 2, 1f, c, 0, 2);
        assertArrayEquals(new float[] {39, 45, 87, 101}, c, 0f);
        // A^T B^T: A^T = [1 3; 2 4], B^T = [5 7; 6 8] -> [23 31; 34 46]
        g.sgemm(true, true, 2, 2, 2, 1f, new float[] {1, 2, 3, 4}, 0, 2, new float[] {5, 6, 7, 8}, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {23, 31, 34, 46}, c, 0f);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void badArgumentsAreNamed(String name) {
        Gemm g = backend(name);
        float[] a = new float[6];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.sgemm(false, false, 2, 2, 3, 1f, a, 0, 2, new float[6], 0, 2, 0f, new float[4], 0, 2));
        assertTrue(e.getMessage().contains("lda") && e.getMessage().contains("2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> g.sgemm(false, false, 2, 2, 3, 1f, a, 1, 3, new float[6], 0, 2, 0f, new float[4], 0, 2));
        assertTrue(e.getMessage().startsWith("a:") && e.getMessage().contains("7"), e.getMessage());
    }

    @Test
    void providerDescribesItsChoice() {
        String d = Kernels.describe();
        assertTrue(d.startsWith("snn4j: gemm="), d);
        assertTrue(d.contains("kernels=" + (Kernels.vectorEnabled() ? "vector (" + Kernels.vectorBits() + "-bit)" : "scalar")), d);
        List<String> names = new ArrayList<>(List.of("openblas", "java-vector", "java-scalar"));
        assertTrue(names.contains(Kernels.gemm().name()), Kernels.gemm().name());
    }
}
