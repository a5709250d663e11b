package org.snn4j.convert;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.snn4j.core.neuron.IF;
import org.snn4j.core.nn.Add;
import org.snn4j.core.nn.BatchNormThroughTime;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.ReLU;
import org.snn4j.core.nn.Residual;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.nn.SewFunction;
import org.snn4j.core.nn.SpikingMaxPool2d;
import org.snn4j.core.nn.VotingLayer;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/** Unconvertible layers are named by dotted path with the reason; bad calibration sets are named. */
class ConversionErrorsTest {
    private static final Tensor CAL = Tensor.full(.5f, 2, 2);

    private static String message(Module ann, List<Tensor> cal) {
        return assertThrows(IllegalArgumentException.class, () -> Converter.convert(ann, cal)).getMessage();
    }

    private static void contains(String msg, String... parts) {
        for (String p : parts) {
            assertTrue(msg.contains(p), "'" + p + "' missing in: " + msg);
        }
    }

    @Test
    void unconvertibleLayersAreNamedWithTheReason() {
        Rng rng = new Rng(1);
        // a SEW join inside a block of a stage: path 1.0
        Module sew = new Sequential(new Linear(2, 2, rng), new Sequential(new Residual(new Sequential(
                new Linear(2, 2, rng), new ReLU()), null, SewFunction.AND, null)));
        contains(message(sew, List.of(CAL)), "'1.0'", "AND", "only the plain add");
        // a spiking neuron in a residual branch: path 1.branch.1
        Module spiking = new Sequential(new Linear(2, 2, rng), new Residual(new Sequential(new Linear(2, 2, rng),
                new IF()), null, SewFunction.ADD, new ReLU()));
        contains(message(spiking, List.of(CAL)), "'1.branch.1'", "spiking neuron layer", "ReLU");
        Module pool = new Sequential(new Conv2d(1, 1, 1, rng), new SpikingMaxPool2d(2));
        contains(message(pool, List.of(Tensor.full(1f, 1, 1, 4, 4))), "'1'", "spiking max pool", "MaxPool2d");
        Module vote = new Sequential(new Linear(2, 4, rng), new VotingLayer(2));
        contains(message(vote, List.of(CAL)), "'1'", "votes");
        Module add = new Sequential(new Add(new Linear(2, 2, rng), new Linear(2, 2, rng)));
        contains(message(add, List.of(CAL)), "'0'", "Residual");
        Module bntt = new Sequential(new Conv2d(1, 2, 1, rng), new BatchNormThroughTime(4, 2), new ReLU());
        contains(message(bntt, List.of(Tensor.full(1f, 1, 1, 4, 4))), "'1'", "per time step");
        Module sub = new Sequential(new Linear(2, 2, rng) {
        });
        contains(message(sub, List.of(CAL)), "'0'", "subclass of Linear");
    }

    @Test
    void badCalibrationSetsAreNamed() {
        Module net = new Sequential(new Conv2d(1, 2, 3, new Rng(1)), new ReLU());
        contains(message(net, List.of()), "calibration set is empty");
        contains(message(net, null), "calibration set is empty");
        // three channels for a one-channel convolution: the ANN's own complaint, with the batch and its shape
        contains(message(net, List.of(Tensor.full(1f, 2, 3, 6, 6))), "rejects calibration batch 0",
                "[2, 3, 6, 6]");
        // a batch without a batch dimension, and one of another sample shape
        contains(message(net, List.of(Tensor.full(1f, 5))), "calibration batch 0", "rank >= 2", "[5]");
        contains(message(net, List.of(Tensor.full(1f, 2, 1, 6, 6), Tensor.full(1f, 2, 1, 5, 6))),
                "calibration batch 1", "[1, 5, 6]", "[1, 6, 6]");
        List<Tensor> withNull = new ArrayList<>();
        withNull.add(null);
        contains(message(net, withNull), "calibration batch 0", "null");
        // a calibration set on which an activation is never positive
        Module dead = new Sequential(ConverterTest.linear(1, 1, new float[] {-1f}, null), new ReLU());
        contains(message(dead, List.of(Tensor.of(new float[] {1f, 2f}, 2, 1))), "'1'", "never positive");
    }
}
