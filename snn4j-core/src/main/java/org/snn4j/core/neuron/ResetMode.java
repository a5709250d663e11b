package org.snn4j.core.neuron;

/** What happens to the membrane after a spike. */
public enum ResetMode {
    /** Soft reset: the threshold is subtracted (snnTorch "subtract", SpikingJelly {@code v_reset=None}). */
    SUBTRACT,
    /** Hard reset: the membrane is set to {@code vReset} (snnTorch "zero", SpikingJelly {@code v_reset=0}). */
    ZERO,
    /** No reset: pure integration (snnTorch "none"). */
    NONE
}
