package org.snn4j.core.models;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntFunction;

import org.snn4j.core.nn.AdaptiveAvgPool2d;
import org.snn4j.core.nn.AvgPool2d;
import org.snn4j.core.nn.BatchNorm2d;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Dropout;
import org.snn4j.core.nn.Flatten;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.MaxPool2d;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.util.Rng;

/**
 * A configurable spiking VGG (Simonyan and Zisserman 2015 with each ReLU replaced by a neuron layer, as
 * SpikingJelly's {@code spiking_vgg}): stages of 3x3 convolutions, each stage closed by a 2x2 pool, then a
 * fully-connected classifier. Architecture string, e.g. {@link Config#vgg11} on 32x32 input:
 * {@code 64C3-MP2-128C3-MP2-256C3-256C3-MP2-512C3-512C3-MP2-512C3-512C3-MP2-FC10}:
 * <pre>
 *   for each stage s, repeated convs[s] times:
 *       Conv2d(c_in, channels[s], 3, padding 1) - [BatchNorm2d] - neuron
 *   Pool 2x2 stride 2 (max or average)                     size -> floor(size / 2)
 *   [AdaptiveAvgPool2d(k)]  Flatten
 *   for each hidden width h: Linear(f, h) - neuron - Dropout(p)
 *   Linear(f, classes) [- neuron]
 * </pre>
 * Convolutions have a bias only without batch norm (a bias before batch norm is cancelled by its mean). The
 * output is the last linear layer's current {@code [T, B, classes]} (SpikingJelly's VGG, read out by its mean
 * over time) or, with {@code spikingOutput}, the spikes of one more neuron layer. T-agnostic. Parameters:
 * per conv {@code 9*c_in*c + c} (no BN) or {@code 9*c_in*c + 2c} (BN), per linear {@code f*h + h}, plus the
 * neurons' own.
 */
public final class SpikingVgg {
    private SpikingVgg() {
    }

    /** Pooling at the end of each stage. */
    public enum Pooling {
        MAX, AVG
    }

    /**
     * Settings of {@link SpikingVgg}.
     *
     * @param inChannels    input channels
     * @param size          input height and width
     * @param classes       outputs
     * @param channels      channels of each stage
     * @param convs         3x3 convolutions in each stage (same length as channels)
     * @param batchNorm     batch norm after each convolution
     * @param pooling       pooling after each stage
     * @param adaptivePool  0, or the output size of an adaptive average pool before the classifier
     * @param hidden        hidden widths of the classifier (may be empty)
     * @param dropout       dropout after each hidden layer's neuron (0 disables)
     * @param spikingOutput a neuron layer after the last linear layer
     * @param neuron        neuron layers
     */
    public record Config(int inChannels, int size, int classes, int[] channels, int[] convs, boolean batchNorm,
            Pooling pooling, int adaptivePool, int[] hidden, double dropout, boolean spikingOutput,
            NeuronOptions neuron) {
        public Config {
            channels = channels.clone();
            convs = convs.clone();
            hidden = hidden.clone();
            if (inChannels <= 0 || size <= 0 || classes <= 0) {
                throw new IllegalArgumentException("SpikingVgg: inChannels, size and classes must be positive, got "
                        + inChannels + ", " + size + ", " + classes);
            }
            if (channels.length == 0 || channels.length != convs.length) {
                throw new IllegalArgumentException("SpikingVgg: channels " + Arrays.toString(channels) + " and convs "
                        + Arrays.toString(convs) + " must be non-empty and of the same length (one entry per stage)");
            }
            for (int s = 0; s < channels.length; s++) {
                if (channels[s] <= 0 || convs[s] <= 0) {
                    throw new IllegalArgumentException("SpikingVgg: stage " + s + " needs positive channels and convs,"
                            + " got channels=" + channels[s] + " convs=" + convs[s]);
                }
            }
            for (int h : hidden) {
                if (h <= 0) {
                    throw new IllegalArgumentException("SpikingVgg: hidden widths must be positive, got "
                            + Arrays.toString(hidden));
                }
            }
            if (adaptivePool < 0) {
                throw new IllegalArgumentException("SpikingVgg: adaptivePool must be >= 0, got " + adaptivePool);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("SpikingVgg: dropout must be in [0, 1), got " + dropout);
            }
            if (pooling == null || neuron == null) {
                throw new IllegalArgumentException("SpikingVgg: pooling and neuron options must be given");
            }
            int sz = size;
            for (int s = 0; s < channels.length; s++) {
                sz /= 2;
                if (sz < 1) {
                    throw new IllegalArgumentException("SpikingVgg: input size " + size + " vanishes after the pool of"
                            + " stage " + s + " (" + channels.length + " stages halve it " + channels.length
                            + " times)");
                }
            }
        }

        @Override
        public int[] channels() {
            return channels.clone();
        }

        @Override
        public int[] convs() {
            return convs.clone();
        }

        @Override
        public int[] hidden() {
            return hidden.clone();
        }

        /**
         * VGG-11 (configuration A: stages 64, 128, 256x2, 512x2, 512x2), batch norm, max pooling, a classifier
         * {@code 512 -> classes} without hidden layers (the 32x32 CIFAR form; input at least 32x32).
         */
        public static Config vgg11(int inChannels, int size, int classes, NeuronOptions neuron) {
            return new Config(inChannels, size, classes, new int[] {64, 128, 256, 512, 512}, new int[] {1, 1, 2, 2, 2},
                    true, Pooling.MAX, 1, new int[0], 0, false, neuron);
        }

        /**
         * A small VGG for 28x28 input: {@code 32C3-MP2-64C3-64C3-MP2-128C3-128C3-MP2-FC256-FC<classes>} with batch
         * norm, dropout 0.5 after the hidden layer (28 -> 14 -> 7 -> 3).
         */
        public static Config small28(int inChannels, int classes, NeuronOptions neuron) {
            return new Config(inChannels, 28, classes, new int[] {32, 64, 128}, new int[] {1, 2, 2}, true,
                    Pooling.MAX, 0, new int[] {256}, 0.5, false, neuron);
        }

        /** Channels (and hidden widths) scaled by {@code m}, rounded, at least 1. */
        public Config withWidth(double m) {
            if (!(m > 0) || Double.isInfinite(m)) {
                throw new IllegalArgumentException("SpikingVgg: width multiplier must be positive, got " + m);
            }
            return new Config(inChannels, size, classes, scale(channels, m), convs, batchNorm, pooling, adaptivePool,
                    scale(hidden, m), dropout, spikingOutput, neuron);
        }

        public Config withPooling(Pooling p) {
            return new Config(inChannels, size, classes, channels, convs, batchNorm, p, adaptivePool, hidden, dropout,
                    spikingOutput, neuron);
        }

        public Config withBatchNorm(boolean on) {
            return new Config(inChannels, size, classes, channels, convs, on, pooling, adaptivePool, hidden, dropout,
                    spikingOutput, neuron);
        }

        public Config withClassifier(int[] hiddenWidths, double p) {
            return new Config(inChannels, size, classes, channels, convs, batchNorm, pooling, adaptivePool,
                    hiddenWidths, p, spikingOutput, neuron);
        }

        public Config withSpikingOutput(boolean on) {
            return new Config(inChannels, size, classes, channels, convs, batchNorm, pooling, adaptivePool, hidden,
                    dropout, on, neuron);
        }

        public Config withNeuron(NeuronOptions n) {
            return new Config(inChannels, size, classes, channels, convs, batchNorm, pooling, adaptivePool, hidden,
                    dropout, spikingOutput, n);
        }

        /** The architecture string, e.g. {@code 32C3-MP2-64C3-64C3-MP2-FC256-FC10}. */
        public String architecture() {
            StringBuilder sb = new StringBuilder();
            for (int s = 0; s < channels.length; s++) {
                for (int k = 0; k < convs[s]; k++) {
                    sb.append(channels[s]).append("C3").append(batchNorm ? "-BN" : "").append('-');
                }
                sb.append(pooling == Pooling.MAX ? "MP2-" : "AP2-");
            }
            if (adaptivePool > 0) {
                sb.append("AAP").append(adaptivePool).append('-');
            }
            for (int h : hidden) {
                sb.append("FC").append(h).append(dropout > 0 ? "-DP" : "").append('-');
            }
            return sb.append("FC").append(classes).toString().toUpperCase(Locale.ROOT);
        }
    }

    private static int[] scale(int[] v, double m) {
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.max(1, (int) Math.round(v[i] * m));
        }
        return r;
    }

    /** Builds the network; {@code rng} initialises the layers in order and seeds the dropout layers. */
    public static Sequential build(Config c, Rng rng) {
        Sequential net = new Sequential();
        int f = addFeatures(net, c, rng, channels -> c.neuron().create(channels));
        net.add(new Flatten());
        for (int h : c.hidden()) {
            net.add(new Linear(f, h, rng));
            net.add(c.neuron().create(h));
            if (c.dropout() > 0) {
                net.add(new Dropout(c.dropout(), rng.nextLong()));
            }
            f = h;
        }
        net.add(new Linear(f, c.classes(), rng));
        if (c.spikingOutput()) {
            net.add(c.neuron().create(c.classes()));
        }
        return net;
    }

    /**
     * Adds the feature stages of {@code c} to {@code net} (per stage: {@code convs} times
     * {@code conv3x3 [- BN] - activation(channels)}, then a 2x2 pool; then the adaptive average pool when set),
     * the convolutions drawn from {@code rng} in order, and returns the number of features per sample they give.
     */
    static int addFeatures(Sequential net, Config c, Rng rng, IntFunction<? extends Module> activation) {
        int in = c.inChannels();
        int size = c.size();
        int[] channels = c.channels();
        int[] convs = c.convs();
        for (int s = 0; s < channels.length; s++) {
            for (int k = 0; k < convs[s]; k++) {
                net.add(new Conv2d(in, channels[s], 3, 1, 1, 1, 1, !c.batchNorm(), rng));
                if (c.batchNorm()) {
                    net.add(new BatchNorm2d(channels[s]));
                }
                net.add(activation.apply(channels[s]));
                in = channels[s];
            }
            net.add(pool(c.pooling()));
            size /= 2;
        }
        if (c.adaptivePool() > 0) {
            net.add(new AdaptiveAvgPool2d(c.adaptivePool()));
            size = c.adaptivePool();
        }
        return in * size * size;
    }

    /**
     * Marks each feature stage ({@code conv3x3 [- BN] - neuron} repeated, then the pool) of a network built by
     * {@link #build} for gradient checkpointing ({@link Sequential#checkpoint}): its activations are recomputed
     * in backward instead of kept, the same gradients for a second forward of the stage. Returns {@code net}.
     */
    public static Sequential checkpointBlocks(Sequential net) {
        int from = 0;
        boolean conv = false;
        for (int i = 0; i < net.size(); i++) {
            Module m = net.get(i);
            if (m instanceof Flatten) {
                break;
            }
            conv |= m instanceof Conv2d;
            if (m instanceof MaxPool2d || m instanceof AvgPool2d) {
                if (conv) {
                    net.checkpoint(from, i + 1);
                }
                from = i + 1;
                conv = false;
            }
        }
        if (net.checkpointSegments().isEmpty()) {
            throw new IllegalArgumentException("SpikingVgg.checkpointBlocks: no conv-pool stage found; not a network"
                    + " built by SpikingVgg.build");
        }
        return net;
    }

    private static Module pool(Pooling p) {
        return p == Pooling.MAX ? new MaxPool2d(2) : new AvgPool2d(2);
    }
}
