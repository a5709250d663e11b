package org.snn4j.core.nn;

import org.snn4j.core.tensor.Tensor;

/**
 * BNTT, batch normalisation through time (Kim and Panda 2021, "Revisiting batch normalization for training
 * low-latency deep spiking neural networks from scratch"): every time step {@code t} has its own statistics,
 * running statistics and {@code gamma_t}:
 * <pre>
 *   y[t] = gamma_t,c * (x[t] - mu_t,c) / sqrt(var_t,c + eps)   (+ beta_t,c with a bias)
 * </pre>
 * with {@code mu_t,c}, {@code var_t,c} over the {@code B*S} values of step {@code t} and channel {@code c}, for
 * {@code [T, B, C, ...]} ({@code [T, B, F]} or {@code [T, B, C, H, W]}). The paper's layers have no bias
 * (their code sets it to None, as does SpikingJelly's {@code BatchNormThroughTime2d}) and {@code eps = 1e-4};
 * here the bias is an option and eps comes from the config. Parameters and running statistics are {@code [T, C]}; the number of steps is fixed when the layer
 * is built. A time-static input is expanded, since each step is normalised differently. Equations of each
 * step, running statistics and backward: {@link BatchNorm}.
 */
public final class BatchNormThroughTime extends BatchNorm {
    public BatchNormThroughTime(int steps, int channels, BatchNormConfig config, boolean bias) {
        super(checkSteps(steps), channels, config, bias);
    }

    /** Without a bias, PyTorch's eps and momentum, as the paper. */
    public BatchNormThroughTime(int steps, int channels) {
        this(steps, channels, BatchNormConfig.defaults(), false);
    }

    private static int checkSteps(int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("BatchNormThroughTime: steps must be positive, got " + steps);
        }
        return steps;
    }

    public int steps() {
        return perStep;
    }

    @Override
    int channelDim(Tensor x) {
        if (x.rank() < 3) {
            throw new IllegalArgumentException(this + ": expected [T, B, C, ...], got shape " + x.shapeString());
        }
        return 2;
    }

    @Override
    public String toString() {
        return "BatchNormThroughTime(T=" + perStep + ", " + settings() + (bias() == null ? ", no bias" : "") + ")";
    }
}
