package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snn4j.core.tensor.Tensor;

/** A state dict carries parameters and buffers (batch-norm running statistics), and loads back exactly. */
class StateDictTest {

    @Test
    void parametersThenBuffersRoundTrip() {
        BatchNorm2d bn = new BatchNorm2d(2);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var"), List.copyOf(bn.stateDict().keySet()));
        // one training step on [1, 2, 2, 1, 1]: channel 0 sees {1, 3} (mean 2, unbiased var 2),
        // channel 1 sees {0, 4} (mean 2, unbiased var 8); momentum 0.1 from (0, 1)
        bn.train(true);
        bn.forward(Tensor.of(new float[] {1, 0, 3, 4}, 1, 2, 2, 1, 1));
        float[] mean = bn.namedBuffers().get("running_mean").data().clone();
        float[] var = bn.namedBuffers().get("running_var").data().clone();
        assertArrayEquals(new float[] {0.2f, 0.2f}, mean, 1e-6f);
        assertArrayEquals(new float[] {0.9f + 0.2f, 0.9f + 0.8f}, var, 1e-6f);

        BatchNorm2d fresh = new BatchNorm2d(2);
        fresh.loadStateDict(bn.stateDict());
        assertArrayEquals(mean, fresh.namedBuffers().get("running_mean").data());
        assertArrayEquals(var, fresh.namedBuffers().get("running_var").data());
        // eval mode uses the loaded statistics: (x - 0.2)/sqrt(1.1 + 1e-5) on channel 0
        fresh.train(false);
        float y = fresh.forward(Tensor.of(new float[] {1, 0}, 1, 1, 2, 1, 1)).data()[0];
        assertEquals((1 - 0.2) / Math.sqrt(1.1 + 1e-5), y, 1e-5);
    }

    @Test
    void missingOrMisshapenBuffersAreNamed() {
        BatchNorm2d bn = new BatchNorm2d(2);
        Map<String, Tensor> params = bn.namedParameters();
        var e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(2).loadStateDict(params));
        assertTrue(e.getMessage().contains("missing buffer 'running_mean'"), e.getMessage());
        Map<String, Tensor> wrong = new java.util.LinkedHashMap<>(bn.stateDict());
        wrong.put("running_var", Tensor.of(new float[3], 3));
        var e2 = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(2).loadStateDict(wrong));
        assertTrue(e2.getMessage().contains("buffer 'running_var' has shape [3]"), e2.getMessage());
    }
}
