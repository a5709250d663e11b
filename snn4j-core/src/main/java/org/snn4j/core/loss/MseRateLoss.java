package org.snn4j.core.loss;

import org.snn4j.core.ops.Ops;
import org.snn4j.core.tensor.Tensor;

/**
 * MSE between firing rates and a one-hot target, exactly as the benchmark's PyTorch reference:
 * {@code F.mse_loss(spikes.mean(0), one_hot(labels, C))}, i.e.
 * {@code L = mean_{b,c} ((1/T) sum_t s[t,b,c] - onehot[b,c])^2} over all {@code B*C} elements.
 * Optional targets {@code on} (default 1) and {@code off} (default 0) replace the one-hot values.
 */
public final class MseRateLoss implements Loss {
    private final float on;
    private final float off;

    public MseRateLoss(float on, float off) {
        this.on = on;
        this.off = off;
    }

    public MseRateLoss() {
        this(1f, 0f);
    }

    @Override
    public Tensor compute(Tensor output, int[] labels) {
        Loss.checkOutput(name(), output, labels);
        return Ops.mseToTargets(Ops.meanOverTime(output), labels, on, off);
    }

    @Override
    public String name() {
        return "mse_rate";
    }
}
