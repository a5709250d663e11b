package org.snn4j.convert;

import java.util.Arrays;

import org.snn4j.core.tensor.Tensor;

/**
 * What the calibration pass records of one activation layer's output {@code [B, C, ...]}: the maximum per
 * channel and, for percentiles, every non-zero value per channel (channel = dimension 1; a rank-1 output is one
 * channel).
 */
final class ActivationStats {
    private final boolean keepValues;
    private float[] max;
    private float[][] values;
    private int[] counts;

    ActivationStats(boolean keepValues) {
        this.keepValues = keepValues;
    }

    void add(String where, Tensor out) {
        int[] s = out.shape();
        int channels = s.length >= 2 ? s[1] : 1;
        int inner = 1;
        for (int d = 2; d < s.length; d++) {
            inner *= s[d];
        }
        if (max == null) {
            max = new float[channels];
            Arrays.fill(max, Float.NEGATIVE_INFINITY);
            values = new float[channels][16];
            counts = new int[channels];
        } else if (max.length != channels) {
            throw new IllegalArgumentException("activation at '" + where + "' had " + max.length
                    + " channels in an earlier calibration batch and " + channels + " now (shape " + out.shapeString() + ")");
        }
        float[] d = out.data();
        for (int i = 0; i < d.length; i++) {
            int c = (i / inner) % channels;
            float v = d[i];
            if (v > max[c]) {
                max[c] = v;
            }
            if (keepValues && v != 0f) {
                if (counts[c] == values[c].length) {
                    values[c] = Arrays.copyOf(values[c], values[c].length * 2);
                }
                values[c][counts[c]++] = v;
            }
        }
    }

    int channels() {
        return max.length;
    }

    /** Largest value of channel c. */
    float max(int c) {
        return max[c];
    }

    /** Largest value of the layer. */
    float max() {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : max) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** The p-th percentile of channel c's non-zero values (NaN when it has none). */
    float percentile(int c, double p) {
        return percentile(Arrays.copyOf(values[c], counts[c]), p);
    }

    /** The p-th percentile of all non-zero values of the layer. */
    float percentile(double p) {
        int n = 0;
        for (int k : counts) {
            n += k;
        }
        float[] all = new float[n];
        int o = 0;
        for (int c = 0; c < counts.length; c++) {
            System.arraycopy(values[c], 0, all, o, counts[c]);
            o += counts[c];
        }
        return percentile(all, p);
    }

    /**
     * {@code numpy.percentile(v, p)} (linear): sorted, rank {@code r = p/100 * (n-1)},
     * {@code v[floor r] + (r - floor r) * (v[ceil r] - v[floor r])}; NaN for no values.
     */
    static float percentile(float[] v, double p) {
        if (v.length == 0) {
            return Float.NaN;
        }
        float[] s = v.clone();
        Arrays.sort(s);
        double r = p / 100.0 * (s.length - 1);
        int lo = (int) Math.floor(r);
        int hi = Math.min(s.length - 1, lo + 1);
        return (float) (s[lo] + (r - lo) * ((double) s[hi] - s[lo]));
    }
}
