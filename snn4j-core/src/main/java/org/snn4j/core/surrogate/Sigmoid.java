package org.snn4j.core.surrogate;

import java.util.Map;

/**
 * Sigmoid surrogate: {@code dS/dx = k * s(kx) * (1 - s(kx))}, {@code s} the logistic function.
 *
 * <p>Default {@code k = 25}, as snnTorch {@code surrogate.sigmoid(slope=25)}. SpikingJelly's
 * {@code surrogate.Sigmoid} is the same formula with {@code alpha = 4} by default, which is the
 * surrogate of its {@code LIFNode}/{@code IFNode}/{@code ParametricLIFNode}; use {@code new Sigmoid(4)}
 * (the SpikingJelly-style neuron builders here do). Primitive: {@code s(kx)}.
 */
public record Sigmoid(float k) implements Surrogate {
    public Sigmoid {
        Surrogate.positive("Sigmoid k", k);
    }

    /** With the default k = 25. */
    public Sigmoid() {
        this(25f);
    }

    @Override
    public Kind kind() {
        return Kind.SIGMOID;
    }

    @Override
    public float parameter() {
        return k;
    }

    @Override
    public String name() {
        return "sigmoid";
    }

    @Override
    public Map<String, Float> parameters() {
        return Map.of("k", k);
    }

    @Override
    public String toString() {
        return "sigmoid:k=" + k;
    }
}
