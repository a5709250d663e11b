package org.snn4j.core.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.snn4j.core.neuron.LIF;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.ops.Ops;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/** Graphs that are not chains: shared tensors, residual adds, a weight used twice. */
class DagTest {
    @Test
    void residualBlockMatchesFiniteDifferences() {
        Rng rng = new Rng(11);
        Linear a = new Linear(4, 4, rng);
        Linear b = new Linear(4, 4, rng);
        Tensor x = Tensor.zeros(3, 2, 4).requiresGrad(true);
        for (int i = 0; i < x.storedNumel(); i++) {
            x.data()[i] = rng.uniform(-1, 1);
        }
        // y = h + b(h * h), h = a(x): h feeds two branches that meet again
        GradCheck.Result r = GradCheck.check(in -> {
            Tensor h = Linear.apply(in[0], in[1], in[2]);
            return Ops.add(h, Linear.apply(Ops.mul(h, h), in[3], in[4]));
        }, new Tensor[] {x, a.weight(), a.bias(), b.weight(), b.bias()}, 1e-2, 1e-3, 1e-2);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void weightUsedTwiceAccumulatesBothGradients() {
        // y = x W^T W^T (no bias), loss = sum(y): by hand for W = [[w]] scalar: y = x w^2, dL/dw = 2 x w
        Tensor w = Tensor.of(new float[] {3f}, 1, 1).requiresGrad(true);
        Tensor x = Tensor.of(new float[] {2f}, 1, 1);
        Tensor y = Linear.apply(Linear.apply(x, w, null), w, null);
        assertEquals(18f, y.item(), 0f);
        y.backward();
        assertArrayEquals(new float[] {12f}, w.grad().data(), 0f);
    }

    @Test
    void sequentialShapeErrorNamesLayerAndShapes() {
        Rng rng = new Rng(1);
        Sequential net = new Sequential(new Linear(8, 6, rng), new LIF(2f), new Linear(5, 3, rng));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(Tensor.zeros(4, 2, 8)));
        assertTrue(e.getMessage().contains("layer 2") && e.getMessage().contains("[4, 2, 6]")
                && e.getMessage().contains("5"), e.getMessage());
    }
}
