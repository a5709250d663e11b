package org.snn4j.core.efficiency;

import org.snn4j.core.nn.Conv1d;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.tensor.Tensor;

/**
 * Synaptic operations of one connection-layer call, as NeuroBench defines them (the bias is not an
 * operation):
 * <pre>
 *   dense          = number of (weight, input) pairs the layer multiplies, every weight and every input
 *                    counted as nonzero (NeuroBench sets both to 1 and runs the layer); zero padding of a
 *                    convolution is not an input, so taps that fall on it are not counted
 *   effective      = number of pairs with a nonzero weight and a nonzero input (both binarised to 0/1)
 *   effective ACs  = effective, for the time steps whose nonzero inputs are all spikes: |x| = 1 (NeuroBench's
 *                    {-1, 0, 1}) or |x| one of the given spike values (amplitudes of the model's neuron layers)
 *   effective MACs = effective, for the other time steps (real-valued activations)
 * </pre>
 * Spike values: a converted integrate-and-fire layer emits {@code theta * S} with {@code S} in {0, 1} and a
 * fixed threshold {@code theta} per layer or per channel. The next layer computes
 * {@code sum_j w_ij theta_j S_j = sum_j (w_ij theta_j) S_j}: with the weights pre-scaled once by the fixed
 * {@code theta_j} of their input, every operation is an accumulate, exactly as on binary spikes. So a step
 * whose nonzero input values all lie in {-c, c} for amplitudes c of the model's neuron layers
 * ({@code NeuronLayer#spikeValues}) counts ACs. The amplitudes must be constants of the network: a value that
 * merely repeats in the data (an ANN activation with a single nonzero value) does not make a spike, since no
 * weight can be pre-scaled by it. Sums of spikes (a residual add, an average pool) take other values: MACs.
 *
 * <p>Inputs are time-major: dimension 0 is the time step, and a step is classified as a whole (all of its
 * samples), as NeuroBench classifies each call of a layer in its step-by-step loop. A time-static input
 * counts once per step. A layer input without a time dimension (rank 1) is one step; an ANN batch
 * {@code [B, ...]} is read as B steps of one sample, so each sample is classified on its own.
 *
 * <p>Convolutions are counted exactly with stride, padding, dilation and groups: input element
 * {@code (c, iy, ix)} reaches output {@code (o, oy, ox)} through tap {@code (ky, kx)} when
 * {@code iy = oy*sh - ph + ky*dh} and {@code ix = ox*sw - pw + kx*dw} for a valid output position and
 * {@code o} in the group of {@code c}; the effective count adds, for each nonzero input, its number of
 * such taps with a nonzero weight. Pooling and normalisation layers are not counted (NeuroBench).
 *
 * @param dense         dense operations
 * @param effectiveMacs effective multiply-accumulates (real-valued inputs)
 * @param effectiveAcs  effective accumulates (inputs in {-1, 0, 1}, or spikes of the given amplitudes)
 */
public record SynapticOps(long dense, long effectiveMacs, long effectiveAcs) {
    public static final SynapticOps ZERO = new SynapticOps(0, 0, 0);
    /** Binary spikes only: NeuroBench's {-1, 0, 1}. */
    private static final float[] UNIT = {1f};

    /**
     * The sorted, distinct spike amplitudes (absolute values) of {@code values} together with 1, as the counting
     * methods use them. Zero, NaN and infinite values are refused.
     */
    public static float[] spikeValues(float... values) {
        java.util.TreeSet<Float> set = new java.util.TreeSet<>();
        set.add(1f);
        for (float v : values) {
            if (v == 0f || !Float.isFinite(v)) {
                throw new IllegalArgumentException("spike values must be finite and nonzero, got " + v);
            }
            set.add(Math.abs(v));
        }
        float[] out = new float[set.size()];
        int i = 0;
        for (float v : set) {
            out[i++] = v;
        }
        return out;
    }

    /** Effective MACs plus effective ACs. */
    public long effective() {
        return effectiveMacs + effectiveAcs;
    }

    public SynapticOps plus(SynapticOps o) {
        return new SynapticOps(dense + o.dense, effectiveMacs + o.effectiveMacs, effectiveAcs + o.effectiveAcs);
    }

    /** Operations of {@code layer} on {@code input} ({@code [T, B, in]} or any {@code [..., in]}). */
    public static SynapticOps linear(Linear layer, Tensor input) {
        return linear(layer.weight(), input, layer.toString(), UNIT);
    }

    /**
     * As {@link #linear(Linear, Tensor)}, a step whose nonzero inputs all have magnitude 1 or one of {@code amplitudes}
     * counting ACs.
     */
    public static SynapticOps linear(Linear layer, Tensor input, float[] amplitudes) {
        return linear(layer.weight(), input, layer.toString(), amplitudes);
    }

    /** Operations of a product {@code x W^T} with {@code weight [out, in]} on {@code input [..., in]}. */
    public static SynapticOps linear(Tensor weight, Tensor input, String where) {
        return linear(weight, input, where, UNIT);
    }

    /**
     * As {@link #linear(Tensor, Tensor, String)}, a step whose nonzero inputs all have magnitude 1 or one of
     * {@code amplitudes} counting ACs.
     */
    public static SynapticOps linear(Tensor weight, Tensor input, String where, float[] amplitudes) {
        float[] spikeValues = spikeValues(amplitudes);
        if (weight.rank() != 2) {
            throw new IllegalArgumentException(where + ": weight must be [out, in], got " + weight.shapeString());
        }
        int out = weight.size(0);
        int in = weight.size(1);
        if (input.rank() < 1 || input.size(-1) != in) {
            throw new IllegalArgumentException(where + ": input must end with " + in + " features, got "
                    + input.shapeString());
        }
        float[] w = weight.data();
        long[] eff = new long[in];
        long[] dense = new long[in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                if (w[o * in + i] != 0f) {
                    eff[i]++;
                }
            }
        }
        java.util.Arrays.fill(dense, out);
        return count(input, in, eff, dense, where, spikeValues);
    }

    /** Operations of {@code layer} on {@code input [..., C, H, W]}. */
    public static SynapticOps conv2d(Conv2d layer, Tensor input) {
        return conv2d(layer, input, UNIT);
    }

    /**
     * As {@link #conv2d(Conv2d, Tensor)}, a step whose nonzero inputs all have magnitude 1 or one of {@code amplitudes}
     * counting ACs.
     */
    public static SynapticOps conv2d(Conv2d layer, Tensor input, float[] amplitudes) {
        float[] spikeValues = spikeValues(amplitudes);
        if (input.rank() < 3 || input.size(-3) != layer.inChannels()) {
            throw new IllegalArgumentException(layer + ": input must be [..., " + layer.inChannels() + ", H, W], got "
                    + input.shapeString());
        }
        int[] k = layer.kernelSize();
        int[] s = layer.stride();
        int[] p = layer.padding();
        int[] d = layer.dilation();
        long[][] tables = convTables(layer.weight().data(), layer.inChannels(), layer.outChannels(), layer.groups(),
                input.size(-2), input.size(-1), k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], layer.toString());
        return count(input, tables[0].length, tables[0], tables[1], layer.toString(), spikeValues);
    }

    /** Operations of {@code layer} on {@code input [..., C, L]}. */
    public static SynapticOps conv1d(Conv1d layer, Tensor input) {
        return conv1d(layer, input, UNIT);
    }

    /**
     * As {@link #conv1d(Conv1d, Tensor)}, a step whose nonzero inputs all have magnitude 1 or one of {@code amplitudes}
     * counting ACs.
     */
    public static SynapticOps conv1d(Conv1d layer, Tensor input, float[] amplitudes) {
        float[] spikeValues = spikeValues(amplitudes);
        if (input.rank() < 2 || input.size(-2) != layer.inChannels()) {
            throw new IllegalArgumentException(layer + ": input must be [..., " + layer.inChannels() + ", L], got "
                    + input.shapeString());
        }
        long[][] tables = convTables(layer.weight().data(), layer.inChannels(), layer.outChannels(), layer.groups(),
                1, input.size(-1), 1, layer.kernelSize(), 1, layer.stride(), 0, layer.padding(), 1, layer.dilation(),
                layer.toString());
        return count(input, tables[0].length, tables[0], tables[1], layer.toString(), spikeValues);
    }

    /**
     * Per input element {@code (c, iy, ix)} of one sample: {@code [0]} the number of (output, tap) pairs it
     * reaches through a nonzero weight, {@code [1]} the number it reaches at all (every weight nonzero).
     * Weight {@code [cout, cin/groups, kh, kw]}.
     */
    static long[][] convTables(float[] w, int cin, int cout, int groups, int h, int wd, int kh, int kw, int sh, int sw,
                               int ph, int pw, int dh, int dw, String where) {
        long numH = (long) h + 2L * ph - (long) dh * (kh - 1) - 1;
        long numW = (long) wd + 2L * pw - (long) dw * (kw - 1) - 1;
        if (numH < 0 || numW < 0) {
            throw new IllegalArgumentException(where + ": input " + h + "x" + wd
                    + " is smaller than the dilated kernel with padding");
        }
        int outH = (int) (numH / sh) + 1;
        int outW = (int) (numW / sw) + 1;
        int cinG = cin / groups;
        int coutG = cout / groups;
        // nonzero weights per (input channel, ky, kx), over the output channels of the channel's group
        long[] nnz = new long[cin * kh * kw];
        for (int c = 0; c < cin; c++) {
            int g = c / cinG;
            int cl = c % cinG;
            for (int o = g * coutG; o < (g + 1) * coutG; o++) {
                for (int t = 0; t < kh * kw; t++) {
                    if (w[(o * cinG + cl) * kh * kw + t] != 0f) {
                        nnz[c * kh * kw + t]++;
                    }
                }
            }
        }
        boolean[][] rowTap = taps(h, kh, sh, ph, dh, outH);
        boolean[][] colTap = taps(wd, kw, sw, pw, dw, outW);
        long[] eff = new long[cin * h * wd];
        long[] dense = new long[cin * h * wd];
        for (int c = 0; c < cin; c++) {
            for (int iy = 0; iy < h; iy++) {
                for (int ix = 0; ix < wd; ix++) {
                    long e = 0;
                    long n = 0;
                    for (int ky = 0; ky < kh; ky++) {
                        if (!rowTap[iy][ky]) {
                            continue;
                        }
                        for (int kx = 0; kx < kw; kx++) {
                            if (colTap[ix][kx]) {
                                e += nnz[(c * kh + ky) * kw + kx];
                                n += coutG;
                            }
                        }
                    }
                    eff[(c * h + iy) * wd + ix] = e;
                    dense[(c * h + iy) * wd + ix] = n;
                }
            }
        }
        return new long[][] {eff, dense};
    }

    /** {@code [i][k]}: input index {@code i} is read by tap {@code k} of some output {@code 0 <= o < out}. */
    private static boolean[][] taps(int size, int k, int stride, int pad, int dil, int out) {
        boolean[][] t = new boolean[size][k];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < k; j++) {
                int num = i + pad - j * dil;
                t[i][j] = num >= 0 && num % stride == 0 && num / stride < out;
            }
        }
        return t;
    }

    /**
     * Counts over {@code x} seen as time steps (dimension 0) of samples of {@code sample} elements, element
     * {@code j} of a sample costing {@code eff[j]} effective and {@code dense[j]} dense operations; a step whose
     * nonzero values all have a magnitude in {@code spikeValues} (sorted, containing 1) gives ACs.
     */
    static SynapticOps count(Tensor x, int sample, long[] eff, long[] dense, String where, float[] spikeValues) {
        int steps = x.rank() >= 2 ? x.size(0) : 1;
        boolean stat = x.isTimeStatic();
        int stored = x.storedNumel();
        int storedSteps = stat ? 1 : steps;
        if (storedSteps == 0 || stored == 0) {
            return ZERO;
        }
        int perStep = stored / storedSteps;
        if (perStep % sample != 0) {
            throw new IllegalArgumentException(where + ": a step of input " + x.shapeString() + " holds " + perStep
                    + " elements, not a multiple of the " + sample + " of one sample");
        }
        int samples = perStep / sample;
        long densePerSample = 0;
        for (long v : dense) {
            densePerSample += v;
        }
        long repeat = stat ? steps : 1;
        byte[] b = x.spikeBytes();
        float[] d = b == null ? x.data() : null;
        long dn = 0;
        long macs = 0;
        long acs = 0;
        for (int t = 0; t < storedSteps; t++) {
            long e = 0;
            boolean binary = true;
            for (int s = 0; s < samples; s++) {
                int base = t * perStep + s * sample;
                if (b != null) {
                    for (int j = 0; j < sample; j++) {
                        if (b[base + j] != 0) {
                            e += eff[j];
                        }
                    }
                } else {
                    for (int j = 0; j < sample; j++) {
                        float v = d[base + j];
                        if (v != 0f) {
                            e += eff[j];
                            if (binary && v != 1f && v != -1f && !isSpikeValue(v, spikeValues)) {
                                binary = false;
                            }
                        }
                    }
                }
            }
            dn += repeat * samples * densePerSample;
            if (binary) {
                acs += repeat * e;
            } else {
                macs += repeat * e;
            }
        }
        return new SynapticOps(dn, macs, acs);
    }

    private static boolean isSpikeValue(float v, float[] spikeValues) {
        return java.util.Arrays.binarySearch(spikeValues, Math.abs(v)) >= 0;
    }
}
