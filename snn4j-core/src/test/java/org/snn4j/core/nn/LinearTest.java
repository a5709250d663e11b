package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

class LinearTest {
    @Test
    void forwardMatchesHandComputation() {
        Linear fc = new Linear(2, 2, new Rng(1));
        System.arraycopy(new float[] {1, 2, 3, 4}, 0, fc.weight().data(), 0, 4);
        System.arraycopy(new float[] {0.5f, -1}, 0, fc.bias().data(), 0, 2);
        Tensor y = fc.forward(Tensor.of(new float[] {1, 1, 2, -1}, 2, 2));
        // row 0: [1*1+2*1+0.5, 3*1+4*1-1] ; row 1: [1*2-2+0.5, 3*2-4-1]
        assertArrayEquals(new float[] {3.5f, 6f, 0.5f, 1f}, y.data(), 1e-6f);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Rng rng = new Rng(7);
        Linear fc = new Linear(5, 3, rng);
        float[] x = new float[4 * 2 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.uniform(-1, 1);
        }
        Tensor in = Tensor.of(x, 4, 2, 5).requiresGrad(true);
        GradCheck.Result r = GradCheck.check(a -> Linear.apply(a[0], a[1], a[2]),
                new Tensor[] {in, fc.weight(), fc.bias()}, 1e-2, 1e-3, 1e-2);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void staticInputGivesSameGradientsAsRepeatedInput() {
        Rng rng = new Rng(3);
        Linear fc = new Linear(4, 3, rng);
        float[] x = new float[2 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.uniform(-1, 1);
        }
        Tensor step = Tensor.of(x.clone(), 2, 4).requiresGrad(true);
        Tensor stat = Tensor.repeatTime(step, 5);
        Tensor ys = fc.forward(stat);
        assertTrue(ys.isTimeStatic());
        Tensor full = Tensor.repeatTime(Tensor.of(x.clone(), 2, 4), 5).materialize();
        Tensor yf = fc.forward(full);
        assertArrayEquals(yf.data(), ys.toArray(), 1e-6f);
        // d sum(y)/dy is 1 at each of the 5 steps; a static tensor's gradient is the sum over time
        ys.backward(Tensor.full(5f, 2, 3));
        float[] gStatic = fc.weight().grad().data().clone();
        fc.zeroGrad();
        yf.backward(Tensor.full(1f, 5, 2, 3));
        assertArrayEquals(fc.weight().grad().data(), gStatic, 1e-5f);
        assertEquals(2 * 4, step.grad().storedNumel()); // input gradient is one step [2,4]
    }

    @Test
    void wrongShapeNamesBothShapes() {
        Linear fc = new Linear(4, 3, new Rng(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fc.forward(Tensor.zeros(2, 5)));
        assertTrue(e.getMessage().contains("[2, 5]") && e.getMessage().contains("4"), e.getMessage());
    }
}
