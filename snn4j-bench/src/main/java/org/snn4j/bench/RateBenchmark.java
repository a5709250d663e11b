package org.snn4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Map;
import java.util.function.Function;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.encode.Decode;
import org.snn4j.core.encode.DirectEncoder;
import org.snn4j.core.loss.MseRateLoss;
import org.snn4j.core.neuron.LIF;
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
 * The training and evaluation loop shared by {@link FcBenchmark} and {@link CsnnBenchmark}, as in
 * the reference scripts: direct static input repeated over T, MSE between firing rates and one-hot
 * labels, Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8), shuffled drop-last batches, then inference in
 * chunks of test images with the class of the highest spike count as the prediction.
 */
final class RateBenchmark {
    private RateBenchmark() {
    }

    /** The benchmarks' LIF: tau 2, decay_input, threshold 1, hard reset to 0, ArcTan surrogate alpha 2. */
    static LIF lif() {
        return LIF.builder().tau(2f).hardReset(0f).surrogate(new ATan(2f)).build();
    }

    /**
     * Trains the network {@code network} builds from {@code new Rng(seed)} and evaluates it, then
     * appends {@code T, epochs, threads, train_samples, train_sps, infer_sps, test_acc,
     * peak_heap_mb, max_heap_mb} to {@code r} (after whatever the caller put first) and returns it.
     */
    static Map<String, Object> run(ImageDataset train, ImageDataset test, Function<Rng, Sequential> network,
            Layout layout, int inferChunk, int steps, int epochs, int limit, int batch, long seed, int threads,
            Map<String, Object> r) {
        Parallel.setThreads(threads);
        resetPeaks();
        ImageDataset tr = limit > 0 && limit < train.size() ? train.subset(limit) : train;
        Sequential net = network.apply(new Rng(seed));
        Adam opt = new Adam(net.namedParameters(), 1e-3f, 0.9, 0.999, 1e-8, 0, false);
        MseRateLoss loss = new MseRateLoss();
        DirectEncoder direct = new DirectEncoder();
        DataLoader loader = DataLoader.builder(tr).batchSize(batch).shuffle(true).seed(seed).dropLast(true)
                .layout(layout).prefetch(2).build();
        long n = 0;
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            try (DataLoader.Epoch epoch = loader.epoch(e, 0)) {
                for (Batch b : epoch) {
                    Tensor out = net.forward(direct.encode(b.x(), steps, 0));
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
            for (int from = 0; from < test.size(); from += inferChunk) {
                int m = Math.min(inferChunk, test.size() - from);
                int[] idx = new int[m];
                for (int i = 0; i < m; i++) {
                    idx[i] = from + i;
                }
                Tensor out = net.forward(direct.encode(test.toTensor(idx, layout), steps, 0));
                int[] pred = Decode.predictByCount(out);
                for (int i = 0; i < m; i++) {
                    if (pred[i] == test.label(from + i)) {
                        correct++;
                    }
                }
            }
        }
        double inferSeconds = (System.nanoTime() - t1) / 1e9;
        r.put("T", steps);
        r.put("epochs", epochs);
        r.put("threads", threads);
        r.put("train_samples", n);
        r.put("train_sps", n / trainSeconds);
        r.put("infer_sps", test.size() / inferSeconds);
        r.put("test_acc", (double) correct / test.size());
        r.put("peak_heap_mb", peakHeapMb());
        r.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return r;
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
