package org.snn4j.core.models;

import org.snn4j.core.nn.BatchNormConfig;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.nn.SewFunction;
import org.snn4j.core.util.Rng;

/**
 * The basic block of SEW ResNet (Fang et al. 2021, "Deep Residual Learning in Spiking Neural Networks";
 * SpikingJelly's {@code sew_resnet.BasicBlock}): every path ends in a neuron layer and the block joins spikes
 * element-wise,
 * <pre>
 *   A = SN(BN(conv3x3(SN(BN(conv3x3(x, stride))))))        residual branch spikes
 *   S = x, or SN(BN(conv1x1(x, stride))) when stride != 1 or in != out
 *   y = g(A, S):  ADD A + S,  AND A * S,  IAND (1 - A) * S
 * </pre>
 * ({@link SewFunction}). With ADD the output counts spikes (0, 1, 2, ...), so an identity mapping is
 * {@code A = 0} for ADD and IAND. Convolutions have no bias. Parameters: {@code 9*in*out + 9*out*out + 4*out}
 * (+ {@code in*out + 2*out} with the downsample) plus the neurons' own. The Rng draws conv1, conv2, then the
 * downsample conv.
 */
public final class SewBasicBlock extends ResNetBlock {
    public SewBasicBlock(int inChannels, int outChannels, int stride, SewFunction g, NeuronOptions neuron,
            BatchNormConfig bn, Rng rng) {
        this(new Parts(inChannels, outChannels, stride, neuron, bn, rng), g, inChannels, outChannels, stride);
    }

    private SewBasicBlock(Parts p, SewFunction g, int in, int out, int stride) {
        super(p.branch, p.shortcut, g, null, in, out, stride);
    }

    private static final class Parts {
        final Sequential branch;
        final Sequential shortcut;

        Parts(int in, int out, int stride, NeuronOptions neuron, BatchNormConfig bn, Rng rng) {
            ResNetParts.check("SewBasicBlock", in, out, stride);
            branch = ResNetParts.branch(in, out, stride, bn, rng, () -> neuron.create(out), () -> neuron.create(out));
            shortcut = ResNetParts.downsample(in, out, stride, bn, rng, () -> neuron.create(out));
        }
    }

    @Override
    public String toString() {
        return describe("SewBasicBlock", ", " + join());
    }
}
