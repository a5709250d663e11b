package org.snn4j.core.models;

import org.snn4j.core.nn.AdaptiveAvgPool2d;
import org.snn4j.core.nn.BatchNorm2d;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Flatten;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.util.Rng;

/**
 * ANN versions of the VGG and ResNet builders, for ANN-to-SNN conversion: the same architecture settings
 * ({@link SpikingVgg.Config}, {@link SpikingResNet.Config}; their neuron options are not used), the same layers
 * in the same order with an {@link Activation} where the spiking builder puts a neuron layer, and the same draws
 * from the Rng, so a seed gives the ANN the weights its spiking twin would get. The ANN runs on a batch
 * {@code [B, C, H, W]} without a time dimension (its {@link Flatten} starts at dimension 1) and returns
 * {@code [B, classes]}.
 *
 * <p>Not supported (a clear error): dropout in the VGG classifier ({@code Dropout} draws one mask per sample of
 * dimension 1 of a sequence, which an ANN batch does not have), a spiking output layer, SEW blocks.
 */
public final class AnnModels {
    private AnnModels() {
    }

    /** The VGG of {@code c} with activation {@code act} after every convolution and hidden linear layer. */
    public static Sequential vgg(SpikingVgg.Config c, Activation act, Rng rng) {
        if (act == null) {
            throw new IllegalArgumentException("AnnModels.vgg: activation must be given");
        }
        if (c.dropout() > 0 && c.hidden().length > 0) {
            throw new IllegalArgumentException("AnnModels.vgg: dropout " + c.dropout() + " is not supported in an ANN"
                    + " (use withClassifier(hidden, 0))");
        }
        if (c.spikingOutput()) {
            throw new IllegalArgumentException("AnnModels.vgg: an ANN has no spiking output layer");
        }
        Sequential net = new Sequential();
        int f = SpikingVgg.addFeatures(net, c, rng, channels -> act.create());
        net.add(new Flatten(1));
        for (int h : c.hidden()) {
            net.add(new Linear(f, h, rng));
            net.add(act.create());
            f = h;
        }
        net.add(new Linear(f, c.classes(), rng));
        return net;
    }

    /**
     * A VGG for 28x28 input (Fashion-MNIST) ready for conversion: {@link SpikingVgg.Config#small28}'s layers
     * ({@code 32C3-BN-AP2-64C3-BN-64C3-BN-AP2-128C3-BN-128C3-BN-AP2-FC256-FC<classes>}, widths scaled by
     * {@code width}) with average pooling and no dropout.
     */
    public static Sequential vgg28(int inChannels, int classes, double width, Activation act, Rng rng) {
        SpikingVgg.Config c = SpikingVgg.Config.small28(inChannels, classes, NeuronOptions.of(NeuronOptions.Kind.IF))
                .withWidth(width).withPooling(SpikingVgg.Pooling.AVG);
        return vgg(c.withClassifier(c.hidden(), 0), act, rng);
    }

    /**
     * The ResNet of {@code c} (plain-add blocks only) with {@link BasicBlock}s: stem {@code conv3x3-BN-A}, the
     * stages, global average pool, {@code Flatten(1)}, linear.
     */
    public static Sequential resnet(SpikingResNet.Config c, Activation act, Rng rng) {
        if (act == null) {
            throw new IllegalArgumentException("AnnModels.resnet: activation must be given");
        }
        if (c.block() != SpikingResNet.BlockKind.PLAIN) {
            throw new IllegalArgumentException("AnnModels.resnet: only plain-add blocks have an ANN form, got "
                    + c.block());
        }
        if (c.spikingOutput()) {
            throw new IllegalArgumentException("AnnModels.resnet: an ANN has no spiking output layer");
        }
        int[] widths = c.widths();
        int[] blocks = c.blocks();
        Sequential net = new Sequential();
        net.add(new Conv2d(c.inChannels(), widths[0], 3, 1, 1, 1, 1, false, rng));
        net.add(new BatchNorm2d(widths[0], c.bn()));
        net.add(act.create());
        int in = widths[0];
        for (int s = 0; s < widths.length; s++) {
            Sequential stage = new Sequential();
            for (int b = 0; b < blocks[s]; b++) {
                stage.add(new BasicBlock(in, widths[s], s > 0 && b == 0 ? 2 : 1, act, c.bn(), rng));
                in = widths[s];
            }
            net.add(stage);
        }
        net.add(new AdaptiveAvgPool2d(1));
        net.add(new Flatten(1));
        net.add(new Linear(in, c.classes(), rng));
        return net;
    }

    /** The ResNet preset of {@code depth} (8, 14, 20, 10, 18, 34; see {@link SpikingResNet}) as an ANN. */
    public static Sequential resnet(int depth, int inChannels, int classes, double width, Activation act, Rng rng) {
        return resnet(SpikingResNet.Config.depth(depth, inChannels, classes, NeuronOptions.of(NeuronOptions.Kind.IF))
                .withWidth(width), act, rng);
    }
}
