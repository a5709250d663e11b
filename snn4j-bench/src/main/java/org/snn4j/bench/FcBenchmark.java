package org.snn4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.Map;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.encode.Decode;
import org.snn4j.core.encode.DirectEncoder;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.loss.MseRateLoss;
import org.snn4j.core.neuron.LIF;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.optim.Adam;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;
import org.snn4j.io.data.Batch;
import org.snn4j.io.data.DataLoader;
import org.snn4j.io.data.ImageDataset;
import org.snn4j.io.data.Layout;

/**
 * The network of {@code shared/anchors/torch_fc.py}: 784-H-10, LIF (tau 2, decay_input, threshold
 * 1, hard reset to 0, {@code >=} spike test, ArcTan surrogate alpha 2, reset not detached), direct
 * static input (the first layer runs once per sample), MSE between firing rates and one-hot
 * labels, Adam lr 1e-3, batch 128, drop-last shuffled batches. Measures training and inference
 * samples/s (data preparation included, as the reference does), test accuracy and peak heap.
 */
public final class FcBenchmark {
    /** Benchmark settings (the reference's environment variables). */
    public record Settings(int hidden, int steps, int epochs, int limit, int batch, long seed, int threads) {
    }

    private FcBenchmark() {
    }

    /** The benchmark network. */
    public static Sequential network(int hidden, Rng rng) {
        return new Sequential(new Linear(784, hidden, rng), lif(), new Linear(hidden, 10, rng), lif());
    }

    private static LIF lif() {
        return LIF.builder().tau(2f).hardReset(0f).surrogate(new ATan(2f)).build();
    }

    /** Trains and evaluates; returns the key=value results in print order. */
    public static Map<String, Object> run(ImageDataset train, ImageDataset test, Settings s) {
        Parallel.setThreads(s.threads());
        resetPeaks();
        ImageDataset tr = s.limit() > 0 && s.limit() < train.size() ? train.subset(s.limit()) : train;
        Sequential net = network(s.hidden(), new Rng(s.seed()));
        Adam opt = new Adam(net.namedParameters(), 1e-3f, 0.9, 0.999, 1e-8, 0, false);
        MseRateLoss loss = new MseRateLoss();
        DirectEncoder direct = new DirectEncoder();
        DataLoader loader = DataLoader.builder(tr).batchSize(s.batch()).shuffle(true).seed(s.seed()).dropLast(true)
                .layout(Layout.FLAT).prefetch(2).build();
        long n = 0;
        long t0 = System.nanoTime();
        for (int e = 0; e < s.epochs(); e++) {
            try (DataLoader.Epoch epoch = loader.epoch(e, 0)) {
                for (Batch b : epoch) {
                    Tensor out = net.forward(direct.encode(b.x(), s.steps(), 0));
                    Tensor l = loss.compute(out, b.labels());
                    l.backward();
                    opt.step();
                    opt.zeroGrad();
                    n += b.size();
                }
            }
        }
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        long correct = 0;
        long t1 = System.nanoTime();
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            net.train(false);
            int chunk = 1000;
            for (int from = 0; from < test.size(); from += chunk) {
                int m = Math.min(chunk, test.size() - from);
                int[] idx = new int[m];
                for (int i = 0; i < m; i++) {
                    idx[i] = from + i;
                }
                Tensor out = net.forward(direct.encode(test.toTensor(idx, Layout.FLAT), s.steps(), 0));
                int[] pred = Decode.predictByCount(out);
                for (int i = 0; i < m; i++) {
                    if (pred[i] == test.label(from + i)) {
                        correct++;
                    }
                }
            }
        }
        double inferSeconds = (System.nanoTime() - t1) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("hidden", s.hidden());
        r.put("T", s.steps());
        r.put("epochs", s.epochs());
        r.put("threads", s.threads());
        r.put("train_samples", n);
        r.put("train_sps", n / trainSeconds);
        r.put("infer_sps", test.size() / inferSeconds);
        r.put("test_acc", (double) correct / test.size());
        r.put("peak_heap_mb", peakHeapMb());
        r.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return r;
    }

    /** One-line description of the kernel backends, for the log. */
    public static String backends() {
        return Kernels.describe();
    }

    static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak usage since the last reset, in MiB (an upper bound of the true peak). */
    static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / (1024 * 1024);
    }
}
