package org.snn4j.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

class OpsTest {
    private static Tensor random(Rng rng, int... shape) {
        float[] d = new float[(int) Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.uniform(-1, 1);
        }
        return Tensor.of(d, shape).requiresGrad(true);
    }

    private static Tensor randomStatic(Rng rng, int steps, int... stepShape) {
        Tensor t = Tensor.repeatTime(random(rng, stepShape).requiresGrad(false), steps);
        return t.requiresGrad(true);
    }

    private static void check(String what, Function<Tensor[], Tensor> f, Tensor... in) {
        GradCheck.Result r = GradCheck.check(f, in, 1e-3, 2e-3, 1e-2);
        assertTrue(r.passed(), what + ": " + r);
    }

    @Test
    void valuesByHand() {
        // x[t, i] for T=3, 2 elements
        Tensor x = Tensor.of(new float[] {1, 5, 4, 2, -1, 3}, 3, 2);
        assertArrayEquals(new float[] {4, 10}, Ops.sumOverTime(x).data());
        assertArrayEquals(new float[] {4f / 3, 10f / 3}, Ops.meanOverTime(x).data(), 1e-6f);
        assertArrayEquals(new float[] {4, 5}, Ops.maxOverTime(x).data());
        assertEquals(14f, Ops.sum(x).item());
        assertEquals(14f / 6, Ops.mean(x).item(), 1e-6f);
        assertArrayEquals(new float[] {2, 10, 8, 4, -2, 6}, Ops.scale(x, 2).data());
        assertArrayEquals(new float[] {2, 10, 8, 4, -2, 6}, Ops.add(x, x).data());
        assertArrayEquals(new float[] {1, 25, 16, 4, 1, 9}, Ops.mul(x, x).data());
        // cross-entropy of logits [0, ln 3] with label 1: -log(3/4)
        Tensor l = Tensor.of(new float[] {0f, (float) Math.log(3)}, 1, 2);
        assertEquals(-Math.log(0.75), Ops.crossEntropy(l, new int[] {1}).item(), 1e-6);
        // mse of [0.5, 2] against target [1, 0]: (0.25 + 4) / 2
        assertEquals(2.125f, Ops.mseToTargets(Tensor.of(new float[] {0.5f, 2f}, 1, 2), new int[] {0}, 1f, 0f).item());
        // a time-static tensor reduces like its expansion
        Tensor s = Tensor.staticOf(new float[] {1, 2}, 3, 2);
        assertArrayEquals(new float[] {3, 6}, Ops.sumOverTime(s).data());
        assertArrayEquals(new float[] {1, 2}, Ops.maxOverTime(s).data());
        assertEquals(9f, Ops.sum(s).item());
    }

    @Test
    void maxOverTimeGradientGoesToFirstMaximum() {
        Tensor x = Tensor.of(new float[] {1, 5, 4, 5, 4, 3}, 3, 2).requiresGrad(true);
        Ops.sum(Ops.maxOverTime(x)).backward();
        assertArrayEquals(new float[] {0, 1, 1, 0, 0, 0}, x.grad().data());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Rng rng = new Rng(21);
        int[] y = {1, 0, 3};
        check("sumOverTime", a -> Ops.sumOverTime(a[0]), random(rng, 4, 3, 2));
        check("meanOverTime", a -> Ops.meanOverTime(a[0]), random(rng, 4, 3, 2));
        check("maxOverTime", a -> Ops.maxOverTime(a[0]), random(rng, 4, 3, 2));
        check("sum", a -> Ops.sum(a[0]), random(rng, 2, 3));
        check("mean", a -> Ops.mean(a[0]), random(rng, 2, 3));
        check("scale", a -> Ops.scale(a[0], -1.5f), random(rng, 2, 3));
        check("add", a -> Ops.add(a[0], a[1]), random(rng, 2, 3), random(rng, 2, 3));
        check("mul", a -> Ops.mul(a[0], a[1]), random(rng, 2, 3), random(rng, 2, 3));
        check("crossEntropy", a -> Ops.crossEntropy(a[0], y), random(rng, 2, 3, 4));
        check("mseToTargets", a -> Ops.mseToTargets(a[0], y, 0.7f, 0.1f), random(rng, 2, 3, 4));
        // time-static inputs: gradients in the stored layout
        check("sumOverTime static", a -> Ops.sumOverTime(a[0]), randomStatic(rng, 4, 3, 2));
        check("meanOverTime static", a -> Ops.meanOverTime(a[0]), randomStatic(rng, 4, 3, 2));
        check("maxOverTime static", a -> Ops.maxOverTime(a[0]), randomStatic(rng, 4, 3, 2));
        check("mean static", a -> Ops.mean(a[0]), randomStatic(rng, 4, 3, 2));
        check("scale static", a -> Ops.scale(a[0], 2f), randomStatic(rng, 4, 3, 2));
        check("mul static*dense", a -> Ops.mul(a[0], a[1]), randomStatic(rng, 4, 3, 2), random(rng, 4, 3, 2));
        check("add static+static", a -> Ops.add(a[0], a[1]), randomStatic(rng, 4, 3, 2), randomStatic(rng, 4, 3, 2));
        check("crossEntropy static", a -> Ops.crossEntropy(a[0], y), randomStatic(rng, 2, 3, 4));
        check("mseToTargets static", a -> Ops.mseToTargets(a[0], y, 1f, 0f), randomStatic(rng, 2, 3, 4));
    }

    @Test
    void errorsNameArgumentsAndShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ops.add(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.crossEntropy(Tensor.zeros(2, 3), new int[] {0}));
        assertTrue(e.getMessage().contains("labels has length 1"), e.getMessage());
    }

    @Test
    void specParsing() {
        Spec s = Spec.parse("encoder", " Latency:tau=5, linear ,first-spike-time=2");
        assertEquals("latency", s.name());
        assertEquals(5.0, s.getDouble("tau", 1));
        assertTrue(s.getBool("linear", false));
        assertEquals(2, s.getInt("first_spike_time", 0));
        assertEquals(0.01, s.getDouble("threshold", 0.01));
        s.finish();
        Spec bad = Spec.parse("loss", "mse_count:foo=1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::finish);
        assertTrue(e.getMessage().contains("foo"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Spec.parse("x", "a:k=1,k=2"));
        assertThrows(IllegalArgumentException.class, () -> Spec.parse("x", "a:k=abc").getDouble("k", 0));
    }
}
