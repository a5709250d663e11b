package org.snn4j.core.nn;

import org.snn4j.core.tensor.Tensor;

/**
 * Batch normalisation of {@code [T, B, C, H, W]} (or {@code [N, C, H, W]}) per channel over
 * {@code T*B*H*W}: PyTorch's {@code nn.BatchNorm2d} applied to the sequence flattened to
 * {@code [T*B, C, H, W]}, as SpikingJelly's multi-step {@code layer.BatchNorm2d}. With {@code alpha} and
 * {@code vth} in the config it is tdBN (Zheng et al. 2021, "Going deeper with directly-trained larger spiking
 * neural networks"): the normalised value is scaled by {@code alpha * V_th} before gamma and beta, as the paper
 * writes it. (SpikingJelly's {@code ThresholdDependentBatchNorm2d} instead initialises gamma to
 * {@code alpha * V_th} with no fixed factor: the same function at initialisation, a gamma gradient that differs by
 * that factor.) Equations, running statistics and backward: {@link BatchNorm}.
 */
public final class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int channels, BatchNormConfig config) {
        super(0, channels, config, true);
    }

    /** PyTorch's defaults ({@code eps = 1e-5}, {@code momentum = 0.1}, affine). */
    public BatchNorm2d(int channels) {
        this(channels, BatchNormConfig.defaults());
    }

    /** tdBN: threshold-dependent batch norm with the given {@code alpha} and {@code vth}. */
    public static BatchNorm2d tdBN(int channels, double alpha, double vth) {
        return new BatchNorm2d(channels, BatchNormConfig.tdBN(alpha, vth));
    }

    @Override
    int channelDim(Tensor x) {
        if (x.rank() == 5) {
            return 2;
        }
        if (x.rank() == 4) {
            return 1;
        }
        throw new IllegalArgumentException(this + ": expected [T, B, C, H, W] or [N, C, H, W], got shape "
                + x.shapeString());
    }

    @Override
    public String toString() {
        return (config.alpha() != 1 || config.vth() != 1 ? "tdBN2d(" : "BatchNorm2d(") + settings() + ")";
    }
}
