package org.snn4j.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.snn4j.core.tensor.Tensor;

class MetricsTest {
    // T=3, B=2, C=3 (same as DecodeTest): predictions by count [1, 1], by first spike [1, 2]
    private static final Tensor S = Tensor.of(new float[] {
        0, 1, 0, 0, 0, 1,
        0, 1, 0, 1, 1, 0,
        1, 0, 0, 0, 1, 0}, 3, 2, 3);

    @Test
    void accuracy() {
        assertEquals(0.5, Accuracy.byRate(S, new int[] {1, 2}));
        assertEquals(1.0, Accuracy.byFirstSpike(S, new int[] {1, 2}));
        assertEquals(0.0, Accuracy.byFirstSpike(S, new int[] {0, 0}));
        assertEquals(2, Accuracy.correct(new int[] {3, 1, 2}, new int[] {3, 0, 2}));
        assertThrows(IllegalArgumentException.class, () -> Accuracy.byRate(S, new int[] {1}));
    }

    @Test
    void firingRates() {
        // 7 spikes over 3*2*3 = 18 neuron-steps
        assertEquals(7.0 / 18, FiringRate.mean(S), 1e-12);
        // per neuron over T*B = 6: class0 2/6, class1 4/6, class2 1/6
        assertArrayEquals(new float[] {2f / 6, 4f / 6, 1f / 6}, FiringRate.perNeuron(S).data(), 1e-6f);
        Tensor st = Tensor.staticOf(new float[] {1, 0, 1, 1}, 10, 2, 2);
        assertEquals(0.75, FiringRate.mean(st), 1e-12);
        assertArrayEquals(new float[] {1f, 0.5f}, FiringRate.perNeuron(st).data(), 1e-6f);
        // byte-backed spikes: 3 of 8, counted without building the floats (8 bytes stay 8 bytes)
        Tensor bytes = Tensor.ofSpikes(new byte[] {1, 0, 0, 1, 0, 0, 1, 0}, 2, 2, 2);
        assertEquals(3.0 / 8, FiringRate.mean(bytes), 0.0);
        assertEquals(8, bytes.storageBytes());
    }

    @Test
    void runningAverage() {
        RunningAverage r = new RunningAverage(0.5);
        assertTrue(Double.isNaN(r.mean()));
        r.add(2.0, 10);
        r.add(4.0, 30);
        // weighted mean (20 + 120) / 40 = 3.5; ema: 0.5*1 = 1 then 0.5*1 + 0.5*4 = 2.5, debiased 2.5/0.75
        assertEquals(3.5, r.mean(), 1e-12);
        assertEquals(2.5 / 0.75, r.smoothed(), 1e-12);
        assertEquals(4.0, r.last());
        assertEquals(40, r.count());
        r.reset();
        r.add(7);
        assertEquals(7.0, r.mean());
        assertEquals(7.0, r.smoothed(), 1e-12);
    }
}
