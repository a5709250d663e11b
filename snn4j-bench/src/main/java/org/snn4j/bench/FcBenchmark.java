package org.snn4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.util.Rng;
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
        return new Sequential(new Linear(784, hidden, rng), RateBenchmark.lif(),
                new Linear(hidden, 10, rng), RateBenchmark.lif());
    }

    /** Trains and evaluates; returns the key=value results in print order. */
    public static Map<String, Object> run(ImageDataset train, ImageDataset test, Settings s) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("hidden", s.hidden());
        return RateBenchmark.run(train, test, rng -> network(s.hidden(), rng), Layout.FLAT, 1000, s.steps(),
                s.epochs(), s.limit(), s.batch(), s.seed(), s.threads(), r);
    }

    /** One-line description of the kernel backends, for the log. */
    public static String backends() {
        return Kernels.describe();
    }
}
