package org.snn4j.convert;

/** How a converted network's output is read ({@link Converter#evaluate}: the class with the largest value at t). */
public enum Readout {
    /**
     * The output layer's current summed over steps: the membrane {@code M[t] = sum_{s<=t} I[s]} of a non-firing
     * integrator (Rueckauer et al. 2017). No threshold, no quantisation of the output.
     */
    MEMBRANE,
    /**
     * An IF layer after the output layer (one threshold, from the calibration set's positive outputs or given
     * as {@code "(output)"}); the class with the most spikes so far wins (ties to the lowest index). Its output is
     * {@code theta*S}, so the running sum is {@code theta} times the spike count.
     */
    SPIKE_COUNT
}
