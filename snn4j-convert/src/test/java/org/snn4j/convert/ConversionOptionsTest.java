package org.snn4j.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snn4j.core.nn.QCFS;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/** Input encodings, read-outs, the percentile search and conversion from given thresholds. */
class ConversionOptionsTest {
    // ---- Poisson input ----

    @Test
    void poissonSpikesAreTheSeededDrawsBelowThePixelValue() {
        // S[t, b, i] = [u < x] with u the draw t*n + i of Rng.derive(seed, firstSample + b)
        Tensor x = Tensor.of(new float[] {0f, .25f, .5f, 1f, .75f, .1f, .9f, .5f}, 2, 4);
        Tensor s = InputEncoding.poisson(7).encode(x, 5, 3);
        assertArrayEquals(new int[] {5, 2, 4}, s.shape());
        assertTrue(s.isBinary());
        float[] d = s.data();
        for (int b = 0; b < 2; b++) {
            Rng rng = Rng.derive(7, 3 + b);
            for (int t = 0; t < 5; t++) {
                for (int i = 0; i < 4; i++) {
                    float u = rng.nextFloat();
                    assertEquals(u < x.data()[b * 4 + i] ? 1f : 0f, d[(t * 2 + b) * 4 + i], "t " + t + " b " + b);
                }
            }
        }
        // each sample has its own stream: a batch of two = its samples alone at their indices
        Tensor one = InputEncoding.poisson(7).encode(Tensor.of(new float[] {.75f, .1f, .9f, .5f}, 1, 4), 5, 4);
        for (int t = 0; t < 5; t++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(one.data()[t * 4 + i], d[(t * 2 + 1) * 4 + i]);
            }
        }
    }

    @Test
    void poissonRateIsThePixelValue() {
        // 0 never fires and 1 always; over T = 4000 steps the count of p = .25 and .5 is within 4 standard
        // deviations sqrt(T p (1 - p)) of T p (27.4 and 31.6)
        int steps = 4000;
        float[] p = {0f, .25f, .5f, 1f};
        float[] d = InputEncoding.poisson(11).encode(Tensor.of(p.clone(), 1, 4), steps, 0).data();
        for (int i = 0; i < 4; i++) {
            double n = 0;
            for (int t = 0; t < steps; t++) {
                n += d[t * 4 + i];
            }
            double sd = Math.sqrt(steps * p[i] * (1 - p[i]));
            assertTrue(Math.abs(n - steps * p[i]) <= 4 * sd, "p = " + p[i] + ": " + n + " spikes");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InputEncoding.poisson(1).encode(Tensor.of(new float[] {0f, .5f, 0f, 1.5f}, 2, 2), 3, 0));
        assertTrue(e.getMessage().contains("sample 1") && e.getMessage().contains("1.5")
                && e.getMessage().contains("element 1"), e.getMessage());
    }

    @Test
    void poissonEvaluationDoesNotDependOnBatchesOrThreads() {
        Sequential ann = TinyBars.trained();
        List<Tensor> cal = List.of(TinyBars.batch(77, 64).x());
        ConvertedNetwork snn = Converter.convert(ann, cal,
                ConversionConfig.defaults().withInput(InputEncoding.poisson(3)));
        Batch all = TinyBars.batch(9, 20);
        List<Batch> halves = new ArrayList<>();
        for (int h = 0; h < 2; h++) {
            float[] x = new float[10 * 64];
            System.arraycopy(all.x().data(), h * 10 * 64, x, 0, x.length);
            halves.add(new Batch(Tensor.of(x, 10, 1, 8, 8), java.util.Arrays.copyOfRange(all.labels(), h * 10,
                    h * 10 + 10)));
        }
        double[] whole = Converter.evaluate(snn, List.of(all), 16);
        assertArrayEquals(whole, Converter.evaluate(snn, halves, 16), 0);
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] one = snn.run(all.x(), 16).data();
            Parallel.setThreads(2);
            assertArrayEquals(one, snn.run(all.x(), 16).data(), 0f);
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void poissonInputApproachesTheAnnOnTinyBars() {
        Sequential ann = TinyBars.trained();
        List<Batch> test = TinyBars.test();
        double annAcc = Converter.annAccuracy(ann, test);
        ConvertedNetwork analog = Converter.convert(ann, List.of(TinyBars.batch(77, 64).x()));
        double[] acc = Converter.evaluate(analog.withInput(InputEncoding.poisson(3)), test, 64);
        assertTrue(acc[63] >= annAcc - 0.03, "Poisson SNN " + acc[63] + " at T = 64, ANN " + annAcc);
    }

    // ---- spike-count read-out ----

    @Test
    void spikeCountReadoutByHand() {
        // x -> W1 = [[1, .5], [-1, 1]], b1 = [0, .25] -> ReLU -> W2 = [[1, 2], [0, 0]], b2 = [0, .9] -> read-out IF.
        // Calibration x = [.5, .5] and [1, 0]: hidden a = [.75, .25] and [1, 0] (threshold 1), ANN outputs [1.25, .9]
        // and [1, .9]: data max of the positive outputs 1.25 = the read-out threshold.
        // Sample 1: hidden spikes floor(.75 t), floor(.25 t) -> class 0 current s0 + 2 s1 = 0 1 1 3 0 1 1 3;
        //   read-out membrane (threshold 1.25, one spike per step at most): 0, 1, 2->.75 S, 3.75->2.5 S, 2.5->1.25 S,
        //   2.25->1 S, 2->.75 S, 3.75->2.5 S: counts 0 0 1 2 3 4 5 6. Class 1 (current .9): .9, 1.8->.55 S,
        //   1.45->.2 S, 1.1, 2->.75 S, 1.65->.4 S, 1.3->.05 S, .95: counts 0 1 2 2 3 4 5 5.
        //   Label 0, argmax with ties to class 0: right at t = 1, 4..8, wrong at t = 2, 3.
        // Sample 2: class 0 current 1 every step: counts 0 1 2 3 4 4 5 6, class 1 as above: right at every t.
        Sequential net = new Sequential(ConverterTest.linear(2, 2, new float[] {1f, .5f, -1f, 1f},
                new float[] {0f, .25f}), new org.snn4j.core.nn.ReLU(), ConverterTest.linear(2, 2,
                new float[] {1f, 2f, 0f, 0f}, new float[] {0f, .9f}));
        ConvertedNetwork snn = Converter.convert(net, List.of(ConverterTest.CAL), ConversionConfig.defaults()
                .withNormalization(Normalization.DATA_MAX).withReadout(Readout.SPIKE_COUNT));
        assertEquals(List.of("1", ConvertedNetwork.OUTPUT_PATH), List.copyOf(snn.thresholds().keySet()));
        assertArrayEquals(new float[] {1.25f}, snn.thresholds().get(ConvertedNetwork.OUTPUT_PATH), 0f);
        float[] out = snn.run(ConverterTest.CAL, 8).data();
        float[] class0 = new float[8];
        for (int t = 0; t < 8; t++) {
            class0[t] = out[t * 4];
        }
        assertArrayEquals(new float[] {0, 0, 1.25f, 1.25f, 1.25f, 1.25f, 1.25f, 1.25f}, class0, 0f);
        double[] acc = Converter.evaluate(snn, List.of(new Batch(ConverterTest.CAL, new int[] {0, 0})), 8);
        assertArrayEquals(new double[] {1, .5, .5, 1, 1, 1, 1, 1}, acc, 0);
        // model-based max: hidden threshold 1.5 (inputs in [0, 1]); output 0 is at most 1.5*(1 + 2) = 4.5, output 1
        // is .9: read-out threshold 4.5
        ConvertedNetwork mm = Converter.convert(net, List.of(ConverterTest.CAL), ConversionConfig.defaults()
                .withNormalization(Normalization.MODEL_MAX).withReadout(Readout.SPIKE_COUNT));
        assertArrayEquals(new float[] {4.5f}, mm.thresholds().get(ConvertedNetwork.OUTPUT_PATH), 0f);
    }

    // ---- percentile search ----

    /** Linear(1, 1, w = 1) - ReLU - Linear(1, 2, w = [1, 0], b = [0, 6.9]): class 0 wins when the rate*theta > 6.9. */
    private static Sequential thresholdProbe() {
        return new Sequential(ConverterTest.linear(1, 1, new float[] {1f}, new float[] {0f}),
                new org.snn4j.core.nn.ReLU(), ConverterTest.linear(1, 2, new float[] {1f, 0f}, new float[] {0f, 6.9f}));
    }

    @Test
    void percentileSearchByHand() {
        // calibration x = -2..10: non-zero activations 1..10, thresholds p50 = 5.5, p90 = 9.1, p100 = 10.
        // Validation (T = 10): A x = 8 label 0, B x = 7.05 label 1; a constant current z fires floor(10 z/theta)
        // times (at most 10), class 0's membrane is count*theta against class 1's 69:
        //   theta 5.5:  A 10 spikes -> 55 < 69 wrong;    B 10 -> 55, right      accuracy .5
        //   theta 9.1:  A 8 -> 72.8 right;                B 7 -> 63.7, right     accuracy 1
        //   theta 10:   A 8 -> 80 right;                  B 7 -> 70 > 69, wrong  accuracy .5
        float[] xs = new float[13];
        for (int i = 0; i < 13; i++) {
            xs[i] = i - 2;
        }
        List<Batch> val = List.of(new Batch(Tensor.of(new float[] {8f, 7.05f}, 2, 1), new int[] {0, 1}));
        PercentileSearch r = Converter.searchPercentile(thresholdProbe(), List.of(Tensor.of(xs, 13, 1)), val,
                new double[] {50, 90, 100}, 10, ConversionConfig.defaults());
        assertArrayEquals(new double[] {.5, 1, .5}, r.accuracy(), 0);
        assertEquals(1, r.best());
        assertEquals(90, r.bestPercentile(), 0);
        assertEquals(1, r.bestAccuracy(), 0);
        assertEquals(9.1f, r.network().layers().get(0).neuron().thresholds()[0], 1e-5f);
        assertEquals(10, r.curves()[0].length);
        // ties go to the earlier candidate
        PercentileSearch tie = Converter.searchPercentile(thresholdProbe(), List.of(Tensor.of(xs, 13, 1)), val,
                new double[] {100, 50}, 10, ConversionConfig.defaults());
        assertEquals(100, tie.bestPercentile(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Converter.searchPercentile(
                thresholdProbe(), List.of(Tensor.of(xs, 13, 1)), val, new double[] {99, 101}, 10,
                ConversionConfig.defaults()));
        assertTrue(e.getMessage().contains("101"), e.getMessage());
    }

    // ---- given thresholds ----

    @Test
    void givenThresholdsRebuildTheNetworkAndNameBadPaths() {
        // the tiny network's per-channel data max [1, .25], given instead of calibrated: the same outputs
        ConversionConfig dm = ConversionConfig.defaults().withNormalization(Normalization.DATA_MAX)
                .withPerChannel(true);
        ConvertedNetwork calibrated = Converter.convert(ConverterTest.tiny(), List.of(ConverterTest.CAL), dm);
        ConvertedNetwork given = Converter.convert(ConverterTest.tiny(), new int[] {2},
                Map.of("1", new float[] {1f, .25f}), ConversionConfig.defaults());
        assertArrayEquals(calibrated.run(ConverterTest.X, 8).data(), given.run(ConverterTest.X, 8).data(), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Converter.convert(
                ConverterTest.tiny(), new int[] {2}, Map.of(), ConversionConfig.defaults()));
        assertTrue(e.getMessage().contains("no threshold was given for '1'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Converter.convert(ConverterTest.tiny(), new int[] {2},
                Map.of("1", new float[] {1f, 0f}), ConversionConfig.defaults()));
        assertTrue(e.getMessage().contains("'1'") && e.getMessage().contains("channel 1")
                && e.getMessage().contains("positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Converter.convert(ConverterTest.tiny(), new int[] {2},
                Map.of("1", new float[] {1f, 1f, 1f}), ConversionConfig.defaults()));
        assertTrue(e.getMessage().contains("3 thresholds") && e.getMessage().contains("'1'")
                && e.getMessage().contains("2 channels"), e.getMessage());
        Map<String, float[]> extra = new LinkedHashMap<>();
        extra.put("1", new float[] {1f});
        extra.put("0", new float[] {1f});
        e = assertThrows(IllegalArgumentException.class, () -> Converter.convert(ConverterTest.tiny(), new int[] {2},
                extra, ConversionConfig.defaults()));
        assertTrue(e.getMessage().contains("[0]") && e.getMessage().contains("not activations"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Converter.convert(ConverterTest.tiny(), new int[] {3},
                Map.of("1", new float[] {1f}), ConversionConfig.defaults()));
        assertTrue(e.getMessage().contains("sample shape [3]"), e.getMessage());
        // the spike-count read-out needs "(output)"; a QCFS layer without an entry takes its lambda
        e = assertThrows(IllegalArgumentException.class, () -> Converter.convert(ConverterTest.tiny(), new int[] {2},
                Map.of("1", new float[] {1f}), ConversionConfig.defaults().withReadout(Readout.SPIKE_COUNT)));
        assertTrue(e.getMessage().contains("'(output)'"), e.getMessage());
        Sequential q = new Sequential(ConverterTest.linear(1, 1, new float[] {1f}, null), new QCFS(4, 2.5f));
        assertArrayEquals(new float[] {2.5f}, Converter.convert(q, new int[] {1}, Map.of(), ConversionConfig.defaults())
                .thresholds().get("1"), 0f);
    }

    @Test
    void trainedNetWithReadoutRoundTripsThroughItsThresholds() {
        Sequential ann = TinyBars.trained();
        ConversionConfig cfg = ConversionConfig.defaults().withPerChannel(true).withReadout(Readout.SPIKE_COUNT);
        ConvertedNetwork a = Converter.convert(ann, List.of(TinyBars.batch(77, 64).x()), cfg);
        assertEquals(List.of("1", "5", ConvertedNetwork.OUTPUT_PATH), List.copyOf(a.thresholds().keySet()));
        assertEquals(4, a.thresholds().get("1").length);
        ConvertedNetwork b = Converter.convert(ann, new int[] {1, 8, 8}, a.thresholds(), cfg);
        Tensor x = TinyBars.batch(3, 5).x();
        assertArrayEquals(a.run(x, 8).data(), b.run(x, 8).data(), 0f);
    }
}
