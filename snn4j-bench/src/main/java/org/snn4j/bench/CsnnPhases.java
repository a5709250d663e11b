package org.snn4j.bench;

import java.util.Locale;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.encode.DirectEncoder;
import org.snn4j.core.loss.MseRateLoss;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.optim.Adam;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;
import org.snn4j.io.data.DataLocator;
import org.snn4j.io.data.ImageDataset;
import org.snn4j.io.data.Layout;

/**
 * Steady-state time of each phase of one training step and one inference chunk of the CSNN
 * benchmark network ({@link CsnnBenchmark}) on Fashion-MNIST batches (real images, so that spike
 * densities and with them the event-driven paths are realistic; the network trains while it is
 * timed, as in the benchmark):
 * {@code java -Dsnn4j.profile.backward=true -cp snn4j.jar org.snn4j.bench.CsnnPhases [threads] [iterations] [T] [warm-up batches]}.
 * The layer phases are forward only; {@code backward} is the whole backward pass, itemised per op
 * when {@code snn4j.profile.backward} is set. Also prints the spike density after each LIF.
 */
public final class CsnnPhases {
    private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();

    private CsnnPhases() {
    }

    /** Wall-clock nanoseconds, or with one thread (everything runs on this thread) its CPU time, which neighbours disturb less. */
    private static long now() {
        return Parallel.threads() == 1 ? MX.getCurrentThreadCpuTime() : System.nanoTime();
    }

    public static void main(String[] args) throws java.io.IOException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int iters = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 25;
        int warm = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        Parallel.setThreads(threads);
        Sequential net = CsnnBenchmark.network(new Rng(0));
        Adam opt = new Adam(net.namedParameters(), 1e-3f, 0.9, 0.999, 1e-8, 0, false);
        ImageDataset data = DataLocator.system().locate("fashion-mnist").loadTrain();
        int b = 128;
        Tensor[] xs = new Tensor[8];
        int[][] labels = new int[xs.length][b];
        for (int k = 0; k < xs.length; k++) {
            int[] idx = new int[b];
            for (int i = 0; i < b; i++) {
                idx[i] = k * b + i;
                labels[k][i] = data.label(idx[i]);
            }
            xs[k] = data.toTensor(idx, Layout.NCHW);
        }
        int[] idxInfer = new int[CsnnBenchmark.INFER_CHUNK];
        for (int i = 0; i < idxInfer.length; i++) {
            idxInfer[i] = 30000 + i;
        }
        Tensor xInfer = data.toTensor(idxInfer, Layout.NCHW);
        DirectEncoder enc = new DirectEncoder();
        MseRateLoss loss = new MseRateLoss();
        // a freshly initialised network barely spikes: train it first (T = 8, other images), untimed
        long w0 = System.nanoTime();
        for (int k = 0; k < warm; k++) {
            int[] idx = new int[b];
            int[] lab = new int[b];
            for (int i = 0; i < b; i++) {
                idx[i] = 2048 + k * b + i;
                lab[i] = data.label(idx[i]);
            }
            loss.compute(net.forward(enc.encode(data.toTensor(idx, Layout.NCHW), 8, 0)), lab).backward();
            opt.step();
            opt.zeroGrad();
        }
        System.out.printf(Locale.ROOT, "trained on %d batches (T=8) first, %.1f s%n", warm, (System.nanoTime() - w0) / 1e9);
        int layers = net.size();
        String[] names = new String[layers + 4];
        for (int k = 0; k < layers; k++) {
            names[k] = k + ":" + net.get(k).getClass().getSimpleName().toLowerCase(Locale.ROOT);
        }
        names[layers] = "loss";
        names[layers + 1] = "backward";
        names[layers + 2] = "adam";
        names[layers + 3] = "infer" + CsnnBenchmark.INFER_CHUNK;
        double[] tot = new double[names.length];
        double[] density = new double[layers];
        for (int it = 0; it < iters; it++) {
            long[] t = new long[names.length + 1];
            t[0] = now();
            Tensor h = enc.encode(xs[it % xs.length], steps, 0);
            Tensor[] outs = new Tensor[layers];
            for (int k = 0; k < layers; k++) {
                h = net.get(k).forward(h);
                outs[k] = h;
                t[k + 1] = now();
            }
            Tensor l = loss.compute(h, labels[it % xs.length]);
            t[layers + 1] = now();
            l.backward();
            t[layers + 2] = now();
            opt.step();
            opt.zeroGrad();
            t[layers + 3] = now();
            try (Autograd.NoGrad ignored = Autograd.noGrad()) {
                net.forward(enc.encode(xInfer, steps, 0));
            }
            t[layers + 4] = now();
            if (it < 4) {
                System.out.printf(Locale.ROOT, "step %d: train %.1f ms, infer%d %.1f ms%n", it,
                        (t[layers + 3] - t[0]) / 1e6, CsnnBenchmark.INFER_CHUNK, (t[layers + 4] - t[layers + 3]) / 1e6);
            }
            if (it == iters / 3) {
                Autograd.resetBackwardProfile();
            }
            if (it >= iters / 3) {
                for (int k = 0; k < layers; k++) {
                    byte[] sp = outs[k].spikeBytes();
                    if (sp != null) {
                        long on = 0;
                        for (byte v : sp) {
                            on += v;
                        }
                        density[k] += (double) on / sp.length;
                    }
                }
                for (int k = 0; k < names.length; k++) {
                    tot[k] += (t[k + 1] - t[k]) / 1e6;
                }
            }
        }
        int n = iters - iters / 3;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "ms per batch of %d, T=%d (threads=%d, %s):", b, steps,
                threads, threads == 1 ? "CPU time" : "wall time"));
        double train = 0;
        for (int k = 0; k < names.length; k++) {
            sb.append(String.format(Locale.ROOT, " %s=%.2f", names[k], tot[k] / n));
            if (k < names.length - 1) {
                train += tot[k] / n;
            }
        }
        double infer = tot[names.length - 1] / n;
        sb.append(String.format(Locale.ROOT, "%n  train_step=%.2f ms (%.0f samples/s), infer=%.0f samples/s", train,
                b / train * 1000, CsnnBenchmark.INFER_CHUNK / infer * 1000));
        System.out.println(sb);
        StringBuilder ds = new StringBuilder("spike density:");
        for (int k = 0; k < layers; k++) {
            if (density[k] > 0) {
                ds.append(String.format(Locale.ROOT, " %s=%.4f", names[k], density[k] / n));
            }
        }
        System.out.println(ds);
        if (!Autograd.backwardProfile().isEmpty()) {
            System.out.println("backward ms per call: " + Autograd.backwardProfile());
        }
    }
}
