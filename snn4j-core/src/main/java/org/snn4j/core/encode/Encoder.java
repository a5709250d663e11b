package org.snn4j.core.encode;

import org.snn4j.core.ops.Spec;
import org.snn4j.core.tensor.Tensor;

/**
 * Turns a batch of data {@code [B, ...]} (not in the autograd graph) into an input sequence
 * {@code [T, B, ...]} (population coding widens the last dimension). Stochastic encoders draw from
 * one stream per sample, {@code Rng.derive(seed, b)}, so an encoding depends only on the sample's
 * values, its batch index and the seed, never on the thread count. Spike outputs are marked
 * binary.
 *
 * <p>{@link #parse} accepts {@code direct}, {@code rate[:gain=1,offset=0,first_spike_time=0]},
 * {@code latency[:tau=1,threshold=0.01,epsilon=1e-7,first_spike_time=0,normalize,linear,clip]},
 * {@code delta[:threshold=0.1,off_spike,padding]} and
 * {@code population[:neurons=8,min=0,max=1,width=1,spikes]}.
 */
public interface Encoder {
    /** Encodes {@code x} over {@code steps} steps; {@code seed} fixes any randomness. */
    Tensor encode(Tensor x, int steps, long seed);

    /** The spec name ({@code "rate"}, ...). */
    String name();

    /** Parses a CLI spec such as {@code "rate:gain=0.5"} or {@code "latency:tau=5,linear"}. */
    static Encoder parse(String spec) {
        Spec s = Spec.parse("encoder", spec);
        Encoder e = switch (s.name()) {
            case "direct" -> new DirectEncoder();
            case "rate", "poisson" -> new RateEncoder(s.getDouble("gain", 1), s.getDouble("offset", 0),
                    s.getInt("first_spike_time", 0));
            case "latency" -> new LatencyEncoder(s.getDouble("tau", 1), s.getDouble("threshold", 0.01),
                    s.getDouble("epsilon", 1e-7), s.getInt("first_spike_time", 0), s.getBool("normalize", false),
                    s.getBool("linear", false), s.getBool("clip", false));
            case "delta" -> new DeltaEncoder(s.getDouble("threshold", 0.1), s.getBool("off_spike", false),
                    s.getBool("padding", false));
            case "population" -> new PopulationEncoder(s.getInt("neurons", 8), s.getDouble("min", 0),
                    s.getDouble("max", 1), s.getDouble("width", 1), s.getBool("spikes", false));
            default -> throw new IllegalArgumentException("unknown encoder '" + s.name() + "' in spec '" + spec
                    + "' (known: direct, rate, latency, delta, population)");
        };
        s.finish();
        return e;
    }

    /** Checks {@code steps > 0} and that {@code x} has a batch dimension. */
    static void check(String encoder, Tensor x, int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException(encoder + ": steps must be positive, got " + steps);
        }
        if (x.rank() < 1 || x.isTimeStatic()) {
            throw new IllegalArgumentException(encoder + ": x must be a plain [B, ...] tensor, got shape " + x.shapeString());
        }
    }

    /** {@code [steps, x.shape...]}. */
    static int[] withTime(int steps, int[] shape) {
        int[] s = new int[shape.length + 1];
        s[0] = steps;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }
}
