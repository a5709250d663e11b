package org.snn4j.core.optim;

import java.util.Map;

import org.snn4j.core.tensor.Tensor;

/**
 * Serializable optimiser state: the optimiser's type, its scalar settings and counters (learning
 * rate, betas, step count, ...), and its per-parameter buffers keyed as
 * {@code "<buffer>/<parameter name>"} (for example {@code "exp_avg/0.weight"}).
 */
public record OptimizerState(String type, Map<String, Double> scalars, Map<String, Tensor> tensors) {
}
