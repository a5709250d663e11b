package org.snn4j.core.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.surrogate.FastSigmoid;
import org.snn4j.core.surrogate.Sigmoid;
import org.snn4j.core.surrogate.Triangle;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

class NeuronGradientTest {
    @AfterEach
    void restore() {
        NeuronKernel.storeH = false;
        NeuronKernels.setOverride(null);
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    private static float[] random(int n, long seed, float lo, float hi) {
        Rng rng = new Rng(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.uniform(lo, hi);
        }
        return v;
    }

    /** Layers covering every reset mode x timing, with learnable threshold and charge parameters, not detached. */
    private static List<Supplier<SpikingNeuron>> smoothConfigs() {
        List<Supplier<SpikingNeuron>> c = new ArrayList<>();
        for (ResetTiming timing : ResetTiming.values()) {
            for (String mech : new String[] {"subtract", "zero", "none"}) {
                c.add(() -> Leaky.builder(0.8f).learnBeta(true).learnThreshold(true).resetMechanism(mech)
                        .resetTiming(timing).detachReset(false).surrogate(new ATan(2f)).build());
            }
        }
        c.add(() -> Lapicque.builder().resistance(1f).capacitance(3f).learnThreshold(true).resetMechanism("zero")
                .detachReset(false).surrogate(new Sigmoid(4f)).build());
        c.add(() -> LIF.builder().hardReset(-0.3f).learnThreshold(true).build());
        c.add(() -> LIF.builder().decayInput(false).softReset().surrogate(new FastSigmoid(2f)).build());
        c.add(() -> ParametricLIF.builder().perChannel(3).learnThreshold(true).build());
        c.add(() -> ParametricLIF.builder().decayInput(false).hardReset(0.2f).surrogate(new Triangle(2f)).build());
        return c;
    }

    @Test
    void bpttGradientEqualsFiniteDifferencesWithSmoothSpikes() {
        for (Supplier<SpikingNeuron> make : smoothConfigs()) {
            SpikingNeuron layer = make.get();
            layer.setSmoothSpikes(true);
            NeuronKernels.setOverride(NeuronKernels.scalar());
            Tensor x = Tensor.of(random(6 * 2 * 3, 11, -0.5f, 1.5f), 6, 2, 3).requiresGrad(true);
            List<Tensor> ins = new ArrayList<>();
            ins.add(x);
            ins.addAll(layer.parameters());
            GradCheck.Result r = GradCheck.check(a -> TestOps.spikesAndMembrane(layer, a[0]),
                    ins.toArray(new Tensor[0]), 1e-2, 2e-3, 2e-2);
            assertTrue(r.passed(), layer + ": " + r);
        }
    }

    @Test
    void staticInputGradientCheckAndDetachedResetDiffers() {
        Leaky l = Leaky.builder(0.7f).learnThreshold(true).resetDelay(false).build();
        l.setSmoothSpikes(true);
        Tensor step = Tensor.of(random(2 * 3, 5, 0f, 1.2f), 2, 3).requiresGrad(true);
        GradCheck.Result r = GradCheck.check(a -> TestOps.spikesAndMembrane(l, Tensor.repeatTime(a[0], 5)),
                new Tensor[] {step, l.thresholdParameter()}, 1e-2, 2e-3, 2e-2);
        assertTrue(r.passed(), r.toString());
        // with the reset detached the analytic gradient must no longer match the full derivative
        Leaky d = Leaky.builder(0.7f).resetDelay(false).detachReset(true).build();
        d.setSmoothSpikes(true);
        GradCheck.Result rd = GradCheck.check(a -> TestOps.spikesAndMembrane(d, Tensor.repeatTime(a[0], 5)),
                new Tensor[] {step}, 1e-2, 2e-3, 2e-2);
        assertTrue(!rd.passed(), "detached reset should drop a gradient path: " + rd);
    }

    /**
     * Reference gradients from an unfused step-by-step PyTorch (1.13, float64) computation of the same
     * recurrences, loss = sum(spk * r1) + sum(mem * r2):
     * <pre>
     * x = [[0.9, 0.3], [0.5, 1.4], [0.2, -0.3], [1.1, 0.8]]  # [T=4, N=2]
     * r1 = [[0.5, -1.0], [1.0, 0.25], [-0.5, 0.75], [0.3, -0.2]]; r2 = [[0.1, 0.2], [-0.3, 0.4], [0.5, -0.6], [0.7, 0.05]]
     * # snnTorch Leaky(beta=0.8 learnable, threshold learnable), subtract, reset_delay=True, ATan(2), spike x > 0:
     * mem = 0
     * for t: reset = spike(mem - thr).detach(); mem = beta.clamp(0,1)*mem + x[t] - reset*thr; spk = spike(mem - thr)
     * # SpikingJelly LIFNode(tau=2), hard reset 0, detach_reset False, Sigmoid(alpha=4), spike x >= 0:
     * v = 0
     * for t: h = v + (x[t] - v)/2; spk = spike(h - thr); v = (1 - spk)*h + spk*0
     * </pre>
     */
    @Test
    void matchesUnfusedStepByStepReference() {
        float[] x = {0.9f, 0.3f, 0.5f, 1.4f, 0.2f, -0.3f, 1.1f, 0.8f};
        float[] r1 = {0.5f, -1.0f, 1.0f, 0.25f, -0.5f, 0.75f, 0.3f, -0.2f};
        float[] r2 = {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f, 0.7f, 0.05f};
        float[] seed = new float[16];
        System.arraycopy(r1, 0, seed, 0, 8);
        System.arraycopy(r2, 0, seed, 8, 8);
        for (NeuronKernel k : kernels()) {
            NeuronKernels.setOverride(k);
            Leaky leaky = Leaky.builder(0.8f).learnBeta(true).learnThreshold(true).build();
            Tensor in = Tensor.of(x.clone(), 4, 1, 2).requiresGrad(true);
            TestOps.spikesAndMembrane(leaky, in).backward(Tensor.of(seed.clone(), 16));
            assertArrayEquals(new float[] {1.591011230176537f, -0.0003638086552324171f, 1.2949078891917487f,
                    -0.03627085695009388f, 1.1477192971599635f, -0.6073106931155186f, 0.8908050465307852f,
                    -0.09729769730065137f}, in.grad().data(), 2e-5f, k.name());
            assertEquals(1.7143779648350619f, leaky.betaTensor().grad().item(), 2e-5f);
            assertEquals(-1.5995666226689953f, leaky.thresholdParameter().grad().item(), 2e-5f);

            LIF lif = LIF.builder().learnThreshold(true).build();
            Tensor in2 = Tensor.of(x.clone(), 4, 1, 2).requiresGrad(true);
            TestOps.spikesAndMembrane(lif, in2).backward(Tensor.of(seed.clone(), 16));
            assertArrayEquals(new float[] {0.2120998402610825f, 0.10072067853387033f, 0.1917591431399815f,
                    0.13268965124058812f, 0.29354797133706995f, -0.23502093311878683f, 0.2748362955277f,
                    -0.025202619032742443f}, in2.grad().data(), 2e-5f, k.name());
            assertEquals(-0.20825054668371604f, lif.thresholdParameter().grad().item(), 2e-5f);
        }
    }

    private static List<NeuronKernel> kernels() {
        List<NeuronKernel> ks = new ArrayList<>();
        ks.add(NeuronKernels.scalar());
        if (NeuronKernels.vector() != null) {
            ks.add(NeuronKernels.vector());
        }
        return ks;
    }

    /** Everything one forward+backward produces, for equality checks. */
    private static List<float[]> runAll(Supplier<SpikingNeuron> make, boolean xStatic, int steps, int n) {
        SpikingNeuron layer = make.get();
        float[] xd = random(xStatic ? n : steps * n, 3, -0.5f, 1.6f);
        Tensor leaf = xStatic ? Tensor.of(xd, 1, n) : Tensor.of(xd, steps, 1, n);
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
            assertNotNull(p.grad(), layer + " " + p.name());
            res.add(p.grad().data());
        }
        return res;
    }

    private static List<Supplier<SpikingNeuron>> allConfigs() {
        List<Supplier<SpikingNeuron>> c = new ArrayList<>();
        for (ResetTiming timing : ResetTiming.values()) {
            for (String mech : new String[] {"subtract", "zero", "none"}) {
                for (boolean detach : new boolean[] {false, true}) {
                    c.add(() -> Leaky.builder(0.9f).learnBeta(true).learnThreshold(true).resetMechanism(mech)
                            .resetTiming(timing).detachReset(detach).build());
                }
            }
        }
        c.add(() -> Lapicque.builder().beta(0.9f).resetMechanism("zero").learnThreshold(true).surrogate("fast_sigmoid")
                .build());
        c.add(() -> LIF.builder().surrogate(new ATan()).learnThreshold(true).build());
        c.add(() -> LIF.builder().learnThreshold(true).build()); // Sigmoid surrogate
        c.add(() -> IF.builder().softReset().surrogate("triangle").learnThreshold(true).build());
        c.add(() -> ParametricLIF.builder().learnThreshold(true).surrogate("straight_through").build());
        return c;
    }

    @Test
    void vectorKernelEqualsScalarKernel() {
        if (NeuronKernels.vector() == null) {
            return; // no Vector API in this JVM: nothing to compare
        }
        int n = 2 * NeuronKernel.BLOCK + 37; // several blocks and a non-multiple-of-lanes tail
        for (Supplier<SpikingNeuron> make : allConfigs()) {
            for (boolean st : new boolean[] {false, true}) {
                NeuronKernels.setOverride(NeuronKernels.scalar());
                List<float[]> s = runAll(make, st, 7, n);
                NeuronKernels.setOverride(NeuronKernels.vector());
                List<float[]> v = runAll(make, st, 7, n);
                for (int i = 0; i < s.size(); i++) {
                    assertArrayEquals(s.get(i), v.get(i), 0f, make.get() + " static=" + st + " output " + i);
                }
            }
        }
    }

    /** Backward recomputing H per block gives exactly the gradients of the stored-H layout. */
    @Test
    void recomputedChargeGivesBitwiseTheStoredChargeGradients() {
        int n = 2 * NeuronKernel.BLOCK + 37; // several blocks of either size and a lane tail
        for (NeuronKernel k : kernels()) {
            NeuronKernels.setOverride(k);
            for (Supplier<SpikingNeuron> make : allConfigs()) {
                for (boolean st : new boolean[] {false, true}) {
                    NeuronKernel.storeH = true;
                    List<float[]> stored = runAll(make, st, 7, n);
                    NeuronKernel.storeH = false;
                    List<float[]> re = runAll(make, st, 7, n);
                    for (int i = 0; i < stored.size(); i++) {
                        assertArrayEquals(stored.get(i), re.get(i), 0f,
                                k.name() + " " + make.get() + " static=" + st + " output " + i);
                    }
                }
            }
            for (Supplier<SpikingNeuron> make : smoothConfigs()) {
                List<float[]> out = new ArrayList<>();
                for (boolean store : new boolean[] {true, false}) {
                    NeuronKernel.storeH = store;
                    SpikingNeuron layer = make.get();
                    layer.setSmoothSpikes(true);
                    Tensor x = Tensor.of(random(5 * 300, 12, -0.5f, 1.5f), 5, 100, 3).requiresGrad(true);
                    TestOps.spikesAndMembrane(layer, x).backward(Tensor.of(random(2 * 1500, 13, -1f, 1f), 3000));
                    out.add(x.grad().data());
                }
                assertArrayEquals(out.get(0), out.get(1), 0f, k.name() + " smooth " + make.get());
            }
        }
    }

    /** Spikes come byte-backed; their floats are exactly 0/1, and no-grad inference gives the same outputs. */
    @Test
    void byteBackedSpikesAndNoGradForwardMatchTrainingForward() {
        int n = NeuronKernel.BLOCK + 19;
        for (NeuronKernel k : kernels()) {
            NeuronKernels.setOverride(k);
            for (Supplier<SpikingNeuron> make : allConfigs()) {
                for (boolean st : new boolean[] {false, true}) {
                    SpikingNeuron layer = make.get();
                    float[] xd = random(st ? n : 6 * n, 21, -0.5f, 1.6f);
                    Tensor leaf = (st ? Tensor.of(xd, 1, n) : Tensor.of(xd, 6, 1, n)).requiresGrad(true);
                    Tensor x = st ? Tensor.repeatTime(leaf, 6) : leaf;
                    SpikingNeuron.Output train = layer.forwardWithMembrane(x);
                    byte[] bytes = train.spikes().spikeBytes();
                    assertNotNull(bytes, "spikes should be byte-backed");
                    assertTrue(train.spikes().isBinary());
                    float[] f = train.spikes().data();
                    assertEquals(bytes.length, f.length);
                    for (int i = 0; i < f.length; i++) {
                        assertTrue(bytes[i] == 0 || bytes[i] == 1, "byte " + bytes[i]);
                        assertEquals(bytes[i], f[i], 0f);
                    }
                    SpikingNeuron.Output infer;
                    try (org.snn4j.core.autograd.Autograd.NoGrad ignored = org.snn4j.core.autograd.Autograd.noGrad()) {
                        infer = layer.forwardWithMembrane(x);
                    }
                    String where = k.name() + " " + layer + " static=" + st;
                    assertArrayEquals(bytes, infer.spikes().spikeBytes(), where);
                    assertArrayEquals(train.membrane().data(), infer.membrane().data(), 0f, where);
                    assertArrayEquals(f, layer.forward(x).toArray(), 0f, where);
                }
            }
        }
    }

    @Test
    void oneAndTwoThreadsGiveBitwiseIdenticalResults() {
        int n = 3 * NeuronKernel.BLOCK + 5;
        List<Supplier<SpikingNeuron>> cfgs = new ArrayList<>(allConfigs());
        cfgs.add(() -> ParametricLIF.builder().perNeuron(n).build());
        for (Supplier<SpikingNeuron> make : cfgs) {
            Parallel.setThreads(1);
            List<float[]> one = runAll(make, true, 5, n);
            Parallel.setThreads(2);
            List<float[]> two = runAll(make, true, 5, n);
            for (int i = 0; i < one.size(); i++) {
                assertArrayEquals(one.get(i), two.get(i), 0f, make.get() + " output " + i);
            }
        }
    }

    @Test
    void staticInputEqualsMaterializedInput() {
        int n = 300;
        int steps = 6;
        for (Supplier<SpikingNeuron> make : allConfigs()) {
            List<float[]> st = runAll(make, true, steps, n);
            // materialized: the same step repeated, as a full [T, 1, n] leaf
            SpikingNeuron layer = make.get();
            float[] step = random(n, 3, -0.5f, 1.6f);
            float[] full = new float[steps * n];
            for (int t = 0; t < steps; t++) {
                System.arraycopy(step, 0, full, t * n, n);
            }
            Tensor x = Tensor.of(full, steps, 1, n).requiresGrad(true);
            SpikingNeuron.Output o = layer.forwardWithMembrane(x);
            Tensor out = TestOps.concat(o.spikes(), o.membrane());
            out.backward(Tensor.of(random(out.numel(), 4, -1f, 1f), out.numel()));
            assertArrayEquals(st.get(0), o.spikes().data(), 0f);
            assertArrayEquals(st.get(1), o.membrane().data(), 0f);
            float[] summed = x.grad().sumOverTime().data();
            assertArrayEquals(st.get(2), summed, 1e-4f, layer + " input gradient");
            List<Tensor> ps = layer.parameters();
            for (int i = 0; i < ps.size(); i++) {
                assertArrayEquals(st.get(3 + i), ps.get(i).grad().data(), 1e-3f, layer + " " + ps.get(i).name());
            }
        }
    }

    @Test
    void reduceIsPerBinAndOrdered() {
        // elements of [B=2, C=3, S=2]: bin of element i = (i / 2) % 3
        float[] g = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        // bin0: 1+2+7+8 = 18 ; bin1: 3+4+9+10 = 26 ; bin2: 5+6+11+12 = 34
        assertArrayEquals(new float[] {18, 26, 34}, SpikingNeuron.reduce(g, 2, 3), 0f);
        assertArrayEquals(new float[] {78}, SpikingNeuron.reduce(g, 1, 1), 0f);
    }
}
