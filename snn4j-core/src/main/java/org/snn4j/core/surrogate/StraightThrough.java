package org.snn4j.core.surrogate;

import java.util.Map;

/**
 * Straight-through estimator: {@code dS/dx = 1} (snnTorch {@code surrogate.straight_through_estimator()}).
 * Its primitive is the identity {@code x}, which is not a step but has exactly the surrogate as
 * derivative.
 */
public record StraightThrough() implements Surrogate {
    @Override
    public Kind kind() {
        return Kind.STRAIGHT_THROUGH;
    }

    @Override
    public float parameter() {
        return 0f;
    }

    @Override
    public String name() {
        return "straight_through";
    }

    @Override
    public Map<String, Float> parameters() {
        return Map.of();
    }

    @Override
    public String toString() {
        return "straight_through";
    }
}
