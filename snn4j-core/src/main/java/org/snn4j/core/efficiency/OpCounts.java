package org.snn4j.core.efficiency;

/**
 * The operations an {@link EnergyEstimate} prices, per sample.
 *
 * @param effectiveMacs   effective multiply-accumulates (synaptic operations on real-valued inputs)
 * @param effectiveAcs    effective accumulates (synaptic operations on spikes)
 * @param membraneUpdates membrane updates (spiking layers; 0 for an ANN)
 */
public record OpCounts(double effectiveMacs, double effectiveAcs, double membraneUpdates) {
    public OpCounts {
        if (!(effectiveMacs >= 0) || !(effectiveAcs >= 0) || !(membraneUpdates >= 0)) {
            throw new IllegalArgumentException("operation counts must be finite and >= 0, got MACs=" + effectiveMacs
                    + " ACs=" + effectiveAcs + " membrane updates=" + membraneUpdates);
        }
    }
}
