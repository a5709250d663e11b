package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/** {@link SpikingMaxPool2d} on hand-made spike trains. */
class SpikingMaxPoolTest {
    /**
     * One 2x2 window over T = 5 steps; trains of the inputs a, b, c, d (scan order a b / c d) given per input,
     * returned as [T, 1, 1, 2, 2].
     */
    private static float[] trains(float[] a, float[] b, float[] c, float[] d) {
        int steps = a.length;
        float[] x = new float[steps * 4];
        for (int t = 0; t < steps; t++) {
            x[t * 4] = a[t];
            x[t * 4 + 1] = b[t];
            x[t * 4 + 2] = c[t];
            x[t * 4 + 3] = d[t];
        }
        return x;
    }

    private static final float[] A = {1, 0, 0, 0, 0};
    private static final float[] B = {0, 1, 1, 0, 1};
    private static final float[] C = {1, 0, 0, 1, 0};
    private static final float[] D = {0, 0, 0, 0, 0};

    @Test
    void countGateFollowsTheInputWithMostSpikesSoFar() {
        // counts (a, b, c, d) after each step, including it:
        //   t0: 1 0 1 0 -> a (tie with c, first index)   y = a[0] = 1
        //   t1: 1 1 1 0 -> a (three-way tie)             y = a[1] = 0   (b fires but is not selected)
        //   t2: 1 2 1 0 -> b                             y = b[2] = 1
        //   t3: 1 2 2 0 -> b (tie with c, b first)       y = b[3] = 0   (c fires but is not selected)
        //   t4: 1 3 2 0 -> b                             y = b[4] = 1
        Tensor x = Tensor.of(trains(A, B, C, D), 5, 1, 1, 2, 2).markBinary().requiresGrad(true);
        Tensor y = new SpikingMaxPool2d(2).forward(x);
        assertArrayEquals(new int[] {5, 1, 1, 1, 1}, y.shape());
        assertArrayEquals(new float[] {1, 0, 1, 0, 1}, y.data(), 0f);
        assertTrue(y.isBinary());
        // the gradient at step t goes to the selected input: a, a, b, b, b
        y.backward(Tensor.of(new float[] {1, 2, 3, 4, 5}, 5, 1, 1, 1, 1));
        float[] expected = trains(new float[] {1, 2, 0, 0, 0}, new float[] {0, 0, 3, 4, 5}, new float[5], new float[5]);
        assertArrayEquals(expected, x.grad().data(), 0f);
    }

    @Test
    void currentGateFollowsTheLargestAccumulatedCurrent() {
        // accumulated currents: a = 2 from t0 on; b = 0.5, 1, 1.5, 2, 2.5; c = d = 0
        //   t0..t2: a;  t3: tie a = b = 2 -> a;  t4: b.   y = a[0..3], b[4] = 1 0 0 0 1
        float[] cur = trains(new float[] {2, 0, 0, 0, 0}, new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f}, new float[5],
                new float[5]);
        Tensor x = Tensor.of(trains(A, B, C, D), 5, 1, 1, 2, 2).markBinary().requiresGrad(true);
        Tensor gate = Tensor.of(cur, 5, 1, 1, 2, 2);
        Tensor y = new SpikingMaxPool2d(2).forward(x, gate);
        assertArrayEquals(new float[] {1, 0, 0, 0, 1}, y.data(), 0f);
        y.backward(Tensor.full(1f, 5, 1, 1, 1, 1));
        assertArrayEquals(trains(new float[] {1, 1, 1, 1, 0}, new float[] {0, 0, 0, 0, 1}, new float[5], new float[5]),
                x.grad().data(), 0f);
    }

    @Test
    void silentWindowSelectsTheFirstInputAndPlanesAreIndependent() {
        // two planes (B = 2): plane 0 silent; plane 1 only input d fires at t1 -> y = 0, 1 (d selected from t1)
        float[] x = new float[2 * 2 * 4];
        x[8 + 4 + 3] = 1; // t1, plane 1, d
        Tensor s = Tensor.of(x, 2, 2, 1, 2, 2).requiresGrad(true);
        Tensor y = new SpikingMaxPool2d(2).forward(s);
        assertArrayEquals(new float[] {0, 0, 0, 1}, y.data(), 0f);
        y.backward(Tensor.full(1f, 2, 2, 1, 1, 1));
        float[] g = new float[16];
        g[0] = 1;       // t0 plane 0: a
        g[4] = 1;       // t0 plane 1: a
        g[8] = 1;       // t1 plane 0: a
        g[12 + 3] = 1;  // t1 plane 1: d
        assertArrayEquals(g, s.grad().data(), 0f);
    }

    @Test
    void paddingAndOverlapFollowThePoolGeometry() {
        // 1x3 row per step, kernel 1x2, stride 1x1: windows {x0, x1} and {x1, x2}; x1 fires at t0, x2 at t0 and t1
        // t0: counts 0 1 1 -> window 0: x1 (y = 1), window 1: x1 (tie, first) (y = 1)
        // t1: counts 0 1 2 -> window 0: x1 (y = x1[1] = 0), window 1: x2 (y = 1)
        Tensor s = Tensor.of(new float[] {0, 1, 1, 0, 0, 1}, 2, 1, 1, 1, 3).requiresGrad(true);
        Tensor y = new SpikingMaxPool2d(1, 2, 1, 1, 0, 0).forward(s);
        assertArrayEquals(new float[] {1, 1, 0, 1}, y.data(), 0f);
        y.backward(Tensor.of(new float[] {1, 2, 3, 4}, 2, 1, 1, 1, 2));
        assertArrayEquals(new float[] {0, 3, 0, 0, 3, 4}, s.grad().data(), 0f);
    }

    @Test
    void gradientMatchesFiniteDifferencesForAFixedGate() {
        // with a fixed current gate the output is a selection of the input, linear in it
        Rng rng = new Rng(3);
        int[] shape = {4, 2, 2, 5, 5};
        float[] cur = new float[(int) Tensor.numel(shape)];
        float[] val = new float[cur.length];
        for (int i = 0; i < cur.length; i++) {
            cur[i] = rng.uniform(0, 1);
            val[i] = rng.uniform(-1, 1);
        }
        Tensor gate = Tensor.of(cur, shape);
        Tensor x = Tensor.of(val, shape).requiresGrad(true);
        SpikingMaxPool2d pool = new SpikingMaxPool2d(3, 2, 1);
        GradCheck.Result r = GradCheck.check(a -> pool.forward(a[0], gate), new Tensor[] {x}, 1e-2, 1e-4, 1e-3);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void staticSpikesPoolLikeMaxPoolAndBytesLikeFloats() {
        Rng rng = new Rng(4);
        byte[] b = new byte[2 * 3 * 4 * 4];
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (rng.nextFloat() < 0.3f ? 1 : 0);
            f[i] = b[i];
        }
        Tensor st = Tensor.repeatTime(Tensor.of(f, 2, 3, 4, 4), 5).markBinary();
        Tensor ys = new SpikingMaxPool2d(2).forward(st);
        assertTrue(ys.isTimeStatic());
        Tensor yFull = new SpikingMaxPool2d(2).forward(st.materialize().markBinary());
        assertFalse(yFull.isTimeStatic());
        assertArrayEquals(yFull.data(), ys.toArray(), 0f);
        // a byte-backed spike train gives a byte-backed output equal to the float one
        byte[] tb = new byte[5 * b.length];
        float[] tf = new float[tb.length];
        for (int i = 0; i < tb.length; i++) {
            tb[i] = (byte) (rng.nextFloat() < 0.3f ? 1 : 0);
            tf[i] = tb[i];
        }
        Tensor yb = new SpikingMaxPool2d(2, 1, 1).forward(Tensor.ofSpikes(tb, 5, 2, 3, 4, 4));
        Tensor yf = new SpikingMaxPool2d(2, 1, 1).forward(Tensor.of(tf, 5, 2, 3, 4, 4).markBinary());
        assertNotNull(yb.spikeBytes());
        assertArrayEquals(yf.data(), yb.data(), 0f);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        int before = Parallel.threads();
        try {
            float[][] out = new float[2][];
            float[][] grad = new float[2][];
            for (int k = 0; k < 2; k++) {
                Parallel.setThreads(k + 1);
                Rng rng = new Rng(5);
                float[] d = new float[8 * 4 * 8 * 8 * 8];
                for (int i = 0; i < d.length; i++) {
                    d[i] = rng.nextFloat() < 0.2f ? 1 : 0;
                }
                Tensor x = Tensor.of(d, 8, 4, 8, 8, 8).markBinary().requiresGrad(true);
                Tensor y = new SpikingMaxPool2d(2).forward(x);
                y.backward(Tensor.full(1f, y.shape()));
                out[k] = y.data();
                grad[k] = x.grad().data();
            }
            assertArrayEquals(out[0], out[1], 0f);
            assertArrayEquals(grad[0], grad[1], 0f);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void gateShapeMustMatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SpikingMaxPool2d(2).forward(Tensor.zeros(2, 1, 1, 2, 2), Tensor.zeros(3, 1, 1, 2, 2)));
        assertTrue(e.getMessage().contains("[3, 1, 1, 2, 2]") && e.getMessage().contains("[2, 1, 1, 2, 2]"),
                e.getMessage());
    }
}
