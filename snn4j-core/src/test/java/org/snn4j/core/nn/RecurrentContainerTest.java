package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.neuron.ALIF;
import org.snn4j.core.neuron.IF;
import org.snn4j.core.neuron.LIF;
import org.snn4j.core.neuron.Leaky;
import org.snn4j.core.neuron.RLeaky;
import org.snn4j.core.neuron.SmoothSpikes;
import org.snn4j.core.ops.Ops;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/** The element-wise and linear recurrent containers: hand traces, BPTT, state reset, equivalence with RLeaky. */
class RecurrentContainerTest {
    private static Tensor random(long seed, float lo, float hi, int... shape) {
        Rng rng = new Rng(seed);
        float[] d = new float[(int) Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.uniform(lo, hi);
        }
        return Tensor.of(d, shape);
    }

    private static void set(Tensor t, float... v) {
        System.arraycopy(v, 0, t.data(), 0, v.length);
    }

    /**
     * IF (SpikingJelly defaults: threshold 1, {@code H = V + X}, spike {@code H >= 1}, hard reset to 0) inside the
     * element-wise container, {@code i[t] = x[t] + y[t-1]}; three neurons, T = 3:
     * <pre>
     *   A: x = 1.5, 0, 0      t0 H = 1.5 -> S 1, V 0;  t1 i = 0 + 1 = 1, H = 1 -> S 1, V 0;  t2 the same -> S 1
     *   B: x = 1, 0.25, 0.5   t0 H = 1 -> S 1;  t1 i = 0.25 + 1 = 1.25 -> S 1;  t2 i = 0.5 + 1 = 1.5 -> S 1
     *   C: x = 0.5, 0.25, 0.125   H = 0.5, 0.75, 0.875: never fires, so nothing is fed back
     * </pre>
     * Without the recurrence A and B fire at t0 only (A: H = 0, 0; B: H = 0.25, 0.75): their spikes at t1 and t2
     * come from the recurrent term alone.
     */
    @Test
    void elementWiseAddAroundIfByHand() {
        Tensor x = Tensor.of(new float[] {1.5f, 1f, 0.5f, 0f, 0.25f, 0.25f, 0f, 0.5f, 0.125f}, 3, 1, 3);
        Tensor y = new ElementWiseRecurrentContainer(new IF()).forward(x);
        assertArrayEquals(new int[] {3, 1, 3}, y.shape());
        assertTrue(y.isBinary());
        assertArrayEquals(new float[] {1, 1, 0, 1, 1, 0, 1, 1, 0}, y.data(), 0f);
        assertArrayEquals(new float[] {1, 1, 0, 0, 0, 0, 0, 0, 0}, new IF().forward(x).data(), 0f);
    }

    /**
     * A given function, {@code f(x, y) = x - y} (self-inhibition), around IF with soft reset; x = 0.9 at every step:
     * t0 H = 0.9 (no spike); t1 i = 0.9 - 0 -> H = 1.8, S 1, V = 0.8; t2 i = 0.9 - 1 = -0.1 -> H = 0.7, no spike.
     * Plain IF fires at t1 and t2 (H[2] = 0.8 + 0.9 = 1.7).
     */
    @Test
    void elementWiseGivenFunctionByHand() {
        Tensor x = Tensor.of(new float[] {0.9f, 0.9f, 0.9f}, 3, 1, 1);
        ElementWiseRecurrentContainer c = new ElementWiseRecurrentContainer(IF.builder().softReset().build(),
                "x - y", (a, b) -> Ops.add(a, Ops.scale(b, -1f)));
        assertArrayEquals(new float[] {0, 1, 0}, c.forward(x).data(), 0f);
        assertArrayEquals(new float[] {0, 1, 1}, IF.builder().softReset().build().forward(x).data(), 0f);
        assertEquals("ElementWiseRecurrentContainer(x - y)", c.toString());
    }

    /**
     * Leaky (snnTorch: beta 0.5, threshold 1, {@code U > 1}, reset by subtraction in the next step) in the ADD
     * container with {@code W = [[0, 1], [0, 0]]} (neuron 0 receives neuron 1's spike), no bias; x0 = 0.6 at every
     * step, x1 = 1.5, 0, 0:
     * <pre>
     *   t0: i = x                   U0 = 0.6,                     U1 = 1.5 -> S = [0, 1]
     *   t1: i0 = 0.6 + S1 = 1.6     U0 = 0.3 + 1.6 = 1.9 -> S0 1;  U1 = 0.75 + 0 - 1 = -0.25   S = [1, 0]
     *   t2: i0 = 0.6                U0 = 0.95 + 0.6 - 1 = 0.55;   U1 = -0.125                S = [0, 0]
     * </pre>
     * Without the recurrence neuron 0 fires at t2 instead (U0 = 0.6, 0.9, 1.05). The CONCAT container with
     * {@code W = [[1, 0, 0, 1], [0, 1, 0, 0]]} (identity on x, the same W on y) gives the same spikes.
     */
    @Test
    void linearContainersByHand() {
        Tensor x = Tensor.of(new float[] {0.6f, 1.5f, 0.6f, 0f, 0.6f, 0f}, 3, 1, 2);
        LinearRecurrentContainer add = new LinearRecurrentContainer(new Leaky(0.5f), 2, 2, false,
                LinearRecurrentContainer.Connection.ADD, new Rng(1));
        assertArrayEquals(new int[] {2, 2}, add.recurrent().weight().shape());
        set(add.recurrent().weight(), 0, 1, 0, 0);
        float[] expected = {0, 1, 1, 0, 0, 0};
        assertArrayEquals(expected, add.forward(x).data(), 0f);
        assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0}, new Leaky(0.5f).forward(x).data(), 0f);

        LinearRecurrentContainer cat = new LinearRecurrentContainer(new Leaky(0.5f), 2, 2, false,
                LinearRecurrentContainer.Connection.CONCAT, new Rng(1));
        assertArrayEquals(new int[] {2, 4}, cat.recurrent().weight().shape());
        set(cat.recurrent().weight(), 1, 0, 0, 1, 0, 1, 0, 0);
        assertArrayEquals(expected, cat.forward(x).data(), 0f);
        assertEquals(List.of("rc.weight", "sub_module.beta"), new ArrayList<>(new LinearRecurrentContainer(
                Leaky.builder(0.5f).learnBeta(true).build(), 2, 2, false, LinearRecurrentContainer.Connection.CONCAT,
                new Rng(1)).namedParameters().keySet()));
    }

    /**
     * The ADD container around Leaky against snnTorch's RLeaky update written in plain PyTorch 1.13 (threshold 1,
     * beta 0.5, "subtract", ATan(alpha = 2) surrogate, detached reset, all-to-all recurrence):
     * <pre>
     * class Spike(torch.autograd.Function):       # u > 0; backward g * (a/2) / (1 + (pi/2 * a * u)^2), a = 2
     * x = [[[1.2, 0.3]], [[0.4, 0.9]], [[0.7, 0.8]]]; W = [[0.25, 0.5], [-0.5, 0.25]]; b = [0.125, -0.125]
     * mem = spk = zeros(1, 2)
     * for t in range(3):
     *     reset = Spike.apply(mem - 1).detach()
     *     mem = 0.5 * mem + x[t] + (spk @ W.T + b) - reset
     *     spk = Spike.apply(mem - 1)
     * L = (stack(spks) * c).sum(), c = [[[0.5, -1]], [[1, 2]], [[-0.5, 1.5]]]
     * </pre>
     * gives spikes [1, 0], [0, 0], [1, 0] (membranes 1.325, 0.175; 0.4375, 0.3625; 1.04375, 0.85625) and the
     * gradients below; the container (and snn4j's RLeaky with the same W, b) must reproduce them.
     */
    @Test
    void addContainerAroundLeakyMatchesTheRLeakyReference() {
        float[] xv = {1.2f, 0.3f, 0.4f, 0.9f, 0.7f, 0.8f};
        float[] seed = {0.5f, -1f, 1f, 2f, -0.5f, 1.5f};
        float[] spikes = {1, 0, 0, 0, 1, 0};
        float[] dx = {-0.12294653f, 0.40969148f, -0.18366741f, 1.0352608f, -0.49072957f, 1.2459028f};
        float[] dw = {-0.18366741f, 0f, 1.0352608f, 0f};
        float[] db = {-0.7973435f, 2.6908553f};

        LinearRecurrentContainer c = new LinearRecurrentContainer(new Leaky(0.5f), 2, 2, true,
                LinearRecurrentContainer.Connection.ADD, new Rng(3));
        set(c.recurrent().weight(), 0.25f, 0.5f, -0.5f, 0.25f);
        set(c.recurrent().bias(), 0.125f, -0.125f);
        RLeaky r = RLeaky.builder(0.5f).allToAll(2, 3).build();
        set(r.recurrentLinear().weight(), 0.25f, 0.5f, -0.5f, 0.25f);
        set(r.recurrentLinear().bias(), 0.125f, -0.125f);
        for (Module m : new Module[] {c, r}) {
            Tensor x = Tensor.of(xv.clone(), 3, 1, 2).requiresGrad(true);
            Tensor y = m.forward(x);
            assertArrayEquals(spikes, y.data(), 0f, m.toString());
            y.backward(Tensor.of(seed.clone(), 3, 1, 2));
            Linear rc = m == c ? c.recurrent() : r.recurrentLinear();
            assertArrayEquals(dx, x.grad().data(), 1e-6f, m + " dL/dx");
            assertArrayEquals(dw, rc.weight().grad().data(), 1e-6f, m + " dL/dW");
            assertArrayEquals(db, rc.bias().grad().data(), 1e-6f, m + " dL/db");
        }
    }

    /** On random inputs and weights, with smooth spikes (every path differentiable), the ADD container and RLeaky agree. */
    @Test
    void addContainerEqualsRLeakyOnRandomInputs() {
        int n = 4;
        RLeaky r = RLeaky.builder(0.7f).learnBeta(true).allToAll(n, 11).learnThreshold(true).build();
        LinearRecurrentContainer c = new LinearRecurrentContainer(
                Leaky.builder(0.7f).learnBeta(true).learnThreshold(true).build(), n, n, true,
                LinearRecurrentContainer.Connection.ADD, new Rng(5));
        System.arraycopy(r.recurrentLinear().weight().data(), 0, c.recurrent().weight().data(), 0, n * n);
        System.arraycopy(r.recurrentLinear().bias().data(), 0, c.recurrent().bias().data(), 0, n);
        Tensor xv = random(8, -0.2f, 1.4f, 6, 3, n);
        float[] seed = random(9, -1f, 1f, 6, 3, n).data();
        // the binary run: the same spikes
        assertArrayEquals(r.forward(xv).data(), c.forward(xv).data(), 0f);
        SmoothSpikes.enable(r);
        SmoothSpikes.enable(c);
        List<float[]> grads = new ArrayList<>();
        for (Module m : new Module[] {r, c}) {
            Tensor x = Tensor.of(xv.data().clone(), xv.shape()).requiresGrad(true);
            m.zeroGrad();
            m.forward(x).backward(Tensor.of(seed.clone(), xv.shape()));
            grads.add(x.grad().data().clone());
            for (Tensor p : m.parameters()) {
                grads.add(p.grad().data().clone());
            }
        }
        // r: x, threshold, beta, recurrent.weight, recurrent.bias; c: x, rc.weight, rc.bias, threshold, beta
        int[] match = {5, 8, 9, 6, 7};
        for (int k = 0; k < 5; k++) {
            assertArrayEquals(grads.get(k), grads.get(match[k]), 2e-5f, "gradient " + k);
        }
        assertTrue(Math.abs(grads.get(3)[0]) > 1e-3, "the recurrent weight gets a gradient");
    }

    @Test
    void gradientsThroughTheRecurrenceMatchFiniteDifferences() {
        // element-wise add around a LIF with soft reset; linear CONCAT around Linear + LIF (SpikingJelly's example);
        // linear ADD around ALIF; smooth spikes (Sigmoid / ATan primitives) so the chain is differentiable
        List<Module> models = List.of(
                new ElementWiseRecurrentContainer(LIF.builder().tau(2f).softReset().learnThreshold(true).build()),
                new LinearRecurrentContainer(new Sequential(new Linear(3, 2, new Rng(4)), new LIF(2f)), 3, 2,
                        new Rng(7)),
                new LinearRecurrentContainer(ALIF.builder().beta(0.8f).rho(0.7f).betaA(0.5f).build(), 3, 3, true,
                        LinearRecurrentContainer.Connection.ADD, new Rng(9)));
        for (Module m : models) {
            SmoothSpikes.enable(m);
            Tensor x = random(3, -0.5f, 2f, 4, 2, 3).requiresGrad(true);
            List<Tensor> ins = new ArrayList<>();
            ins.add(x);
            ins.addAll(m.parameters());
            GradCheck.Result res = GradCheck.check(a -> m.forward(a[0]), ins.toArray(new Tensor[0]), 5e-3, 2e-3, 2e-2);
            assertTrue(res.passed(), m + ": " + res);
        }
    }

    @Test
    void weightGradientReachesEarlierSteps() {
        // only y[T-1] is in the loss: W_rec still gets a gradient, so it went back through the recurrence
        LinearRecurrentContainer c = new LinearRecurrentContainer(new Leaky(0.8f), 3, 3, true,
                LinearRecurrentContainer.Connection.ADD, new Rng(2));
        SmoothSpikes.enable(c);
        Tensor x = random(4, 0f, 1.5f, 5, 2, 3).requiresGrad(true);
        float[] seed = new float[5 * 2 * 3];
        java.util.Arrays.fill(seed, 4 * 6, 5 * 6, 1f);
        c.forward(x).backward(Tensor.of(seed, 5, 2, 3));
        float[] gx = x.grad().data();
        for (int i = 0; i < 6; i++) {
            assertTrue(gx[i] != 0f, "dL/dx[0] reaches step 0 through the recurrence");
        }
        assertTrue(Math.abs(c.recurrent().weight().grad().data()[0]) > 0f);
    }

    @Test
    void stateStartsAfreshAtEveryForward() {
        List<Module> models = List.of(new ElementWiseRecurrentContainer(new IF()),
                new LinearRecurrentContainer(new Sequential(new Linear(3, 3, new Rng(4)), new Leaky(0.9f)), 3, 3,
                        new Rng(6)));
        for (Module m : models) {
            Tensor x = random(12, 0f, 2f, 6, 2, 3);
            float[] first = m.forward(x).data().clone();
            float[] second = m.forward(x).data();
            assertArrayEquals(first, second, 0f, m.toString());
            int spikes = 0;
            for (float v : first) {
                spikes += (int) v;
            }
            assertTrue(spikes > 0 && spikes < first.length, m + " fires some of the time: " + spikes);
            // a sequence run after another one sees no trace of it: the prefix of a longer run is the short run
            Tensor prefix = Tensor.of(java.util.Arrays.copyOf(x.data(), 3 * 6), 3, 2, 3);
            assertArrayEquals(java.util.Arrays.copyOf(first, 3 * 6), m.forward(prefix).data(), 0f);
        }
    }

    @Test
    void timeStaticInputIsReadAtEveryStep() {
        Tensor step = random(5, 0f, 1.2f, 2, 3).requiresGrad(true);
        ElementWiseRecurrentContainer c = new ElementWiseRecurrentContainer(LIF.builder().softReset().build());
        SmoothSpikes.enable(c);
        Tensor y = c.forward(Tensor.repeatTime(step, 4));
        Tensor full = Tensor.of(Tensor.repeatTime(step, 4).materialize().data().clone(), 4, 2, 3).requiresGrad(true);
        Tensor yf = c.forward(full);
        assertArrayEquals(yf.data(), y.data(), 0f);
        float[] seed = random(6, -1f, 1f, 4, 2, 3).data();
        y.backward(Tensor.of(seed.clone(), 4, 2, 3));
        yf.backward(Tensor.of(seed.clone(), 4, 2, 3));
        float[] summed = full.grad().sumOverTime().data();
        assertArrayEquals(summed, step.grad().data(), 1e-6f);
    }

    @Test
    void noGraphUnderNoGrad() {
        LinearRecurrentContainer c = new LinearRecurrentContainer(new Leaky(0.9f), 3, 3, new Rng(1));
        try (Autograd.NoGrad g = Autograd.noGrad()) {
            Tensor y = c.forward(random(1, 0f, 1f, 4, 2, 3).requiresGrad(true));
            assertFalse(y.requiresGrad());
        }
    }

    @Test
    void badInputsAreNamed() {
        ElementWiseRecurrentContainer widen = new ElementWiseRecurrentContainer(
                new Sequential(new Linear(3, 4, new Rng(1)), new IF()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> widen.forward(Tensor.zeros(2, 1, 3)));
        assertTrue(e.getMessage().contains("must keep the shape") && e.getMessage().contains("[1, 1, 4]"),
                e.getMessage());

        LinearRecurrentContainer lin = new LinearRecurrentContainer(new IF(), 3, 2, new Rng(1));
        e = assertThrows(IllegalArgumentException.class, () -> lin.forward(Tensor.zeros(2, 1, 4)));
        assertTrue(e.getMessage().contains("expected input [T, B, ..., 3]"), e.getMessage());
        // IF keeps 3 features but the container was told the module returns 2
        e = assertThrows(IllegalArgumentException.class, () -> lin.forward(Tensor.zeros(2, 1, 3)));
        assertTrue(e.getMessage().contains("out features 2"), e.getMessage());

        ElementWiseRecurrentContainer drop = new ElementWiseRecurrentContainer(
                new Sequential(new IF(), new Dropout(0.5f, 1)));
        e = assertThrows(IllegalArgumentException.class, () -> drop.forward(Tensor.zeros(2, 1, 3)));
        assertTrue(e.getMessage().contains("at '1'") && e.getMessage().contains("one mask per sample"), e.getMessage());
        drop.train(false);
        assertArrayEquals(new int[] {2, 1, 3}, drop.forward(Tensor.zeros(2, 1, 3)).shape());

        e = assertThrows(IllegalArgumentException.class,
                () -> new ElementWiseRecurrentContainer(new Residual(new IF(), null, SewFunction.ADD, null))
                        .forward(Tensor.zeros(2, 1, 3)));
        assertTrue(e.getMessage().contains("not a Steppable module"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ElementWiseRecurrentContainer(new IF()).forward(Tensor.zeros(0, 1, 3)));
        assertTrue(e.getMessage().contains("no time steps"), e.getMessage());
    }
}
