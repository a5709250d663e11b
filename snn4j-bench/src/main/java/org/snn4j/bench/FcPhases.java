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

/**
 * Steady-state time of each phase of one training step and one inference chunk of the FC
 * benchmark network on random data (no data set needed):
 * {@code java -cp snn4j.jar org.snn4j.bench.FcPhases [threads] [iterations]}.
 */
public final class FcPhases {
    private FcPhases() {
    }

    public static void main(String[] args) throws java.io.IOException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int iters = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Parallel.setThreads(threads);
        Rng rng = new Rng(1);
        Sequential net = FcBenchmark.network(1000, rng);
        Adam opt = new Adam(net.namedParameters(), 1e-3f, 0.9, 0.999, 1e-8, 0, false);
        // Real images, so that spike densities (and with them the event-driven paths) are realistic.
        org.snn4j.io.data.DatasetFiles files = org.snn4j.io.data.DataLocator.system().locate("fashion-mnist");
        org.snn4j.io.data.ImageDataset data = files.loadTrain();
        int[] idx = new int[128];
        int[] labels = new int[128];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
            labels[i] = data.label(i);
        }
        Tensor x = data.toTensor(idx, org.snn4j.io.data.Layout.FLAT);
        int[] idxInfer = new int[1000];
        for (int i = 0; i < idxInfer.length; i++) {
            idxInfer[i] = 1000 + i;
        }
        Tensor xInfer = data.toTensor(idxInfer, org.snn4j.io.data.Layout.FLAT);
        DirectEncoder enc = new DirectEncoder();
        MseRateLoss loss = new MseRateLoss();
        String[] names = {"fc1", "lif1", "fc2", "lif2", "loss", "backward", "adam", "infer1000"};
        double[] tot = new double[names.length];
        for (int it = 0; it < iters; it++) {
            long[] t = new long[names.length + 1];
            t[0] = System.nanoTime();
            Tensor h = net.get(0).forward(enc.encode(x, 25, 0));
            t[1] = System.nanoTime();
            h = net.get(1).forward(h);
            t[2] = System.nanoTime();
            h = net.get(2).forward(h);
            t[3] = System.nanoTime();
            h = net.get(3).forward(h);
            t[4] = System.nanoTime();
            Tensor l = loss.compute(h, labels);
            t[5] = System.nanoTime();
            l.backward();
            t[6] = System.nanoTime();
            opt.step();
            opt.zeroGrad();
            t[7] = System.nanoTime();
            try (Autograd.NoGrad ignored = Autograd.noGrad()) {
                net.forward(enc.encode(xInfer, 25, 0));
            }
            t[8] = System.nanoTime();
            if (it < 6) {
                System.out.printf(Locale.ROOT, "step %d: train %.1f ms, infer1000 %.1f ms%n", it, (t[7] - t[0]) / 1e6,
                        (t[8] - t[7]) / 1e6);
            }
            if (it == iters / 3) {
                Autograd.resetBackwardProfile();
            }
            if (it >= iters / 3) {
                for (int k = 0; k < names.length; k++) {
                    tot[k] += (t[k + 1] - t[k]) / 1e6;
                }
            }
        }
        int n = iters - iters / 3;
        StringBuilder sb = new StringBuilder("ms per batch of 128 (threads=" + threads + "):");
        double train = 0;
        for (int k = 0; k < names.length; k++) {
            sb.append(String.format(Locale.ROOT, " %s=%.2f", names[k], tot[k] / n));
            if (k < 7) {
                train += tot[k] / n;
            }
        }
        sb.append(String.format(Locale.ROOT, " | train_step=%.2f (%.0f samples/s) infer=%.0f samples/s", train,
                128 / train * 1000, 1000 / (tot[7] / n) * 1000));
        System.out.println(sb);
        if (!Autograd.backwardProfile().isEmpty()) {
            System.out.println("backward ms per call: " + Autograd.backwardProfile());
        }
    }
}
