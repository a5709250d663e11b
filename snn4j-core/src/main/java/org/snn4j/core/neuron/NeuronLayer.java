package org.snn4j.core.neuron;

import org.snn4j.core.tensor.Tensor;

/**
 * A module whose elements are neurons with a membrane that emit spikes, as the efficiency metrics
 * ({@code org.snn4j.core.efficiency.MetricsCollector}) see it: every {@link SpikingNeuron}, and neuron layers
 * defined elsewhere (a converted network's integrate-and-fire layer) that implement it. Spikes are the layer's
 * output {@code Y[t] = a * S[t]} with {@code S[t]} in {0, 1}; the amplitude {@code a} is 1 for binary spikes, or
 * a fixed value per layer or per channel (a converted IF layer's spike carries its threshold {@code theta}).
 * <pre>
 *   membrane  V[t] over [T, B, ...], the state after the step's reset, recorded on request
 *   spikes    output values in {0} U spikeValues()
 * </pre>
 */
public interface NeuronLayer {
    /** Records the membrane {@code [T, B, ...]} of each following forward pass (on), or stops and forgets it (off). */
    NeuronLayer setRecordMembrane(boolean on);

    /** Whether recording is on. */
    boolean isRecordingMembrane();

    /** The membrane {@code [T, B, ...]} of the last forward pass while recording (no graph), else null. */
    Tensor recordedMembrane();

    /**
     * The nonzero values a spike of this layer takes (positive; one per layer or one per channel): {1} for binary
     * spikes. A layer after this one can pre-scale its weights by them and accumulate, as on binary spikes.
     */
    default float[] spikeValues() {
        return new float[] {1f};
    }
}
