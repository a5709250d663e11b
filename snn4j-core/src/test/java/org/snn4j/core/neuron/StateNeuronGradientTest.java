package org.snn4j.core.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.surrogate.FastSigmoid;
import org.snn4j.core.surrogate.Sigmoid;
import org.snn4j.core.surrogate.Triangle;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/**
 * BPTT of the multi-state neurons against central finite differences through the whole recurrence,
 * with the spike step replaced by the surrogate's smooth primitive (so the analytic gradient is the
 * exact one); every learnable parameter is checked along with the input.
 */
class StateNeuronGradientTest {
    @AfterEach
    void restore() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        NeuronKernels.setOverride(null);
    }

    private static float[] random(int n, long seed, float lo, float hi) {
        Rng rng = new Rng(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.uniform(lo, hi);
        }
        return v;
    }

    /** A layer to check and the input range that keeps its dynamics moderate. */
    private record Case(Supplier<SpikingNeuron> make, float lo, float hi) {
    }

    private static List<Case> smoothCases() {
        List<Case> c = new ArrayList<>();
        for (String mech : new String[] {"subtract", "zero", "none"}) {
            c.add(new Case(() -> Synaptic.builder(0.6f, 0.8f).alpha(0.6f, 0.3f, 0.9f).learnAlpha(true).learnBeta(true)
                    .learnThreshold(true).resetMechanism(mech).detachReset(false).build(), -0.5f, 1.5f));
            c.add(new Case(() -> RLeaky.builder(0.7f).beta(0.7f, 0.5f, 0.9f).learnBeta(true).oneToOne(0.4f, -0.3f, 0.6f)
                    .thresholds(1f, 0.8f, 1.2f).learnThreshold(true).resetMechanism(mech).detachReset(false)
                    .build(), -0.5f, 1.5f));
            c.add(new Case(() -> RLeaky.builder(0.7f).learnBeta(true).allToAll(3, 5).learnThreshold(true)
                    .resetMechanism(mech).detachReset(false).surrogate(new FastSigmoid(2f)).build(), -0.5f, 1.5f));
            c.add(new Case(() -> RSynaptic.builder(0.5f, 0.8f).learnAlpha(true).learnBeta(true).oneToOne(0.5f)
                    .learnThreshold(true).resetMechanism(mech).detachReset(false).build(), -0.5f, 1.5f));
            c.add(new Case(() -> RSynaptic.builder(0.5f, 0.8f).allToAll(3, 9).learnThreshold(true).resetMechanism(mech)
                    .detachReset(false).surrogate(new Sigmoid(4f)).build(), -0.5f, 1.5f));
            c.add(new Case(() -> Alpha.builder(0.8f, 0.5f).beta(0.5f, 0.4f, 0.6f).learnAlpha(true).learnBeta(true)
                    .learnThreshold(true).resetMechanism(mech).detachReset(false).build(), -0.5f, 1.5f));
            c.add(new Case(() -> ALIF.builder().beta(0.8f, 0.6f, 0.9f).learnBeta(true).rho(0.7f).betaA(0.5f)
                    .learnThreshold(true).resetMechanism(mech).build(), -0.5f, 1.5f));
        }
        c.add(new Case(() -> QIF.builder().learnThreshold(true).build(), -0.3f, 1.5f));
        c.add(new Case(() -> QIF.builder().softReset().thresholds(1f, 0.9f, 1.1f).learnThreshold(true)
                .surrogate(new Triangle(2f)).build(), -0.3f, 1.2f));
        c.add(new Case(() -> QIF.builder().resetMode(ResetMode.NONE).build(), -0.3f, 0.4f));
        c.add(new Case(() -> EIF.builder().learnThreshold(true).build(), -0.3f, 1.5f));
        c.add(new Case(() -> EIF.builder().softReset().learnThreshold(true).build(), -0.3f, 1.2f));
        c.add(new Case(() -> Izhikevich.builder().a(0.5f).b(0.2f).learnThreshold(true).build(), -0.3f, 2f));
        c.add(new Case(() -> Izhikevich.builder().a(0.3f).b(-0.1f).tauW(3f).softReset().learnThreshold(true).build(),
                -0.3f, 2f));
        c.add(new Case(() -> Izhikevich.builder().a(0.3f).b(0.1f).hardReset(-0.2f).build(), -0.3f, 2f));
        c.add(new Case(() -> ParametricLIF.builder().perChannel(3).learnThreshold(true).build(), -0.5f, 1.5f));
        return c;
    }

    @Test
    void bpttGradientEqualsFiniteDifferencesWithSmoothSpikes() {
        for (Case cs : smoothCases()) {
            SpikingNeuron layer = cs.make().get();
            layer.setSmoothSpikes(true);
            Tensor x = Tensor.of(random(6 * 2 * 3, 11, cs.lo(), cs.hi()), 6, 2, 3).requiresGrad(true);
            List<Tensor> ins = new ArrayList<>();
            ins.add(x);
            ins.addAll(layer.parameters());
            // eps 5e-3: the recurrent layers reach gradients near 10, where the O(eps^2) error of
            // central differences at 1e-2 is already ~0.07
            GradCheck.Result r = GradCheck.check(a -> TestOps.spikesAndMembrane(layer, a[0]),
                    ins.toArray(new Tensor[0]), 5e-3, 2e-3, 2e-2);
            assertTrue(r.passed(), layer + ": " + r);
        }
    }

    @Test
    void staticInputGradientIsTheSumOverTime() {
        for (Supplier<SpikingNeuron> make : List.<Supplier<SpikingNeuron>>of(
                () -> Synaptic.builder(0.6f, 0.8f).learnBeta(true).detachReset(false).build(),
                () -> RLeaky.builder(0.7f).allToAll(3, 5).detachReset(false).build(),
                () -> Izhikevich.builder().a(0.5f).b(0.2f).build())) {
            SpikingNeuron layer = make.get();
            layer.setSmoothSpikes(true);
            Tensor step = Tensor.of(random(2 * 3, 5, 0f, 1.2f), 2, 3).requiresGrad(true);
            List<Tensor> ins = new ArrayList<>();
            ins.add(step);
            ins.addAll(layer.parameters());
            GradCheck.Result r = GradCheck.check(a -> TestOps.spikesAndMembrane(layer, Tensor.repeatTime(a[0], 5)),
                    ins.toArray(new Tensor[0]), 1e-2, 2e-3, 2e-2);
            assertTrue(r.passed(), layer + ": " + r);
        }
    }

    @Test
    void detachedResetDropsAGradientPath() {
        // snnTorch's default (detached R) must differ from the full derivative when the reset matters
        Tensor x = Tensor.of(random(6 * 2 * 3, 11, 0.3f, 1.5f), 6, 2, 3).requiresGrad(true);
        for (Supplier<SpikingNeuron> make : List.<Supplier<SpikingNeuron>>of(
                () -> Synaptic.builder(0.6f, 0.8f).resetMechanism("zero").build(),
                () -> QIF.builder().detachReset(true).build(),
                () -> ALIF.builder().beta(0.8f).detachReset(true).build())) {
            SpikingNeuron d = make.get();
            d.setSmoothSpikes(true);
            GradCheck.Result r = GradCheck.check(a -> TestOps.spikesAndMembrane(d, a[0]), new Tensor[] {x},
                    1e-2, 2e-3, 2e-2);
            assertFalse(r.passed(), d + " detached should not match the full derivative: " + r);
        }
    }

    /**
     * A one-step hand check of a backward path the finite differences cannot isolate: Synaptic with
     * alpha = beta = 0.5, threshold 1, X = [1.2, 0.4] (T = 2, one neuron), L = U[1] (the membrane at t1).
     * U[1] = 0.5*U[0] + I[1] - R[1]*1 with I[1] = 0.5*I[0] + X[1], I[0] = U[0] = X[0], R[1] = S[0] detached,
     * so dL/dX[1] = 1, dL/dX[0] = 0.5 + 0.5 = 1, dL/dthreshold = -R[1] = -1 (R[1] = 1 since 1.2 > 1).
     * The spike outputs get zero upstream gradient.
     */
    @Test
    void synapticMembraneGradientByHand() {
        Synaptic s = Synaptic.builder(0.5f, 0.5f).learnThreshold(true).build();
        Tensor x = Tensor.of(new float[] {1.2f, 0.4f}, 2, 1, 1).requiresGrad(true);
        TestOps.spikesAndMembrane(s, x).backward(Tensor.of(new float[] {0, 0, 0, 1}, 4));
        assertArrayEquals(new float[] {1f, 1f}, x.grad().data(), 1e-6f);
        assertEquals(-1f, s.thresholdParameter().grad().item(), 1e-6f);
    }

    private static List<Supplier<SpikingNeuron>> binaryConfigs(int features) {
        List<Supplier<SpikingNeuron>> c = new ArrayList<>();
        c.add(() -> Synaptic.builder(0.9f, 0.8f).learnAlpha(true).learnBeta(true).learnThreshold(true).build());
        c.add(() -> RLeaky.builder(0.9f).oneToOne(0.3f).learnBeta(true).learnThreshold(true).build());
        c.add(() -> RLeaky.builder(0.9f).allToAll(features, 3).resetMechanism("zero").build());
        c.add(() -> RSynaptic.builder(0.7f, 0.9f).allToAll(features, 4).learnAlpha(true).detachReset(false).build());
        c.add(() -> Alpha.builder(0.9f, 0.8f).learnAlpha(true).learnBeta(true).learnThreshold(true).build());
        c.add(() -> QIF.builder().learnThreshold(true).build());
        c.add(() -> EIF.builder().softReset().learnThreshold(true).build());
        c.add(() -> Izhikevich.builder().a(0.5f).b(0.2f).learnThreshold(true).build());
        c.add(() -> ALIF.builder().learnBeta(true).learnThreshold(true).build());
        return c;
    }

    private static List<float[]> runAll(Supplier<SpikingNeuron> make, boolean xStatic, int steps, int batch,
            int per) {
        SpikingNeuron layer = make.get();
        int n = batch * per;
        float[] xd = random(xStatic ? n : steps * n, 3, -0.5f, 1.6f);
        Tensor leaf = xStatic ? Tensor.of(xd, batch, per) : Tensor.of(xd, steps, batch, per);
        leaf.requiresGrad(true);
        Tensor x = xStatic ? Tensor.repeatTime(leaf, steps) : leaf;
        SpikingNeuron.Output o = layer.forwardWithMembrane(x);
        Tensor out = TestOps.concat(o.spikes(), o.membrane());
        out.backward(Tensor.of(random(out.numel(), 4, -1f, 1f), out.numel()));
        List<float[]> res = new ArrayList<>();
        res.add(o.spikes().data());
        res.add(o.membrane().data());
        res.add(leaf.grad().data());
        for (Tensor p : layer.parameters()) {
            if (p.requiresGrad()) {
                assertNotNull(p.grad(), layer + " " + p.name());
                res.add(p.grad().data());
            }
        }
        return res;
    }

    @Test
    void oneAndTwoThreadsGiveBitwiseIdenticalResults() {
        int per = 48;
        int batch = 90; // 4320 elements per step: more than one chunk
        for (Supplier<SpikingNeuron> make : binaryConfigs(per)) {
            for (boolean st : new boolean[] {false, true}) {
                Parallel.setThreads(1);
                List<float[]> one = runAll(make, st, 5, batch, per);
                Parallel.setThreads(2);
                List<float[]> two = runAll(make, st, 5, batch, per);
                for (int i = 0; i < one.size(); i++) {
                    assertArrayEquals(one.get(i), two.get(i), 0f, make.get() + " static=" + st + " output " + i);
                }
            }
        }
    }

    @Test
    void staticInputEqualsMaterializedInput() {
        int per = 5;
        int batch = 4;
        int steps = 6;
        for (Supplier<SpikingNeuron> make : binaryConfigs(per)) {
            List<float[]> st = runAll(make, true, steps, batch, per);
            SpikingNeuron layer = make.get();
            int n = batch * per;
            float[] step = random(n, 3, -0.5f, 1.6f);
            float[] full = new float[steps * n];
            for (int t = 0; t < steps; t++) {
                System.arraycopy(step, 0, full, t * n, n);
            }
            Tensor x = Tensor.of(full, steps, batch, per).requiresGrad(true);
            SpikingNeuron.Output o = layer.forwardWithMembrane(x);
            Tensor out = TestOps.concat(o.spikes(), o.membrane());
            out.backward(Tensor.of(random(out.numel(), 4, -1f, 1f), out.numel()));
            assertArrayEquals(st.get(0), o.spikes().data(), 0f, layer + " spikes");
            assertArrayEquals(st.get(1), o.membrane().data(), 0f, layer + " membrane");
            assertArrayEquals(st.get(2), x.grad().sumOverTime().data(), 1e-4f, layer + " input gradient");
        }
    }

    @Test
    void byteBackedSpikesAndNoGradForwardMatchTrainingForward() {
        for (Supplier<SpikingNeuron> make : binaryConfigs(7)) {
            SpikingNeuron layer = make.get();
            Tensor x = Tensor.of(random(6 * 3 * 7, 21, -0.5f, 1.6f), 6, 3, 7).requiresGrad(true);
            SpikingNeuron.Output train = layer.forwardWithMembrane(x);
            byte[] bytes = train.spikes().spikeBytes();
            assertNotNull(bytes, "spikes should be byte-backed");
            assertTrue(train.spikes().isBinary());
            SpikingNeuron.Output infer;
            try (Autograd.NoGrad ignored = Autograd.noGrad()) {
                infer = layer.forwardWithMembrane(x);
            }
            assertArrayEquals(bytes, infer.spikes().spikeBytes(), layer.toString());
            assertArrayEquals(train.membrane().data(), infer.membrane().data(), 0f, layer.toString());
        }
    }

    /** PLIF with one w per channel on an image sequence [T, B, C, H, W] and on features [T, B, F]. */
    @Test
    void plifPerChannelGradientOnImagesAndFeatures() {
        for (int[] shape : new int[][] {{4, 2, 2, 2, 3}, {5, 3, 4}}) {
            ParametricLIF p = ParametricLIF.builder().perChannel(shape[2]).learnThreshold(true).build();
            for (int c = 0; c < shape[2]; c++) {
                p.w().data()[c] = -0.5f + 0.4f * c; // distinct taus per channel
            }
            p.setSmoothSpikes(true);
            int numel = 1;
            for (int d : shape) {
                numel *= d;
            }
            Tensor x = Tensor.of(random(numel, 17, -0.5f, 1.5f), shape).requiresGrad(true);
            GradCheck.Result r = GradCheck.check(a -> TestOps.spikesAndMembrane(p, a[0]),
                    new Tensor[] {x, p.w(), p.thresholdParameter()}, 1e-2, 2e-3, 2e-2);
            assertTrue(r.passed(), p + " " + java.util.Arrays.toString(shape) + ": " + r);
        }
    }

    /** snnTorch's per-neuron beta on Leaky, through both fused kernels. */
    @Test
    void leakyPerNeuronBetaTraceAndGradient() {
        List<NeuronKernel> kernels = new ArrayList<>();
        kernels.add(NeuronKernels.scalar());
        if (NeuronKernels.vector() != null) {
            kernels.add(NeuronKernels.vector());
        }
        for (NeuronKernel k : kernels) {
            NeuronKernels.setOverride(k);
            // beta = [0.5, 1.0]; X = [[1.2, 0.4], [0, 0.4], [0, 0.4]]
            // n0: U = 1.2 -> S ; 0.6 + 0 - 1 = -0.4 ; -0.2      n1: U = 0.4 ; 0.8 ; 1.2 -> S
            Leaky l = Leaky.builder(0.9f).beta(0.5f, 1f).build();
            SpikingNeuron.Output o = l.forwardWithMembrane(
                    Tensor.of(new float[] {1.2f, 0.4f, 0f, 0.4f, 0f, 0.4f}, 3, 1, 2));
            assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1}, o.spikes().data(), 0f, k.name());
            assertArrayEquals(new float[] {1.2f, 0.4f, -0.4f, 0.8f, -0.2f, 1.2f}, o.membrane().data(), 1e-6f);
            Leaky g = Leaky.builder(0.8f).beta(0.8f, 0.5f, 0.95f).learnBeta(true).learnThreshold(true)
                    .detachReset(false).build();
            g.setSmoothSpikes(true);
            Tensor x = Tensor.of(random(6 * 2 * 3, 11, -0.5f, 1.5f), 6, 2, 3).requiresGrad(true);
            GradCheck.Result r = GradCheck.check(a -> TestOps.spikesAndMembrane(g, a[0]),
                    new Tensor[] {x, g.betaTensor(), g.thresholdParameter()}, 5e-3, 2e-3, 2e-2);
            assertTrue(r.passed(), k.name() + " " + g + ": " + r);
        }
    }

    /**
     * Independent implementations must agree: with alpha = 0 Synaptic is Leaky, with V = 0 RLeaky is
     * Leaky (for "subtract" and "none"; their "zero" resets differ by design), and ALIF with beta_a = 0
     * is Leaky without reset delay. Spikes and membranes bit for bit, gradients (surrogate, binary
     * spikes) up to summation order.
     */
    @Test
    void reducedModelsMatchTheFusedLeakyKernel() {
        Tensor xs = Tensor.of(random(7 * 3 * 5, 31, -0.5f, 1.6f), 7, 3, 5);
        float[] seed = random(2 * xs.numel(), 32, -1f, 1f);
        for (String mech : new String[] {"subtract", "none"}) {
            for (boolean detach : new boolean[] {true, false}) {
                List<Supplier<SpikingNeuron>> same = List.of(
                        () -> Synaptic.builder(0f, 0.8f).learnBeta(true).learnThreshold(true).resetMechanism(mech)
                                .detachReset(detach).build(),
                        () -> RLeaky.builder(0.8f).oneToOne(0f).learnRecurrent(false).learnBeta(true)
                                .learnThreshold(true).resetMechanism(mech).detachReset(detach).build());
                List<float[]> ref = leakyRun(Leaky.builder(0.8f).learnBeta(true).learnThreshold(true)
                        .resetMechanism(mech).detachReset(detach).build(), xs, seed);
                for (Supplier<SpikingNeuron> make : same) {
                    List<float[]> got = leakyRun(make.get(), xs, seed);
                    String where = make.get() + " vs Leaky";
                    assertArrayEquals(ref.get(0), got.get(0), 0f, where + " spikes");
                    assertArrayEquals(ref.get(1), got.get(1), 0f, where + " membrane");
                    for (int i = 2; i < ref.size(); i++) {
                        assertArrayEquals(ref.get(i), got.get(i), 1e-5f, where + " gradient " + i);
                    }
                }
            }
        }
        List<float[]> ref = leakyRun(Leaky.builder(0.8f).learnBeta(true).learnThreshold(true).resetDelay(false).build(),
                xs, seed);
        List<float[]> got = leakyRun(ALIF.builder().beta(0.8f).betaA(0f).learnBeta(true).learnThreshold(true).build(),
                xs, seed);
        for (int i = 0; i < ref.size(); i++) {
            assertArrayEquals(ref.get(i), got.get(i), i < 2 ? 0f : 1e-5f, "ALIF(beta_a=0) vs Leaky output " + i);
        }
    }

    /** Spikes, membrane, input gradient, then the beta and threshold gradients. */
    private static List<float[]> leakyRun(SpikingNeuron layer, Tensor xs, float[] seed) {
        Tensor x = Tensor.of(xs.data().clone(), xs.shape()).requiresGrad(true);
        SpikingNeuron.Output o = layer.forwardWithMembrane(x);
        TestOps.concat(o.spikes(), o.membrane()).backward(Tensor.of(seed.clone(), seed.length));
        List<float[]> res = new ArrayList<>();
        res.add(o.spikes().data());
        res.add(o.membrane().data());
        res.add(x.grad().data());
        Tensor beta = layer.namedParameters().get("beta");
        res.add(beta.grad().data());
        res.add(layer.thresholdParameter().grad().data());
        return res;
    }
}
