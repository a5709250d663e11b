package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

class ActivationTest {
    private static Tensor tracked(float[] v, int... shape) {
        return Tensor.of(v.clone(), shape).requiresGrad(true);
    }

    /** Values away from the kinks (|x - k| >= 0.05 for every kink k), so finite differences with eps 1e-3 see no kink. */
    private static Tensor smoothInput(long seed, float[] kinks, int... shape) {
        Rng rng = new Rng(seed);
        float[] v = new float[(int) Tensor.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            float x;
            boolean near;
            do {
                x = rng.uniform(-2f, 8f);
                near = false;
                for (float k : kinks) {
                    near |= Math.abs(x - k) < 0.05f;
                }
            } while (near);
            v[i] = x;
        }
        return Tensor.of(v, shape).requiresGrad(true);
    }

    @Test
    void reluValuesAndGradient() {
        // PyTorch: relu([-1, 0, 0.5]) = [0, 0, 0.5], gradient of the sum [0, 0, 1] (0 at x = 0)
        Tensor x = tracked(new float[] {-1f, 0f, 0.5f}, 3);
        Tensor y = new ReLU().forward(x);
        assertArrayEquals(new float[] {0f, 0f, 0.5f}, y.data(), 0f);
        y.backward(Tensor.of(new float[] {1f, 1f, 1f}, 3));
        assertArrayEquals(new float[] {0f, 0f, 1f}, x.grad().data(), 0f);
        // [T, B, C, H, W] and [B, F] alike
        GradCheck.Result r = GradCheck.check(in -> new ReLU().forward(in[0]),
                new Tensor[] {smoothInput(1, new float[] {0f}, 2, 3, 2, 2, 2)}, 1e-3, 1e-3, 1e-3);
        assertTrue(r.passed(), r.toString());
        r = GradCheck.check(in -> new ReLU().forward(in[0]),
                new Tensor[] {smoothInput(2, new float[] {0f}, 4, 5)}, 1e-3, 1e-3, 1e-3);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void clippedReluIsHardtanh() {
        // PyTorch F.hardtanh(x, 0, 6) on [-1, 0, 0.5, 2, 6, 7] = [0, 0, 0.5, 2, 6, 6]; gradient [0, 0, 1, 1, 0, 0]
        Tensor x = tracked(new float[] {-1f, 0f, 0.5f, 2f, 6f, 7f}, 2, 3);
        Tensor y = new ClippedReLU(6f).forward(x);
        assertArrayEquals(new float[] {0f, 0f, 0.5f, 2f, 6f, 6f}, y.data(), 0f);
        y.backward(Tensor.full(1f, 2, 3));
        assertArrayEquals(new float[] {0f, 0f, 1f, 1f, 0f, 0f}, x.grad().data(), 0f);
        GradCheck.Result r = GradCheck.check(in -> new ClippedReLU(3f).forward(in[0]),
                new Tensor[] {smoothInput(3, new float[] {0f, 3f}, 3, 2, 4)}, 1e-3, 1e-3, 1e-3);
        assertTrue(r.passed(), r.toString());
        assertThrows(IllegalArgumentException.class, () -> new ClippedReLU(0f));
        assertThrows(IllegalArgumentException.class, () -> new ClippedReLU(Float.NaN));
    }

    @Test
    void qcfsForwardAndStraightThroughGradients() {
        // lambda = 2, L = 4: q = floor(clamp(x/2, 0, 1)*4 + 0.5)/4, y = 2q
        //   x     x/2   *4+0.5  q     y     dy/dx  dy/dlambda = q - x/2 inside [0, 2], 1 above, 0 below
        //  -1     -     0.5     0     0     0      0
        //   0     0     0.5     0     0     1      0
        //   0.2   0.1   0.9     0     0     1      -0.1
        //   0.3   0.15  1.1     .25   0.5   1      0.1
        //   0.7   0.35  1.9     .25   0.5   1      -0.1
        //   1.0   0.5   2.5     .5    1     1      0
        //   1.3   0.65  3.1     .75   1.5   1      0.1
        //   2.0   1     4.5     1     2     1      0       (x = lambda is inside: PyTorch's clamp passes it)
        //   2.5   1     4.5     1     2     0      1
        // with g = [1, 2, -1, 0.5, 1, 3, -2, 1, 4]: dL/dlambda = 0.1 + 0.05 - 0.1 - 0.2 + 4 = 3.85
        // (PyTorch on the authors' formula with a straight-through floor gives the same y, x.grad and 3.85)
        QCFS q = new QCFS(4, 2f);
        Tensor x = tracked(new float[] {-1f, 0f, 0.2f, 0.3f, 0.7f, 1f, 1.3f, 2f, 2.5f}, 9);
        Tensor y = q.forward(x);
        assertArrayEquals(new float[] {0f, 0f, 0f, 0.5f, 0.5f, 1f, 1.5f, 2f, 2f}, y.data(), 0f);
        y.backward(Tensor.of(new float[] {1f, 2f, -1f, 0.5f, 1f, 3f, -2f, 1f, 4f}, 9));
        assertArrayEquals(new float[] {0f, 2f, -1f, 0.5f, 1f, 3f, -2f, 1f, 0f}, x.grad().data(), 0f);
        assertEquals(3.85f, q.lambdaParameter().grad().data()[0], 1e-6f);
        assertEquals(java.util.List.of("lambda"), java.util.List.copyOf(q.namedParameters().keySet()));
    }

    @Test
    void qcfsOnTimeStaticAndTimeMajorInput() {
        // a static [T=3, B=1, 2] input is quantised once; gradients come back summed over the 3 steps
        QCFS q = new QCFS(2, 1f);
        Tensor step = tracked(new float[] {0.3f, 1.5f}, 1, 2);
        Tensor x = Tensor.repeatTime(step, 3);
        Tensor y = q.forward(x);
        assertTrue(y.isTimeStatic());
        assertArrayEquals(new int[] {3, 1, 2}, y.shape());
        // x = 0.3: floor(0.6 + 0.5) / 2 = 0.5; x = 1.5: clamped, y = 1
        assertArrayEquals(new float[] {0.5f, 1f, 0.5f, 1f, 0.5f, 1f}, y.toArray(), 0f);
        org.snn4j.core.ops.Ops.sum(y).backward();
        // dy/dx = [1, 0] per step, 3 steps; dy/dlambda = (0.5 - 0.3) + 1 per step = 1.2, times 3 = 3.6
        assertArrayEquals(new float[] {3f, 0f}, step.grad().data(), 0f);
        assertEquals(3.6f, q.lambdaParameter().grad().data()[0], 1e-6f);
        // [T, B, C, H, W]: shape kept
        Tensor seq = new QCFS(8, 4f).forward(Tensor.full(1f, 2, 3, 4, 5, 5));
        assertArrayEquals(new int[] {2, 3, 4, 5, 5}, seq.shape());
        assertEquals(1f, seq.data()[17], 0f); // 4 * floor(0.25*8 + 0.5)/8 = 4 * 2/8 = 1
    }

    @Test
    void qcfsInputGradientMatchesFiniteDifferencesOfTheClampedIdentity() {
        // with the straight-through floor, dy/dx is the derivative of lambda * clamp(x/lambda, 0, 1); check it against
        // finite differences of that smooth function, away from 0 and lambda
        QCFS q = new QCFS(3, 3f);
        Tensor x = smoothInput(5, new float[] {0f, 3f}, 2, 4, 3);
        Tensor xc = Tensor.of(x.data().clone(), x.shape()).requiresGrad(true);
        q.forward(x).backward(Tensor.full(1f, x.shape()));
        GradCheck.Result r = GradCheck.check(in -> new ClippedReLU(3f).forward(in[0]), new Tensor[] {xc}, 1e-3, 1e-3,
                1e-3);
        assertTrue(r.passed(), r.toString());
        xc.zeroGrad();
        new ClippedReLU(3f).forward(xc).backward(Tensor.full(1f, x.shape()));
        assertArrayEquals(xc.grad().data(), x.grad().data(), 0f);
    }

    @Test
    void qcfsRejectsBadSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new QCFS(0, 8f));
        assertTrue(e.getMessage().contains("levels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new QCFS(4, -1f));
        assertTrue(e.getMessage().contains("lambda"), e.getMessage());
        QCFS q = new QCFS(4, 1f);
        q.lambdaParameter().data()[0] = 0f;
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> q.forward(Tensor.full(1f, 2)));
        assertTrue(s.getMessage().contains("lambda"), s.getMessage());
    }
}
