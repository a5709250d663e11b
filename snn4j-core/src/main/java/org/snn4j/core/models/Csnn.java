package org.snn4j.core.models;

import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Flatten;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.MaxPool2d;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.util.Rng;

/**
 * The convolutional SNN of snnTorch's tutorial 6 ("Training Spiking Neural Networks Using Lessons From Deep
 * Learning", Eshraghian et al.; 28x28 MNIST), architecture {@code 12C5-MP2-64C5-MP2-1024FC10}:
 * <pre>
 *   0 Conv2d(in, 12, 5)      [T, B, in, 28, 28] -> [T, B, 12, 24, 24]
 *   1 MaxPool2d(2)           -> [T, B, 12, 12, 12]
 *   2 neuron                 spikes
 *   3 Conv2d(12, 64, 5)      -> [T, B, 64, 8, 8]
 *   4 MaxPool2d(2)           -> [T, B, 64, 4, 4]
 *   5 neuron
 *   6 Flatten                -> [T, B, 1024]
 *   7 Linear(1024, classes)
 *   8 neuron                 output spikes [T, B, classes]
 * </pre>
 * Pooling comes before the neuron, as in the tutorial. Convolutions and the linear layer have biases
 * (PyTorch defaults). The tutorial's neurons are {@code snn.Leaky(beta=0.5,
 * spike_grad=surrogate.fast_sigmoid(slope=25))}, which {@link #tutorialNeuron()} returns. T-agnostic: any
 * number of steps, and a time-static input (direct encoding) is convolved once by the first layer.
 * Parameters for {@code in = 1}, 10 classes: {@code (12*25 + 12) + (64*12*25 + 64) + (1024*10 + 10) = 29826}.
 * Other input sizes work when both convolution and pooling stages fit ({@code size >= 16}).
 */
public final class Csnn {
    private Csnn() {
    }

    /** snnTorch tutorial 6's neuron: Leaky, beta 0.5, fast sigmoid with slope 25, other options snnTorch's. */
    public static NeuronOptions tutorialNeuron() {
        return NeuronOptions.of(NeuronOptions.Kind.LEAKY).withBeta(0.5f).withSurrogate("fast_sigmoid:k=25");
    }

    /** The tutorial network: 1 input channel, 28x28, 10 classes, the tutorial neuron. */
    public static Sequential build(Rng rng) {
        return build(1, 28, 10, tutorialNeuron(), rng);
    }

    /**
     * @param inChannels input channels (1 for MNIST)
     * @param size       input height and width (28 in the tutorial)
     * @param classes    output neurons
     * @param neuron     neuron layers
     * @param rng        initialisation, drawn layer by layer in order
     */
    public static Sequential build(int inChannels, int size, int classes, NeuronOptions neuron, Rng rng) {
        if (inChannels <= 0 || classes <= 0) {
            throw new IllegalArgumentException("Csnn: inChannels and classes must be positive, got inChannels="
                    + inChannels + " classes=" + classes);
        }
        int s1 = (size - 4) / 2;
        int s2 = (s1 - 4) / 2;
        if (size - 4 < 2 || s1 - 4 < 2) {
            throw new IllegalArgumentException("Csnn: input size " + size + " is too small for two 5x5 convolutions"
                    + " each followed by a 2x2 max pool (needs at least 16)");
        }
        Sequential net = new Sequential();
        net.add(new Conv2d(inChannels, 12, 5, rng));
        net.add(new MaxPool2d(2));
        net.add(neuron.create(12));
        net.add(new Conv2d(12, 64, 5, rng));
        net.add(new MaxPool2d(2));
        net.add(neuron.create(64));
        net.add(new Flatten());
        net.add(new Linear(64 * s2 * s2, classes, rng));
        net.add(neuron.create(classes));
        return net;
    }
}
