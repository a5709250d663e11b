package org.snn4j.cli;

import java.util.List;

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
     * Samples per evaluation chunk: 1000 for fc, 100 for the convolutional models (whose per-layer outputs for
     * a chunk are kept for the firing rates). Part of the run's definition: a stochastic encoder draws chunk
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
        double[] rates = null;
        int[] spiking = null;
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
                List<Tensor> outs = model.forwardAll(enc);
                Tensor output = outs.get(outs.size() - 1);
                int[] pred = Predictions.predict(loss, output);
                nanos += System.nanoTime() - t0;
                for (int i = 0; i < n; i++) {
                    if (pred[i] == labels[i]) {
                        correct++;
                    }
                }
                lossSum += loss.compute(output, labels).item() * n;
                if (rates == null) {
                    int count = 0;
                    for (int i = 0; i < outs.size(); i++) {
                        count += Models.spikingLayer(model.get(i), outs.get(i)) ? 1 : 0;
                    }
                    rates = new double[count];
                    spiking = new int[count];
                    int k = 0;
                    for (int i = 0; i < outs.size(); i++) {
                        if (Models.spikingLayer(model.get(i), outs.get(i))) {
                            spiking[k++] = i;
                        }
                    }
                }
                for (int k = 0; k < spiking.length; k++) {
                    rates[k] += FiringRate.mean(outs.get(spiking[k])) * n;
                }
            }
        } finally {
            model.train(wasTraining);
        }
        int total = test.size();
        if (rates != null) {
            for (int k = 0; k < rates.length; k++) {
                rates[k] /= total;
            }
        }
        return new Evaluation(lossSum / total, (double) correct / total, total / (nanos / 1e9),
                rates == null ? new double[0] : rates);
    }
}
