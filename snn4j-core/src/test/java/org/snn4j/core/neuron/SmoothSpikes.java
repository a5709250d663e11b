package org.snn4j.core.neuron;

import org.snn4j.core.nn.Module;

/**
 * Test helper for other packages: switches every neuron layer of a model to smooth spikes (the surrogate's
 * primitive instead of the step), so whole models become differentiable and can be checked with finite
 * differences.
 */
public final class SmoothSpikes {
    private SmoothSpikes() {
    }

    /** Sets smooth spikes on {@code m} and all its descendants that are neuron layers; returns {@code m}. */
    public static <M extends Module> M enable(M m) {
        if (m instanceof SpikingNeuron n) {
            n.setSmoothSpikes(true);
        }
        for (Module c : m.children().values()) {
            enable(c);
        }
        return m;
    }
}
