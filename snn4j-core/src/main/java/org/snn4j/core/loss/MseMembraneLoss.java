package org.snn4j.core.loss;

import org.snn4j.core.ops.Ops;
import org.snn4j.core.tensor.Tensor;

/**
 * snnTorch {@code mse_membrane_loss(on_target, off_target)} with time-constant targets: the mean
 * over steps of the per-step MSE between the membrane {@code [B, C]} and a target of
 * {@code on_target} at the label's class and {@code off_target} elsewhere, i.e.
 * {@code L = mean_{t,b,c} (mem[t,b,c] - target[b,c])^2}. Defaults: on 1, off 0.
 */
public final class MseMembraneLoss implements Loss {
    private final float onTarget;
    private final float offTarget;

    public MseMembraneLoss(float onTarget, float offTarget) {
        this.onTarget = onTarget;
        this.offTarget = offTarget;
    }

    public MseMembraneLoss() {
        this(1f, 0f);
    }

    @Override
    public Tensor compute(Tensor output, int[] labels) {
        Loss.checkOutput(name(), output, labels);
        return Ops.mseToTargets(output, labels, onTarget, offTarget);
    }

    @Override
    public String name() {
        return "mse_membrane";
    }
}
