package org.snn4j.core.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.nn.Steppable;
import org.snn4j.core.surrogate.FastSigmoid;
import org.snn4j.core.surrogate.Sigmoid;
import org.snn4j.core.surrogate.Triangle;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * Every neuron layer run one step at a time ({@link Steppable#stepper()}) against its multi-step forward:
 * the same spikes and membranes bit for bit, the same gradients (input and every parameter) with smooth
 * spikes, and the stepped chain against finite differences. This is what the recurrent containers build on.
 */
class StepperTest {
    private static final int T = 5;
    private static final int B = 2;
    private static final int N = 3;

    private static float[] random(int n, long seed, float lo, float hi) {
        Rng rng = new Rng(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.uniform(lo, hi);
        }
        return v;
    }

    private record Case(Supplier<SpikingNeuron> make, float lo, float hi) {
    }

    /** Every model, every reset mode and timing it supports, attached and detached resets, learnable parameters. */
    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        for (String mech : new String[] {"subtract", "zero", "none"}) {
            for (boolean detach : new boolean[] {false, true}) {
                c.add(new Case(() -> IF.builder().resetMechanism(mech).detachReset(detach).learnThreshold(true).build(),
                        -0.3f, 1.2f));
                c.add(new Case(() -> LIF.builder().tau(3f).resetMechanism(mech).detachReset(detach).build(), -0.5f,
                        2.5f));
                c.add(new Case(() -> ParametricLIF.builder().perChannel(N).resetMechanism(mech).detachReset(detach)
                        .learnThreshold(true).build(), -0.5f, 2.5f));
                c.add(new Case(() -> Leaky.builder(0.8f).beta(0.8f, 0.6f, 0.9f).learnBeta(true).resetMechanism(mech)
                        .detachReset(detach).learnThreshold(true).build(), -0.3f, 1.2f));
                c.add(new Case(() -> Leaky.builder(0.7f).resetDelay(false).resetMechanism(mech).detachReset(detach)
                        .surrogate(new FastSigmoid(2f)).build(), -0.3f, 1.2f));
                c.add(new Case(() -> Lapicque.builder().beta(0.8f).resetMechanism(mech).detachReset(detach).build(),
                        -0.3f, 1.2f));
                c.add(new Case(() -> Synaptic.builder(0.6f, 0.8f).alpha(0.6f, 0.3f, 0.9f).learnAlpha(true)
                        .learnBeta(true).learnThreshold(true).resetMechanism(mech).detachReset(detach).build(), -0.5f,
                        1.5f));
                c.add(new Case(() -> RLeaky.builder(0.7f).beta(0.7f, 0.5f, 0.9f).learnBeta(true)
                        .oneToOne(0.4f, -0.3f, 0.6f).thresholds(1f, 0.8f, 1.2f).learnThreshold(true)
                        .resetMechanism(mech).detachReset(detach).build(), -0.5f, 1.5f));
                c.add(new Case(() -> RLeaky.builder(0.7f).learnBeta(true).allToAll(N, 5).learnThreshold(true)
                        .resetMechanism(mech).detachReset(detach).surrogate(new FastSigmoid(2f)).build(), -0.5f,
                        1.5f));
                c.add(new Case(() -> RSynaptic.builder(0.5f, 0.8f).learnAlpha(true).learnBeta(true).oneToOne(0.5f)
                        .learnThreshold(true).resetMechanism(mech).detachReset(detach).build(), -0.5f, 1.5f));
                c.add(new Case(() -> RSynaptic.builder(0.5f, 0.8f).allToAll(N, 9).resetMechanism(mech)
                        .detachReset(detach).surrogate(new Sigmoid(4f)).build(), -0.5f, 1.5f));
                c.add(new Case(() -> Alpha.builder(0.8f, 0.5f).beta(0.5f, 0.4f, 0.6f).learnAlpha(true).learnBeta(true)
                        .learnThreshold(true).resetMechanism(mech).detachReset(detach).build(), -0.5f, 1.5f));
                c.add(new Case(() -> ALIF.builder().beta(0.8f, 0.6f, 0.9f).learnBeta(true).rho(0.7f).betaA(0.5f)
                        .learnThreshold(true).resetMechanism(mech).detachReset(detach).build(), -0.5f, 1.5f));
                c.add(new Case(() -> QIF.builder().resetMechanism(mech).detachReset(detach).learnThreshold(true)
                        .build(), -0.3f, 1.2f));
                c.add(new Case(() -> EIF.builder().resetMechanism(mech).detachReset(detach).surrogate(new Triangle(2f))
                        .build(), -0.3f, 1.2f));
                c.add(new Case(() -> Izhikevich.builder().a(0.5f).b(0.2f).resetMechanism(mech).detachReset(detach)
                        .learnThreshold(true).build(), -0.3f, 2f));
            }
        }
        c.add(new Case(() -> Izhikevich.builder().a(0.3f).b(0.1f).hardReset(-0.2f).build(), -0.3f, 2f));
        c.add(new Case(() -> LIF.builder().tau(2f).decayInput(false).hardReset(-0.1f).build(), -0.5f, 2f));
        return c;
    }

    private static Tensor stepInput(float[] x, int t) {
        return Tensor.of(Arrays.copyOfRange(x, t * B * N, (t + 1) * B * N), 1, B, N);
    }

    private static Tensor membraneOf(Steppable.Stepper st) {
        if (st instanceof NeuronStepper ns) {
            return ns.membrane();
        }
        return ((StateNeuronStepper) st).membrane();
    }

    @Test
    void steppedForwardEqualsTheMultiStepForwardBitForBit() {
        int count = 0;
        int spikesSeen = 0;
        for (Case cs : cases()) {
            SpikingNeuron layer = cs.make().get();
            float[] x = random(T * B * N, 21 + count, cs.lo(), cs.hi());
            SpikingNeuron.Output full = layer.forwardWithMembrane(Tensor.of(x.clone(), T, B, N));
            Steppable.Stepper st = layer.stepper();
            float[] s = new float[T * B * N];
            float[] m = new float[T * B * N];
            for (int t = 0; t < T; t++) {
                Tensor y = st.step(stepInput(x, t));
                assertTrue(y.isBinary(), layer + ": stepped spikes are binary");
                assertArrayEquals(new int[] {1, B, N}, y.shape());
                System.arraycopy(y.data(), 0, s, t * B * N, B * N);
                System.arraycopy(membraneOf(st).data(), 0, m, t * B * N, B * N);
            }
            assertArrayEquals(full.spikes().data(), s, layer + " spikes");
            assertArrayEquals(full.membrane().data(), m, layer + " membrane");
            for (float v : s) {
                spikesSeen += v != 0f ? 1 : 0;
            }
            count++;
        }
        assertTrue(spikesSeen > count * 3, "the inputs make the layers fire (" + spikesSeen + " spikes)");
    }

    /** Spikes and membrane of every step, stepped, flattened in [T, B, N] order (one graph). */
    private static Tensor steppedOutputs(SpikingNeuron layer, Tensor[] xs) {
        Steppable.Stepper st = layer.stepper();
        Tensor spikes = null;
        Tensor mems = null;
        for (Tensor xt : xs) {
            Tensor y = st.step(xt);
            Tensor m = membraneOf(st);
            spikes = spikes == null ? y : TestOps.concat(spikes, y);
            mems = mems == null ? m : TestOps.concat(mems, m);
        }
        return TestOps.concat(spikes, mems);
    }

    @Test
    void steppedGradientsEqualTheMultiStepBptt() {
        int count = 0;
        for (Case cs : cases()) {
            SpikingNeuron layer = cs.make().get();
            layer.setSmoothSpikes(true);
            float[] xv = random(T * B * N, 41 + count++, cs.lo(), cs.hi());
            float[] seed = random(2 * T * B * N, 7, -1f, 1f);
            Tensor x = Tensor.of(xv.clone(), T, B, N).requiresGrad(true);
            layer.zeroGrad();
            Tensor full = TestOps.spikesAndMembrane(layer, x);
            full.backward(Tensor.of(seed.clone(), full.shape()));
            float[] gx = x.grad().data().clone();
            List<float[]> gp = new ArrayList<>();
            for (Tensor p : layer.parameters()) {
                gp.add(p.grad() == null ? new float[p.numel()] : p.grad().data().clone());
            }
            layer.zeroGrad();
            Tensor[] xs = new Tensor[T];
            for (int t = 0; t < T; t++) {
                xs[t] = stepInput(xv, t).requiresGrad(true);
            }
            Tensor stepped = steppedOutputs(layer, xs);
            assertArrayEquals(full.data(), stepped.data(), layer + " smooth outputs");
            stepped.backward(Tensor.of(seed.clone(), stepped.shape()));
            for (int t = 0; t < T; t++) {
                assertNotNull(xs[t].grad(), layer + ": step " + t + " input has a gradient");
                float[] g = xs[t].grad().data();
                for (int i = 0; i < B * N; i++) {
                    float want = gx[t * B * N + i];
                    assertEquals(want, g[i], 1e-5f * Math.max(1f, Math.abs(want)), layer + " dx[" + t + "][" + i + "]");
                }
            }
            List<Tensor> ps = layer.parameters();
            for (int k = 0; k < ps.size(); k++) {
                float[] g = ps.get(k).grad() == null ? new float[ps.get(k).numel()] : ps.get(k).grad().data();
                for (int i = 0; i < g.length; i++) {
                    float want = gp.get(k)[i];
                    assertEquals(want, g[i], 1e-4f * Math.max(1f, Math.abs(want)), layer + " parameter "
                            + layer.namedParameters().keySet().toArray()[k] + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void steppedChainMatchesFiniteDifferences() {
        for (Supplier<SpikingNeuron> make : List.<Supplier<SpikingNeuron>>of(
                () -> Leaky.builder(0.7f).learnBeta(true).learnThreshold(true).detachReset(false).build(),
                () -> LIF.builder().tau(2f).softReset().learnThreshold(true).build(),
                () -> RSynaptic.builder(0.5f, 0.8f).allToAll(N, 3).detachReset(false).build(),
                () -> ALIF.builder().beta(0.8f).learnBeta(true).rho(0.7f).betaA(0.5f).build())) {
            SpikingNeuron layer = make.get();
            layer.setSmoothSpikes(true);
            float[] xv = random(T * B * N, 5, -0.3f, 1.5f);
            List<Tensor> ins = new ArrayList<>();
            for (int t = 0; t < T; t++) {
                ins.add(stepInput(xv, t).requiresGrad(true));
            }
            ins.addAll(layer.parameters());
            GradCheck.Result r = GradCheck.check(a -> steppedOutputs(layer, Arrays.copyOf(a, T)),
                    ins.toArray(new Tensor[0]), 5e-3, 2e-3, 2e-2);
            assertTrue(r.passed(), layer + ": " + r);
        }
    }

    @Test
    void aStepInputMustBeOneStep() {
        Steppable.Stepper st = new IF().stepper();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> st.step(Tensor.zeros(2, B, N)));
        assertTrue(e.getMessage().contains("[1, B, ...]") && e.getMessage().contains("[2, 2, 3]"), e.getMessage());
        Steppable.Stepper st2 = Synaptic.builder(0.5f, 0.5f).build().stepper();
        st2.step(Tensor.zeros(1, B, N));
        e = assertThrows(IllegalArgumentException.class, () -> st2.step(Tensor.zeros(1, B, N + 1)));
        assertTrue(e.getMessage().contains("differs from the previous step"), e.getMessage());
    }
}
