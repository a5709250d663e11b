package org.snn4j.core.loss;

import org.snn4j.core.ops.Ops;
import org.snn4j.core.tensor.Tensor;

/**
 * snnTorch {@code ce_count_loss}: cross-entropy of the spike counts,
 * {@code L = (1/B) sum_b -log softmax(sum_t x[t,b])[y_b]}.
 */
public final class CeCountLoss implements Loss {
    @Override
    public Tensor compute(Tensor output, int[] labels) {
        Loss.checkOutput(name(), output, labels);
        return Ops.crossEntropy(Ops.sumOverTime(output), labels);
    }

    @Override
    public String name() {
        return "ce_count";
    }
}
