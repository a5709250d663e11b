package org.snn4j.core.nn;

/**
 * Folds an evaluation-mode batch norm into the layer before it (a convolution or a linear layer whose
 * weight is stored {@code [outChannels, rest]}, row {@code o} feeding channel {@code o}). With
 * {@code sigma_o = sqrt(running_var_o + eps)} and {@code k = alpha * vth} (1 unless tdBN):
 * <pre>
 *   W'[o, :] = W[o, :] * gamma_o * k / sigma_o
 *   b'[o]    = beta_o + (b[o] - running_mean_o) * gamma_o * k / sigma_o        (b = 0 without a bias)
 * </pre>
 * so the layer with {@code W', b'} computes what the layer followed by the batch norm computes in
 * evaluation. Works on plain arrays and returns new ones; computed in double, rounded once.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {
    }

    /** The folded weight {@code [outChannels * rest]} and bias {@code [outChannels]}. */
    public record Folded(float[] weight, float[] bias) {
    }

    /**
     * Folds {@code bn} (its running statistics, gamma, beta and scale) into {@code weight} and {@code bias}
     * (may be null). {@code bn} must share its statistics over time (not {@link BatchNormThroughTime}).
     */
    public static Folded fold(float[] weight, float[] bias, int outChannels, BatchNorm bn) {
        if (bn.perStep > 0) {
            throw new IllegalArgumentException("BatchNormFolding: " + bn + " has statistics per time step and cannot"
                    + " be folded into one weight");
        }
        if (bn.channels() != outChannels) {
            throw new IllegalArgumentException("BatchNormFolding: " + bn + " has " + bn.channels()
                    + " channels but the layer has " + outChannels + " outputs");
        }
        return fold(weight, bias, outChannels, bn.gammaValues(), bn.betaValues(), bn.runningMean().data(),
                bn.runningVar().data(), bn.config().eps(), bn.config().scale());
    }

    /** The general form: every array of the batch norm has {@code outChannels} entries. */
    public static Folded fold(float[] weight, float[] bias, int outChannels, float[] gamma, float[] beta,
            float[] mean, float[] var, double eps, double scale) {
        if (outChannels <= 0 || weight.length % outChannels != 0) {
            throw new IllegalArgumentException("BatchNormFolding: weight has " + weight.length
                    + " elements, not a multiple of outChannels=" + outChannels);
        }
        if (bias != null) {
            check("bias", bias, outChannels);
        }
        check("gamma", gamma, outChannels);
        check("beta", beta, outChannels);
        check("running mean", mean, outChannels);
        check("running var", var, outChannels);
        int rest = weight.length / outChannels;
        float[] w = new float[weight.length];
        float[] b = new float[outChannels];
        for (int o = 0; o < outChannels; o++) {
            double f = gamma[o] * scale / Math.sqrt(var[o] + eps);
            for (int i = 0; i < rest; i++) {
                w[o * rest + i] = (float) (weight[o * rest + i] * f);
            }
            double b0 = bias == null ? 0 : bias[o];
            b[o] = (float) (beta[o] + (b0 - mean[o]) * f);
        }
        return new Folded(w, b);
    }

    private static void check(String what, float[] a, int n) {
        if (a == null) {
            throw new IllegalArgumentException("BatchNormFolding: " + what + " is missing");
        }
        if (a.length != n) {
            throw new IllegalArgumentException("BatchNormFolding: " + what + " has " + a.length + " entries, expected "
                    + n + " (one per output channel)");
        }
    }
}
