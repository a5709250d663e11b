package org.snn4j.core.loss;

import org.snn4j.core.ops.Ops;
import org.snn4j.core.tensor.Tensor;

/**
 * Cross-entropy on the membrane potential at every step, summed over steps (the snnTorch
 * tutorials' {@code for step: loss += CrossEntropyLoss()(mem[step], y)}):
 * {@code L = sum_t (1/B) sum_b -log softmax(mem[t,b])[y_b]}. It equals {@code T} times
 * {@link CeRateLoss} applied to the membrane.
 */
public final class CeMembraneLoss implements Loss {
    @Override
    public Tensor compute(Tensor output, int[] labels) {
        Loss.checkOutput(name(), output, labels);
        return Ops.scale(Ops.crossEntropy(output, labels), output.size(0));
    }

    @Override
    public String name() {
        return "ce_membrane";
    }
}
