package org.snn4j.sim.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.units.Quantity;

/**
 * The list form of refractoriness (constant period) and the trusted not_refractory between steps:
 * a run in one piece gives the same state as the same run in many pieces (each run starts with a full
 * check), and the same as the general form (a period given as a per-neuron parameter).
 */
class RefractoryFastPathTest {

    private static NeuronGroup group(int n, boolean parameter) { return group(n, parameter, 2.05); }

    private static NeuronGroup group(int n, boolean parameter, double periodMs) {
        NeuronGroup g = new NeuronGroup(n, """
                dv/dt = (I - v)/(10*ms) : 1 (unless refractory)
                dw/dt = -w/(20*ms) : 1
                I : 1
                ref : second
                """, Namespace.builder().build())
                .threshold("v > 1").reset("v = 0", "w += 0.1").method("exact");
        if (parameter) g.refractory("ref"); else g.refractory(Quantity.of(periodMs, "ms"));
        g.set("I", "1.5*rand() + 0.2");
        g.set("v", "rand()");
        g.set("ref", Quantity.of(periodMs, "ms"));
        return g;
    }

    private static double[][] state(NeuronGroup g) {
        return new double[][] {g.get("v"), g.get("w"), g.get("lastspike"), g.get("not_refractory")};
    }

    @Test
    void onePieceManyPiecesAndGeneralFormAgree() {
        onePieceManyPiecesAndGeneralFormAgree(2.05);
    }

    /** A period of a whole number of steps: the neuron is refractory for exactly 20 steps (t - lastspike < 2 ms). */
    @Test
    void wholeStepPeriodAgrees() {
        onePieceManyPiecesAndGeneralFormAgree(2.0);
    }

    private static void onePieceManyPiecesAndGeneralFormAgree(double periodMs) {
        for (int n : new int[] {5, 3000, 4100}) {
            NeuronGroup a = group(n, false, periodMs);
            SpikeMonitor ma = new SpikeMonitor(a);
            new Network(a, ma).run(Quantity.of(30, "ms"));

            NeuronGroup b = group(n, false, periodMs);
            SpikeMonitor mb = new SpikeMonitor(b);
            Network nb = new Network(b, mb);
            for (int k = 0; k < 30; k++) nb.run(Quantity.of(1, "ms"));

            NeuronGroup c = group(n, true, periodMs);
            SpikeMonitor mc = new SpikeMonitor(c);
            new Network(c, mc).run(Quantity.of(30, "ms"));

            assertTrue(ma.numSpikes() > 0);
            assertArrayEquals(ma.i(), mb.i());
            assertArrayEquals(ma.t(), mb.t());
            assertArrayEquals(ma.i(), mc.i());
            assertArrayEquals(ma.t(), mc.t());
            double[][] sa = state(a), sb = state(b), sc = state(c);
            for (int k = 0; k < sa.length; k++) {
                assertArrayEquals(sa[k], sb[k]);
                assertArrayEquals(sa[k], sc[k]);
            }
        }
    }

    @Test
    void stateSetBetweenRunsIsSeen() {
        NeuronGroup a = group(3000, false);
        NeuronGroup c = group(3000, true);
        Network na = new Network(a), nc = new Network(c);
        na.run(Quantity.of(10, "ms"));
        nc.run(Quantity.of(10, "ms"));
        na.store();
        nc.store();
        for (NeuronGroup g : new NeuronGroup[] {a, c}) g.set("lastspike", "(9 + 0.5*rand())*ms");
        na.run(Quantity.of(5, "ms"));
        nc.run(Quantity.of(5, "ms"));
        na.restore();
        nc.restore();
        for (NeuronGroup g : new NeuronGroup[] {a, c}) g.set("not_refractory", 1.0);
        na.run(Quantity.of(10, "ms"));
        nc.run(Quantity.of(10, "ms"));
        double[][] sa = state(a), sc = state(c);
        for (int k = 0; k < sa.length; k++) assertArrayEquals(sa[k], sc[k]);
    }

    @Test
    void synapseCodeThatNamesRefractoryState() {
        assertFalse(Network.usesRefractoryState("""
                    private double[] _post_lastspike;
                    private boolean[] _post_not_refractory;
                        _post_lastspike = (double[]) _arrays[8];
                        _post_not_refractory = (boolean[]) _arrays[9];
                """));
        assertTrue(Network.usesRefractoryState("            _post_not_refractory[_post] = _l_post_not_refractory;\n"));
        assertTrue(Network.usesRefractoryState("            double _l_post_lastspike = _post_lastspike[_post];\n"));
    }
}
