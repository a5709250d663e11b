package org.snn4j.core.encode;

import org.snn4j.core.tensor.Tensor;

/**
 * Read-outs from an output sequence {@code [T, B, C]} (spikes or membrane potentials; time-static
 * allowed) to per-class values {@code [B, C]} and predicted classes {@code [B]}. These are plain
 * values outside the autograd graph; the differentiable versions are in
 * {@link org.snn4j.core.ops.Ops} ({@code sumOverTime}, {@code meanOverTime}, {@code maxOverTime}).
 *
 * <ul>
 *   <li>{@link #spikeCount}: {@code sum_t s[t,b,c]}; {@link #rate}: count / T.</li>
 *   <li>{@link #firstSpikeTime}: the first step {@code t} (0-based) with {@code s[t,b,c] != 0}, or
 *       {@code T} when the neuron never fires. (snnTorch's {@code accuracy_temporal} uses
 *       {@code T-1} for "never", which ties with a spike at the last step; {@code T} does not.)</li>
 *   <li>{@link #maxMembrane}: {@code max_t v[t,b,c]}.</li>
 *   <li>{@link #argmax}: the class with the largest value, ties to the lowest index.</li>
 *   <li>{@link #predictByFirstSpike}: the class that fired first; ties go to the higher spike
 *       count, then to the lowest index. When no class fires, all times are T and the count rule
 *       then the index rule decide (class 0).</li>
 * </ul>
 */
public final class Decode {
    private Decode() {
    }

    private static void check(String what, Tensor out) {
        if (out.rank() != 3) {
            throw new IllegalArgumentException(what + ": output must be [T, B, C], got shape " + out.shapeString());
        }
    }

    /** Spike counts {@code [B, C]}. */
    public static Tensor spikeCount(Tensor out) {
        check("spikeCount", out);
        return out.sumOverTime();
    }

    /** Firing rates {@code [B, C]}: counts divided by T. */
    public static Tensor rate(Tensor out) {
        check("rate", out);
        Tensor c = out.sumOverTime();
        float[] d = c.data();
        float inv = 1f / out.size(0);
        for (int i = 0; i < d.length; i++) {
            d[i] *= inv;
        }
        return c;
    }

    /** First spike step {@code [B, C]} (0-based; T when the neuron never fires). */
    public static Tensor firstSpikeTime(Tensor out) {
        check("firstSpikeTime", out);
        int steps = out.size(0);
        int n = out.size(1) * out.size(2);
        float[] d = out.data();
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            int first = steps;
            if (out.isTimeStatic()) {
                first = d[i] != 0 ? 0 : steps;
            } else {
                for (int t = 0; t < steps; t++) {
                    if (d[t * n + i] != 0) {
                        first = t;
                        break;
                    }
                }
            }
            r[i] = first;
        }
        return Tensor.of(r, out.size(1), out.size(2));
    }

    /** Maximum over time {@code [B, C]}. */
    public static Tensor maxMembrane(Tensor out) {
        check("maxMembrane", out);
        int steps = out.size(0);
        int n = out.size(1) * out.size(2);
        float[] d = out.data();
        float[] r = new float[n];
        System.arraycopy(d, 0, r, 0, n);
        if (!out.isTimeStatic()) {
            for (int t = 1; t < steps; t++) {
                for (int i = 0; i < n; i++) {
                    r[i] = Math.max(r[i], d[t * n + i]);
                }
            }
        }
        return Tensor.of(r, out.size(1), out.size(2));
    }

    /** Row-wise argmax of {@code [B, C]}, ties to the lowest index (NaN never wins). */
    public static int[] argmax(Tensor scores) {
        if (scores.rank() != 2 || scores.isTimeStatic()) {
            throw new IllegalArgumentException("argmax: scores must be [B, C], got shape " + scores.shapeString());
        }
        int batch = scores.size(0);
        int classes = scores.size(1);
        float[] d = scores.data();
        int[] pred = new int[batch];
        for (int b = 0; b < batch; b++) {
            int best = 0;
            float bestV = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                float v = d[b * classes + c];
                if (v > bestV) {
                    bestV = v;
                    best = c;
                }
            }
            pred[b] = best;
        }
        return pred;
    }

    /** Predicted classes by spike count (argmax, ties to the lowest index). */
    public static int[] predictByCount(Tensor out) {
        return argmax(spikeCount(out));
    }

    /** Predicted classes by maximum membrane potential (argmax, ties to the lowest index). */
    public static int[] predictByMaxMembrane(Tensor out) {
        return argmax(maxMembrane(out));
    }

    /** Predicted classes by first spike: earliest, then higher count, then lowest index. */
    public static int[] predictByFirstSpike(Tensor out) {
        float[] first = firstSpikeTime(out).data();
        float[] count = spikeCount(out).data();
        int batch = out.size(1);
        int classes = out.size(2);
        int[] pred = new int[batch];
        for (int b = 0; b < batch; b++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                int i = b * classes + c;
                int j = b * classes + best;
                if (first[i] < first[j] || (first[i] == first[j] && count[i] > count[j])) {
                    best = c;
                }
            }
            pred[b] = best;
        }
        return pred;
    }
}
