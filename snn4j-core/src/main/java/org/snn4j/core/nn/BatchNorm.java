package org.snn4j.core.nn;

import java.util.Arrays;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.tensor.Tensor;

/**
 * Batch normalisation through time, the base of {@link BatchNorm1d}, {@link BatchNorm2d} and
 * {@link BatchNormThroughTime}. The input is seen as {@code [N, C, S]}: {@code N} rows (all leading
 * dimensions, {@code T*B} for a sequence), {@code C} channels, {@code S} trailing positions ({@code H*W}).
 * In training, per channel {@code c} over the {@code M = N*S} values of the batch (SpikingJelly's multi-step
 * batch norm: statistics over {@code T*B*H*W}):
 * <pre>
 *   mu_c = mean(x[., c, .]),   var_c = mean((x - mu_c)^2)                 (biased, used to normalise)
 *   y    = gamma_c * k * (x - mu_c) / sqrt(var_c + eps) + beta_c          (k = alpha * vth, 1 unless tdBN)
 *   running_mean = (1 - momentum) * running_mean + momentum * mu_c
 *   running_var  = (1 - momentum) * running_var  + momentum * var_c * M / (M - 1)   (unbiased, as PyTorch)
 * </pre>
 * In evaluation {@code mu}, {@code var} are the running statistics (initially 0 and 1). Backward (training,
 * {@code xhat = (x - mu) / sigma}, {@code sigma = sqrt(var + eps)}):
 * <pre>
 *   dbeta = sum g,   dgamma = k * sum g * xhat,
 *   dx    = (gamma k / sigma) * (g - sum(g) / M - xhat * sum(g * xhat) / M)
 * </pre>
 * and {@code dx = g * gamma * k / sigma} in evaluation. Sums run over the channel's {@code M} values.
 *
 * <p>A time-static input ({@code T} copies of one step) has the statistics of its stored step, so it is
 * normalised once and gives a time-static output; the formulas above on the stored step with its gradient
 * summed over time give exactly the summed gradient of the {@code T} copies. Only the unbiased factor of the
 * running variance counts all {@code T} copies ({@code M = T*B*S}), as the materialised input would.
 *
 * <p>Running statistics are buffers ({@link #namedBuffers()}): {@code running_mean}, {@code running_var}.
 */
public abstract class BatchNorm extends Module {
    final int channels;
    /** Number of time steps with their own statistics and parameters (BNTT), or 0 for shared ones. */
    final int perStep;
    final BatchNormConfig config;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final float[] fixedGamma;
    private final float[] fixedBeta;

    BatchNorm(int perStep, int channels, BatchNormConfig config, boolean withBias) {
        if (channels <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": channels must be positive, got " + channels);
        }
        this.channels = channels;
        this.perStep = perStep;
        this.config = config;
        int[] pshape = perStep > 0 ? new int[] {perStep, channels} : new int[] {channels};
        int n = perStep > 0 ? perStep * channels : channels;
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        if (config.affine()) {
            weight = registerParameter("weight", Tensor.of(ones.clone(), pshape));
            bias = withBias ? registerParameter("bias", Tensor.of(new float[n], pshape)) : null;
        } else {
            weight = null;
            bias = null;
        }
        fixedGamma = ones;
        fixedBeta = new float[n];
        runningMean = registerBuffer("running_mean", Tensor.of(new float[n], pshape));
        runningVar = registerBuffer("running_var", Tensor.of(ones.clone(), pshape));
    }

    /** Checks the rank of {@code x} and returns the index of its channel dimension. */
    abstract int channelDim(Tensor x);

    public int channels() {
        return channels;
    }

    public BatchNormConfig config() {
        return config;
    }

    /** {@code gamma} ({@code [C]}, or {@code [T, C]} per step), or null without affine parameters. */
    public Tensor weight() {
        return weight;
    }

    /** {@code beta}, or null (no affine parameters, or BNTT without bias). */
    public Tensor bias() {
        return bias;
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    /** The values of gamma in use (1 without affine parameters). */
    float[] gammaValues() {
        return weight != null ? weight.data() : fixedGamma;
    }

    /** The values of beta in use (0 without a bias). */
    float[] betaValues() {
        return bias != null ? bias.data() : fixedBeta;
    }

    @Override
    public Tensor forward(Tensor input) {
        int cd = channelDim(input);
        if (input.size(cd) != channels) {
            throw new IllegalArgumentException(this + ": expected " + channels + " channels in dimension " + cd
                    + ", got input shape " + input.shapeString());
        }
        int steps = input.size(0);
        if (perStep > 0 && steps != perStep) {
            throw new IllegalArgumentException(this + ": built for " + perStep + " time steps, got input shape "
                    + input.shapeString());
        }
        Tensor x = perStep > 0 ? input.materialize() : input;
        int[] shape = x.shape();
        int c = channels;
        int spatial = 1;
        for (int i = cd + 1; i < shape.length; i++) {
            spatial *= shape[i];
        }
        int s = spatial;
        float[] xd = x.data();
        int problems = perStep > 0 ? perStep : 1;
        int block = xd.length / problems;
        int n = c * s == 0 ? 0 : block / (c * s);
        boolean train = isTraining();
        float scale = config.scale();
        float[] gamma = gammaValues();
        float[] beta = betaValues();
        float[] mean = new float[problems * c];
        float[] invstd = new float[problems * c];
        float[] rm = runningMean.data();
        float[] rv = runningVar.data();
        if (train) {
            long logical = (long) n * s * (x.isTimeStatic() ? steps : 1);
            if (logical <= 1) {
                throw new IllegalArgumentException(this + ": training needs more than one value per channel, got input"
                        + " shape " + input.shapeString());
            }
            double mom = config.momentum();
            double unbias = (double) logical / (logical - 1);
            double[] dm = new double[c];
            double[] dv = new double[c];
            for (int p = 0; p < problems; p++) {
                BatchNormKernel.meanVar(xd, p * block, n, c, s, dm, dv);
                for (int ch = 0; ch < c; ch++) {
                    int i = p * c + ch;
                    mean[i] = (float) dm[ch];
                    invstd[i] = (float) (1.0 / Math.sqrt(dv[ch] + config.eps()));
                    rm[i] = (float) ((1 - mom) * rm[i] + mom * dm[ch]);
                    rv[i] = (float) ((1 - mom) * rv[i] + mom * dv[ch] * unbias);
                }
            }
        } else {
            for (int i = 0; i < mean.length; i++) {
                mean[i] = rm[i];
                invstd[i] = (float) (1.0 / Math.sqrt((double) rv[i] + config.eps()));
            }
        }
        float[] a = new float[problems * c];
        for (int i = 0; i < a.length; i++) {
            a[i] = gamma[i] * scale * invstd[i];
        }
        float[] y = new float[xd.length];
        for (int p = 0; p < problems; p++) {
            BatchNormKernel.affine(null, 0, xd, p * block, n, c, s, null, mean, a, beta, p * c, y, p * block);
        }
        Tensor out = x.isTimeStatic() ? Tensor.staticOf(y, steps, Arrays.copyOfRange(shape, 1, shape.length))
                : Tensor.of(y, shape);
        if (Autograd.isTracking(x, weight, bias)) {
            out.withGradFn(new GradFn(toString(), x, weight, bias) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    float[] g = gradOutput.data();
                    float[] gGamma = needsGrad(1) ? new float[problems * c] : null;
                    float[] gBeta = needsGrad(2) ? new float[problems * c] : null;
                    float[] gx = needsGrad(0) ? new float[xd.length] : null;
                    double[] s1 = new double[c];
                    double[] s2 = new double[c];
                    float[] k = new float[problems * c];
                    float[] e = new float[problems * c];
                    float[] d = new float[problems * c];
                    double count = (double) n * s;
                    for (int p = 0; p < problems; p++) {
                        if (train || gGamma != null || gBeta != null) {
                            BatchNormKernel.gradSums(g, p * block, xd, p * block, n, c, s, mean, p * c, s1, s2);
                        }
                        for (int ch = 0; ch < c; ch++) {
                            int i = p * c + ch;
                            if (gGamma != null) {
                                gGamma[i] = (float) (scale * invstd[i] * s2[ch]);
                            }
                            if (gBeta != null) {
                                gBeta[i] = (float) s1[ch];
                            }
                            double kk = (double) gamma[i] * scale * invstd[i];
                            k[i] = (float) kk;
                            if (train) {
                                e[i] = (float) (-kk * invstd[i] * invstd[i] * s2[ch] / count);
                                d[i] = (float) (-kk * s1[ch] / count);
                            }
                        }
                        if (gx != null) {
                            BatchNormKernel.affine(g, p * block, xd, p * block, n, c, s, k, mean, e, d, p * c, gx,
                                    p * block);
                        }
                    }
                    if (gx != null) {
                        int[] xs = x.shape();
                        accumulate(0, Tensor.of(gx, x.isTimeStatic() ? Arrays.copyOfRange(xs, 1, xs.length) : xs));
                    }
                    if (gGamma != null) {
                        accumulate(1, Tensor.of(gGamma, weight.shape()));
                    }
                    if (gBeta != null) {
                        accumulate(2, Tensor.of(gBeta, bias.shape()));
                    }
                }
            });
        }
        return out;
    }

    String settings() {
        StringBuilder sb = new StringBuilder().append(channels);
        if (config.eps() != 1e-5) {
            sb.append(", eps=").append(config.eps());
        }
        if (config.momentum() != 0.1) {
            sb.append(", momentum=").append(config.momentum());
        }
        if (!config.affine()) {
            sb.append(", affine=false");
        }
        if (config.alpha() != 1 || config.vth() != 1) {
            sb.append(", alpha=").append(config.alpha()).append(", vth=").append(config.vth());
        }
        return sb.toString();
    }
}
