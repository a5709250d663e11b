package org.snn4j.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.util.Rng;

/** Gradient checks and hand-computed values for the view ops of {@link Tensor}. */
class TensorOpsGradTest {
    private static Tensor random(Rng rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.storedNumel(); i++) {
            t.data()[i] = rng.uniform(-1, 1);
        }
        return t.requiresGrad(true);
    }

    @Test
    void reshapeGradient() {
        Tensor x = random(new Rng(1), 2, 3, 4);
        GradCheck.Result r = GradCheck.check(a -> a[0].reshape(6, -1), new Tensor[] {x}, 1e-2, 1e-4, 1e-3);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void repeatTimeThenMaterializeGradientIsTheSumOverSteps() {
        Tensor x = random(new Rng(2), 2, 3);
        GradCheck.Result r = GradCheck.check(a -> Tensor.repeatTime(a[0], 4).materialize(), new Tensor[] {x},
                1e-2, 1e-4, 1e-3);
        assertTrue(r.passed(), r.toString());
        // by hand: d/dx sum_t y[t] * 1 = 4
        x.zeroGrad();
        Tensor.repeatTime(x, 4).materialize().backward(Tensor.full(1f, 4, 2, 3));
        assertArrayEquals(new float[] {4, 4, 4, 4, 4, 4}, x.grad().data(), 0f);
    }

    @Test
    void staticTensorStoresOneStep() {
        Tensor s = Tensor.staticOf(new float[] {1, 2, 3}, 5, 3);
        assertEquals(3, s.storedNumel());
        assertEquals(15, s.numel());
        assertEquals(2f, s.get(4, 1), 0f);
        assertArrayEquals(new float[] {5, 10, 15}, s.sumOverTime().data(), 0f);
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(5, 0));
    }

    @Test
    void badShapesNameTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("5"), e.getMessage());
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).reshape(4, 2));
        assertTrue(r.getMessage().contains("[2, 3]") && r.getMessage().contains("[4, 2]"), r.getMessage());
    }
}
