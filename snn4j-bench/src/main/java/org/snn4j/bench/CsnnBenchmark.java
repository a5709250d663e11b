package org.snn4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Flatten;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.MaxPool2d;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.util.Rng;
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
                new Conv2d(1, 12, 5, rng), new MaxPool2d(2), RateBenchmark.lif(),
                new Conv2d(12, 64, 5, rng), new MaxPool2d(2), RateBenchmark.lif(),
                new Flatten(), new Linear(64 * 4 * 4, 10, rng), RateBenchmark.lif());
    }

    /** Trains and evaluates; returns the key=value results in print order. */
    public static Map<String, Object> run(ImageDataset train, ImageDataset test, Settings s) {
        if (train.channels() != 1 || train.rows() != 28 || train.cols() != 28) {
            throw new IllegalArgumentException("the CSNN benchmark needs 1x28x28 images, got " + train);
        }
        return RateBenchmark.run(train, test, CsnnBenchmark::network, Layout.NCHW, INFER_CHUNK, s.steps(),
                s.epochs(), s.limit(), s.batch(), s.seed(), s.threads(), new LinkedHashMap<>());
    }
}
