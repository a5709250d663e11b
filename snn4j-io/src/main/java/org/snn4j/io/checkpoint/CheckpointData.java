package org.snn4j.io.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.snn4j.core.optim.OptimizerState;
import org.snn4j.core.tensor.Tensor;

/**
 * Everything a checkpoint holds. {@code parameters} are keyed as
 * {@link org.snn4j.core.nn.Module#stateDict()} keys them (parameters and buffers); {@code optimizer} may be null
 * (inference-only checkpoints); the three maps hold JSON values (String, Number, Boolean, null,
 * List, Map) and may be empty. {@link TrainingProgress} and {@link Provenance} build the usual
 * contents of {@code progress} and {@code provenance}.
 */
public record CheckpointData(Map<String, Tensor> parameters, OptimizerState optimizer, Map<String, Object> config,
        Map<String, Object> progress, Map<String, Object> provenance) {

    public CheckpointData {
        parameters = copy(parameters);
        config = copy(config);
        progress = copy(progress);
        provenance = copy(provenance);
    }

    // Map.copyOf would reject JSON nulls, so copy into an ordered map instead.
    private static <V> Map<String, V> copy(Map<String, V> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
