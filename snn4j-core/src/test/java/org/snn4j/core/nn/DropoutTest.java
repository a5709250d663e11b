package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

class DropoutTest {
    @Test
    void oneMaskPerSampleSharedByAllSteps() {
        Dropout d = new Dropout(0.5, 42);
        Tensor y = d.forward(Tensor.full(1f, 3, 2, 50));
        float[] v = y.data();
        for (int i = 0; i < 100; i++) {
            // kept elements are scaled by 1/(1-p) = 2, the same at t = 0, 1, 2
            assertTrue(v[i] == 0f || v[i] == 2f, "value " + v[i]);
            assertEquals(v[i], v[100 + i], 0f);
            assertEquals(v[i], v[200 + i], 0f);
        }
        // the mask is the documented draw: u = nextFloat() of Rng.derive(Rng.derive(seed, call).nextLong(), b)
        long callSeed = Rng.derive(42, 0).nextLong();
        for (int b = 0; b < 2; b++) {
            Rng rng = Rng.derive(callSeed, b);
            for (int i = 0; i < 50; i++) {
                assertEquals(rng.nextFloat() < 0.5f ? 0f : 2f, v[b * 50 + i], 0f);
            }
        }
        // the two samples and the next call get other masks
        assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOfRange(v, 0, 50), java.util.Arrays.copyOfRange(v, 50, 100)));
        assertEquals(1, d.calls());
        float[] next = d.forward(Tensor.full(1f, 3, 2, 50)).data();
        assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOfRange(v, 0, 100), java.util.Arrays.copyOfRange(next, 0, 100)));
        // resetting the counter repeats the masks
        d.setCalls(0);
        assertArrayEquals(v, d.forward(Tensor.full(1f, 3, 2, 50)).data(), 0f);
    }

    @Test
    void dropFractionIsP() {
        // 200 samples x 1000 elements, p = 0.3: the dropped fraction has standard deviation
        // sqrt(0.3*0.7/2e5) = 0.001, so 0.3 +- 0.006 is a 6-sigma band
        float[] m = Dropout.mask(7, 0, 0.3f, 200, 1000);
        int dropped = 0;
        for (float x : m) {
            dropped += x == 0f ? 1 : 0;
            assertTrue(x == 0f || x == 1f / 0.7f);
        }
        assertEquals(0.3, dropped / 2e5, 0.006);
    }

    @Test
    void evalIsIdentityAndExtremesOfP() {
        Dropout d = new Dropout(0.5, 1);
        Tensor x = Tensor.full(2f, 2, 3, 4);
        d.train(false);
        assertSame(x, d.forward(x));
        assertSame(x, new Dropout(0, 1).forward(x));
        assertArrayEquals(new float[24], new Dropout(1, 1).forward(x).data(), 0f);
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5, 1));
    }

    @Test
    void gradientWithAFixedMask() {
        Rng rng = new Rng(3);
        float[] xd = new float[4 * 3 * 5];
        for (int i = 0; i < xd.length; i++) {
            xd[i] = rng.uniform(-1, 1);
        }
        Tensor x = Tensor.of(xd, 4, 3, 5).requiresGrad(true);
        float[] mask = Dropout.mask(9, 0, 0.4f, 3, 5);
        GradCheck.Result r = GradCheck.check(a -> Dropout.apply(a[0], mask), new Tensor[] {x}, 1e-2, 1e-4, 1e-3);
        assertTrue(r.passed(), r.toString());
        // by hand: d sum(y)/dx[t, i] = mask[i]
        x.zeroGrad();
        Dropout.apply(x, mask).backward(Tensor.full(1f, 4, 3, 5));
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 15; i++) {
                assertEquals(mask[i], x.grad().data()[t * 15 + i], 0f);
            }
        }
    }

    @Test
    void staticInputStaysStatic() {
        Tensor step = Tensor.full(1f, 2, 8).requiresGrad(true);
        Dropout d = new Dropout(0.25, 5);
        Tensor y = d.forward(Tensor.repeatTime(step, 4));
        assertTrue(y.isTimeStatic());
        d.setCalls(0);
        Tensor yFull = d.forward(Tensor.full(1f, 4, 2, 8));
        assertArrayEquals(yFull.data(), y.toArray(), 0f);
        // gradient of the static input: the mask times the number of steps
        y.backward(Tensor.full(4f, 2, 8));
        assertArrayEquals(Dropout.mask(5, 0, 0.25f, 2, 8), scaled(step.grad().data(), 0.25f), 0f);
    }

    private static float[] scaled(float[] a, float k) {
        float[] b = a.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] *= k;
        }
        return b;
    }

    @Test
    void masksDoNotDependOnTheThreadCount() {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] one = Dropout.mask(11, 3, 0.2f, 64, 4096);
            Parallel.setThreads(2);
            float[] two = Dropout.mask(11, 3, 0.2f, 64, 4096);
            assertArrayEquals(one, two, 0f);
        } finally {
            Parallel.setThreads(before);
        }
    }
}
