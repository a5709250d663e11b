package org.snn4j.core.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.surrogate.Sigmoid;
import org.snn4j.core.tensor.Tensor;

/**
 * Forward traces of the multi-state neurons computed by hand from the update equations in the class
 * comments, and the defaults of the libraries they follow (snnTorch, SpikingJelly).
 */
class StateNeuronTracesTest {
    private static Tensor seq(float... v) {
        return Tensor.of(v.clone(), v.length, 1, 1);
    }

    private static void check(SpikingNeuron layer, float[] x, float[] spikes, float[] mem) {
        SpikingNeuron.Output o = layer.forwardWithMembrane(seq(x));
        assertArrayEquals(spikes, o.spikes().data(), 0f, layer + " spikes");
        assertArrayEquals(mem, o.membrane().data(), 1e-6f, layer + " membrane");
        assertTrue(o.spikes().isBinary());
        assertArrayEquals(spikes, layer.forward(seq(x)).data(), 0f, "forward() gives the same spikes");
    }

    private static void assertSnnTorchDefaults(SpikingNeuron n) {
        NeuronConfig c = n.config();
        assertEquals(1f, c.threshold());
        assertEquals(ResetTiming.NEXT_STEP, c.resetTiming());
        assertEquals(SpikeTest.GREATER, c.spikeTest());
        assertTrue(c.detachReset());
        assertEquals(new ATan(2f), c.surrogate());
        assertFalse(c.learnThreshold());
    }

    private static void assertSpikingJellyDefaults(SpikingNeuron n, float vReset) {
        NeuronConfig c = n.config();
        assertEquals(1f, c.threshold());
        assertEquals(ResetMode.ZERO, c.resetMode());
        assertEquals(vReset, c.vReset());
        assertEquals(ResetTiming.SAME_STEP, c.resetTiming());
        assertEquals(SpikeTest.GREATER_EQUAL, c.spikeTest());
        assertFalse(c.detachReset());
        assertEquals(new Sigmoid(4f), c.surrogate());
    }

    @Test
    void synapticSubtractZeroAndNone() {
        // alpha = beta = 0.5, X = [1.2, 0.4, 0, 0]; R[t] = S[t-1]
        // subtract: t0: I = 1.2, U = 1.2 > 1 -> S
        //           t1: I = 0.6 + 0.4 = 1.0, U = 0.6 + 1.0 - 1 = 0.6
        //           t2: I = 0.5, U = 0.3 + 0.5 = 0.8 ; t3: I = 0.25, U = 0.4 + 0.25 = 0.65
        float[] x = {1.2f, 0.4f, 0f, 0f};
        Synaptic s = new Synaptic(0.5f, 0.5f);
        assertSnnTorchDefaults(s);
        assertEquals(ResetMode.SUBTRACT, s.config().resetMode());
        check(s, x, new float[] {1, 0, 0, 0}, new float[] {1.2f, 0.6f, 0.8f, 0.65f});
        // zero: t1: U = (1-1)*(0.6 + 1.0) = 0 ; t2: I = 0.5, U = 0 + 0.5 = 0.5 ; t3: I = 0.25, U = 0.25 + 0.25 = 0.5
        check(Synaptic.builder(0.5f, 0.5f).resetMechanism("zero").build(), x, new float[] {1, 0, 0, 0},
                new float[] {1.2f, 0f, 0.5f, 0.5f});
        // none: t1: U = 0.6 + 1.0 = 1.6 -> S ; t2: U = 0.8 + 0.5 = 1.3 -> S ; t3: U = 0.65 + 0.25 = 0.9
        check(Synaptic.builder(0.5f, 0.5f).resetMechanism("none").build(), x, new float[] {1, 1, 1, 0},
                new float[] {1.2f, 1.6f, 1.3f, 0.9f});
    }

    @Test
    void synapticPerNeuronAlphaBetaAndThreshold() {
        // [T=2, B=1, 2]: neuron 0 alpha 0.5 beta 0.5 threshold 1 ; neuron 1 alpha 0 beta 1 threshold 0.5
        // X = [[1, 0.3], [0, 0.3]]
        // n0: t0 I = 1, U = 1 (not > 1) ; t1 I = 0.5, U = 0.5 + 0.5 = 1.0 (not > 1)
        // n1: t0 I = 0.3, U = 0.3 ; t1 I = 0.3, U = 0.3 + 0.3 = 0.6 > 0.5 -> S
        Synaptic s = Synaptic.builder(0.5f, 0.5f).alpha(0.5f, 0f).beta(0.5f, 1f).thresholds(1f, 0.5f).build();
        SpikingNeuron.Output o = s.forwardWithMembrane(Tensor.of(new float[] {1f, 0.3f, 0f, 0.3f}, 2, 1, 2));
        assertArrayEquals(new float[] {0, 0, 0, 1}, o.spikes().data(), 0f);
        assertArrayEquals(new float[] {1f, 0.3f, 1f, 0.6f}, o.membrane().data(), 1e-6f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.forward(Tensor.zeros(2, 1, 3)));
        assertTrue(e.getMessage().contains("Synaptic") && e.getMessage().contains("3 neurons"), e.getMessage());
    }

    @Test
    void rleakyOneToOneFeedsBackTheSpikes() {
        // beta 0.5, V 0.5, X = [1.2, 0.3, 0.3, 0]
        // t0: U = 0 + 1.2 + 0.5*0 = 1.2 -> S ; t1: U = 0.6 + 0.3 + 0.5*1 - 1*1 = 0.4
        // t2: U = 0.2 + 0.3 + 0 = 0.5 ; t3: U = 0.25
        RLeaky r = RLeaky.builder(0.5f).oneToOne(0.5f).build();
        assertSnnTorchDefaults(r);
        check(r, new float[] {1.2f, 0.3f, 0.3f, 0f}, new float[] {1, 0, 0, 0}, new float[] {1.2f, 0.4f, 0.5f, 0.25f});
        // zero: t1: U = (1-1)*(0.6 + 0.3 + 0.5) = 0 ; t2: U = 0 + 0.3 = 0.3 ; t3: 0.15
        check(RLeaky.builder(0.5f).oneToOne(0.5f).resetMechanism("zero").build(), new float[] {1.2f, 0.3f, 0.3f, 0f},
                new float[] {1, 0, 0, 0}, new float[] {1.2f, 0f, 0.3f, 0.15f});
    }

    @Test
    void rleakyAllToAllUsesTheLinearOnThePreviousSpikes() {
        // beta 0.5, W = [[0, 1], [0.5, 0]], bias = [0.1, 0]; X = [[1.5, 0.2], [0, 0], [0, 0]]
        // t0: rec = bias = [0.1, 0] ; U = [1.6, 0.2] -> S = [1, 0]
        // t1: rec = W S + b = [0*1 + 1*0 + 0.1, 0.5*1 + 0*0 + 0] = [0.1, 0.5]
        //     U0 = 0.8 + 0 + 0.1 - 1 = -0.1 ; U1 = 0.1 + 0 + 0.5 = 0.6 -> S = [0, 0]
        // t2: rec = [0.1, 0] ; U0 = -0.05 + 0.1 = 0.05 ; U1 = 0.3
        RLeaky r = RLeaky.builder(0.5f).allToAll(2, 7).build();
        System.arraycopy(new float[] {0f, 1f, 0.5f, 0f}, 0, r.recurrentLinear().weight().data(), 0, 4);
        System.arraycopy(new float[] {0.1f, 0f}, 0, r.recurrentLinear().bias().data(), 0, 2);
        SpikingNeuron.Output o = r.forwardWithMembrane(Tensor.of(new float[] {1.5f, 0.2f, 0, 0, 0, 0}, 3, 1, 2));
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0}, o.spikes().data(), 0f);
        assertArrayEquals(new float[] {1.6f, 0.2f, -0.1f, 0.6f, 0.05f, 0.3f}, o.membrane().data(), 1e-6f);
        // names as snnTorch: recurrent.weight / recurrent.bias; PyTorch Linear init within 1/sqrt(2)
        RLeaky fresh = RLeaky.builder(0.9f).allToAll(2, 7).build();
        assertEquals(List.of("recurrent.weight", "recurrent.bias"), List.copyOf(fresh.namedParameters().keySet()));
        for (float w : fresh.recurrentLinear().weight().data()) {
            assertTrue(Math.abs(w) <= (float) (1 / Math.sqrt(2)), "weight " + w);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fresh.forward(Tensor.zeros(3, 1, 4)));
        assertTrue(e.getMessage().contains("RLeaky") && e.getMessage().contains("[3, 1, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RLeaky.builder(0.9f).build());
    }

    @Test
    void rleakyDefaultsAreSnnTorchs() {
        // V = 1 and learnable (learn_recurrent=True), reset "subtract"
        RLeaky r = RLeaky.builder(0.9f).oneToOne().build();
        assertEquals(1f, r.recurrentV().data()[0]);
        assertEquals(List.of("V"), List.copyOf(r.namedParameters().keySet()));
        assertEquals(ResetMode.SUBTRACT, r.config().resetMode());
        assertTrue(RLeaky.builder(0.9f).oneToOne().learnRecurrent(false).build().namedParameters().isEmpty());
    }

    @Test
    void rsynapticAddsTheSpikesToTheCurrent() {
        // alpha = beta = 0.5, V = 1 (default), X = [1.2, 0, 0]
        // t0: I = 1.2, U = 1.2 -> S ; t1: I = 0.6 + 0 + 1*1 = 1.6, U = 0.6 + 1.6 - 1 = 1.2 -> S
        // t2: I = 0.8 + 1 = 1.8, U = 0.6 + 1.8 - 1 = 1.4 -> S
        RSynaptic r = RSynaptic.builder(0.5f, 0.5f).oneToOne().build();
        assertSnnTorchDefaults(r);
        check(r, new float[] {1.2f, 0f, 0f}, new float[] {1, 1, 1}, new float[] {1.2f, 1.2f, 1.4f});
    }

    @Test
    void alphaZeroAndSubtractResets() {
        // alpha 0.5, beta 0.25: tau_a = ln 0.5 / (ln 0.25 - ln 0.5) + 1 = ln 0.5 / ln 0.5 + 1 = 2
        // X = [4, 0, 0, 0]
        // t0: E' = 4, I' = -4, U = 2*(0) = 0
        // t1: E' = 2, I' = -1, U = 2*(2 - 1) = 2 > 1 -> S
        // t2 zero (R = 1): E' = 1, I' = -0.25, M = 1.5 ; E = I = U = 0
        // t3: all 0
        Alpha a = new Alpha(0.5f, 0.25f);
        assertSnnTorchDefaults(a);
        assertEquals(ResetMode.ZERO, a.config().resetMode()); // snnTorch Alpha's default reset is "zero"
        assertEquals(2f, Alpha.tauAlpha(0.5f, 0.25f), 1e-6f);
        check(a, new float[] {4f, 0f, 0f, 0f}, new float[] {0, 1, 0, 0}, new float[] {0f, 2f, 0f, 0f});
        // subtract at t2: E = 1 - 1*1 = 0, I = -0.25 - 1*(-0.25) = 0, U = 1.5 + 1*I[1] = 1.5 - 1 = 0.5 ; t3: 0
        check(Alpha.builder(0.5f, 0.25f).resetMechanism("subtract").build(), new float[] {4f, 0f, 0f, 0f},
                new float[] {0, 1, 0, 0}, new float[] {0f, 2f, 0.5f, 0f});
        // none: t2: U = 1.5 -> S ; t3: E' = 0.5, I' = -0.0625, U = 2*0.4375 = 0.875
        check(Alpha.builder(0.5f, 0.25f).resetMechanism("none").build(), new float[] {4f, 0f, 0f, 0f},
                new float[] {0, 1, 1, 0}, new float[] {0f, 2f, 1.5f, 0.875f});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Alpha(0.5f, 0.5f));
        assertTrue(e.getMessage().contains("alpha must be greater than beta"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Alpha.builder(0.9f, 0.5f).hardReset(0.3f).build());
    }

    @Test
    void qifTraceAndDefaults() {
        // tau 2, v_c 0.8, a0 1, v_rest 0, v_reset -0.1 -> V[-1] = -0.1 ; X = [1, 2, 0]
        // t0: H = -0.1 + (1 + (-0.1 - 0)*(-0.1 - 0.8))/2 = -0.1 + 1.09/2 = 0.445
        // t1: H = 0.445 + (2 + 0.445*(0.445 - 0.8))/2 = 0.445 + (2 - 0.157975)/2 = 1.3660125 >= 1 -> S, V = -0.1
        // t2: H = -0.1 + (0 + 0.09)/2 = -0.055
        QIF q = new QIF();
        assertSpikingJellyDefaults(q, -0.1f);
        assertEquals(2f, q.tau());
        assertEquals(0.8f, q.vC());
        assertEquals(1f, q.a0());
        assertEquals(0f, q.vRest());
        check(q, new float[] {1f, 2f, 0f}, new float[] {0, 1, 0}, new float[] {0.445f, -0.1f, -0.055f});
        // soft reset: V[-1] = 0 ; t0: H = 0 + (1 + 0)/2 = 0.5 ; t1: H = 0.5 + (2 + 0.5*(-0.3))/2 = 1.425 -> V = 0.425
        check(QIF.builder().softReset().build(), new float[] {1f, 2f}, new float[] {0, 1}, new float[] {0.5f, 0.425f});
    }

    @Test
    void eifTraceAndDefaults() {
        // tau 2, delta_T 1, theta_rh 0.8, v_rest 0, V[-1] = -0.1 ; X = [1, 2]
        // t0: H = -0.1 + (1 + 0 + 0.1 + exp(-0.9))/2 = -0.1 + (1.1 + 0.40656966)/2 = 0.65328483
        // t1: H = 0.65328483 + (2 - 0.65328483 + exp(-0.14671517))/2
        //       = 0.65328483 + (1.34671517 + 0.86354271)/2 = 1.75841377 -> S, V = -0.1
        EIF e = new EIF();
        assertSpikingJellyDefaults(e, -0.1f);
        assertEquals(2f, e.tau());
        assertEquals(1f, e.deltaT());
        assertEquals(0.8f, e.thetaRh());
        assertEquals(0f, e.vRest());
        check(e, new float[] {1f, 2f}, new float[] {0, 1}, new float[] {0.65328483f, -0.1f});
        // no reset: V[-1] = 0 ; t0: H = 0 + (1 + 0 - 0 + exp(-0.8))/2 = (1 + 0.44932896)/2 = 0.72466448
        // t1: H = 0.72466448 + (2 - 0.72466448 + exp(-0.07533552))/2 = 0.72466448 + (1.27533552 + 0.92743226)/2
        //       = 1.82604837 -> S, kept
        check(EIF.builder().resetMode(ResetMode.NONE).build(), new float[] {1f, 2f}, new float[] {0, 1},
                new float[] {0.72466448f, 1.82604837f});
    }

    @Test
    void izhikevichTraceAndDefaults() {
        Izhikevich d = new Izhikevich();
        assertSpikingJellyDefaults(d, 0f);
        assertEquals(2f, d.tau());
        assertEquals(0.8f, d.vC());
        assertEquals(1f, d.a0());
        assertEquals(-0.1f, d.vRest());
        assertEquals(0f, d.wRest());
        assertEquals(2f, d.tauW());
        assertEquals(0f, d.a());
        assertEquals(0f, d.b());
        // a = 0.5, b = 0.2, tau_w = 2 (so 1/tau_w = 0.5); V[-1] = 0, W[-1] = 0 ; X = [2.5, 0, 0]
        // t0: H = 0 + (2.5 + (0 + 0.1)*(0 - 0.8) - 0)/2 = (2.5 - 0.08)/2 = 1.21 -> S
        //     W' = 0 + 0.5*(0.5*(1.21 + 0.1) - 0) = 0.3275 ; V = 0 ; W = 0.3275 + 0.2 = 0.5275
        // t1: H = 0 + (0 - 0.08 - 0.5275)/2 = -0.30375
        //     W = 0.5275 + 0.5*(0.5*(-0.30375 + 0.1) - 0.5275) = 0.5275 - 0.3146875 = 0.2128125
        // t2: H = -0.30375 + ((-0.20375)*(-1.10375) - 0.2128125)/2 = -0.30375 + 0.0120765625/2 = -0.29771171875
        Izhikevich z = Izhikevich.builder().a(0.5f).b(0.2f).build();
        check(z, new float[] {2.5f, 0f, 0f}, new float[] {1, 0, 0}, new float[] {0f, -0.30375f, -0.29771172f});
    }

    @Test
    void alifRaisesItsThresholdAfterEachSpike() {
        // beta 0.5, rho 0.5, beta_a 1, b0 1, subtract by the current threshold ; X = 1.5 each step
        // t0: A = 0, th = 1, H = 1.5 -> S, V = 0.5
        // t1: A = 0 + 1 = 1, th = 2, H = 0.25 + 1.5 = 1.75 -> no spike, V = 1.75
        // t2: A = 0.5 + 0 = 0.5, th = 1.5, H = 0.875 + 1.5 = 2.375 -> S, V = 2.375 - 1.5 = 0.875
        // t3: A = 0.25 + 1 = 1.25, th = 2.25, H = 0.4375 + 1.5 = 1.9375 -> no spike
        ALIF a = ALIF.builder().beta(0.5f).rho(0.5f).betaA(1f).build();
        check(a, new float[] {1.5f, 1.5f, 1.5f, 1.5f}, new float[] {1, 0, 1, 0},
                new float[] {0.5f, 1.75f, 0.875f, 1.9375f});
        // with beta_a = 0 it is a same-step soft-reset leaky neuron: H = 1.5 -> V 0.5 ; H = 0.25 + 1.5 = 1.75 -> V 0.75 ;
        // H = 0.375 + 1.5 = 1.875 -> V 0.875 ; H = 0.4375 + 1.5 = 1.9375 -> V 0.9375 (a spike every step)
        check(ALIF.builder().beta(0.5f).betaA(0f).build(), new float[] {1.5f, 1.5f, 1.5f, 1.5f},
                new float[] {1, 1, 1, 1}, new float[] {0.5f, 0.75f, 0.875f, 0.9375f});
        ALIF d = new ALIF();
        assertEquals((float) Math.exp(-1 / 20.0), d.beta().data()[0]);
        assertEquals((float) Math.exp(-1 / 200.0), d.rho());
        assertEquals(1.8f, d.betaA());
        assertEquals(ResetMode.SUBTRACT, d.config().resetMode());
    }

    @Test
    void unsupportedTimingAndBadOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Synaptic.builder(0.5f, 0.5f).resetTiming(ResetTiming.SAME_STEP).build());
        assertTrue(e.getMessage().contains("Synaptic") && e.getMessage().contains("SAME_STEP"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> QIF.builder().resetTiming(ResetTiming.NEXT_STEP).build());
        assertTrue(e.getMessage().contains("QIF"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> QIF.builder().tau(1f));
        // SpikingJelly's asserts: threshold > v_reset and v_rest >= v_reset
        e = assertThrows(IllegalArgumentException.class, () -> QIF.builder().hardReset(1.5f).build());
        assertTrue(e.getMessage().contains("QIF") && e.getMessage().contains("v_reset 1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EIF.builder().deltaT(0f));
        assertThrows(IllegalArgumentException.class, () -> Synaptic.builder(Float.NaN, 0.5f));
    }

    @Test
    void learnableOptionsRegisterParametersWithSnnTorchNames() {
        Synaptic s = Synaptic.builder(0.9f, 0.8f).learnAlpha(true).learnBeta(true).learnThreshold(true)
                .thresholds(1f, 1.5f, 2f).build();
        assertEquals(List.of("threshold", "alpha", "beta"), List.copyOf(s.namedParameters().keySet()));
        assertArrayEquals(new float[] {1f, 1.5f, 2f}, s.thresholdParameter().data(), 0f);
        assertNull(new Synaptic(0.9f, 0.8f).thresholdParameter());
        assertTrue(new Synaptic(0.9f, 0.8f).namedParameters().isEmpty());
    }

    @Test
    void recordsMembraneAndReadsStaticInputEachStep() {
        Synaptic s = new Synaptic(0.5f, 0.5f);
        s.setRecordMembrane(true);
        s.forward(seq(1.2f, 0.4f));
        assertArrayEquals(new float[] {1.2f, 0.6f}, s.recordedMembrane().data(), 1e-6f);
        // static 0.4 over 3 steps: I = 0.4, 0.6, 0.7 ; U = 0.4, 0.8, 1.1 -> S at t2
        assertArrayEquals(new float[] {0, 0, 1}, s.forward(Tensor.staticOf(new float[] {0.4f}, 3, 1, 1)).data(), 0f);
    }

    @Test
    void everyNeuronTakesSurrogateResetModeAndDetach() {
        List<SpikingNeuron.Builder<?>> builders = List.of(Leaky.builder(0.9f), LIF.builder(), IF.builder(),
                ParametricLIF.builder(), Lapicque.builder().beta(0.9f), Synaptic.builder(0.9f, 0.8f),
                RLeaky.builder(0.9f).oneToOne(), RSynaptic.builder(0.9f, 0.8f).oneToOne(), Alpha.builder(0.9f, 0.8f),
                QIF.builder(), EIF.builder(), Izhikevich.builder(), ALIF.builder());
        for (SpikingNeuron.Builder<?> b : builders) {
            for (String mech : new String[] {"subtract", "zero", "none"}) {
                for (boolean detach : new boolean[] {false, true}) {
                    b.resetMechanism(mech).detachReset(detach).surrogate("fast_sigmoid:k=5");
                    NeuronConfig c = b.config();
                    assertEquals(mech.equals("subtract") ? ResetMode.SUBTRACT
                            : mech.equals("zero") ? ResetMode.ZERO : ResetMode.NONE, c.resetMode());
                    assertEquals(detach, c.detachReset());
                    assertEquals(new org.snn4j.core.surrogate.FastSigmoid(5f), c.surrogate());
                }
            }
        }
    }
}
