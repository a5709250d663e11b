package org.snn4j.core.neuron;

import org.snn4j.core.surrogate.Surrogate;

/**
 * The options shared by all spiking layers (immutable). Each layer's builder starts from the defaults of
 * the library it follows (snnTorch or SpikingJelly) and documents them.
 *
 * @param threshold firing threshold (initial value when learnable)
 * @param learnThreshold whether the threshold is a trainable parameter ({@code "threshold"}, shape [1])
 * @param resetMode subtract / to {@code vReset} / none
 * @param vReset value of a hard ({@link ResetMode#ZERO}) reset; also the initial membrane then
 * @param resetTiming same step (SpikingJelly) or next step (snnTorch reset_delay)
 * @param spikeTest {@code >} or {@code >=}
 * @param detachReset whether the reset path is cut from the graph (the spike that drives the reset is
 *        treated as a constant in backward)
 * @param surrogate pseudo-derivative of the spike step
 */
public record NeuronConfig(float threshold, boolean learnThreshold, ResetMode resetMode, float vReset,
        ResetTiming resetTiming, SpikeTest spikeTest, boolean detachReset, Surrogate surrogate) {
    public NeuronConfig {
        if (!Float.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite, got " + threshold);
        }
        if (!Float.isFinite(vReset)) {
            throw new IllegalArgumentException("vReset must be finite, got " + vReset);
        }
        if (resetMode == null || resetTiming == null || spikeTest == null || surrogate == null) {
            throw new IllegalArgumentException("reset mode, reset timing, spike test and surrogate must be set");
        }
    }

    @Override
    public String toString() {
        return "threshold=" + threshold + (learnThreshold ? " (learnable)" : "") + ", reset=" + resetMode
                + (resetMode == ResetMode.ZERO ? "(" + vReset + ")" : "") + ", " + resetTiming + ", spike "
                + (spikeTest == SpikeTest.GREATER ? ">" : ">=") + (detachReset ? ", detach_reset" : "")
                + ", surrogate " + surrogate;
    }
}
