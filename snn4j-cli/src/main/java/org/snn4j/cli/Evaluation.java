package org.snn4j.cli;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.encode.Encoder;
import org.snn4j.core.loss.Loss;
import org.snn4j.core.metrics.FiringRate;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;
import org.snn4j.io.data.ImageDataset;
import org.snn4j.io.data.Layout;

/**
 * Test-set evaluation: loss, accuracy, inference throughput and the mean firing rate of every
 * spiking layer (spikes per neuron per step; {@link Models#spikingLayer}).
 */
record Evaluation(double loss, double accuracy, double samplesPerSecond, double[] firingRates) {
    /**
     * Samples per evaluation chunk: 1000 for fc, 100 for the convolutional models (whose layer outputs are
     * larger). Part of the run's definition: a stochastic encoder draws chunk
     * {@code from} from {@code (seed, from)}, so {@code eval} uses the same chunks as the training run.
     */
    static int chunk(RunConfig config) {
        return config.model().convolutional() ? 100 : 1000;
    }

    static Evaluation run(Sequential model, Encoder encoder, Loss loss, ImageDataset test, RunConfig config) {
        return run(model, encoder, loss, test, config, chunk(config));
    }

    static Evaluation run(Sequential model, Encoder encoder, Loss loss, ImageDataset test, RunConfig config, int chunk) {
        boolean wasTraining = model.isTraining();
        model.train(false);
        double lossSum = 0;
        long correct = 0;
        long nanos = 0;
        // per layer: whether it counts as a spiking layer (decided on the first chunk) and its rate so far
        boolean[] spiking = null;
        double[] rateSums = new double[model.size()];
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (int from = 0; from < test.size(); from += chunk) {
                int n = Math.min(chunk, test.size() - from);
                int[] idx = new int[n];
                for (int i = 0; i < n; i++) {
                    idx[i] = from + i;
                }
                Tensor x = test.toTensor(idx, Layout.FLAT);
                int[] labels = new int[n];
                for (int i = 0; i < n; i++) {
                    labels[i] = test.label(from + i);
                }
                long t0 = System.nanoTime();
                Tensor enc = Models.input(config,
                        encoder.encode(x, config.steps(), Rng.derive(config.seed() ^ 0x7E57L, from).seed()));
                // layer by layer, each output's firing rate taken as it comes: only two layers' outputs are alive
                boolean first = spiking == null;
                if (first) {
                    spiking = new boolean[model.size()];
                }
                Tensor output = enc;
                long rateNanos = 0; // not inference: left out of the throughput
                for (int i = 0; i < model.size(); i++) {
                    output = model.get(i).call(output);
                    long r0 = System.nanoTime();
                    if (first) {
                        spiking[i] = Models.spikingLayer(model.get(i), output);
                    }
                    if (spiking[i]) {
                        rateSums[i] += FiringRate.mean(output) * n;
                    }
                    rateNanos += System.nanoTime() - r0;
                }
                int[] pred = Predictions.predict(loss, output);
                nanos += System.nanoTime() - t0 - rateNanos;
                for (int i = 0; i < n; i++) {
                    if (pred[i] == labels[i]) {
                        correct++;
                    }
                }
                lossSum += loss.compute(output, labels).item() * n;
            }
        } finally {
            model.train(wasTraining);
        }
        int total = test.size();
        int count = 0;
        for (int i = 0; spiking != null && i < spiking.length; i++) {
            count += spiking[i] ? 1 : 0;
        }
        double[] rates = new double[count];
        for (int i = 0, k = 0; k < count; i++) {
            if (spiking[i]) {
                rates[k++] = rateSums[i] / total;
            }
        }
        return new Evaluation(lossSum / total, (double) correct / total, total / (nanos / 1e9),
                rates);
    }
}
