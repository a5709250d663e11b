package org.snn4j.cli;

import org.snn4j.core.loss.Loss;
import org.snn4j.core.ops.Ops;
import org.snn4j.core.tensor.Tensor;

/**
 * The loss of the ANN models ({@code --model ann-vgg, ann-resnet}; spec name {@code ce}): cross-entropy of the
 * logits {@code [B, C]} against the labels, averaged over the batch,
 * {@code -1/B sum_b log softmax(x_b)[y_b]} ({@link Ops#crossEntropy}, PyTorch's {@code F.cross_entropy}). An ANN
 * has no time dimension, so this is not one of the {@code [T, B, C]} losses of {@link Loss#parse}.
 */
final class LogitsCrossEntropy implements Loss {
    /** The name stored as the run's {@code loss}. */
    static final String NAME = "ce";

    @Override
    public Tensor compute(Tensor output, int[] labels) {
        if (output.rank() != 2 || output.isTimeStatic()) {
            throw new IllegalArgumentException(NAME + ": ANN logits must be [B, C], got shape " + output.shapeString());
        }
        return Ops.crossEntropy(output, labels);
    }

    @Override
    public String name() {
        return NAME;
    }
}
