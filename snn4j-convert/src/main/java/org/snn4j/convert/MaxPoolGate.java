package org.snn4j.convert;

/**
 * What selects the input of a spiking max-pool window at each step ({@link ConvertedMaxPool}): the input whose
 * gate, accumulated over steps up to and including the current one, is the largest (ties to the first index of
 * the window in row-by-row order).
 */
public enum MaxPoolGate {
    /**
     * The input current of the IF layer in front of the pool (Rueckauer et al. 2017's gating): the accumulated
     * current is {@code t} times the ANN pre-activation for a constant input, so the selected neuron is the one
     * the ANN's max pool would pick, even above the threshold where spike counts saturate.
     */
    INPUT_CURRENT,
    /** The spike count of each input (the neuron that has fired most often so far; SNN Toolbox gates by rate). */
    SPIKE_COUNT
}
