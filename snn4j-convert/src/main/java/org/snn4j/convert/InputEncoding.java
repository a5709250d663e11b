package org.snn4j.convert;

import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/**
 * How a converted network receives its ANN input {@code x [B, ...]} over {@code T} steps.
 * <pre>
 *   ANALOG    I[t] = x                                   (a time-static tensor: the first layer runs once)
 *   POISSON   S[t, b, i] = [u(t, b, i) &lt; x[b, i]]      (binary spikes, P(spike) = x per step, E[S] = x)
 *             u(t, b, i) = draw t*n + i of Rng.derive(seed, firstSample + b).nextFloat()  in [0, 1)
 * </pre>
 * Analog input is the default (Rueckauer et al. 2017: the first layer sees the real-valued image and its
 * neurons are the first to spike). Poisson (rate) input needs values in [0, 1] (a pixel value is its spike
 * probability per step, so 0 never and 1 always fires); {@code n} is the number of elements of one sample and
 * {@code firstSample} the index of the batch's first sample in the evaluation set, so each sample has its own
 * stream: the spikes do not depend on how the set is cut into batches, nor on the thread count.
 *
 * @param kind ANALOG or POISSON
 * @param seed POISSON only: the seed of the per-sample streams
 */
public record InputEncoding(Kind kind, long seed) {
    /** The encodings. */
    public enum Kind {
        ANALOG, POISSON
    }

    public InputEncoding {
        if (kind == null) {
            throw new IllegalArgumentException("InputEncoding: kind must be given");
        }
    }

    /** The analog current (the default). */
    public static InputEncoding analog() {
        return new InputEncoding(Kind.ANALOG, 0);
    }

    /** Poisson (Bernoulli per step) spikes with probability = input value, seeded. */
    public static InputEncoding poisson(long seed) {
        return new InputEncoding(Kind.POISSON, seed);
    }

    /**
     * Encodes {@code x [B, ...]} as {@code [T, B, ...]}; {@code firstSample} is the index of {@code x}'s first
     * sample in the whole evaluation set (POISSON only).
     */
    public Tensor encode(Tensor x, int steps, long firstSample) {
        if (steps <= 0) {
            throw new IllegalArgumentException("InputEncoding: steps must be positive, got " + steps);
        }
        if (kind == Kind.ANALOG) {
            return Tensor.repeatTime(x.detach(), steps);
        }
        float[] d = x.data();
        int batch = x.size(0);
        int n = batch == 0 ? 0 : d.length / batch;
        for (int i = 0; i < d.length; i++) {
            if (!(d[i] >= 0f && d[i] <= 1f)) {
                throw new IllegalArgumentException("InputEncoding: Poisson input needs values in [0, 1] (the spike"
                        + " probability per step), but sample " + (i / n) + " of the batch has " + d[i]
                        + " at element " + (i % n) + "; scale the input or use analog input");
            }
        }
        byte[] s = new byte[steps * d.length];
        Parallel.forRange(batch, 1, (from, to) -> {
            for (int b = from; b < to; b++) {
                Rng rng = Rng.derive(seed, firstSample + b);
                for (int t = 0; t < steps; t++) {
                    int o = t * d.length + b * n;
                    for (int i = 0; i < n; i++) {
                        s[o + i] = rng.nextFloat() < d[b * n + i] ? (byte) 1 : (byte) 0;
                    }
                }
            }
        });
        int[] shape = new int[x.rank() + 1];
        shape[0] = steps;
        System.arraycopy(x.shape(), 0, shape, 1, x.rank());
        return Tensor.ofSpikes(s, shape);
    }

    @Override
    public String toString() {
        return kind == Kind.ANALOG ? "analog" : "poisson(seed=" + seed + ")";
    }
}
