package org.snn4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.encode.Decode;
import org.snn4j.core.encode.DirectEncoder;
import org.snn4j.core.loss.MseRateLoss;
import org.snn4j.core.neuron.LIF;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Flatten;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.MaxPool2d;
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
 * The network of {@code shared/anchors/torch_csnn.py}: 12C5-MP2-LIF-64C5-MP2-LIF-FC10-LIF on
 * {@code [T, B, 1, 28, 28]}, i.e.
 * <pre>
 *   conv1 1->12 5x5 (28x28 -> 24x24), max-pool 2x2 (-> 12x12), LIF,
 *   conv2 12->64 5x5 (-> 8x8), max-pool 2x2 (-> 4x4), LIF, flatten (1024), linear 1024->10, LIF
 * </pre>
 * LIF as in {@link FcBenchmark} (tau 2, decay_input, threshold 1, hard reset to 0, {@code >=}
 * spike test, ArcTan surrogate alpha 2); PyTorch's default initialisation (uniform
 * {@code +-1/sqrt(fan_in)} for weights and biases); direct static input, so conv1 and the first
 * pool run once per sample and their output is repeated over T; MSE between firing rates and
 * one-hot labels, Adam lr 1e-3, batch 128, drop-last shuffled batches; inference in chunks of 500
 * test images. Measures training and inference samples/s (data preparation included, as the
 * reference does), test accuracy and peak heap.
 */
public final class CsnnBenchmark {
    /** Benchmark settings (the reference's environment variables). */
    public record Settings(int steps, int epochs, int limit, int batch, long seed, int threads) {
    }

    /** Test images per inference forward pass, as torch_csnn.py. */
    static final int INFER_CHUNK = 500;

    private CsnnBenchmark() {
    }

    /** The benchmark network, parameters drawn from {@code rng} layer by layer (weight, then bias). */
    public static Sequential network(Rng rng) {
        return new Sequential(
                new Conv2d(1, 12, 5, rng), new MaxPool2d(2), lif(),
                new Conv2d(12, 64, 5, rng), new MaxPool2d(2), lif(),
                new Flatten(), new Linear(64 * 4 * 4, 10, rng), lif());
    }

    static LIF lif() {
        return LIF.builder().tau(2f).hardReset(0f).surrogate(new ATan(2f)).build();
    }

    /** Trains and evaluates; returns the key=value results in print order. */
    public static Map<String, Object> run(ImageDataset train, ImageDataset test, Settings s) {
        if (train.channels() != 1 || train.rows() != 28 || train.cols() != 28) {
            throw new IllegalArgumentException("the CSNN benchmark needs 1x28x28 images, got " + train);
        }
        Parallel.setThreads(s.threads());
        FcBenchmark.resetPeaks();
        ImageDataset tr = s.limit() > 0 && s.limit() < train.size() ? train.subset(s.limit()) : train;
        Sequential net = network(new Rng(s.seed()));
        Adam opt = new Adam(net.namedParameters(), 1e-3f, 0.9, 0.999, 1e-8, 0, false);
        MseRateLoss loss = new MseRateLoss();
        DirectEncoder direct = new DirectEncoder();
        DataLoader loader = DataLoader.builder(tr).batchSize(s.batch()).shuffle(true).seed(s.seed()).dropLast(true)
                .layout(Layout.NCHW).prefetch(2).build();
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
            for (int from = 0; from < test.size(); from += INFER_CHUNK) {
                int m = Math.min(INFER_CHUNK, test.size() - from);
                int[] idx = new int[m];
                for (int i = 0; i < m; i++) {
                    idx[i] = from + i;
                }
                Tensor out = net.forward(direct.encode(test.toTensor(idx, Layout.NCHW), s.steps(), 0));
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
        r.put("T", s.steps());
        r.put("epochs", s.epochs());
        r.put("threads", s.threads());
        r.put("train_samples", n);
        r.put("train_sps", n / trainSeconds);
        r.put("infer_sps", test.size() / inferSeconds);
        r.put("test_acc", (double) correct / test.size());
        r.put("peak_heap_mb", FcBenchmark.peakHeapMb());
        r.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return r;
    }
}
