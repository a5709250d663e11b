package org.snn4j.sim.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.snn4j.sim.runtime.SimErrorsTest.assertContains;
import static org.snn4j.sim.runtime.SimErrorsTest.message;

import org.junit.jupiter.api.Test;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.units.Quantity;

/**
 * {@code (linked)} parameters (Brian2's {@code linked_var}): a group reads another group's variable, directly
 * (same size: the same array) or through an index (gathered at the end of each step), read-only.
 */
class LinkedVariablesTest {
    static final double DT = 1e-4;
    static final Namespace NS = Namespace.builder().constant("tau", 10, "ms").constant("tau1", 20, "ms")
            .constant("tau2", 5, "ms").build();

    /** dx/dt = (vt - x)/tau with vt linked: x = vt*(1 - exp(-t/tau)) from x = 0, exact integration. */
    static NeuronGroup follower(int n) {
        return new NeuronGroup(n, "dx/dt = (vt - x)/tau : 1\nvt : 1 (linked)", NS).method("exact").name("follower");
    }

    @Test
    void directLinkReadsTheOtherGroupsValuesAsTheyChange() {
        NeuronGroup h = new NeuronGroup(4, "vt : 1", NS).name("source");
        h.set("vt", new double[] {0.5, 1, 2, -1});
        NeuronGroup g = follower(4).linkVariable("vt", h, "vt");
        assertArrayEquals(new double[] {0.5, 1, 2, -1}, g.get("vt"), 0);
        StateMonitor m = new StateMonitor(g, "x");
        Network net = new Network(g, h, m);
        net.run(Quantity.of(20, "ms"));
        double[] t = m.t();
        assertEquals(200, t.length);
        for (int i = 0; i < 4; i++) {
            double vt = h.get("vt", i);
            double[] x = m.values("x", i);
            for (int k = 0; k < t.length; k++) {
                assertEquals(vt * (1 - Math.exp(-t[k] / 0.010)), x[k], 1e-12, "neuron " + i + ", t = " + t[k]);
            }
        }
        // the link is the array itself: a new value of the source is read from the next step on,
        // x(20 ms + s) = vt' + (x(20 ms) - vt')*exp(-s/tau)
        double[] x20 = g.get("x");
        h.set("vt", new double[] {3, 3, 3, 3});
        assertArrayEquals(new double[] {3, 3, 3, 3}, g.get("vt"), 0);
        net.run(Quantity.of(10, "ms"));
        for (int i = 0; i < 4; i++) assertEquals(3 + (x20[i] - 3) * Math.exp(-1), g.get("x", i), 1e-12);
    }

    @Test
    void linkToAFloat32VariableReadsTheFloats() {
        NeuronGroup h = new NeuronGroup(2, "vt : 1", NS).name("source").float32();
        h.set("vt", new double[] {0.1, 0.3});
        NeuronGroup g = follower(2).linkVariable("vt", h, "vt");
        new Network(g, h).run(Quantity.of(10, "ms"));
        for (int i = 0; i < 2; i++) {
            double vt = (float) (i == 0 ? 0.1 : 0.3);
            assertEquals(vt * (1 - Math.exp(-1)), g.get("x", i), 1e-12);
        }
    }

    /** Euler steps of dv/dt = -v/tau1 (v from 1 + i) and dx/dt = (v - x)/tau2, as one group or as two linked ones. */
    static final String V_EQ = "dv/dt = -v/tau1 : 1";
    static final String X_EQ = "dx/dt = (v - x)/tau2 : 1";

    @Test
    void linkedDynamicsMatchOneGroupWithTheVariableInline() {
        NeuronGroup one = new NeuronGroup(3, V_EQ + "\n" + X_EQ, NS).method("euler").name("one");
        one.set("v", "1 + i");
        // the reader added before the source: it reads v from the start of the step, as the single group does
        NeuronGroup src = new NeuronGroup(3, V_EQ, NS).method("euler").name("src");
        src.set("v", "1 + i");
        NeuronGroup reader = new NeuronGroup(3, X_EQ + "\nv : 1 (linked)", NS).method("euler").name("reader")
                .linkVariable("v", src, "v");
        StateMonitor a = new StateMonitor(one, "x");
        StateMonitor b = new StateMonitor(reader, "x");
        new Network(reader, src, one, a, b).run(Quantity.of(30, "ms"));
        for (int i = 0; i < 3; i++) assertArrayEquals(a.values("x", i), b.values("x", i), 0, "neuron " + i);
        assertArrayEquals(one.get("v"), reader.get("v"), 0);

        // the source added first: its update runs before the reader's, which then reads the new v:
        // v_{k+1} = v_k - dt*v_k/tau1, x_{k+1} = x_k + dt*(v_{k+1} - x_k)/tau2
        NeuronGroup src2 = new NeuronGroup(3, V_EQ, NS).method("euler").name("src");
        src2.set("v", "1 + i");
        NeuronGroup reader2 = new NeuronGroup(3, X_EQ + "\nv : 1 (linked)", NS).method("euler").name("reader")
                .linkVariable("v", src2, "v");
        new Network(src2, reader2).run(Quantity.of(30, "ms"));
        for (int i = 0; i < 3; i++) {
            double v = 1 + i, x = 0;
            for (int k = 0; k < 300; k++) {
                v = v - DT * v / 0.020;
                x = x + DT * (v - x) / 0.005;
            }
            assertEquals(x, reader2.get("x", i), 1e-12, "neuron " + i);
        }
    }

    @Test
    void aThresholdOnALinkedVariableSeesTheUpdateOfALaterGroup() {
        // the source ramps v by dt/tau = 0.01 per step and resets above 0.505; a reader added before it fires on the linked v
        // in the thresholds slot, after every group's update: in the same steps as the source
        NeuronGroup reader = new NeuronGroup(1, "dx/dt = -x/tau : 1\nv : 1 (linked)", NS).name("reader")
                .threshold("v > 0.505").method("exact");
        NeuronGroup src = new NeuronGroup(1, "dv/dt = 1/tau : 1", NS).name("src").threshold("v > 0.505")
                .reset("v = 0").method("euler");
        reader.linkVariable("v", src, "v");
        SpikeMonitor sr = new SpikeMonitor(reader), ss = new SpikeMonitor(src);
        new Network(reader, src, sr, ss).run(Quantity.of(20, "ms"));
        // v = k*dt/tau after k updates passes 0.505 at k = 51 (5.0 ms, step 50), then every 51 steps
        assertArrayEquals(new double[] {0.0050, 0.0101, 0.0152}, ss.t(), 1e-9);
        assertArrayEquals(ss.t(), sr.t(), 0);
    }

    @Test
    void indexedLinkGathersTheOtherGroupsValuesAtTheStartOfEachStep() {
        int[] index = {2, 0, 1, 2, 0};
        NeuronGroup one = new NeuronGroup(5, V_EQ + "\n" + X_EQ, NS).method("euler").name("one");
        one.set("v", new double[] {3, 1, 2, 3, 1}); // 1 + index[k]
        NeuronGroup src = new NeuronGroup(3, V_EQ, NS).method("euler").name("src");
        src.set("v", "1 + i");
        NeuronGroup reader = new NeuronGroup(5, X_EQ + "\nv : 1 (linked)", NS).method("euler").name("reader")
                .linkVariable("v", src, "v", index);
        assertArrayEquals(new double[] {3, 1, 2, 3, 1}, reader.get("v"), 0);
        StateMonitor a = new StateMonitor(one, "x", "v");
        StateMonitor b = new StateMonitor(reader, "x", "v");
        // the source first: the gather still gives the reader the values from the start of the step
        new Network(src, reader, one, a, b).run(Quantity.of(30, "ms"));
        for (int k = 0; k < 5; k++) {
            assertArrayEquals(a.values("x", k), b.values("x", k), 0, "neuron " + k);
            assertArrayEquals(a.values("v", k), b.values("v", k), 0, "neuron " + k);
            assertEquals(src.get("v", index[k]), reader.get("v", k), 0);
        }
    }

    @Test
    void subgroupsAndSharedVariablesLinkThroughAnIndex() {
        NeuronGroup h = new NeuronGroup(4, "vt : 1\nc : 1 (shared)", NS).name("source");
        h.set("vt", new double[] {10, 20, 30, 40});
        h.set("c", 7);
        NeuronGroup g = new NeuronGroup(2, "vt : 1 (linked)\nc : 1 (linked)", NS).name("part")
                .linkVariable("vt", Subgroup.of(h, 1, 3), "vt")
                .linkVariable("c", h, "c"); // shared: every neuron reads its one value, whatever the sizes
        assertArrayEquals(new double[] {20, 30}, g.get("vt"), 0);
        assertArrayEquals(new double[] {7, 7}, g.get("c"), 0);
        // links of links: a third group reads g's vt, that is h's vt[1:3]
        NeuronGroup third = new NeuronGroup(2, "u : 1 (linked)", NS).name("third").linkVariable("u", g, "vt");
        h.set("vt", new double[] {11, 21, 31, 41});
        new Network(h, g, third).run(Quantity.of(1, "ms"));
        assertArrayEquals(new double[] {21, 31}, g.get("vt"), 0);
        assertArrayEquals(new double[] {21, 31}, third.get("u"), 0);
    }

    @Test
    void storeAndRestoreLeaveTheLinkedGroupAlone() {
        NeuronGroup h = new NeuronGroup(2, "vt : 1", NS).name("source");
        h.set("vt", new double[] {1, 2});
        NeuronGroup g = follower(2).linkVariable("vt", h, "vt");
        Network net = new Network(g, h);
        net.store();
        net.run(Quantity.of(5, "ms"));
        double[] first = g.get("x");
        net.restore();
        assertArrayEquals(new double[] {0, 0}, g.get("x"), 0);
        net.run(Quantity.of(5, "ms"));
        assertArrayEquals(first, g.get("x"), 0);
    }

    /** Spikes and final x of a 5000-neuron source (3 blocks) read by a direct and a reversed indexed link. */
    static double[][] threeBlocks() {
        NeuronGroup src = new NeuronGroup(5000, "dv/dt = (1.2 - v)/tau + 0.5*xi/sqrt(tau) : 1", NS).method("euler")
                .threshold("v > 1").reset("v = 0").name("src").seed(11);
        src.set("v", "rand()");
        String eq = "dx/dt = (v - x)/tau2 : 1\nv : 1 (linked)";
        NeuronGroup direct = new NeuronGroup(5000, eq, NS).method("euler").threshold("v > 0.9").name("direct")
                .linkVariable("v", src, "v");
        int[] reversed = new int[5000];
        java.util.Arrays.setAll(reversed, k -> 4999 - k);
        NeuronGroup indexed = new NeuronGroup(5000, eq, NS).method("euler").threshold("v > 0.9").name("indexed")
                .linkVariable("v", src, "v", reversed);
        SpikeMonitor sd = new SpikeMonitor(direct), si = new SpikeMonitor(indexed);
        new Network(direct, src, indexed, sd, si).run(Quantity.of(20, "ms"));
        // each spike as index + 1e4*time (s): one array per monitor, compared exactly
        double[] ti = sd.t(), tj = si.t();
        int[] id = sd.i(), ij = si.i();
        for (int k = 0; k < ti.length; k++) ti[k] = id[k] + 1e4 * ti[k];
        for (int k = 0; k < tj.length; k++) tj[k] = ij[k] + 1e4 * tj[k];
        return new double[][] {ti, tj, direct.get("x"), indexed.get("x")};
    }

    @Test
    void linkedGroupsGiveTheSameResultsForAnyThreadCount() {
        int saved = org.snn4j.core.util.Parallel.threads();
        try {
            org.snn4j.core.util.Parallel.setThreads(1);
            double[][] one = threeBlocks();
            org.snn4j.core.util.Parallel.setThreads(2);
            double[][] two = threeBlocks();
            org.junit.jupiter.api.Assertions.assertTrue(one[0].length > 1000, "spikes: " + one[0].length);
            for (int k = 0; k < one.length; k++) assertArrayEquals(one[k], two[k], 0, "result " + k);
        } finally {
            org.snn4j.core.util.Parallel.setThreads(saved);
        }
    }

    // ------------------------------------------------------------------ errors

    @Test
    void errorsNameTheGroupAndTheVariable() {
        NeuronGroup h = new NeuronGroup(3, "vt : 1\nI : amp", NS).name("source");
        // not linked when the network builds
        String m = message(() -> new Network(follower(3)).run(Quantity.of(1, "ms")));
        assertContains(m, "NeuronGroup 'follower'", "the linked variable 'vt' is not linked", "linkVariable(\"vt\"");
        // read-only: reset, set(), on_pre, PoissonInput, (summed)
        m = message(() -> follower(3).reset("vt = 1"));
        assertContains(m, "NeuronGroup 'follower'", "in the reset", "cannot write the linked variable 'vt'");
        m = message(() -> follower(3).linkVariable("vt", h, "vt").set("vt", 2.0));
        assertContains(m, "NeuronGroup 'follower'", "cannot set the linked variable 'vt'", "it reads 'vt' of NeuronGroup 'source'");
        m = message(() -> follower(3).set("vt", "i"));
        assertContains(m, "cannot set the linked variable 'vt'", "link it");
        NeuronGroup g = follower(3).linkVariable("vt", h, "vt");
        m = message(() -> new Synapses(h, g, "", NS).onPre("vt_post += 1"));
        assertContains(m, "read-only variable 'vt_post'");
        m = message(() -> new PoissonInput(g, "vt", 10, Quantity.of(5, "Hz"), Quantity.of(0.1)));
        assertContains(m, "'vt' of NeuronGroup 'follower'", "linked (read-only)");
        m = message(() -> new Synapses(h, g, "s = 1 : 1\nvt_post = s : 1 (summed)", NS));
        assertContains(m, "'vt_post' cannot write 'vt' of 'follower'", "linked variable");
        // what links to what
        m = message(() -> follower(3).linkVariable("x", h, "vt"));
        assertContains(m, "NeuronGroup 'follower'", "cannot link 'x'", "not a linked variable", "'x : unit (linked)'");
        m = message(() -> follower(3).linkVariable("y", h, "vt"));
        assertContains(m, "no variable 'y'", "its linked variables: vt");
        m = message(() -> follower(3).linkVariable("vt", h, "vv"));
        assertContains(m, "cannot link 'vt' to 'vv' of NeuronGroup 'source'", "has no variable 'vv'", "did you mean 'vt'");
        m = message(() -> follower(3).linkVariable("vt", h, "I"));
        assertContains(m, "the dimensions differ ('vt' is 1, 'I' is amp)");
        m = message(() -> follower(2).linkVariable("vt", h, "vt"));
        assertContains(m, "the groups differ in size (2 and 3)", "index array");
        m = message(() -> follower(2).linkVariable("vt", h, "vt", new int[] {0, 1, 2}));
        assertContains(m, "the index array has 3 elements, but the group has 2 neurons");
        m = message(() -> follower(2).linkVariable("vt", h, "vt", new int[] {0, 3}));
        assertContains(m, "index[1] = 3 is outside [0, 3)");
        m = message(() -> new NeuronGroup(2, "a : 1 (linked, constant)", NS));
        assertContains(m, "in 'a : 1 (linked, constant)'", "cannot be combined");
        NeuronGroup p = new NeuronGroup(2, "a : 1 (linked)", NS).name("p");
        NeuronGroup q = new NeuronGroup(2, "b : 1 (linked)", NS).name("q").linkVariable("b", p, "a");
        m = message(() -> p.linkVariable("a", q, "b"));
        assertContains(m, "the links would form a cycle (p.a -> q.b -> p.a)");
    }
}
