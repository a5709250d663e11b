package org.snn4j.core.efficiency;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One layer's line of an {@link EfficiencyReport}: per-sample averages over the observed samples.
 *
 * @param name                 dotted path in the model ({@code "0"}, {@code "1.branch.0"}); the class name
 *                             for a model that is a single layer
 * @param type                 the layer's class name
 * @param weights              weights (connection layers; 0 otherwise)
 * @param zeroWeights          zero weights
 * @param denseSynops          dense synaptic operations per sample
 * @param effectiveMacs        effective MACs per sample
 * @param effectiveAcs         effective ACs per sample
 * @param activations          activation outputs per sample (activation layers: neurons x steps)
 * @param activationSparsity   zero outputs / outputs of an activation layer; NaN for other layers
 * @param membraneUpdates      membrane updates per sample (spiking layers, NeuroBench's count)
 * @param denseMembraneUpdates neurons x steps per sample (spiking layers)
 */
public record LayerMetrics(String name, String type, long weights, long zeroWeights, double denseSynops,
                           double effectiveMacs, double effectiveAcs, double activations, double activationSparsity,
                           double membraneUpdates, double denseMembraneUpdates) {

    /** Zero weights / weights; NaN for a layer without weights. */
    public double connectionSparsity() {
        return weights == 0 ? Double.NaN : (double) zeroWeights / weights;
    }

    /** The operation counts of this layer that an {@link EnergyEstimate} prices. */
    public OpCounts opCounts() {
        return new OpCounts(effectiveMacs, effectiveAcs, membraneUpdates);
    }

    /** Whether the layer has weights (a connection layer). */
    public boolean isConnection() {
        return weights > 0;
    }

    /** JSON-friendly: numbers, strings, and null for NaN. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("type", type);
        m.put("weights", weights);
        m.put("zero_weights", zeroWeights);
        m.put("connection_sparsity", EfficiencyReport.jsonNumber(connectionSparsity()));
        m.put("dense_synops", denseSynops);
        m.put("effective_macs", effectiveMacs);
        m.put("effective_acs", effectiveAcs);
        m.put("activations", activations);
        m.put("activation_sparsity", EfficiencyReport.jsonNumber(activationSparsity));
        m.put("membrane_updates", membraneUpdates);
        m.put("dense_membrane_updates", denseMembraneUpdates);
        return m;
    }
}
