package org.snn4j.sim.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.units.Quantity;

/** Brian2's first tutorial programs, checked against closed forms and hand-computed spike times. */
class TutorialTest {
    static final double TAU = 0.010;
    static final double DT = 1e-4;

    @Test
    void oneNeuronExactMatchesClosedForm() {
        NeuronGroup g = new NeuronGroup(1, "dv/dt = (1-v)/tau : 1", Namespace.of("tau", 10, "ms")).method("exact");
        StateMonitor m = new StateMonitor(g, "v");
        Network net = new Network(g, m);
        net.run(Quantity.of(30, "ms"));
        double[] t = m.t();
        double[] v = m.values("v", 0);
        assertEquals(300, t.length);
        for (int k = 0; k < t.length; k++) {
            assertEquals(k * DT, t[k], 1e-15);
            assertEquals(1 - Math.exp(-t[k] / TAU), v[k], 1e-12, "at t=" + t[k]);
        }
        assertEquals(1 - Math.exp(-0.030 / TAU), g.get("v", 0), 1e-12);
        assertEquals(0.030, net.t(), 1e-15);
    }

    @Test
    void oneNeuronEulerMatchesItsClosedForm() {
        NeuronGroup g = new NeuronGroup(1, "dv/dt = (1-v)/tau : 1", Namespace.of("tau", 10, "ms")).method("euler");
        StateMonitor m = new StateMonitor(g, "v");
        new Network(g, m).run(Quantity.of(30, "ms"));
        double[] v = m.values("v", 0);
        for (int k = 0; k < v.length; k++) assertEquals(1 - Math.pow(1 - DT / TAU, k), v[k], 1e-12);
    }

    @Test
    void refractorySpikesAndClamp() {
        NeuronGroup g = new NeuronGroup(1, "dv/dt = (1-v)/tau : 1 (unless refractory)", Namespace.of("tau", 10, "ms"))
                .threshold("v > 0.8").reset("v = 0").refractory(Quantity.of(5, "ms")).method("exact");
        StateMonitor m = new StateMonitor(g, "v");
        SpikeMonitor s = new SpikeMonitor(g);
        new Network(g, m, s).run(Quantity.of(50, "ms"));
        // v(t) = 1 - exp(-t/tau) crosses 0.8 at tau*ln 5 = 16.094 ms; the update of the step starting at
        // 16.0 ms takes v above 0.8, so the spike is at 16.0 ms. Refractory until lastspike + 5 ms = 21.0 ms,
        // when v starts again from 0: next spike at 21.0 + 16.0 = 37.0 ms (58.0 is past the end).
        double[] st = s.t();
        assertEquals(2, st.length);
        assertEquals(0.0160, st[0], DT * 0.01);
        assertEquals(0.0370, st[1], DT * 0.01);
        double crossing = TAU * Math.log(5);
        assertTrue(Math.abs(st[0] - crossing) <= DT);
        double[] t = m.t();
        double[] v = m.values("v", 0);
        for (int k = 0; k < t.length; k++) {
            double tk = t[k];
            if (tk > 0.0160 + DT / 2 && tk < 0.0210 + DT / 2) assertEquals(0.0, v[k], 0.0, "refractory at " + tk);
            if (tk > 0.0210 + DT / 2 && tk < 0.0370) assertEquals(1 - Math.exp(-(tk - 0.0210) / TAU), v[k], 1e-12);
        }
        assertEquals(0.037, g.get("lastspike", 0), 1e-12);
    }

    @Test
    void hundredNeuronsFromRandomStartAllFire() {
        NeuronGroup g = new NeuronGroup(100, "dv/dt = (2-v)/tau : 1", Namespace.of("tau", 10, "ms"))
                .threshold("v > 1").reset("v = 0").method("exact");
        g.set("v", "rand()");
        double[] v0 = g.get("v");
        for (double x : v0) assertTrue(x >= 0 && x < 1);
        assertTrue(java.util.Arrays.stream(v0).distinct().count() == 100);
        SpikeMonitor s = new SpikeMonitor(g);
        new Network(g, s).run(Quantity.of(50, "ms"));
        int[] count = s.count();
        for (int k = 0; k < 100; k++) {
            assertTrue(count[k] > 0, "neuron " + k + " fired");
            double first = s.spikeTimes(k)[0];
            double expected = TAU * Math.log((2 - v0[k]) / (2 - 1));
            assertTrue(Math.abs(first - expected) <= DT, "neuron " + k + ": " + first + " vs " + expected);
        }
    }
}
