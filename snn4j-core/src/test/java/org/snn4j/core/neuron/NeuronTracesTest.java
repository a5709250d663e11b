package org.snn4j.core.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.surrogate.Sigmoid;
import org.snn4j.core.tensor.Tensor;

/** Forward traces computed by hand from the update equations in the class comments. */
class NeuronTracesTest {
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

    @Test
    void leakySubtractResetsInTheNextStep() {
        // beta = 0.5, threshold 1, R[t] = S[t-1]:
        // t0: U = 0.5*0 + 1.2 = 1.2 > 1 -> S=1
        // t1: U = 0.5*1.2 + 0 - 1*1 = -0.4
        // t2: U = 0.5*-0.4 + 0.9 = 0.7 ; t3: U = 0.35 + 0.6 = 0.95 ; t4: U = 0.475 + 0 = 0.475
        Leaky l = new Leaky(0.5f);
        assertEquals(new ATan(2f), l.config().surrogate());
        check(l, new float[] {1.2f, 0, 0.9f, 0.6f, 0}, new float[] {1, 0, 0, 0, 0},
                new float[] {1.2f, -0.4f, 0.7f, 0.95f, 0.475f});
    }

    @Test
    void leakyZeroClearsThePreviousMembraneOnly() {
        // t0: U = 1.2 -> S=1 ; t1: U = 0.5*(1-1)*1.2 + 0 = 0 ; t2: U = 0 + 0.9 = 0.9
        // t3: U = 0.45 + 0.6 = 1.05 -> S=1 ; t4: U = 0.5*(1-1)*1.05 + 0.3 = 0.3 (input kept, snnTorch Leaky)
        check(Leaky.builder(0.5f).resetMechanism("zero").build(), new float[] {1.2f, 0, 0.9f, 0.6f, 0.3f},
                new float[] {1, 0, 0, 1, 0}, new float[] {1.2f, 0f, 0.9f, 1.05f, 0.3f});
    }

    @Test
    void leakyNoResetIntegrates() {
        // U: 1.2, 0.6+0.5=1.1, 0.55+0=0.55 ; spikes where U > 1
        check(Leaky.builder(0.5f).resetMechanism("none").build(), new float[] {1.2f, 0.5f, 0f},
                new float[] {1, 1, 0}, new float[] {1.2f, 1.1f, 0.55f});
    }

    @Test
    void leakyWithoutResetDelayResetsInTheSameStep() {
        // reset_delay=False: U[t] = 0.5*U[t-1] + X[t] - S[t]*1
        // t0: H = 1.2 -> S=1, U = 0.2 ; t1: U = 0.1 ; t2: 0.05 + 0.9 = 0.95
        // t3: 0.475 + 0.6 = 1.075 -> S=1, U = 0.075 ; t4: 0.0375
        check(Leaky.builder(0.5f).resetDelay(false).build(), new float[] {1.2f, 0, 0.9f, 0.6f, 0},
                new float[] {1, 0, 0, 1, 0}, new float[] {0.2f, 0.1f, 0.95f, 0.075f, 0.0375f});
    }

    @Test
    void leakyClampsBeta() {
        // beta = 1.5 is used as 1: U = 0.4, 0.8, 1.2 (>1 -> S) ; beta = -1 used as 0: U = X
        check(new Leaky(1.5f), new float[] {0.4f, 0.4f, 0.4f}, new float[] {0, 0, 1}, new float[] {0.4f, 0.8f, 1.2f});
        check(new Leaky(-1f), new float[] {0.4f, 0.4f, 0.4f}, new float[] {0, 0, 0}, new float[] {0.4f, 0.4f, 0.4f});
    }

    @Test
    void strictVersusInclusiveSpikeTestAtExactlyTheThreshold() {
        // U[0] = 1.0 exactly: snnTorch '>' does not fire, '>=' fires
        check(new Leaky(0.5f), new float[] {1f, 0f}, new float[] {0, 0}, new float[] {1f, 0.5f});
        // with '>=': t0 fires; t1: U = 0.5*1 + 0 - 1 = -0.5
        check(Leaky.builder(0.5f).spikeTest(SpikeTest.GREATER_EQUAL).build(), new float[] {1f, 0f},
                new float[] {1, 0}, new float[] {1f, -0.5f});
    }

    @Test
    void lifHardResetSameStepInclusive() {
        // tau=2, decay_input: H = V + (X - V)/2 = 0.5V + 0.5X, V[-1] = 0
        // t0: H = 0.5 -> V 0.5 ; t1: H = 0.25 + 1 = 1.25 -> S, V = 0
        // t2: H = 0.5 -> V 0.5 ; t3: H = 0.25 + 0.75 = 1.0 >= 1 -> S, V = 0
        LIF lif = new LIF(2f);
        assertEquals(new Sigmoid(4f), lif.config().surrogate());
        check(lif, new float[] {1f, 2f, 1f, 1.5f}, new float[] {0, 1, 0, 1}, new float[] {0.5f, 0f, 0.5f, 0f});
        // same with '>': t3 does not fire, V = 1.0
        check(LIF.builder().spikeTest(SpikeTest.GREATER).build(), new float[] {1f, 2f, 1f, 1.5f},
                new float[] {0, 1, 0, 0}, new float[] {0.5f, 0f, 0.5f, 1f});
    }

    @Test
    void lifSoftResetSubtractsThreshold() {
        // t1: H = 1.25 -> V = 0.25 ; t2: H = 0.125 + 0.5 = 0.625 ; t3: H = 0.3125 + 0.75 = 1.0625 -> V = 0.0625
        check(LIF.builder().softReset().build(), new float[] {1f, 2f, 1f, 1.5f}, new float[] {0, 1, 0, 1},
                new float[] {0.5f, 0.25f, 0.625f, 0.0625f});
    }

    @Test
    void lifWithoutInputDecayAndNonZeroResetValue() {
        // decay_input=false: H = V - V/2 + X ; X = [0.6, 0.8]: H0 = 0.6 ; H1 = 0.3 + 0.8 = 1.1 -> S, V = 0
        check(LIF.builder().decayInput(false).build(), new float[] {0.6f, 0.8f}, new float[] {0, 1},
                new float[] {0.6f, 0f});
        // v_reset = -0.5: V[-1] = -0.5, H = V + (X - (V + 0.5))/2 ; X=3: H = -0.5 + (3 - 0)/2 = 1.0 -> S, V = -0.5
        // next X=1: H = -0.5 + (1 - 0)/2 = 0 -> V = 0
        check(LIF.builder().hardReset(-0.5f).build(), new float[] {3f, 1f}, new float[] {1, 0}, new float[] {-0.5f, 0f});
    }

    @Test
    void ifIntegratesWithoutLeak() {
        // H: 0.4, 0.8, 1.2 -> S at t2, V = 0
        check(new IF(), new float[] {0.4f, 0.4f, 0.4f}, new float[] {0, 0, 1}, new float[] {0.4f, 0.8f, 0f});
    }

    @Test
    void lapicqueUsesRcCoefficients() {
        // R=1, C=2, dt=1: U = X*dt/C + (1 - dt/(RC))*U = 0.5X + 0.5U
        // t0: U = 1.5 -> S ; t1: U = 0.75 - 1 = -0.25 ; t2: U = -0.125
        Lapicque lap = Lapicque.builder().resistance(1f).capacitance(2f).build();
        check(lap, new float[] {3f, 0f, 0f}, new float[] {1, 0, 0}, new float[] {1.5f, -0.25f, -0.125f});
        // zero reset clears the whole new charge: t1: U = (1-1)*(0.75 + 0.5*2) = 0 ; t2: U = 0 + 0.5*2 = 1 (not > 1)
        check(Lapicque.builder().resistance(1f).capacitance(2f).resetMechanism("zero").build(), new float[] {3f, 2f, 2f},
                new float[] {1, 0, 0}, new float[] {1.5f, 0f, 1f});
        // beta only: R = 1, C = dt/ln(1/beta); decay = 1 - ln(1/0.9) = 0.8946394, input scale = ln(1/0.9) = 0.1053605
        Lapicque b = Lapicque.builder().beta(0.9f).build();
        assertEquals(1f, b.resistance());
        assertEquals(9.491222f, b.capacitance(), 1e-4f);
        assertEquals(0.8946394f, b.decay(), 1e-6f);
        assertEquals(0.1053605f, b.inputScale(), 1e-6f);
        // beta with C: R = dt/(C ln(1/beta)) = 1/(2*0.1053605) = 4.745611
        assertEquals(4.745611f, Lapicque.builder().beta(0.9f).capacitance(2f).build().resistance(), 1e-4f);
        assertThrows(IllegalArgumentException.class, () -> Lapicque.builder().resistance(1f).build());
    }

    @Test
    void plifWithInitTauTwoEqualsLif() {
        float[] x = {1f, 2f, 1f, 1.5f};
        check(ParametricLIF.builder().build(), x, new float[] {0, 1, 0, 1}, new float[] {0.5f, 0f, 0.5f, 0f});
        assertEquals(0f, ParametricLIF.builder().build().w().data()[0], 0f); // w = -ln(2-1) = 0
    }

    @Test
    void plifPerChannelMatchesLifPerChannel() {
        // [T=3, B=2, C=2, 2]: channel 0 with tau 2, channel 1 with tau 4 (w = -ln(tau - 1))
        ParametricLIF plif = ParametricLIF.builder().perChannel(2).build();
        plif.w().data()[0] = (float) -Math.log(1.0);
        plif.w().data()[1] = (float) -Math.log(3.0);
        float[] x = new float[3 * 2 * 2 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.3f + 0.11f * (i % 7);
        }
        Tensor out = plif.forwardWithMembrane(Tensor.of(x, 3, 2, 2, 2)).membrane();
        Tensor m2 = LIF.builder().tau(2f).build().forwardWithMembrane(Tensor.of(x, 3, 2, 2, 2)).membrane();
        Tensor m4 = LIF.builder().tau(4f).build().forwardWithMembrane(Tensor.of(x, 3, 2, 2, 2)).membrane();
        for (int i = 0; i < x.length; i++) {
            int channel = (i / 2) % 2;
            assertEquals((channel == 0 ? m2 : m4).data()[i], out.data()[i], 1e-6f, "element " + i);
        }
    }

    @Test
    void recordsMembraneForPlots() {
        Leaky l = new Leaky(0.5f);
        l.setRecordMembrane(true);
        l.forward(seq(1.2f, 0f));
        assertArrayEquals(new float[] {1.2f, -0.4f}, l.recordedMembrane().data(), 1e-6f);
    }

    @Test
    void staticInputReadsTheSameStepEachTime() {
        // IF with static 0.4 over 3 steps equals the materialized sequence
        Tensor s = Tensor.staticOf(new float[] {0.4f}, 3, 1, 1);
        assertArrayEquals(new float[] {0, 0, 1}, new IF().forward(s).data(), 0f);
    }

    @Test
    void errorsNameLayerAndShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LIF(2f).forward(Tensor.zeros(5)));
        assertTrue(e.getMessage().contains("LIF") && e.getMessage().contains("[5]"), e.getMessage());
        ParametricLIF p = ParametricLIF.builder().perChannel(3).build();
        e = assertThrows(IllegalArgumentException.class, () -> p.forward(Tensor.zeros(2, 1, 4, 5)));
        assertTrue(e.getMessage().contains("ParametricLIF") && e.getMessage().contains("[2, 1, 4, 5]")
                && e.getMessage().contains("3 channels"), e.getMessage());
    }
}
