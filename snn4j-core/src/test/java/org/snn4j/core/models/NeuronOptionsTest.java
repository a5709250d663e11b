package org.snn4j.core.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.snn4j.core.neuron.ALIF;
import org.snn4j.core.neuron.Alpha;
import org.snn4j.core.neuron.EIF;
import org.snn4j.core.neuron.IF;
import org.snn4j.core.neuron.Izhikevich;
import org.snn4j.core.neuron.LIF;
import org.snn4j.core.neuron.Lapicque;
import org.snn4j.core.neuron.Leaky;
import org.snn4j.core.neuron.ParametricLIF;
import org.snn4j.core.neuron.QIF;
import org.snn4j.core.neuron.ResetMode;
import org.snn4j.core.neuron.ResetTiming;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.core.neuron.Synaptic;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.surrogate.FastSigmoid;
import org.snn4j.core.surrogate.Sigmoid;
import org.snn4j.core.tensor.Tensor;

/** Neuron options: each kind, library defaults, overrides. */
class NeuronOptionsTest {
    @Test
    void eachKindCreatesItsNeuronWithLibraryDefaults() {
        Class<?>[] expected = {LIF.class, IF.class, ParametricLIF.class, Leaky.class, Lapicque.class, Synaptic.class,
            Alpha.class, ALIF.class, QIF.class, EIF.class, Izhikevich.class};
        NeuronOptions.Kind[] kinds = NeuronOptions.Kind.values();
        assertEquals(expected.length, kinds.length);
        for (int i = 0; i < kinds.length; i++) {
            SpikingNeuron a = NeuronOptions.of(kinds[i]).create(4);
            SpikingNeuron b = NeuronOptions.of(kinds[i]).create(4);
            assertInstanceOf(expected[i], a);
            assertNotSame(a, b);
            // each runs on [T, B, C, H, W]
            assertEquals(2 * 2 * 4 * 3 * 3, a.forward(Tensor.zeros(2, 2, 4, 3, 3)).numel());
        }
        // SpikingJelly defaults: LIF tau 2, Sigmoid(4), hard reset, same step; snnTorch: Leaky ATan(2), next step
        LIF lif = (LIF) NeuronOptions.of(NeuronOptions.Kind.LIF).create(1);
        assertEquals(2f, lif.tau());
        assertEquals(new Sigmoid(4f), lif.config().surrogate());
        assertEquals(ResetMode.ZERO, lif.config().resetMode());
        Leaky leaky = (Leaky) NeuronOptions.of(NeuronOptions.Kind.LEAKY).create(1);
        assertEquals(0.5f, leaky.beta());
        assertEquals(new ATan(2f), leaky.config().surrogate());
        assertEquals(ResetTiming.NEXT_STEP, leaky.config().resetTiming());
        assertTrue(leaky.config().detachReset());
    }

    @Test
    void overridesReachTheNeuron() {
        NeuronOptions o = NeuronOptions.of(NeuronOptions.Kind.PLIF).withTau(4f).withThreshold(0.5f)
                .withSurrogate("fast_sigmoid:k=10").withReset(ResetMode.SUBTRACT).withDetachReset(true)
                .withPerChannel(true);
        ParametricLIF p = (ParametricLIF) o.create(6);
        assertEquals(0.5f, p.threshold());
        assertEquals(new FastSigmoid(10f), p.config().surrogate());
        assertEquals(ResetMode.SUBTRACT, p.config().resetMode());
        assertTrue(p.config().detachReset());
        assertEquals(ParametricLIF.Granularity.CHANNEL, p.granularity());
        assertEquals(6, p.w().numel());
        // init tau 4: w = -ln(4 - 1) = -1.0986123
        assertEquals(-1.0986123f, p.w().data()[0], 1e-6f);
        Leaky l = (Leaky) NeuronOptions.of(NeuronOptions.Kind.LEAKY).withBeta(0.9f).withReset(ResetMode.ZERO).create(1);
        assertEquals(0.9f, l.beta());
        assertEquals(ResetMode.ZERO, l.config().resetMode());
    }

    @Test
    void badOptionsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NeuronOptions.Kind.parse("hodgkin"));
        assertTrue(e.getMessage().contains("hodgkin") && e.getMessage().contains("plif"), e.getMessage());
        assertEquals(NeuronOptions.Kind.PLIF, NeuronOptions.Kind.parse(" Plif "));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> NeuronOptions.of(NeuronOptions.Kind.LIF).withPerChannel(true));
        assertTrue(e2.getMessage().contains("PLIF"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NeuronOptions.of(NeuronOptions.Kind.LIF).withTau(0.5f)
                .create(1));
    }
}
