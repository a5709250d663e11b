package org.snn4j.core.loss;

import org.snn4j.core.ops.Ops;
import org.snn4j.core.tensor.Tensor;

/**
 * snnTorch {@code ce_max_membrane_loss}: cross-entropy of each output's maximum membrane
 * potential over time, {@code L = (1/B) sum_b -log softmax(max_t mem[t,b])[y_b]}. The gradient
 * reaches only the (earliest) step holding the maximum.
 */
public final class CeMaxMembraneLoss implements Loss {
    @Override
    public Tensor compute(Tensor output, int[] labels) {
        Loss.checkOutput(name(), output, labels);
        return Ops.crossEntropy(Ops.maxOverTime(output), labels);
    }

    @Override
    public String name() {
        return "ce_max_membrane";
    }
}
