package org.snn4j.core.models;

import org.snn4j.core.nn.BatchNormConfig;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.nn.SewFunction;
import org.snn4j.core.util.Rng;

/**
 * torchvision's ResNet {@code BasicBlock} with a chosen activation A (ReLU, clipped ReLU, QCFS): the ANN twin of
 * {@link SpikingBasicBlock}, same layers, same names and same draws from the Rng (conv1, conv2, downsample conv):
 * <pre>
 *   branch   = conv3x3(in, out, stride) - BN - A - conv3x3(out, out) - BN
 *   shortcut = identity, or conv1x1(in, out, stride) - BN when stride != 1 or in != out
 *   y        = A(branch(x) + shortcut(x))
 * </pre>
 * Parameters: {@code 9*in*out + 9*out*out + 4*out} (+ {@code in*out + 2*out} with the downsample) plus the
 * activations' own (one lambda per QCFS).
 */
public final class BasicBlock extends ResNetBlock {
    public BasicBlock(int inChannels, int outChannels, int stride, Activation act, BatchNormConfig bn, Rng rng) {
        this(new Parts(inChannels, outChannels, stride, act, bn, rng), inChannels, outChannels, stride);
    }

    private BasicBlock(Parts p, int in, int out, int stride) {
        super(p.branch, p.shortcut, SewFunction.ADD, p.post, in, out, stride);
    }

    private static final class Parts {
        final Sequential branch;
        final Sequential shortcut;
        final org.snn4j.core.nn.Module post;

        Parts(int in, int out, int stride, Activation act, BatchNormConfig bn, Rng rng) {
            ResNetParts.check("BasicBlock", in, out, stride);
            if (act == null) {
                throw new IllegalArgumentException("BasicBlock: activation must be given");
            }
            branch = ResNetParts.branch(in, out, stride, bn, rng, act::create, null);
            shortcut = ResNetParts.downsample(in, out, stride, bn, rng, null);
            post = act.create();
        }
    }

    @Override
    public String toString() {
        return describe("BasicBlock", "");
    }
}
