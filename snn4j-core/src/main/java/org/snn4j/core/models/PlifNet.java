package org.snn4j.core.models;

import org.snn4j.core.nn.AvgPool2d;
import org.snn4j.core.nn.BatchNorm2d;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Dropout;
import org.snn4j.core.nn.Flatten;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.MaxPool2d;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.nn.VotingLayer;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.util.Rng;

/**
 * The Fashion-MNIST (and MNIST) network of the PLIF paper (Fang et al. 2021, "Incorporating Learnable Membrane
 * Time Constant to Enhance Learning of Spiking Neural Networks"), architecture
 * {@code {c128k3s1-BN-PLIF-MPk2s2}*2 - DP - FC2048 - PLIF - DP - FC100 - PLIF - AP10}:
 * <pre>
 *   0 Conv2d(in, c, 3, padding 1, no bias)   1 BatchNorm2d(c)   2 neuron   3 MaxPool2d(2)    28 -> 14
 *   4 Conv2d(c, c, 3, padding 1, no bias)    5 BatchNorm2d(c)   6 neuron   7 MaxPool2d(2)    14 -> 7
 *   8 Flatten                                [T, B, c*7*7]
 *   9 Dropout(p)   10 Linear(c*7*7, hidden)  11 neuron
 *  12 Dropout(p)   13 Linear(hidden, classes*voters)  14 neuron
 *  15 VotingLayer(voters)                    [T, B, classes]: the mean spike of each class's group
 * </pre>
 * As the paper's code ({@code codes/models.py}): {@code c = 128}, {@code hidden = c*4*4 = 2048}, dropout 0.5
 * before each fully-connected layer with one mask per sample shared by all steps ({@link Dropout}, the code's
 * {@code layer.Dropout}), fully-connected layers without bias, 10 voters per class, max pooling (average pooling
 * as an option, the paper's ablation). SpikingJelly's model-zoo copy ({@code parametric_lif_net.FashionMNISTNet})
 * keeps the linear biases: {@link Config#withFcBias}. The paper's neuron is PLIF with initial tau 2, hard reset to
 * 0, detached reset and {@code ATan(alpha=2)}: {@link #paperNeuron()}.
 *
 * <p>{@link Config#withWidth(int)} scales {@code c} and {@code hidden = 16*c} together (32 -> 512, 64 -> 1024) for
 * small machines. Parameters with the defaults ({@code c = 128}, one {@code w} per PLIF layer):
 * {@code 9*128 + 2*128 + 9*128*128 + 2*128 + 6272*2048 + 2048*100 + 4 = 13198980}. The dropout layers draw their
 * seeds from {@code rng} after the weights before them (layer order), so a seed fixes the whole model.
 */
public final class PlifNet {
    private PlifNet() {
    }

    /**
     * Settings of {@link PlifNet}.
     *
     * @param channels   convolution channels {@code c}
     * @param hidden     hidden fully-connected neurons
     * @param inChannels input channels
     * @param size       input height and width (divisible by 4 is natural: two 2x2 pools, floors otherwise)
     * @param classes    number of classes
     * @param voters     output neurons per class (the voting layer's group size)
     * @param dropout    dropout probability before each fully-connected layer (0 disables)
     * @param fcBias     whether the fully-connected layers have a bias
     * @param maxPool    max pooling (true) or average pooling
     * @param neuron     neuron layers
     */
    public record Config(int channels, int hidden, int inChannels, int size, int classes, int voters, double dropout,
            boolean fcBias, boolean maxPool, NeuronOptions neuron) {
        public Config {
            if (channels <= 0 || hidden <= 0 || inChannels <= 0 || classes <= 0 || voters <= 0) {
                throw new IllegalArgumentException("PlifNet: channels, hidden, inChannels, classes and voters must be"
                        + " positive, got channels=" + channels + " hidden=" + hidden + " inChannels=" + inChannels
                        + " classes=" + classes + " voters=" + voters);
            }
            if (size / 4 < 1) {
                throw new IllegalArgumentException("PlifNet: input size " + size + " is too small for two 2x2 pools");
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("PlifNet: dropout must be in [0, 1), got " + dropout);
            }
            if (neuron == null) {
                throw new IllegalArgumentException("PlifNet: neuron options must be given");
            }
        }

        /** The paper's Fashion-MNIST settings: c 128, hidden 2048, 1x28x28, 10 classes, 10 voters, dropout 0.5. */
        public static Config paper() {
            return new Config(128, 2048, 1, 28, 10, 10, 0.5, false, true, paperNeuron());
        }

        /** Convolution channels {@code c} and hidden neurons {@code 16*c}. */
        public Config withWidth(int c) {
            return new Config(c, 16 * c, inChannels, size, classes, voters, dropout, fcBias, maxPool, neuron);
        }

        public Config withDropout(double p) {
            return new Config(channels, hidden, inChannels, size, classes, voters, p, fcBias, maxPool, neuron);
        }

        public Config withFcBias(boolean on) {
            return new Config(channels, hidden, inChannels, size, classes, voters, dropout, on, maxPool, neuron);
        }

        public Config withMaxPool(boolean on) {
            return new Config(channels, hidden, inChannels, size, classes, voters, dropout, fcBias, on, neuron);
        }

        public Config withNeuron(NeuronOptions n) {
            return new Config(channels, hidden, inChannels, size, classes, voters, dropout, fcBias, maxPool, n);
        }

        public Config withInput(int inCh, int sz) {
            return new Config(channels, hidden, inCh, sz, classes, voters, dropout, fcBias, maxPool, neuron);
        }
    }

    /** The paper's neuron: PLIF, initial tau 2, hard reset to 0, detached reset, ATan(alpha=2). */
    public static NeuronOptions paperNeuron() {
        return NeuronOptions.of(NeuronOptions.Kind.PLIF).withTau(2f).withSurrogate(new ATan(2f))
                .withDetachReset(true);
    }

    public static Sequential build(Config c, Rng rng) {
        int ch = c.channels();
        int s = c.size() / 2 / 2;
        Sequential net = new Sequential();
        net.add(new Conv2d(c.inChannels(), ch, 3, 1, 1, 1, 1, false, rng));
        net.add(new BatchNorm2d(ch));
        net.add(c.neuron().create(ch));
        net.add(pool(c));
        net.add(new Conv2d(ch, ch, 3, 1, 1, 1, 1, false, rng));
        net.add(new BatchNorm2d(ch));
        net.add(c.neuron().create(ch));
        net.add(pool(c));
        net.add(new Flatten());
        net.add(new Dropout(c.dropout(), rng.nextLong()));
        net.add(new Linear(ch * s * s, c.hidden(), c.fcBias(), rng));
        net.add(c.neuron().create(c.hidden()));
        net.add(new Dropout(c.dropout(), rng.nextLong()));
        int out = c.classes() * c.voters();
        net.add(new Linear(c.hidden(), out, c.fcBias(), rng));
        net.add(c.neuron().create(out));
        net.add(new VotingLayer(c.voters()));
        return net;
    }

    /**
     * Marks each convolution stage {@code conv - BN - neuron - pool} (layers 0-3 and 4-7) of a network built by
     * {@link #build} for gradient checkpointing ({@link Sequential#checkpoint}): its activations are recomputed
     * in backward instead of kept, the same gradients for a second forward of the stage. Returns {@code net}.
     */
    public static Sequential checkpointBlocks(Sequential net) {
        if (net.size() < 8 || !(net.get(0) instanceof Conv2d) || !(net.get(4) instanceof Conv2d)) {
            throw new IllegalArgumentException("PlifNet.checkpointBlocks: not a network built by PlifNet.build");
        }
        return net.checkpoint(0, 4).checkpoint(4, 8);
    }

    private static Module pool(Config c) {
        return c.maxPool() ? new MaxPool2d(2) : new AvgPool2d(2);
    }
}
