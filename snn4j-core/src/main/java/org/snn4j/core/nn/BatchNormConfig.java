package org.snn4j.core.nn;

/**
 * Settings of the batch-normalisation layers ({@link BatchNorm1d}, {@link BatchNorm2d},
 * {@link BatchNormThroughTime}). Defaults are PyTorch's: {@code eps = 1e-5}, {@code momentum = 0.1}, learnable
 * {@code gamma} and {@code beta}; {@code alpha = vth = 1}.
 *
 * @param eps      added to the variance before the square root
 * @param momentum running statistics update {@code r = (1 - momentum) * r + momentum * batch}, in (0, 1]
 * @param affine   whether {@code gamma} and {@code beta} are learnable parameters (else fixed at 1 and 0)
 * @param alpha    tdBN's {@code alpha}: the normalised value is multiplied by {@code alpha * vth} (Zheng et al.
 *                 2021; 1 for plain batch norm, {@code 1/sqrt(2)} for the two branches before a residual add)
 * @param vth      tdBN's {@code V_th}: the firing threshold of the neurons that follow
 */
public record BatchNormConfig(double eps, double momentum, boolean affine, double alpha, double vth) {
    public BatchNormConfig {
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("batch norm: eps must be positive and finite, got " + eps);
        }
        if (!(momentum > 0 && momentum <= 1)) {
            throw new IllegalArgumentException("batch norm: momentum must be in (0, 1], got " + momentum);
        }
        if (!Double.isFinite(alpha) || !Double.isFinite(vth) || alpha * vth == 0) {
            throw new IllegalArgumentException("batch norm: alpha=" + alpha + " and vth=" + vth
                    + " must be finite and non-zero");
        }
    }

    /** PyTorch's defaults, {@code alpha = vth = 1}. */
    public static BatchNormConfig defaults() {
        return new BatchNormConfig(1e-5, 0.1, true, 1, 1);
    }

    /** tdBN with the given {@code alpha} and {@code vth}, other settings default. */
    public static BatchNormConfig tdBN(double alpha, double vth) {
        return new BatchNormConfig(1e-5, 0.1, true, alpha, vth);
    }

    public BatchNormConfig withEps(double e) {
        return new BatchNormConfig(e, momentum, affine, alpha, vth);
    }

    public BatchNormConfig withMomentum(double m) {
        return new BatchNormConfig(eps, m, affine, alpha, vth);
    }

    public BatchNormConfig withAffine(boolean a) {
        return new BatchNormConfig(eps, momentum, a, alpha, vth);
    }

    /** {@code alpha * vth}, the factor on the normalised value. */
    public float scale() {
        return (float) (alpha * vth);
    }
}
