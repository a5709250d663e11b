package org.snn4j.core.surrogate;

import java.util.Map;

/**
 * Arc-tangent surrogate: {@code dS/dx = (alpha/2) / (1 + (pi/2 * alpha * x)^2)}.
 *
 * <p>Default {@code alpha = 2}, as snnTorch {@code surrogate.atan(alpha=2.0)} (the default
 * {@code spike_grad} of snnTorch neurons) and SpikingJelly {@code surrogate.ATan(alpha=2.0)}. Primitive:
 * {@code 0.5 + atan(pi/2 * alpha * x) / pi}.
 */
public record ATan(float alpha) implements Surrogate {
    public ATan {
        Surrogate.positive("ATan alpha", alpha);
    }

    /** With the default alpha = 2. */
    public ATan() {
        this(2f);
    }

    @Override
    public Kind kind() {
        return Kind.ATAN;
    }

    @Override
    public float parameter() {
        return alpha;
    }

    @Override
    public String name() {
        return "atan";
    }

    @Override
    public Map<String, Float> parameters() {
        return Map.of("alpha", alpha);
    }

    @Override
    public String toString() {
        return "atan:alpha=" + alpha;
    }
}
