/**
 * Efficiency metrics of any network, ANN or SNN, as NeuroBench defines them: footprint and connection
 * sparsity ({@link org.snn4j.core.efficiency.StaticMetrics}); synaptic operations (dense, effective MACs,
 * effective ACs; {@link org.snn4j.core.efficiency.SynapticOps}), activation sparsity and membrane updates
 * collected over a data set by {@link org.snn4j.core.efficiency.MetricsCollector} (neuron layers are recognised
 * through {@link org.snn4j.core.neuron.NeuronLayer}, so a converted network's IF layers count too); an energy
 * estimate from per-operation costs ({@link org.snn4j.core.efficiency.EnergyEstimate}, Horowitz 2014 profiles);
 * and models side by side, per layer, with ratios ({@link org.snn4j.core.efficiency.EfficiencyComparison}).
 */
package org.snn4j.core.efficiency;
