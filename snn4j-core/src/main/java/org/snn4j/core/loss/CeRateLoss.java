package org.snn4j.core.loss;

import org.snn4j.core.ops.Ops;
import org.snn4j.core.tensor.Tensor;

/**
 * snnTorch {@code ce_rate_loss}: cross-entropy applied to the output at every step, averaged over
 * steps and batch: {@code L = (1/T) sum_t (1/B) sum_b -log softmax(x[t,b])[y_b]}.
 */
public final class CeRateLoss implements Loss {
    @Override
    public Tensor compute(Tensor output, int[] labels) {
        Loss.checkOutput(name(), output, labels);
        return Ops.crossEntropy(output, labels);
    }

    @Override
    public String name() {
        return "ce_rate";
    }
}
