package org.snn4j.cli;

import org.snn4j.core.encode.Decode;
import org.snn4j.core.loss.Loss;
import org.snn4j.core.metrics.Accuracy;
import org.snn4j.core.tensor.Tensor;

/** How a run turns its output into class predictions: by spike count, or by maximum membrane for membrane losses. */
final class Predictions {
    private Predictions() {
    }

    static boolean membraneOutput(String lossSpec) {
        return lossSpec.contains("membrane");
    }

    static int[] predict(Loss loss, Tensor output) {
        return membraneOutput(loss.name()) ? Decode.predictByMaxMembrane(output) : Decode.predictByCount(output);
    }

    static int correct(Loss loss, Tensor output, int[] labels) {
        return Accuracy.correct(predict(loss, output), labels);
    }
}
