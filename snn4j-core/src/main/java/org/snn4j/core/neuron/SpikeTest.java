package org.snn4j.core.neuron;

/** The forward spike condition on {@code H - threshold}. */
public enum SpikeTest {
    /** {@code H > threshold}: snnTorch's Heaviside ({@code (x > 0).float()}). */
    GREATER,
    /** {@code H >= threshold}: SpikingJelly's {@code heaviside} ({@code (x >= 0).to(x)}). */
    GREATER_EQUAL
}
