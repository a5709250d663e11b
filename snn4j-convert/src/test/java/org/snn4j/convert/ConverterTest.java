package org.snn4j.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.snn4j.core.neuron.ResetMode;
import org.snn4j.core.nn.AvgPool2d;
import org.snn4j.core.nn.BatchNorm2d;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Flatten;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.QCFS;
import org.snn4j.core.nn.ReLU;
import org.snn4j.core.nn.Residual;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

class ConverterTest {
    static Linear linear(int in, int out, float[] w, float[] b) {
        Linear l = new Linear(in, out, b != null, new Rng(0));
        System.arraycopy(w, 0, l.weight().data(), 0, w.length);
        if (b != null) {
            System.arraycopy(b, 0, l.bias().data(), 0, b.length);
        }
        return l;
    }

    /**
     * x -> W1 = [[1, 0.5], [-1, 1]], b1 = [0, 0.25] -> ReLU -> W2 = [[1, 2]], b2 = [0.5].
     * For x = [0.5, 0.5]: z = [0.75, 0.25], a = [0.75, 0.25], y = 0.75 + 0.5 + 0.5 = 1.75.
     * For x = [1, 0]:     z = [1, -0.75],   a = [1, 0].
     */
    static Sequential tiny() {
        return new Sequential(linear(2, 2, new float[] {1f, 0.5f, -1f, 1f}, new float[] {0f, 0.25f}), new ReLU(),
                linear(2, 1, new float[] {1f, 2f}, new float[] {0.5f}));
    }

    static final Tensor X = Tensor.of(new float[] {0.5f, 0.5f}, 1, 2);
    static final Tensor CAL = Tensor.of(new float[] {0.5f, 0.5f, 1f, 0f}, 2, 2);

    @Test
    void rateApproachesTheAnnWithinTheQuantisationBound() {
        // data-based max per layer: max(0.75, 0.25, 1, 0) = 1. The hidden neurons get constant currents z = [0.75,
        // 0.25] and keep their membrane in [0, 1), so they fire N_t = floor(0.75 t) and floor(0.25 t) times; the
        // read-out membrane is M_t = 1*N1 + 2*N2 + 0.5 t, and |M_t/t - 1.75| <= (|1| + |2|) * theta / t = 3/t.
        //   t = 1: N = [0, 0], M = 0.5   -> 0.5       t = 2: N = [1, 0], M = 2   -> 1.0
        //   t = 3: N = [2, 0], M = 3.5   -> 1.1667    t = 4: N = [3, 1], M = 7   -> 1.75 (exact at every t = 4k)
        ConvertedNetwork snn = Converter.convert(tiny(), List.of(CAL),
                ConversionConfig.defaults().withNormalization(Normalization.DATA_MAX));
        assertArrayEquals(new float[] {1f}, snn.layers().get(0).neuron().thresholds(), 0f);
        int steps = 64;
        float[] out = snn.run(X, steps).data();
        float m = 0;
        float[] expect = {0.5f, 2f, 3.5f, 7f};
        for (int t = 1; t <= steps; t++) {
            m += out[t - 1];
            if (t <= 4) {
                assertEquals(expect[t - 1], m, 0f, "M at t = " + t);
            }
            assertTrue(Math.abs(m / t - 1.75) <= 3.0 / t + 1e-6, "t = " + t + ": " + m / t);
            if (t % 4 == 0) {
                assertEquals(1.75, m / t, 1e-6, "t = " + t);
            }
        }
    }

    @Test
    void dataBasedMaxPerLayerAndPerChannel() {
        // hidden activations on the calibration set: neuron 0 {0.75, 1}, neuron 1 {0.25, 0}
        ConversionConfig c = ConversionConfig.defaults().withNormalization(Normalization.DATA_MAX);
        assertArrayEquals(new float[] {1f}, Converter.convert(tiny(), List.of(CAL), c).layers().get(0).neuron()
                .thresholds(), 0f);
        ConvertedNetwork pc = Converter.convert(tiny(), List.of(CAL), c.withPerChannel(true));
        assertArrayEquals(new float[] {1f, 0.25f}, pc.layers().get(0).neuron().thresholds(), 0f);
        assertEquals("1", pc.layers().get(0).path());
        // per channel, neuron 1 (threshold 0.25, current 0.25) fires every step: rate*theta = 0.25 exactly, and
        // neuron 0 (0.75 of threshold 1) fires floor(0.75 t): at t = 4, M = 3 + 2*(4*0.25) + 2 = 7 -> 1.75
        float[] out = pc.run(X, 4).data();
        assertEquals(7f, out[0] + out[1] + out[2] + out[3], 0f);
        // split over two calibration batches: the same statistics
        Tensor a = Tensor.of(new float[] {0.5f, 0.5f}, 1, 2);
        Tensor b = Tensor.of(new float[] {1f, 0f}, 1, 2);
        assertArrayEquals(new float[] {1f, 0.25f},
                Converter.convert(tiny(), List.of(a, b), c.withPerChannel(true)).layers().get(0).neuron().thresholds(),
                0f);
    }

    @Test
    void percentileOfTheNonZeroActivations() {
        // Linear(1, 1, w = 1, b = 0) - ReLU - Linear(1, 1): calibration x = -2, -1, 0, 1, ..., 10 gives the non-zero
        // activations 1..10 (the three zeros are left out). numpy.percentile([1..10], p): rank r = p/100 * 9,
        //   p = 90:   r = 8.1   -> 9 + 0.1*(10 - 9) = 9.1
        //   p = 99.9: r = 8.991 -> 9.991
        //   p = 50:   r = 4.5   -> 5.5
        float[] xs = new float[13];
        for (int i = 0; i < 13; i++) {
            xs[i] = i - 2;
        }
        Tensor cal = Tensor.of(xs, 13, 1);
        Sequential net = new Sequential(linear(1, 1, new float[] {1f}, new float[] {0f}), new ReLU(),
                linear(1, 1, new float[] {1f}, null));
        assertEquals(9.991f, Converter.convert(net, List.of(cal)).layers().get(0).neuron().thresholds()[0], 1e-5f);
        assertEquals(9.1f, Converter.convert(net, List.of(cal), ConversionConfig.defaults().withPercentile(90))
                .layers().get(0).neuron().thresholds()[0], 1e-5f);
        assertEquals(5.5f, Converter.convert(net, List.of(cal), ConversionConfig.defaults().withPercentile(50))
                .layers().get(0).neuron().thresholds()[0], 1e-5f);
        assertEquals(10f, Converter.convert(net, List.of(cal), ConversionConfig.defaults().withPercentile(100))
                .layers().get(0).neuron().thresholds()[0], 0f);
        assertEquals(9.1f, ActivationStats.percentile(new float[] {10, 1, 9, 2, 8, 3, 7, 4, 6, 5}, 90), 1e-6f);
    }

    @Test
    void qcfsWithLambdaThresholdAndHalfOffsetIsExactAtTEqualsL() {
        // x = 1 -> Linear(1, 7) with weights z = [-0.5, 0.25, 0.3, 0.7, 0.75, 1.3, 2.5] -> QCFS(L = 4, lambda = 2)
        // -> Linear(7, 1) with weights 1. QCFS: y = 2 * floor(clamp(z/2, 0, 1)*4 + 0.5)/4:
        //   z    -0.5  0.25  0.3   0.7   0.75  1.3   2.5
        //   z*2+.5  -   1.0   1.1   1.9   2.0   3.1   -
        //   y     0    0.5   0.5   0.5   1.0   1.5   2        sum 6
        // The IF (threshold 2, V[-1] = 1, reset by subtraction, spike when V >= 2) with constant current z fires
        // floor(t*z/2 + 0.5) times in t steps (capped at t), so at t = L = 4 its count times 2/4 is y exactly
        // (z = 0.25 reaches V = 2 exactly at t = 4 and fires: the >= test is the floor's +0.5 rounding up).
        float[] z = {-0.5f, 0.25f, 0.3f, 0.7f, 0.75f, 1.3f, 2.5f};
        QCFS q = new QCFS(4, 2f);
        float[] ones = {1, 1, 1, 1, 1, 1, 1};
        Sequential net = new Sequential(linear(1, 7, z, null), q, linear(7, 1, ones, null));
        Tensor x = Tensor.of(new float[] {1f}, 1, 1);
        float[] ann = net.forward(x).data();
        assertEquals(6f, ann[0], 0f);
        ConvertedNetwork snn = Converter.convert(net, List.of(x),
                ConversionConfig.defaults().withMembraneOffset(0.5f));
        IFNeuron n = snn.layers().get(0).neuron();
        assertArrayEquals(new float[] {2f}, n.thresholds(), 0f);
        // hidden spikes at t = 1..4, by hand: counts floor(t*z/2 + 0.5) -> at t = 4: [0, 1, 1, 1, 2, 3, 4]
        Tensor hidden = n.forward(Tensor.repeatTime(Tensor.of(z.clone(), 1, 7), 4));
        float[] h = hidden.data();
        float[] rate = new float[7];
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 7; i++) {
                rate[i] += h[t * 7 + i] / 4;
            }
        }
        assertArrayEquals(new float[] {0f, 0.5f, 0.5f, 0.5f, 1f, 1.5f, 2f}, rate, 0f);
        float[] out = snn.run(x, 4).data();
        assertEquals(ann[0], (out[0] + out[1] + out[2] + out[3]) / 4, 0f);
        // without the offset the same neuron rounds down instead: floor(t*z/2) -> [0, 0, 0, 1, 1, 2, 4] at t = 4
        ConvertedNetwork noOffset = Converter.convert(net, List.of(x), ConversionConfig.defaults());
        float[] o2 = noOffset.run(x, 4).data();
        assertEquals((0 + 0 + 0 + 1 + 1 + 2 + 4) * 2f, o2[0] + o2[1] + o2[2] + o2[3], 0f);
    }

    @Test
    void resetToZeroLosesTheResidue() {
        // one neuron, threshold 1, constant current 0.75: reset by subtraction fires at t = 2, 3, 4 (V = 1.5, 1.25, 1.0),
        // reset to zero at t = 2, 4 only (V: 0.75, 1.5 -> 0, 0.75, 1.5 -> 0)
        IFNeuron sub = new IFNeuron(new float[] {1f}, ResetMode.SUBTRACT, 0f);
        IFNeuron zero = new IFNeuron(new float[] {1f}, ResetMode.ZERO, 0f);
        Tensor in = Tensor.repeatTime(Tensor.of(new float[] {0.75f}, 1, 1), 4);
        assertArrayEquals(new float[] {0f, 1f, 1f, 1f}, sub.forward(in).data(), 0f);
        assertArrayEquals(new float[] {0f, 1f, 0f, 1f}, zero.forward(in).data(), 0f);
        assertEquals(2, zero.lastSpikes());
    }

    @Test
    void modelBasedMaxByIntervalArithmetic() {
        // calibration inputs in [0, 1] (0 included): z0 = x0 + 0.5 x1 in [0, 1.5]; z1 = -x0 + x1 + 0.25 in [-0.75, 1.25]
        // -> threshold max(1.5, 1.25) = 1.5
        ConvertedNetwork snn = Converter.convert(tiny(), List.of(CAL),
                ConversionConfig.defaults().withNormalization(Normalization.MODEL_MAX));
        assertArrayEquals(new float[] {1.5f}, snn.layers().get(0).neuron().thresholds(), 0f);
        assertThrows(IllegalArgumentException.class, () -> ConversionConfig.defaults()
                .withNormalization(Normalization.MODEL_MAX).withPerChannel(true));
    }

    @Test
    void residualBlockAndFoldedBatchNormConvert() {
        // Residual(branch = Linear(2, 2) - ReLU - Linear(2, 2), identity shortcut, post = ReLU) after a ReLU:
        // currents stay in ANN units, so branch and shortcut add on the same scale and the SNN output rate
        // converges to the ANN output (error bound below 1/t times a constant, checked at t = 2000).
        Rng rng = new Rng(11);
        Sequential net = new Sequential(new Linear(3, 2, rng), new ReLU(),
                new Residual(new Sequential(new Linear(2, 2, rng), new ReLU(), new Linear(2, 2, rng)), null,
                        org.snn4j.core.nn.SewFunction.ADD, new ReLU()),
                new Linear(2, 2, rng));
        Tensor x = Tensor.of(new float[] {0.9f, -0.4f, 0.3f, 0.1f, 0.8f, -0.6f}, 2, 3);
        float[] ann = net.forward(x).data();
        ConvertedNetwork snn = Converter.convert(net, List.of(x), ConversionConfig.defaults()
                .withNormalization(Normalization.DATA_MAX));
        assertEquals(List.of("1", "2.branch.1", "2.post"), snn.layers().stream().map(ConvertedNetwork.Layer::path)
                .toList());
        assertInstanceOf(Residual.class, ((Sequential) snn.snn()).get(2));
        int steps = 2000;
        float[] out = snn.run(x, steps).data();
        for (int i = 0; i < 4; i++) {
            double s = 0;
            for (int t = 0; t < steps; t++) {
                s += out[t * 4 + i];
            }
            assertEquals(ann[i], s / steps, 0.01, "output " + i);
        }
        // conv - BN (evaluation statistics) - ReLU - avgpool - flatten - linear: BN folded, same ANN output reached
        Sequential cnn = new Sequential(new Conv2d(1, 2, 3, 1, 1, 1, 1, false, rng), new BatchNorm2d(2), new ReLU(),
                new AvgPool2d(2), new Flatten(1), new Linear(8, 3, rng));
        float[] img = new float[2 * 16];
        for (int i = 0; i < img.length; i++) {
            img[i] = rng.uniform(0f, 1f);
        }
        Tensor xi = Tensor.of(img, 2, 1, 4, 4);
        cnn.forward(xi); // one training step moves the running statistics away from (0, 1)
        cnn.train(false);
        float[] annOut = cnn.forward(xi).data();
        cnn.train(true);
        ConvertedNetwork cs = Converter.convert(cnn, List.of(xi), ConversionConfig.defaults()
                .withNormalization(Normalization.DATA_MAX).withPerChannel(true));
        assertTrue(cnn.isTraining(), "the ANN's mode is restored");
        float[] o = cs.run(xi, steps).data();
        for (int i = 0; i < 6; i++) {
            double s = 0;
            for (int t = 0; t < steps; t++) {
                s += o[t * 6 + i];
            }
            assertEquals(annOut[i], s / steps, 0.01, "cnn output " + i);
        }
    }

    @Test
    void evaluateGivesAccuracyAtEveryStep() {
        // two samples of the tiny network with two outputs: W2 = [[1, 2], [0, 0]], b2 = [0, 0.9]. Sample x = [0.5, 0.5]:
        // M_t = [N1 + 2 N2, 0.9 t] with N = [floor(0.75 t), floor(0.25 t)]: t=1: [0, 0.9] -> class 1; t=2: [1, 1.8]
        // -> 1; t=3: [2, 2.7] -> 1; t=4: [5, 3.6] -> 0; t=5: [5, 4.5] -> 0; label 0 -> correct from t = 4.
        // Sample x = [1, 0]: a = [1, 0], N = [t, 0]: M = [t, 0.9 t] -> class 0 at every t; label 0 -> always correct.
        Sequential net = new Sequential(linear(2, 2, new float[] {1f, 0.5f, -1f, 1f}, new float[] {0f, 0.25f}),
                new ReLU(), linear(2, 2, new float[] {1f, 2f, 0f, 0f}, new float[] {0f, 0.9f}));
        ConvertedNetwork snn = Converter.convert(net, List.of(CAL),
                ConversionConfig.defaults().withNormalization(Normalization.DATA_MAX));
        double[] acc = Converter.evaluate(snn, List.of(new Batch(CAL, new int[] {0, 0})), 5);
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 1.0, 1.0}, acc, 0);
        assertEquals(1.0, Converter.annAccuracy(net, List.of(new Batch(CAL, new int[] {0, 0}))), 0);
    }

    @Test
    void clearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Converter.convert(tiny(), List.of()));
        assertTrue(e.getMessage().contains("calibration set is empty"), e.getMessage());
        Module nested = new Sequential(new Linear(2, 2, new Rng(1)),
                new Sequential(new ReLU(), new org.snn4j.core.nn.BatchNorm1d(2)));
        e = assertThrows(IllegalArgumentException.class, () -> Converter.convert(nested, List.of(CAL)));
        assertTrue(e.getMessage().contains("'1.1'"), e.getMessage());
        Module spiking = new Sequential(new Linear(2, 2, new Rng(1)), new org.snn4j.core.neuron.IF());
        e = assertThrows(IllegalArgumentException.class, () -> Converter.convert(spiking, List.of(CAL)));
        assertTrue(e.getMessage().contains("'1'") && e.getMessage().contains("cannot be converted"), e.getMessage());
        ConvertedNetwork snn = Converter.convert(tiny(), List.of(CAL));
        e = assertThrows(IllegalArgumentException.class, () -> snn.run(Tensor.full(1f, 2, 3), 4));
        assertTrue(e.getMessage().contains("[B, 2]") && e.getMessage().contains("[2, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Converter.convert(tiny(),
                List.of(CAL, Tensor.full(1f, 1, 3))));
        assertTrue(e.getMessage().contains("batch 1"), e.getMessage());
        // an activation that never fires on the calibration set
        Sequential dead = new Sequential(linear(1, 1, new float[] {-1f}, null), new ReLU());
        e = assertThrows(IllegalArgumentException.class,
                () -> Converter.convert(dead, List.of(Tensor.of(new float[] {1f, 2f}, 2, 1))));
        assertTrue(e.getMessage().contains("'1'") && e.getMessage().contains("never positive"), e.getMessage());
    }
}
