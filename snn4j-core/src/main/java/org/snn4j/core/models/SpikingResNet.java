package org.snn4j.core.models;

import java.util.Arrays;

import org.snn4j.core.nn.AdaptiveAvgPool2d;
import org.snn4j.core.nn.BatchNorm2d;
import org.snn4j.core.nn.BatchNormConfig;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Flatten;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.nn.SewFunction;
import org.snn4j.core.util.Rng;

/**
 * Small spiking ResNets for 28x28 (or 32x32) input, with plain-add blocks ({@link SpikingBasicBlock}, the spiking
 * ResNet of SpikingJelly's {@code spiking_resnet}) or SEW blocks ({@link SewBasicBlock}, Fang et al. 2021, "Deep
 * Residual Learning in Spiking Neural Networks", {@code sew_resnet}). Layout (a 3x3 stem instead of ImageNet's 7x7
 * stride-2 stem and max pool, as CIFAR ResNets):
 * <pre>
 *   0 Conv2d(in, w0, 3, padding 1, no bias)   1 BatchNorm2d(w0)   2 neuron
 *   3.. stage s (a Sequential): blocks[s] basic blocks of width w_s; the first block of stages s > 0 has stride 2
 *   AdaptiveAvgPool2d(1) - Flatten - Linear(w_last, classes) [- neuron]
 * </pre>
 * Depth presets ({@link Config#depth}) count the weighted layers of the main path, {@code 1 + 2*sum(blocks) + 1}:
 * <pre>
 *   8:  blocks 1-1-1,   widths 16-32-64        (He et al. 2016's CIFAR family 6n+2, n = 1)
 *   14: blocks 2-2-2,   widths 16-32-64        (n = 2)
 *   20: blocks 3-3-3,   widths 16-32-64        (n = 3)
 *   10: blocks 1-1-1-1, widths 64-128-256-512
 *   18: blocks 2-2-2-2, widths 64-128-256-512  (ResNet-18's stages)
 *   34: blocks 3-4-6-3, widths 64-128-256-512
 * </pre>
 * 28x28 input gives 28, 14, 7 (and 4) per stage. The output is the last linear layer's current
 * {@code [T, B, classes]} (SEW ResNet is read out by its mean over time) or, with {@code spikingOutput}, the spikes
 * of one more neuron layer. T-agnostic. The Rng initialises the layers in order.
 */
public final class SpikingResNet {
    private SpikingResNet() {
    }

    /** Which residual block. */
    public enum BlockKind {
        /** {@code SN(branch + shortcut)}, {@link SpikingBasicBlock}. */
        PLAIN,
        /** {@code g(SN(branch), shortcut spikes)}, {@link SewBasicBlock}. */
        SEW
    }

    /**
     * Settings of {@link SpikingResNet}.
     *
     * @param inChannels    input channels
     * @param classes       outputs
     * @param widths        channels of each stage (the stem has widths[0])
     * @param blocks        basic blocks in each stage
     * @param block         plain-add or SEW blocks
     * @param sew           the SEW function (SEW blocks only)
     * @param bn            batch-norm settings (tdBN through its alpha and vth)
     * @param spikingOutput a neuron layer after the linear layer
     * @param neuron        neuron layers
     */
    public record Config(int inChannels, int classes, int[] widths, int[] blocks, BlockKind block, SewFunction sew,
            BatchNormConfig bn, boolean spikingOutput, NeuronOptions neuron) {
        public Config {
            widths = widths.clone();
            blocks = blocks.clone();
            if (inChannels <= 0 || classes <= 0) {
                throw new IllegalArgumentException("SpikingResNet: inChannels and classes must be positive, got "
                        + inChannels + ", " + classes);
            }
            if (widths.length == 0 || widths.length != blocks.length) {
                throw new IllegalArgumentException("SpikingResNet: widths " + Arrays.toString(widths) + " and blocks "
                        + Arrays.toString(blocks) + " must be non-empty and of the same length (one entry per stage)");
            }
            for (int s = 0; s < widths.length; s++) {
                if (widths[s] <= 0 || blocks[s] <= 0) {
                    throw new IllegalArgumentException("SpikingResNet: stage " + s + " needs positive width and block"
                            + " count, got width=" + widths[s] + " blocks=" + blocks[s]);
                }
            }
            if (block == null || sew == null || bn == null || neuron == null) {
                throw new IllegalArgumentException("SpikingResNet: block kind, SEW function, batch-norm settings and"
                        + " neuron options must be given");
            }
        }

        @Override
        public int[] widths() {
            return widths.clone();
        }

        @Override
        public int[] blocks() {
            return blocks.clone();
        }

        /** The preset of {@code depth} (8, 14, 20, 10, 18 or 34; see the class comment) with plain-add blocks. */
        public static Config depth(int depth, int inChannels, int classes, NeuronOptions neuron) {
            int[] cifar = {16, 32, 64};
            int[] wide = {64, 128, 256, 512};
            int[][] spec = switch (depth) {
                case 8 -> new int[][] {cifar, {1, 1, 1}};
                case 14 -> new int[][] {cifar, {2, 2, 2}};
                case 20 -> new int[][] {cifar, {3, 3, 3}};
                case 10 -> new int[][] {wide, {1, 1, 1, 1}};
                case 18 -> new int[][] {wide, {2, 2, 2, 2}};
                case 34 -> new int[][] {wide, {3, 4, 6, 3}};
                default -> throw new IllegalArgumentException("SpikingResNet: no preset of depth " + depth
                        + " (known: 8, 14, 20 with widths 16-32-64; 10, 18, 34 with widths 64-128-256-512)");
            };
            return new Config(inChannels, classes, spec[0], spec[1], BlockKind.PLAIN, SewFunction.ADD,
                    BatchNormConfig.defaults(), false, neuron);
        }

        /** SEW blocks with the given function. */
        public Config withSew(SewFunction g) {
            return new Config(inChannels, classes, widths, blocks, BlockKind.SEW, g, bn, spikingOutput, neuron);
        }

        /** Plain-add blocks. */
        public Config withPlainBlocks() {
            return new Config(inChannels, classes, widths, blocks, BlockKind.PLAIN, sew, bn, spikingOutput, neuron);
        }

        /** Stage widths scaled by {@code m}, rounded, at least 1. */
        public Config withWidth(double m) {
            if (!(m > 0) || Double.isInfinite(m)) {
                throw new IllegalArgumentException("SpikingResNet: width multiplier must be positive, got " + m);
            }
            int[] w = new int[widths.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.max(1, (int) Math.round(widths[i] * m));
            }
            return new Config(inChannels, classes, w, blocks, block, sew, bn, spikingOutput, neuron);
        }

        public Config withBatchNorm(BatchNormConfig c) {
            return new Config(inChannels, classes, widths, blocks, block, sew, c, spikingOutput, neuron);
        }

        public Config withSpikingOutput(boolean on) {
            return new Config(inChannels, classes, widths, blocks, block, sew, bn, on, neuron);
        }

        public Config withNeuron(NeuronOptions n) {
            return new Config(inChannels, classes, widths, blocks, block, sew, bn, spikingOutput, n);
        }

        /** Weighted layers on the main path: stem, two per block, the classifier. */
        public int depth() {
            int d = 2;
            for (int b : blocks) {
                d += 2 * b;
            }
            return d;
        }
    }

    /**
     * Marks the stem ({@code conv - BN - neuron}) and every residual block of a network built by {@link #build}
     * for gradient checkpointing ({@link Sequential#checkpoint}): their activations are recomputed in backward
     * instead of kept, the same gradients for a second forward of each block. Returns {@code net}.
     */
    public static Sequential checkpointBlocks(Sequential net) {
        if (net.size() < 4 || !(net.get(0) instanceof Conv2d)) {
            throw new IllegalArgumentException("SpikingResNet.checkpointBlocks: not a network built by"
                    + " SpikingResNet.build");
        }
        net.checkpoint(0, 3);
        for (int i = 3; i < net.size(); i++) {
            if (net.get(i) instanceof Sequential stage) {
                for (int b = 0; b < stage.size(); b++) {
                    stage.checkpoint(b, b + 1);
                }
            }
        }
        return net;
    }

    public static Sequential build(Config c, Rng rng) {
        int[] widths = c.widths();
        int[] blocks = c.blocks();
        Sequential net = new Sequential();
        net.add(new Conv2d(c.inChannels(), widths[0], 3, 1, 1, 1, 1, false, rng));
        net.add(new BatchNorm2d(widths[0], c.bn()));
        net.add(c.neuron().create(widths[0]));
        int in = widths[0];
        for (int s = 0; s < widths.length; s++) {
            Sequential stage = new Sequential();
            for (int b = 0; b < blocks[s]; b++) {
                int stride = s > 0 && b == 0 ? 2 : 1;
                stage.add(c.block() == BlockKind.PLAIN
                        ? new SpikingBasicBlock(in, widths[s], stride, c.neuron(), c.bn(), rng)
                        : new SewBasicBlock(in, widths[s], stride, c.sew(), c.neuron(), c.bn(), rng));
                in = widths[s];
            }
            net.add(stage);
        }
        net.add(new AdaptiveAvgPool2d(1));
        net.add(new Flatten());
        net.add(new Linear(in, c.classes(), rng));
        if (c.spikingOutput()) {
            net.add(c.neuron().create(c.classes()));
        }
        return net;
    }
}
