package org.snn4j.core.models;

import org.snn4j.core.nn.BatchNormConfig;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.nn.SewFunction;
import org.snn4j.core.util.Rng;

/**
 * The basic block of a spiking ResNet in the "plain add" form (SpikingJelly's {@code spiking_resnet.BasicBlock},
 * torchvision's {@code BasicBlock} with each ReLU replaced by a neuron layer SN):
 * <pre>
 *   branch   = conv3x3(in, out, stride) - BN - SN - conv3x3(out, out) - BN
 *   shortcut = identity, or conv1x1(in, out, stride) - BN when stride != 1 or in != out
 *   y        = SN(branch(x) + shortcut(x))
 * </pre>
 * Convolutions have no bias ({@code padding 1} for 3x3). The sum of two batch-normalised currents goes into
 * the last neuron, so the shortcut carries real values, not spikes. Parameters:
 * {@code 9*in*out + 9*out*out + 2*out + 2*out} (+ {@code in*out + 2*out} with the downsample) plus the neurons'
 * own. The Rng draws conv1, conv2, then the downsample conv.
 */
public final class SpikingBasicBlock extends ResNetBlock {
    public SpikingBasicBlock(int inChannels, int outChannels, int stride, NeuronOptions neuron, BatchNormConfig bn,
            Rng rng) {
        this(new Parts(inChannels, outChannels, stride, neuron, bn, rng), inChannels, outChannels, stride);
    }

    private SpikingBasicBlock(Parts p, int in, int out, int stride) {
        super(p.branch, p.shortcut, SewFunction.ADD, p.post, in, out, stride);
    }

    /** Builds the children in draw order before the super constructor registers them. */
    private static final class Parts {
        final Sequential branch;
        final Sequential shortcut;
        final org.snn4j.core.neuron.SpikingNeuron post;

        Parts(int in, int out, int stride, NeuronOptions neuron, BatchNormConfig bn, Rng rng) {
            ResNetParts.check("SpikingBasicBlock", in, out, stride);
            branch = ResNetParts.branch(in, out, stride, bn, rng, () -> neuron.create(out), null);
            shortcut = ResNetParts.downsample(in, out, stride, bn, rng, null);
            post = neuron.create(out);
        }
    }

    @Override
    public String toString() {
        return describe("SpikingBasicBlock", "");
    }
}
