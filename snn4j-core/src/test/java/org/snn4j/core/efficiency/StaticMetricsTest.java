package org.snn4j.core.efficiency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.snn4j.core.nn.BatchNorm1d;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.neuron.Leaky;
import org.snn4j.core.util.Rng;

class StaticMetricsTest {
    @Test
    void footprintCountsParametersAndBatchNormBuffers() {
        // Linear(3,2): weight 6 + bias 2; BatchNorm1d(2): weight 2 + bias 2 (parameters) + running_mean 2 +
        // running_var 2 (buffers); Leaky with fixed beta: nothing. 16 floats = 64 bytes; 16 bytes at int8.
        Sequential m = new Sequential(new Linear(3, 2, new Rng(1)), new BatchNorm1d(2), Leaky.builder(0.9f).build());
        assertEquals(16, StaticMetrics.elements(m));
        assertEquals(64, StaticMetrics.footprintBytes(m));
        assertEquals(16, StaticMetrics.footprintBytes(m, 1));
        // a learnable beta and threshold add one float each
        Sequential learn = new Sequential(new Linear(3, 2, new Rng(1)), new BatchNorm1d(2),
                Leaky.builder(0.9f).learnBeta(true).learnThreshold(true).build());
        assertEquals(18 * 4, StaticMetrics.footprintBytes(learn));
        assertThrows(IllegalArgumentException.class, () -> StaticMetrics.footprintBytes(m, 0));
    }

    @Test
    void sharedLayerIsCountedOnce() {
        Linear shared = new Linear(4, 4, new Rng(2));
        assertEquals(20 * 4, StaticMetrics.footprintBytes(new Sequential(shared, shared)));
        assertEquals(1, StaticMetrics.connectionLayers(new Sequential(shared, shared)).size());
    }

    @Test
    void connectionSparsityOverAllWeightsNotBiases() {
        // Linear(4,3): 12 weights, 3 set to zero; Conv2d(1,2,3x3): 18 weights, 6 set to zero; biases zeroed too
        // (not counted). (3 + 6) / (12 + 18) = 0.3
        Linear fc = new Linear(4, 3, new Rng(3));
        Conv2d conv = new Conv2d(1, 2, 3, new Rng(4));
        for (int i : new int[] {0, 5, 11}) {
            fc.weight().data()[i] = 0;
        }
        for (int i = 0; i < 6; i++) {
            conv.weight().data()[2 * i + 1] = 0;
        }
        java.util.Arrays.fill(fc.bias().data(), 0f);
        java.util.Arrays.fill(conv.bias().data(), 0f);
        assertEquals(0.3, StaticMetrics.connectionSparsity(new Sequential(conv, fc)), 1e-15);
        assertEquals(0.0, StaticMetrics.connectionSparsity(new Sequential(Leaky.builder(0.5f).build())), 0);
    }
}
