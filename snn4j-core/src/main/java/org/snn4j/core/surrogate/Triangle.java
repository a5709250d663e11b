package org.snn4j.core.surrogate;

import java.util.Map;

/**
 * Triangular surrogate: {@code dS/dx = max(0, 1 - |x|/width) / width} (unit area, peak {@code 1/width}).
 *
 * <p>Default {@code width = 1}, which gives {@code max(0, 1 - |x|)} like SpikingJelly-style triangle
 * surrogates. Note: snnTorch's {@code surrogate.triangular()} backward is not this shape; it returns
 * {@code +threshold} for {@code x < 0} and {@code -threshold} for {@code x >= 0} (a sign flip, whose
 * integral {@code -|x|} is not a step), so it is deliberately not reproduced. Primitive: the piecewise
 * quadratic smooth step from 0 at {@code x = -width} to 1 at {@code x = width}.
 */
public record Triangle(float width) implements Surrogate {
    public Triangle {
        Surrogate.positive("Triangle width", width);
    }

    /** With the default width = 1. */
    public Triangle() {
        this(1f);
    }

    @Override
    public Kind kind() {
        return Kind.TRIANGLE;
    }

    @Override
    public float parameter() {
        return width;
    }

    @Override
    public String name() {
        return "triangle";
    }

    @Override
    public Map<String, Float> parameters() {
        return Map.of("width", width);
    }

    @Override
    public String toString() {
        return "triangle:width=" + width;
    }
}
