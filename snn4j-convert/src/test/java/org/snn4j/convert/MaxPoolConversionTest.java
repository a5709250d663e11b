package org.snn4j.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.snn4j.core.neuron.ResetMode;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Flatten;
import org.snn4j.core.nn.Identity;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.MaxPool2d;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.ReLU;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/** Max pools in converted networks ({@link ConvertedMaxPool}): hand-made trains, both layer orders, a trained net. */
class MaxPoolConversionTest {
    /** Currents of four inputs a, b, c, d (one 2x2 window, scan order a b / c d) per step, as [T, 1, 1, 2, 2]. */
    private static Tensor window(float[] a, float[] b, float[] c, float[] d) {
        int steps = a.length;
        float[] x = new float[steps * 4];
        for (int t = 0; t < steps; t++) {
            x[t * 4] = a[t];
            x[t * 4 + 1] = b[t];
            x[t * 4 + 2] = c[t];
            x[t * 4 + 3] = d[t];
        }
        return Tensor.of(x, steps, 1, 1, 2, 2);
    }

    /*
     * IF layer (threshold 1, V[-1] = 0, reset by subtraction, at most one spike per step) on four inputs over six
     * steps:
     *   input  current X per step             membrane after each step          spikes        sum of X (incl. t)
     *   a      .75 .75  0    0    0   0       .75 .5(1.5-1) .5  .5  .5  .5      0 1 0 0 0 0   .75 1.5 1.5 1.5 1.5 1.5
     *   b      .5  .5  .5   .5   .5  .5       .5  0   .5  0   .5  0             0 1 0 1 0 1   .5  1   1.5 2   2.5 3
     *   c      .25 .25  1    1    0   0       .25 .5  .5  .5  .5  .5            0 0 1 1 0 0   .25 .5  1.5 2.5 2.5 2.5
     *   d      0   0    0    0    3   0       0   0   0   0   2   1             0 0 0 0 1 1   0   0   0   0   3   3
     */
    private static final Tensor X = window(new float[] {.75f, .75f, 0, 0, 0, 0}, new float[] {.5f, .5f, .5f, .5f, .5f,
            .5f}, new float[] {.25f, .25f, 1, 1, 0, 0}, new float[] {0, 0, 0, 0, 3, 0});

    private static ConvertedMaxPool pool(MaxPoolGate gate) {
        return new ConvertedMaxPool(new IFNeuron(new float[] {1f}, ResetMode.SUBTRACT, 0f), new MaxPool2d(2), gate);
    }

    @Test
    void inputCurrentGatePassesTheSpikesOfTheLargestSummedCurrent() {
        // sums of X (a, b, c, d), winner (ties to the first), output = the winner's spike:
        //   t0: .75 .5  .25 0   -> a   y = 0
        //   t1: 1.5 1   .5  0   -> a   y = 1
        //   t2: 1.5 1.5 1.5 0   -> a   y = 0   (three-way tie; c fires but is not passed)
        //   t3: 1.5 2   2.5 0   -> c   y = 1
        //   t4: 1.5 2.5 2.5 3   -> d   y = 1
        //   t5: 1.5 3   2.5 3   -> b   y = 1   (tie b = d: b first; both fire)
        Tensor y = pool(MaxPoolGate.INPUT_CURRENT).forward(X);
        assertArrayEquals(new int[] {6, 1, 1, 1, 1}, y.shape());
        assertArrayEquals(new float[] {0, 1, 0, 1, 1, 1}, y.data(), 0f);
    }

    @Test
    void spikeCountGatePassesTheSpikesOfTheMostActiveInput() {
        // spike counts (a, b, c, d) including step t, winner, output:
        //   t0: 0 0 0 0 -> a   y = 0
        //   t1: 1 1 0 0 -> a   y = 1
        //   t2: 1 1 1 0 -> a   y = 0   (c fires, not passed)
        //   t3: 1 2 2 0 -> b   y = 1
        //   t4: 1 2 2 1 -> b   y = 0   (d fires, not passed: it leads the summed current, not the count)
        //   t5: 1 3 2 2 -> b   y = 1
        Tensor y = pool(MaxPoolGate.SPIKE_COUNT).forward(X);
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 1}, y.data(), 0f);
        // the output carries the threshold: with threshold 2 and every current doubled the spikes are the same
        float[] x2 = X.data().clone();
        for (int i = 0; i < x2.length; i++) {
            x2[i] *= 2;
        }
        Tensor y2 = new ConvertedMaxPool(new IFNeuron(new float[] {2f}, ResetMode.SUBTRACT, 0f), new MaxPool2d(2),
                MaxPoolGate.SPIKE_COUNT).forward(Tensor.of(x2, 6, 1, 1, 2, 2));
        assertArrayEquals(new float[] {0, 2, 0, 2, 0, 2}, y2.data(), 0f);
    }

    @Test
    void constantCurrentSelectsTheAnnWinnerAtEveryStep() {
        // time-static currents (a, b, c, d) = (.25, .75, .5, .125): the summed current is t*z, so b wins at every
        // step and the output is b's train, floor(.75 t) spikes after t steps: 0 1 1 1 0 1 1 1 (threshold 1)
        Tensor x = Tensor.repeatTime(Tensor.of(new float[] {.25f, .75f, .5f, .125f}, 1, 1, 2, 2), 8);
        assertArrayEquals(new float[] {0, 1, 1, 1, 0, 1, 1, 1}, pool(MaxPoolGate.INPUT_CURRENT).forward(x).data(), 0f);
        // without an IF layer in front a time-static input is max-pooled once: the ANN's max, at every step
        Tensor y = new ConvertedMaxPool(null, new MaxPool2d(2), MaxPoolGate.INPUT_CURRENT).forward(x);
        assertTrue(y.isTimeStatic());
        assertArrayEquals(new float[] {.75f}, y.data(), 0f);
        // on spikes, its own input is the gate: (1, 0, 1, 0), (0, 1, 1, 0), (0, 1, 0, 0) -> sums a 1 1 1, b 0 1 2,
        // c 1 2 2: winners a (tie a = c), c, b (tie b = c) -> outputs a[0] = 1, c[1] = 1, b[2] = 1
        Tensor s = Tensor.of(new float[] {1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0}, 3, 1, 1, 2, 2);
        assertArrayEquals(new float[] {1, 1, 1},
                new ConvertedMaxPool(null, new MaxPool2d(2), MaxPoolGate.SPIKE_COUNT).forward(s).data(), 0f);
    }

    private static Sequential convNet(boolean poolFirst, Rng rng) {
        Conv2d conv = new Conv2d(1, 2, 3, 1, 1, 1, 1, true, rng);
        Linear lin = new Linear(8, 3, rng);
        Module a = poolFirst ? new MaxPool2d(2) : new ReLU();
        Module b = poolFirst ? new ReLU() : new MaxPool2d(2);
        return new Sequential(conv, a, b, new Flatten(1), lin);
    }

    @Test
    void bothOrdersConvertToTheSameSpikingNetwork() {
        // conv - ReLU - maxpool and conv - maxpool - ReLU are the same function (ReLU is non-decreasing) and the
        // largest ReLU output is the largest pooled one, so data-based max gives both the same thresholds and the
        // same SNN: IF at the activation's path, then the pool, and an Identity in the second ANN slot
        Sequential reluFirst = convNet(false, new Rng(5));
        Sequential poolFirst = convNet(true, new Rng(5));
        Rng rng = new Rng(6);
        float[] img = new float[3 * 16];
        for (int i = 0; i < img.length; i++) {
            img[i] = rng.uniform(0f, 1f);
        }
        Tensor x = Tensor.of(img, 3, 1, 4, 4);
        float[] ann = reluFirst.forward(x).data();
        assertArrayEquals(ann, poolFirst.forward(x).data(), 0f);
        for (boolean perChannel : new boolean[] {false, true}) {
            ConversionConfig cfg = ConversionConfig.defaults().withNormalization(Normalization.DATA_MAX)
                    .withPerChannel(perChannel);
            ConvertedNetwork a = Converter.convert(reluFirst, List.of(x), cfg);
            ConvertedNetwork b = Converter.convert(poolFirst, List.of(x), cfg);
            assertEquals("1", a.layers().get(0).path());
            assertEquals("2", b.layers().get(0).path());
            assertArrayEquals(a.layers().get(0).neuron().thresholds(), b.layers().get(0).neuron().thresholds(), 0f);
            for (ConvertedNetwork n : List.of(a, b)) {
                Sequential s = (Sequential) n.snn();
                ConvertedMaxPool p = assertInstanceOf(ConvertedMaxPool.class, s.get(1));
                assertEquals(MaxPoolGate.INPUT_CURRENT, p.gate());
                assertTrue(p.neuron() == n.layers().get(0).neuron());
                assertInstanceOf(Identity.class, s.get(2));
            }
            int steps = 64;
            float[] oa = a.run(x, steps).data();
            assertArrayEquals(oa, b.run(x, steps).data(), 0f);
            // the first layer reads the analog image, so each window's summed current is t*z and the ANN's winner
            // passes at every step: the pooled rate*theta is floor(t m/theta) theta/t, within theta/t of the ANN's
            // max m (m <= theta, data-based max); the output M_t/t is then within theta * sum_j |W_kj| / t of y_k
            float[] th = a.layers().get(0).neuron().thresholds();
            float thMax = 0;
            for (float v : th) {
                thMax = Math.max(thMax, v);
            }
            float[] w = ((Linear) reluFirst.get(4)).weight().data();
            for (int s = 0; s < 3; s++) {
                for (int k = 0; k < 3; k++) {
                    double l1 = 0;
                    for (int j = 0; j < 8; j++) {
                        l1 += Math.abs(w[k * 8 + j]);
                    }
                    double m = 0;
                    for (int t = 1; t <= steps; t++) {
                        m += oa[((t - 1) * 3 + s) * 3 + k];
                        assertTrue(Math.abs(m / t - ann[s * 3 + k]) <= thMax * l1 / t + 1e-5,
                                "sample " + s + " class " + k + " t " + t + ": " + m / t + " vs " + ann[s * 3 + k]);
                    }
                }
            }
        }
    }

    @Test
    void maxPoolOnTheInputIsExact() {
        // maxpool - conv - ReLU - flatten - linear: the pool sees the analog image, pooled once as the ANN does
        Rng rng = new Rng(8);
        Sequential net = new Sequential(new MaxPool2d(2), new Conv2d(1, 1, 1, 1, 0, 1, 1, false, rng), new ReLU(),
                new Flatten(1), new Linear(4, 2, rng));
        ConvertedNetwork snn = Converter.convert(net, List.of(Tensor.full(1f, 1, 1, 4, 4)),
                ConversionConfig.defaults().withNormalization(Normalization.DATA_MAX));
        ConvertedMaxPool p = assertInstanceOf(ConvertedMaxPool.class, ((Sequential) snn.snn()).get(0));
        assertNull(p.neuron());
        assertEquals(List.of("2"), snn.layers().stream().map(ConvertedNetwork.Layer::path).toList());
    }

    @Test
    void trainedNetWithBothPoolOrdersApproachesItsAnn() {
        // TinyBars: conv - ReLU - maxpool - conv - maxpool - ReLU - flatten - linear, trained 150 steps. The
        // second pool sees spikes (not a constant current), so its winner can change over time; the accuracy over
        // 200 test images approaches the ANN's within a few T
        Sequential ann = TinyBars.trained();
        List<Batch> test = TinyBars.test();
        double annAcc = Converter.annAccuracy(ann, test);
        assertTrue(annAcc >= 0.85, "ANN accuracy " + annAcc);
        List<Tensor> cal = List.of(TinyBars.batch(77, 64).x());
        ConvertedNetwork snn = Converter.convert(ann, cal);
        assertEquals(List.of("1", "5"), snn.layers().stream().map(ConvertedNetwork.Layer::path).toList());
        double[] acc = Converter.evaluate(snn, test, 64);
        assertTrue(acc[31] >= annAcc - 0.02 && acc[63] >= annAcc - 0.02, "SNN " + acc[31] + " / " + acc[63]
                + " at T = 32 / 64, ANN " + annAcc);
        double[] byCount = Converter.evaluate(Converter.convert(ann, cal,
                ConversionConfig.defaults().withMaxPoolGate(MaxPoolGate.SPIKE_COUNT)), test, 64);
        assertTrue(byCount[63] >= annAcc - 0.03, "spike-count gate " + byCount[63] + ", ANN " + annAcc);
    }
}
