package org.snn4j.core.nn;

import org.snn4j.core.tensor.Tensor;

/**
 * Batch normalisation of features through time: {@code [T, B, F]} per feature over {@code T*B} (also
 * {@code [N, F]}, and {@code [T, B, C, L]} per channel over {@code T*B*L}): PyTorch's {@code nn.BatchNorm1d}
 * on the sequence flattened to {@code [T*B, F]}. tdBN through {@code alpha} and {@code vth} in the config, as
 * {@link BatchNorm2d}. Equations, running statistics and backward: {@link BatchNorm}.
 */
public final class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int features, BatchNormConfig config) {
        super(0, features, config, true);
    }

    /** PyTorch's defaults ({@code eps = 1e-5}, {@code momentum = 0.1}, affine). */
    public BatchNorm1d(int features) {
        this(features, BatchNormConfig.defaults());
    }

    @Override
    int channelDim(Tensor x) {
        return switch (x.rank()) {
            case 2 -> 1;
            case 3, 4 -> 2;
            default -> throw new IllegalArgumentException(this + ": expected [T, B, F], [N, F] or [T, B, C, L], got shape "
                    + x.shapeString());
        };
    }

    @Override
    public String toString() {
        return (config.alpha() != 1 || config.vth() != 1 ? "tdBN1d(" : "BatchNorm1d(") + settings() + ")";
    }
}
