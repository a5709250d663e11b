package org.snn4j.cli;

import org.snn4j.core.encode.Decode;
import org.snn4j.core.loss.Loss;
import org.snn4j.core.metrics.Accuracy;
import org.snn4j.core.tensor.Tensor;

/**
 * How a run turns its output into class predictions: by spike count, by maximum membrane for membrane losses, or
 * (the ANN models) by the largest logit; ties go to the lowest index.
 */
final class Predictions {
    private Predictions() {
    }

    static boolean membraneOutput(String lossSpec) {
        return lossSpec.contains("membrane");
    }

    static int[] predict(Loss loss, Tensor output) {
        if (loss instanceof LogitsCrossEntropy) {
            return Decode.argmax(output);   // ANN logits [B, C]
        }
        return membraneOutput(loss.name()) ? Decode.predictByMaxMembrane(output) : Decode.predictByCount(output);
    }

    static int correct(Loss loss, Tensor output, int[] labels) {
        return Accuracy.correct(predict(loss, output), labels);
    }
}
