package org.snn4j.core.surrogate;

import java.util.Locale;
import java.util.Map;

/**
 * A surrogate gradient for the spike function {@code S = step(x)}, {@code x = H - threshold}.
 *
 * <p>The forward step itself is the neuron's choice ({@code x > 0} as snnTorch's Heaviside, or
 * {@code x >= 0} as SpikingJelly's), see {@link #heaviside(float, boolean)}. Backward uses
 * {@link #derivative(float)}. {@link #primitive(float)} is a smooth increasing function centred on 0.5 at
 * {@code x = 0} whose derivative is exactly {@link #derivative(float)}: replacing the step by it makes the whole neuron
 * differentiable, so analytic surrogate gradients can be checked against finite differences.
 *
 * <p>Implementations are immutable value objects described by {@link #kind()} and one
 * {@link #parameter()}; kernels use {@link #derivative(Kind, float, float)} in specialised loops.
 */
public sealed interface Surrogate permits ATan, FastSigmoid, Sigmoid, Triangle, StraightThrough {

    /** The surrogate families, each with one shape parameter. */
    enum Kind {
        FAST_SIGMOID, ATAN, SIGMOID, TRIANGLE, STRAIGHT_THROUGH
    }

    Kind kind();

    /** The shape parameter (slope k, alpha, width); 0 when the family has none. */
    float parameter();

    /** Short name as accepted by {@link #parse(String)}. */
    String name();

    /** The parameters by name, for logs and checkpoints. */
    Map<String, Float> parameters();

    /** The pseudo-derivative dS/dx used in backward. */
    default float derivative(float x) {
        return derivative(kind(), parameter(), x);
    }

    /** A smooth step whose derivative is exactly {@link #derivative(float)}. */
    default float primitive(float x) {
        return primitive(kind(), parameter(), x);
    }

    /** The forward spike function: {@code x > 0} (strict) or {@code x >= 0} (inclusive). */
    static float heaviside(float x, boolean inclusive) {
        return (inclusive ? x >= 0f : x > 0f) ? 1f : 0f;
    }

    /**
     * The pseudo-derivative of a kind with parameter {@code p}. The arithmetic (operation order) is
     * the one the scalar and vector kernels use, so both give the same floats.
     */
    static float derivative(Kind kind, float p, float x) {
        switch (kind) {
            case FAST_SIGMOID: {
                float q = 1f + p * Math.abs(x);
                return 1f / (q * q);
            }
            case ATAN: {
                float u = (float) (Math.PI / 2) * p * x;
                return (p * 0.5f) / (1f + u * u);
            }
            case SIGMOID: {
                float s = (float) (1.0 / (1.0 + Math.exp(-(double) (p * x))));
                return p * s * (1f - s);
            }
            case TRIANGLE: {
                float r = 1f - Math.abs(x) / p;
                return r > 0f ? r / p : 0f;
            }
            case STRAIGHT_THROUGH:
                return 1f;
            default:
                throw new AssertionError(kind);
        }
    }

    /** The primitive (smooth step) of a kind with parameter {@code p}. */
    static float primitive(Kind kind, float p, float x) {
        switch (kind) {
            case FAST_SIGMOID:
                // d/dx x/(1+k|x|) = 1/(1+k|x|)^2 on both sides of 0
                return 0.5f + x / (1f + p * Math.abs(x));
            case ATAN:
                return (float) (0.5 + Math.atan(Math.PI / 2 * p * x) / Math.PI);
            case SIGMOID:
                return (float) (1.0 / (1.0 + Math.exp(-(double) (p * x))));
            case TRIANGLE: {
                float ax = Math.min(Math.abs(x) / p, 1f);
                float half = 0.5f * (1f - (1f - ax) * (1f - ax)); // integral of (1-u) from 0 to ax
                return x >= 0 ? 0.5f + half : 0.5f - half;
            }
            case STRAIGHT_THROUGH:
                return x; // derivative 1 everywhere; not a step, but exact for gradient checks
            default:
                throw new AssertionError(kind);
        }
    }

    /** Creates a surrogate of {@code kind} with parameter {@code p} (ignored for straight-through). */
    static Surrogate of(Kind kind, float p) {
        return switch (kind) {
            case FAST_SIGMOID -> new FastSigmoid(p);
            case ATAN -> new ATan(p);
            case SIGMOID -> new Sigmoid(p);
            case TRIANGLE -> new Triangle(p);
            case STRAIGHT_THROUGH -> new StraightThrough();
        };
    }

    /**
     * Parses {@code name[:param=value]}: {@code atan}, {@code atan:alpha=2}, {@code fast_sigmoid:k=25}
     * (also {@code slope=}), {@code sigmoid:k=4} (also {@code alpha=}/{@code slope=}),
     * {@code triangle:width=1}, {@code straight_through} (also {@code ste}). A bare number after the
     * colon sets the parameter ({@code atan:2}). Names are case-insensitive, '-' equals '_'.
     */
    static Surrogate parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty surrogate specification");
        }
        String s = spec.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        String name = s;
        String arg = null;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            name = s.substring(0, colon).trim();
            arg = s.substring(colon + 1).trim();
        }
        Kind kind = switch (name) {
            case "fast_sigmoid", "fastsigmoid", "superspike" -> Kind.FAST_SIGMOID;
            case "atan", "arctan" -> Kind.ATAN;
            case "sigmoid" -> Kind.SIGMOID;
            case "triangle", "triangular" -> Kind.TRIANGLE;
            case "straight_through", "ste", "straight_through_estimator" -> Kind.STRAIGHT_THROUGH;
            default -> throw new IllegalArgumentException("unknown surrogate '" + name + "' in '" + spec
                    + "'; expected one of fast_sigmoid, atan, sigmoid, triangle, straight_through");
        };
        Surrogate dflt = of(kind, switch (kind) {
            case FAST_SIGMOID, SIGMOID -> 25f;
            case ATAN -> 2f;
            case TRIANGLE -> 1f;
            case STRAIGHT_THROUGH -> 0f;
        });
        if (arg == null || arg.isEmpty()) {
            return dflt;
        }
        if (kind == Kind.STRAIGHT_THROUGH) {
            throw new IllegalArgumentException("straight_through takes no parameter, got '" + spec + "'");
        }
        String key = null;
        String value = arg;
        int eq = arg.indexOf('=');
        if (eq >= 0) {
            key = arg.substring(0, eq).trim();
            value = arg.substring(eq + 1).trim();
        }
        if (key != null) {
            boolean ok = switch (kind) {
                case FAST_SIGMOID -> key.equals("k") || key.equals("slope");
                case SIGMOID -> key.equals("k") || key.equals("slope") || key.equals("alpha");
                case ATAN -> key.equals("alpha");
                case TRIANGLE -> key.equals("width") || key.equals("w");
                case STRAIGHT_THROUGH -> false;
            };
            if (!ok) {
                throw new IllegalArgumentException("surrogate " + name + " has no parameter '" + key + "' (in '"
                        + spec + "'); its parameter is " + dflt.parameters().keySet());
            }
        }
        float p;
        try {
            p = Float.parseFloat(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number '" + value + "' in surrogate '" + spec + "'", e);
        }
        return of(kind, p);
    }

    /** Checks a shape parameter is finite and positive. */
    static float positive(String what, float p) {
        if (!(p > 0f) || Float.isInfinite(p)) {
            throw new IllegalArgumentException(what + " must be finite and positive, got " + p);
        }
        return p;
    }
}
