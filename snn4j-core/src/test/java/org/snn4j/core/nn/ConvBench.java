package org.snn4j.core.nn;

import java.util.Locale;
import java.util.function.Supplier;

import org.snn4j.core.kernel.ConvGeometry;
import org.snn4j.core.kernel.ConvKernels;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.kernel.LinearPath;
import org.snn4j.core.kernel.SpikeMatrix;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/**
 * Quick timing of the CSNN's convolutions (not a test): snnTorch's tutorial net 12C5-MP2-64C5-MP2-FC10
 * on 28x28, batch 128, T = 25. conv1 (1->12, 5x5) on the static image (once per batch, as a
 * time-static input runs, and on all T*B samples for comparison); conv2 (12->64, 5x5) on 12x12 spikes
 * (byte-backed) at several densities, dense and event paths. Forward and forward + backward
 * (input and weight gradients), minimum of a few runs after a warm-up. Run with
 * {@code java --add-modules jdk.incubator.vector -XX:+UseParallelGC -cp target/classes:target/test-classes
 * org.snn4j.core.nn.ConvBench [conv2 DENSITY... | parts DENSITY...]}; {@code parts} times conv2's kernels
 * one by one ({@code -Dconvbench.gemm=true} adds the bare GEMMs). With {@code -Dsnn4j.threads=1} the
 * times are the thread's CPU time.
 */
public final class ConvBench {
    private ConvBench() {
    }

    private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * Minimum milliseconds of {@code reps} runs after two warm-up runs: wall-clock time, or with one
     * thread ({@code -Dsnn4j.threads=1}, everything runs on the calling thread) its CPU time, which
     * neighbours on a shared machine disturb much less.
     */
    private static double time(Runnable r, int reps) {
        r.run();
        r.run();
        boolean cpu = Parallel.threads() == 1;
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long s = cpu ? MX.getCurrentThreadCpuTime() : System.nanoTime();
            r.run();
            best = Math.min(best, ((cpu ? MX.getCurrentThreadCpuTime() : System.nanoTime()) - s) / 1e6);
        }
        return best;
    }

    private static void report(String what, Conv2d conv, Supplier<Tensor> input, boolean inputGrad) {
        double fwd = time(() -> conv.forward(input.get()), 4);
        double both = time(() -> {
            conv.zeroGrad();
            Tensor x = input.get();
            if (inputGrad) {
                x.requiresGrad(true);
            }
            Tensor y = conv.forward(x);
            y.backward(Tensor.full(1e-3f, y.isTimeStatic() ? java.util.Arrays.copyOfRange(y.shape(), 1, y.rank())
                    : y.shape()));
        }, 4);
        System.out.printf(Locale.ROOT, "%-52s forward %8.2f ms   forward+backward %8.2f ms%n", what, fwd, both);
    }

    private static void conv1Report(Conv2d conv1, int b, int t, Rng rng) {
        float[] img = new float[b * 28 * 28];
        for (int i = 0; i < img.length; i++) {
            img[i] = rng.nextFloat();
        }
        report("conv1 1->12 5x5, static [25,128,1,28,28]", conv1,
                () -> Tensor.repeatTime(Tensor.of(img, b, 1, 28, 28), t), false);
        float[] imgs = new float[t * img.length];
        for (int s = 0; s < t; s++) {
            System.arraycopy(img, 0, imgs, s * img.length, img.length);
        }
        report("conv1 1->12 5x5, per step [25,128,1,28,28]", conv1, () -> Tensor.of(imgs, t, b, 1, 28, 28), false);
    }

    /** The kernels of conv2 one by one at spike density {@code d}. */
    private static void parts(Conv2d conv2, int n, double d, Rng rng) {
        ConvGeometry g = new ConvGeometry(n, 12, 12, 12, 64, 5, 5, 1, 1, 0, 0, 1, 1, 1);
        byte[] sp = new byte[n * g.inSample()];
        for (int i = 0; i < sp.length; i++) {
            sp[i] = (byte) (rng.nextDouble() < d ? 1 : 0);
        }
        float[] w = conv2.weight().data();
        float[] bias = conv2.bias().data();
        float[] y = new float[n * g.outSample()];
        float[] gy = new float[n * g.outSample()];
        for (int i = 0; i < gy.length; i++) {
            gy[i] = rng.uniform(-1, 1);
        }
        float[] gx = new float[n * g.inSample()];
        float[] gw = new float[w.length];
        float[] gb = new float[64];
        SpikeMatrix sm = SpikeMatrix.of(sp, n, g.inSample());
        if (Boolean.getBoolean("convbench.gemm")) {
            // the GEMMs alone, 200 chunks of 16 samples (64 positions each) as the dense path runs them
            org.snn4j.core.kernel.Gemm gm = Kernels.gemm();
            float[] a = new float[64 * 1024];
            float[] bb = new float[300 * 1024];
            float[] c = new float[300 * 1024];
            Runnable fwd = () -> {
                for (int i = 0; i < 200; i++) {
                    gm.sgemm(false, false, 64, 1024, 300, 1f, w, 0, 300, bb, 0, 1024, 0f, c, 0, 1024);
                }
            };
            Runnable gW = () -> {
                for (int i = 0; i < 200; i++) {
                    gm.sgemm(false, true, 64, 300, 1024, 1f, a, 0, 1024, bb, 0, 1024, 1f, c, 0, 300);
                }
            };
            Runnable gX = () -> {
                for (int i = 0; i < 200; i++) {
                    gm.sgemm(true, false, 300, 1024, 64, 1f, w, 0, 300, a, 0, 1024, 0f, c, 0, 1024);
                }
            };
            System.out.printf(Locale.ROOT, "GEMMs alone (ms): forward %.2f, weight gradient %.2f, input gradient %.2f%n",
                    time(fwd, 2), time(gW, 2), time(gX, 2));
        }
        System.out.printf(Locale.ROOT, "conv2 kernels at density %.2f (ms): spike matrix %.2f | dense fwd %.2f, gX %.2f, gW %.2f"
                + " | event fwd %.2f, gW %.2f | bias grad %.2f%n", d,
                time(() -> SpikeMatrix.of(sp, n, g.inSample()), 3),
                time(() -> ConvKernels.forwardDense(g, null, sp, w, bias, y), 3),
                time(() -> ConvKernels.backwardDense(g, null, null, w, gy, gx, null), 3),
                time(() -> ConvKernels.backwardDense(g, null, sp, w, gy, null, gw), 3),
                time(() -> ConvKernels.forwardEvent(g, sm, w, bias, y), 3),
                time(() -> ConvKernels.weightGradEvent(g, sm, gy, gw), 3),
                time(() -> ConvKernels.biasGrad(g, gy, gb), 3));
        double saved = ConvKernels.minBitWindowDensity();
        ConvKernels.setMinBitWindowDensity(2);
        System.out.printf(Locale.ROOT, "  with pair lists instead of bit windows: event fwd %.2f, gW %.2f%n",
                time(() -> ConvKernels.forwardEvent(g, sm, w, bias, y), 3),
                time(() -> ConvKernels.weightGradEvent(g, sm, gy, gw), 3));
        ConvKernels.setMinBitWindowDensity(saved);
        // after a 2x2 max-pool one output gradient in four is nonzero
        float[] gyPooled = gy.clone();
        for (int i = 0; i < gyPooled.length; i++) {
            if (rng.nextInt(4) != 0) {
                gyPooled[i] = 0f;
            }
        }
        System.out.printf(Locale.ROOT, "conv2 input gradient, output gradient 1/4 nonzero (ms): dense %.2f, sparse %.2f,"
                + " density count %.2f%n",
                time(() -> ConvKernels.backwardDense(g, null, null, w, gyPooled, gx, null), 3),
                time(() -> ConvKernels.inputGradSparse(g, w, gyPooled, gx), 3),
                time(() -> ConvKernels.density(gyPooled), 3));
    }

    /** Arguments: none (everything), {@code conv2 DENSITY...} or {@code parts DENSITY...}. */
    public static void main(String[] args) {
        System.err.println(Kernels.describe());
        int t = 25;
        int b = 128;
        Rng rng = new Rng(1);
        Conv2d conv1 = new Conv2d(1, 12, 5, rng);
        Conv2d conv2 = new Conv2d(12, 64, 5, rng);
        boolean onlyConv2 = args.length > 0 && args[0].equals("conv2");
        double[] densities = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length)
                .mapToDouble(Double::parseDouble).toArray() : new double[] {0.1, 0.15, 0.2, 0.3};
        if (args.length > 0 && args[0].equals("parts")) {
            for (double d : densities) {
                parts(conv2, t * b, d, rng);
            }
            return;
        }
        if (!onlyConv2) {
            conv1Report(conv1, b, t, rng);
        }
        for (double d : densities) {
            byte[] sp = new byte[t * b * 12 * 12 * 12];
            for (int i = 0; i < sp.length; i++) {
                sp[i] = (byte) (rng.nextDouble() < d ? 1 : 0);
            }
            for (LinearPath p : new LinearPath[] {LinearPath.DENSE, LinearPath.EVENT}) {
                ConvKernels.setPath(p);
                report(String.format(Locale.ROOT, "conv2 12->64 5x5, spikes %.2f %s", d, p.name().toLowerCase(Locale.ROOT)),
                        conv2, () -> Tensor.ofSpikes(sp, t, b, 12, 12, 12), true);
            }
        }
        ConvKernels.setPath(LinearPath.AUTO);
        System.out.println("threads " + Parallel.threads() + (Parallel.threads() == 1 ? " (CPU time)" : " (wall time)"));
    }
}
