package org.snn4j.core.models;

import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Residual;
import org.snn4j.core.nn.SewFunction;

/**
 * A residual block of a ResNet stage, {@code inChannels -> outChannels} with the first convolution's stride: what
 * {@link BasicBlock}, {@link SpikingBasicBlock} and {@link SewBasicBlock} share besides their layers.
 */
abstract class ResNetBlock extends Residual {
    private final int inChannels;
    private final int outChannels;
    private final int stride;

    ResNetBlock(Module branch, Module shortcut, SewFunction join, Module post, int inChannels, int outChannels,
            int stride) {
        super(branch, shortcut, join, post);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.stride = stride;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int stride() {
        return stride;
    }

    /** {@code name(in->out, stride s<extra>[, downsample])}. */
    String describe(String name, String extra) {
        return name + "(" + inChannels + "->" + outChannels + ", stride " + stride + extra
                + (shortcut() == null ? "" : ", downsample") + ")";
    }
}
