package org.snn4j.core.kernel;

import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/**
 * Quick timing of the GEMM backends (not a test): 512^3 on one thread and the products of a
 * 784-1000-10 network step (T=25, batch 128) on the configured threads. Run with
 * {@code java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp
 * target/classes:target/test-classes org.snn4j.core.kernel.KernelBench [gemm...]}.
 */
public final class KernelBench {
    private KernelBench() {
    }

    static float[] rand(int n, Rng rng) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.uniform(-1, 1);
        }
        return x;
    }

    /** Minimum milliseconds of {@code reps} runs after warm-up. */
    static double time(Runnable r, int reps) {
        long until = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < until) {
            r.run();
        }
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        java.util.Arrays.sort(t);
        return t[0]; // minimum: the machine is shared, so the median mostly measures the neighbours
    }

    static double gemm(Gemm g, boolean ta, boolean tb, int m, int n, int k) {
        Rng rng = new Rng(1);
        float[] a = rand(m * k, rng);
        float[] b = rand(k * n, rng);
        float[] c = new float[m * n];
        return time(() -> g.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n), 15);
    }

    static float[] spikes(int n, double density, Rng rng) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble() < density ? 1f : 0f;
        }
        return x;
    }

    /** Event-driven vs dense for X [rows, in] (binary) times W^T, W [out, in], and g^T X. */
    static void event(List<Gemm> gs, int rows, int in, int out) {
        Rng rng = new Rng(3);
        float[] w = rand(out * in, rng);
        float[] g = rand(rows * out, rng);
        float[] y = new float[rows * out];
        float[] gw = new float[out * in];
        System.out.printf(Locale.ROOT, "transpose [%dx%d]: %.3f ms%n", out, in, time(() -> SpikeMatrix.transpose(w, out, in), 15));
        for (double d : new double[] {0.05, 0.15, 0.25, 0.35, 0.5}) {
            float[] x = spikes(rows * in, d, rng);
            SpikeMatrix sm = SpikeMatrix.of(x, rows, in);
            double build = time(() -> SpikeMatrix.of(x, rows, in), 15);
            double fwd = time(() -> sm.accumulateRows(SpikeMatrix.transpose(w, out, in), SpikeMatrix.paddedStride(out), out, y), 15);
            double grad = time(() -> sm.weightGrad(g, out, gw), 15);
            StringBuilder dense = new StringBuilder();
            for (Gemm gm : gs) {
                double f = time(() -> gm.sgemm(false, true, rows, out, in, 1f, x, 0, in, w, 0, in, 0f, y, 0, out), 15);
                double gr = time(() -> gm.sgemm(true, false, out, in, rows, 1f, g, 0, out, x, 0, in, 0f, gw, 0, in), 15);
                dense.append(String.format(Locale.ROOT, "  %s fwd %.3f gW %.3f", gm.name(), f, gr));
            }
            System.out.printf(Locale.ROOT, "[%dx%d]x[%dx%d]^T density %.2f: event build %.3f fwd(+transpose) %.3f gW %.3f ms |%s%n",
                    rows, in, out, in, d, build, fwd, grad, dense);
        }
    }

    public static void main(String[] args) {
        System.err.println(Kernels.describe());
        java.util.List<Gemm> gs = new java.util.ArrayList<>();
        OpenBlasGemm.load().ifPresent(gs::add);
        Kernels.vectorGemm().ifPresent(gs::add);
        int threads = Parallel.threads();
        if (args.length > 0 && args[0].equals("event")) {
            event(gs, 3200, 1000, 10);
            event(gs, 3200, 1000, 1000);
            event(gs, 128, 784, 1000);
            return;
        }
        for (Gemm g : gs) {
            Parallel.setThreads(1);
            double ms = gemm(g, false, false, 512, 512, 512);
            System.out.printf(Locale.ROOT, "%-12s 512^3 1 thread: %.2f ms = %.1f GFLOP/s%n", g.name(), ms, 2.0 * 512 * 512 * 512 / ms / 1e6);
            Parallel.setThreads(threads);
            ms = gemm(g, false, false, 512, 512, 512);
            System.out.printf(Locale.ROOT, "%-12s 512^3 %d threads: %.2f ms = %.1f GFLOP/s%n", g.name(), threads, ms, 2.0 * 512 * 512 * 512 / ms / 1e6);
            System.out.printf(Locale.ROOT, "%-12s fc1 fwd   [128x784]x[784x1000]^T: %.3f ms%n", g.name(), gemm(g, false, true, 128, 1000, 784));
            System.out.printf(Locale.ROOT, "%-12s fc1 gW    [1000x128]^Tx[128x784]: %.3f ms%n", g.name(), gemm(g, true, false, 1000, 784, 128));
            System.out.printf(Locale.ROOT, "%-12s fc2 fwd   [3200x1000]x[10x1000]^T: %.3f ms%n", g.name(), gemm(g, false, true, 3200, 10, 1000));
            System.out.printf(Locale.ROOT, "%-12s fc2 gX    [3200x10]x[10x1000]: %.3f ms%n", g.name(), gemm(g, false, false, 3200, 1000, 10));
            System.out.printf(Locale.ROOT, "%-12s fc2 gW    [3200x10]^Tx[3200x1000]: %.3f ms%n", g.name(), gemm(g, true, false, 10, 1000, 3200));
        }
    }
}
