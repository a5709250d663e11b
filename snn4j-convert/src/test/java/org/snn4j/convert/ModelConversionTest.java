package org.snn4j.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.snn4j.core.models.Activation;
import org.snn4j.core.models.AnnModels;
import org.snn4j.core.nn.BatchNorm;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/** The model-zoo ANNs convert whole: BN folded everywhere, one IF layer per activation, outputs approach the ANN's. */
class ModelConversionTest {
    private static int count(Module m, Class<?> k) {
        int n = k.isInstance(m) ? 1 : 0;
        for (Module c : m.children().values()) {
            n += count(c, k);
        }
        return n;
    }

    private static Tensor images(long seed, int n) {
        Rng rng = new Rng(seed);
        float[] v = new float[n * 784];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.uniform(0f, 1f);
        }
        return Tensor.of(v, n, 1, 28, 28);
    }

    @Test
    void resnet8ConvertsAndItsRateApproachesTheAnn() {
        Sequential ann = AnnModels.resnet(8, 1, 10, 0.25, Activation.relu(), new Rng(2));
        Tensor cal = images(3, 4);
        ann.forward(cal); // training-mode pass: running statistics move away from (0, 1)
        ConvertedNetwork snn = Converter.convert(ann, List.of(cal), ConversionConfig.defaults()
                .withNormalization(Normalization.DATA_MAX).withPerChannel(true));
        // stem + 2 per block (branch.2 and post) x 3 blocks
        assertEquals(List.of("2", "3.0.branch.2", "3.0.post", "4.0.branch.2", "4.0.post", "5.0.branch.2", "5.0.post"),
                snn.layers().stream().map(ConvertedNetwork.Layer::path).toList());
        assertEquals(0, count(snn.snn(), BatchNorm.class));
        assertEquals(7, count(snn.snn(), IFNeuron.class));
        assertInstanceOf(org.snn4j.convert.IFNeuron.class, ((Sequential) snn.snn()).get(2));
        assertEquals(4, snn.layers().get(0).neuron().thresholds().length); // per channel: width 16 * 0.25
        Tensor x = images(3, 1);
        ann.train(false);
        float[] y = ann.forward(x).data();
        int steps = 400;
        Tensor o = snn.run(x, steps);
        assertArrayEquals(new int[] {steps, 1, 10}, o.shape());
        float[] out = o.data();
        double worst = 0;
        double scale = 0;
        for (int k = 0; k < 10; k++) {
            double s = 0;
            for (int t = 0; t < steps; t++) {
                s += out[t * 10 + k];
            }
            worst = Math.max(worst, Math.abs(s / steps - y[k]));
            scale = Math.max(scale, Math.abs(y[k]));
        }
        // seven IF layers in series, each off by at most theta/t in rate; measured 2.8e-4 against outputs up to 0.26
        assertTrue(worst < 0.01 * scale, "worst |SNN - ANN| " + worst + " for outputs up to " + scale);
    }

    @Test
    void qcfsVggConvertsWithLambdaThresholds() {
        Sequential ann = AnnModels.vgg28(1, 10, 0.125, Activation.qcfs(4, 3f), new Rng(4));
        ConvertedNetwork snn = Converter.convert(ann, List.of(images(5, 2)), ConversionConfig.defaults()
                .withMembraneOffset(0.5f));
        assertEquals(6, snn.layers().size());
        for (ConvertedNetwork.Layer l : snn.layers()) {
            assertArrayEquals(new float[] {3f}, l.neuron().thresholds(), 0f, l.path());
            assertEquals(0.5f, l.neuron().offset(), 0f);
        }
        // evaluate's accuracy at t is that of the argmax of the output summed up to t
        Tensor xs = images(6, 2);
        float[] out = snn.run(xs, 4).data();
        float[] m = new float[20];
        int[] labels = new int[2];
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 20; i++) {
                m[i] += out[t * 20 + i];
            }
        }
        for (int b = 0; b < 2; b++) {
            int best = 0;
            for (int k = 1; k < 10; k++) {
                best = m[b * 10 + k] > m[b * 10 + best] ? k : best;
            }
            labels[b] = b == 0 ? best : (best + 1) % 10; // the first sample right at T = 4, the second wrong
        }
        double[] acc = Converter.evaluate(snn, List.of(new Batch(xs, labels)), 4);
        assertEquals(4, acc.length);
        assertEquals(0.5, acc[3], 0);
    }
}
