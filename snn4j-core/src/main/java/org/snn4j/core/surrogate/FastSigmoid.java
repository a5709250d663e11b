package org.snn4j.core.surrogate;

import java.util.Map;

/**
 * Fast sigmoid (SuperSpike) surrogate: {@code dS/dx = 1 / (1 + k|x|)^2}.
 *
 * <p>Default {@code k = 25}, as snnTorch {@code surrogate.fast_sigmoid(slope=25)}. Primitive:
 * {@code 0.5 + x / (1 + k|x|)}.
 */
public record FastSigmoid(float k) implements Surrogate {
    public FastSigmoid {
        Surrogate.positive("FastSigmoid k", k);
    }

    /** With the default k = 25. */
    public FastSigmoid() {
        this(25f);
    }

    @Override
    public Kind kind() {
        return Kind.FAST_SIGMOID;
    }

    @Override
    public float parameter() {
        return k;
    }

    @Override
    public String name() {
        return "fast_sigmoid";
    }

    @Override
    public Map<String, Float> parameters() {
        return Map.of("k", k);
    }

    @Override
    public String toString() {
        return "fast_sigmoid:k=" + k;
    }
}
