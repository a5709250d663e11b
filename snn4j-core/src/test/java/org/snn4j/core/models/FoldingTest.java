package org.snn4j.core.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.nn.BatchNorm;
import org.snn4j.core.nn.BatchNorm1d;
import org.snn4j.core.nn.BatchNorm2d;
import org.snn4j.core.nn.BatchNormThroughTime;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Identity;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.nn.SewFunction;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/** Batch-norm folding of whole models: evaluation outputs before and after agree within 1e-5. */
class FoldingTest {
    private static final NeuronOptions LIF = NeuronOptions.of(NeuronOptions.Kind.LIF).withThreshold(0.25f);

    /** Gives every batch norm non-trivial gamma, beta and running statistics (variance in [0.5, 2]). */
    private static void randomizeBatchNorms(Module m, Rng rng) {
        if (m instanceof BatchNorm bn) {
            for (int c = 0; c < bn.channels(); c++) {
                bn.weight().data()[c] = rng.uniform(0.5f, 1.5f);
                bn.bias().data()[c] = rng.uniform(-0.3f, 0.3f);
                bn.runningMean().data()[c] = rng.uniform(-0.5f, 0.5f);
                bn.runningVar().data()[c] = rng.uniform(0.5f, 2f);
            }
        }
        for (Module c : m.children().values()) {
            randomizeBatchNorms(c, rng);
        }
    }

    private static float[] evalOutput(Module m, Tensor x) {
        m.train(false);
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            return m.forward(x).data().clone();
        }
    }

    private static void checkFolds(Module m, Tensor x, int expectedBatchNorms) {
        randomizeBatchNorms(m, new Rng(77));
        assertEquals(expectedBatchNorms, Folding.batchNormLayers(m).size());
        float[] before = evalOutput(m, x);
        // the output depends on the input (spikes reach the end): the two samples differ at some step
        int classes = before.length / (x.size(0) * x.size(1));
        boolean differ = false;
        for (int t = 0; t < x.size(0); t++) {
            for (int k = 0; k < classes; k++) {
                differ |= before[(2 * t) * classes + k] != before[(2 * t + 1) * classes + k];
            }
        }
        assertTrue(differ, "silent model " + m);
        Map<String, Tensor> paramsBefore = m.namedParameters();
        assertTrue(Folding.foldBatchNorm(m) == m, "folds in place");
        assertFalse(m.isTraining());
        assertEquals(List.of(), Folding.batchNormLayers(m));
        float[] after = evalOutput(m, x);
        assertArrayEquals(before, after, 1e-5f, m.getClass().getSimpleName());
        // parameters of layers other than the folded pairs keep their names
        for (String k : m.namedParameters().keySet()) {
            if (!k.endsWith("bias")) {
                assertTrue(paramsBefore.containsKey(k), "new parameter name " + k);
            }
        }
    }

    @Test
    void convFollowedByBatchNormFoldsIntoOneConvWithBias() {
        Rng rng = new Rng(1);
        // conv (stride 2, padding 1, no bias) -> BN on [T, B, C, H, W]
        Sequential conv = new Sequential(new Conv2d(3, 4, 3, 2, 1, 1, 1, false, rng), new BatchNorm2d(4));
        randomizeBatchNorms(conv, new Rng(2));
        Tensor x = ModelBuildersTest.random(3, -1, 1, 2, 2, 3, 5, 5);
        float[] before = evalOutput(conv, x);
        Folding.foldBatchNorm(conv);
        Conv2d folded = assertInstanceOf(Conv2d.class, conv.get(0));
        assertInstanceOf(Identity.class, conv.get(1));
        assertEquals(Set.of("0.weight", "0.bias"), conv.namedParameters().keySet());
        assertArrayEquals(new int[] {1, 1}, folded.padding());
        assertArrayEquals(new int[] {2, 2}, folded.stride());
        assertArrayEquals(before, evalOutput(conv, x), 1e-5f);

        Sequential lin = new Sequential(new Linear(4, 5, rng), new BatchNorm1d(5));
        randomizeBatchNorms(lin, new Rng(4));
        Tensor y = ModelBuildersTest.random(5, -1, 1, 2, 3, 4);
        float[] b2 = evalOutput(lin, y);
        Folding.foldBatchNorm(lin);
        assertInstanceOf(Identity.class, lin.get(1));
        assertArrayEquals(b2, evalOutput(lin, y), 1e-5f);
    }

    @Test
    void wholeModelsFold() {
        Tensor x = ModelBuildersTest.random(6, -1, 2, 4, 2, 1, 28, 28);
        // ResNet-8 at width 1/4: stem BN + 2 per block + 1 per downsample = 1 + 2 + 3 + 3 = 9
        SpikingResNet.Config r8 = SpikingResNet.Config.depth(8, 1, 10, LIF).withWidth(0.25);
        checkFolds(SpikingResNet.build(r8, new Rng(7)), x, 9);
        for (SewFunction g : SewFunction.values()) {
            checkFolds(SpikingResNet.build(r8.withSew(g), new Rng(8)), x, 9);
        }
        checkFolds(PlifNet.build(PlifNet.Config.paper().withWidth(4)
                .withNeuron(PlifNet.paperNeuron().withThreshold(0.25f)), new Rng(9)), x, 2);
        checkFolds(SpikingVgg.build(SpikingVgg.Config.small28(1, 10, LIF).withWidth(0.25), new Rng(10)), x, 5);
    }

    @Test
    void batchNormThroughTimeIsLeftAlone() {
        Rng rng = new Rng(11);
        Sequential s = new Sequential(new Conv2d(1, 2, 3, rng), new BatchNormThroughTime(2, 2));
        Folding.foldBatchNorm(s);
        assertEquals(List.of("1"), Folding.batchNormLayers(s));
    }
}
