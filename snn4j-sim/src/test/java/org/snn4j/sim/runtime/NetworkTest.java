package org.snn4j.sim.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.util.Parallel;
import org.snn4j.sim.codegen.RandomStreams;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.units.Quantity;

/** Network behaviour: errors, determinism across thread counts, store/restore, continuation, I/O. */
class NetworkTest {
    static final Namespace LIF_NS = Namespace.builder().constant("tau", 10, "ms").constant("sigma", 0.5)
            .constant("vt", 1).build();
    static final String NOISY = "dv/dt = (1.2 - v)/tau + sigma*sqrt(2/tau)*xi : 1 (unless refractory)";

    static NeuronGroup noisy(int n) {
        NeuronGroup g = new NeuronGroup(n, NOISY, LIF_NS).threshold("v > vt").reset("v = 0").refractory("2*ms")
                .method("euler");
        g.set("v", "rand()");
        return g;
    }

    @Test
    void unknownNamesInThresholdAndResetNameTheGroupAndIdentifier() {
        NeuronGroup g = new NeuronGroup(10, "dv/dt = -v/tau : 1", LIF_NS).name("exc");
        var e1 = assertThrows(IllegalArgumentException.class, () -> g.threshold("vv > 1"));
        assertTrue(e1.getMessage().contains("NeuronGroup 'exc'"), e1.getMessage());
        assertTrue(e1.getMessage().contains("threshold"), e1.getMessage());
        assertTrue(e1.getMessage().contains("unknown identifier 'vv'"), e1.getMessage());
        assertTrue(e1.getMessage().contains("did you mean 'v'"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> g.reset("v = 0", "u = v_reset"));
        assertTrue(e2.getMessage().contains("NeuronGroup 'exc'") && e2.getMessage().contains("reset")
                && e2.getMessage().contains("'v_reset'"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> g.reset("w += 1"));
        assertTrue(e3.getMessage().contains("unknown variable 'w'"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> g.threshold("v + 1"));
        assertTrue(e4.getMessage().contains("not a condition"), e4.getMessage());
        var e5 = assertThrows(IllegalArgumentException.class, () -> g.reset("v = 3*mV"));
        assertTrue(e5.getMessage().contains("cannot assign"), e5.getMessage());
        var e6 = assertThrows(IllegalArgumentException.class, () -> g.refractory("3*mV"));
        assertTrue(e6.getMessage().contains("must be a time or a condition"), e6.getMessage());
        var e7 = assertThrows(IllegalArgumentException.class, () -> g.get("w"));
        assertTrue(e7.getMessage().contains("NeuronGroup 'exc' has no variable 'w'"), e7.getMessage());
        var e8 = assertThrows(IllegalArgumentException.class,
                () -> new NeuronGroup(3, "dv/dt = -v/taux : 1", LIF_NS));
        assertTrue(e8.getMessage().contains("unknown identifier 'taux'"), e8.getMessage());
        var e9 = assertThrows(IllegalArgumentException.class, () -> g.set("v", Quantity.of(3, "mV")));
        assertTrue(e9.getMessage().contains("cannot set 'v'"), e9.getMessage());
        NeuronGroup timed = new NeuronGroup(3, "dv/dt = (1-v)/tau + t/second**2 : 1", LIF_NS).method("exact").name("timed");
        var e11 = assertThrows(IllegalArgumentException.class, () -> new Network(timed).run(Quantity.of(1, "ms")));
        assertTrue(e11.getMessage().contains("NeuronGroup 'timed'") && e11.getMessage().contains("exact"), e11.getMessage());
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalResults() {
        int saved = Parallel.threads();
        try {
            double[][] results = new double[2][];
            int[][] spikes = new int[2][];
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                NeuronGroup g = noisy(5000);  // three blocks of 2048
                SpikeMonitor s = new SpikeMonitor(g);
                new Network(g, s).run(Quantity.of(20, "ms"));
                results[threads - 1] = g.get("v");
                spikes[threads - 1] = s.i();
                assertTrue(s.numSpikes() > 1000, "spikes: " + s.numSpikes());
            }
            assertArrayEquals(results[0], results[1]);
            assertArrayEquals(spikes[0], spikes[1]);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void secondRunContinuesAndRestoreRepeats() {
        NeuronGroup a = noisy(300);
        SpikeMonitor sa = new SpikeMonitor(a);
        StateMonitor ma = new StateMonitor(a, List.of("v"), new int[] {0, 7});
        Network na = new Network(a, sa, ma);
        na.run(Quantity.of(30, "ms"));

        NeuronGroup b = noisy(300);
        SpikeMonitor sb = new SpikeMonitor(b);
        StateMonitor mb = new StateMonitor(b, List.of("v"), new int[] {0, 7});
        Network nb = new Network(b, sb, mb);
        nb.run(Quantity.of(10, "ms"));
        nb.store();
        double[] vStored = b.get("v");
        nb.run(Quantity.of(20, "ms"));
        assertEquals(0.030, nb.t(), 1e-12);
        assertArrayEquals(a.get("v"), b.get("v"));
        assertArrayEquals(sa.i(), sb.i());
        assertArrayEquals(sa.t(), sb.t());
        assertArrayEquals(ma.values("v", 1), mb.values("v", 1));
        assertEquals(300, mb.count());

        nb.restore();
        assertEquals(0.010, nb.t(), 1e-12);
        assertArrayEquals(vStored, b.get("v"));
        assertEquals(100, mb.count());
        nb.run(Quantity.of(20, "ms"));
        // the random streams depend on (seed, step, neuron): the repeat is identical
        assertArrayEquals(a.get("v"), b.get("v"));
        assertArrayEquals(sa.i(), sb.i());
        assertArrayEquals(sa.count(), sb.count());
    }

    @Test
    void setFromValuesArraysAndExpressions() {
        NeuronGroup g = new NeuronGroup(5, """
                dv/dt = (v0 - v)/tau : volt
                v0 : volt
                """, Namespace.builder().constant("tau", 10, "ms").constant("v0_max", 20, "mV").build());
        g.set("v0", "i*v0_max/(N-1)");
        assertArrayEquals(new double[] {0, 0.005, 0.010, 0.015, 0.020}, g.get("v0"), 1e-15);
        g.set("v", Quantity.of(-3, "mV"));
        assertArrayEquals(new double[] {-0.003, -0.003, -0.003, -0.003, -0.003}, g.get("v"), 0);
        g.set("v", "v0 + 1*mV");
        assertEquals(0.021, g.get("v", 4), 1e-15);
        g.set("v", new double[] {1, 2, 3, 4, 5});
        assertEquals(3, g.get("v", 2));
        g.set("v", "rand()*mV");
        double[] r1 = g.get("v");
        g.set("v", "rand()*mV");
        assertFalse(java.util.Arrays.equals(r1, g.get("v")), "each set() draws new numbers");
        // dv/dt = (v0 - v)/tau from v = 0: v(t) = v0 (1 - exp(-t/tau))
        g.set("v", Quantity.of(0, "volt"));
        new Network(g).run(Quantity.of(5, "ms"));
        for (int k = 0; k < 5; k++) assertEquals(k * 0.005 * (1 - Math.exp(-0.5)), g.get("v", k), 1e-15);
    }

    @Test
    void monitorIntervalCsvAndCodeDirectory(@TempDir Path dir) throws Exception {
        NeuronGroup g = new NeuronGroup(3, "dv/dt = (1-v)/tau : 1", LIF_NS).threshold("v > 0.5").reset("v = 0")
                .name("three");
        g.set("v", "i*0.2");
        StateMonitor m = new StateMonitor(g, List.of("v"), null, Quantity.of(1, "ms"));
        SpikeMonitor s = new SpikeMonitor(g);
        Network net = new Network(g, m, s).setCodeDirectory(dir);
        net.run(Quantity.of(10, "ms"));
        assertEquals(10, m.count());
        assertEquals(0.009, m.t()[9], 1e-12);
        m.toCsv(dir.resolve("v.csv"));
        List<String> lines = Files.readAllLines(dir.resolve("v.csv"));
        assertEquals("t,v[0],v[1],v[2]", lines.get(0));
        assertEquals(11, lines.size());
        assertTrue(lines.get(1).startsWith("0.0,0.0,0.2,0.4"), lines.get(1));
        s.toCsv(dir.resolve("spikes.csv"));
        List<String> sl = Files.readAllLines(dir.resolve("spikes.csv"));
        assertEquals("i,t", sl.get(0));
        assertEquals(s.numSpikes() + 1, sl.size());
        // neuron 2 (v0 = 0.4) crosses 0.5 at tau*ln(0.6/0.5) = 1.823 ms: the step starting at 1.8 ms
        assertEquals(0.0018, s.spikeTimes(2)[0], 1e-12);
        String source = Files.readString(dir.resolve("NeuronGroup_three.java"));
        assertTrue(source.contains("public final class NeuronGroup_three"), source);
        assertEquals(source, g.generatedSource());
        assertTrue(net.buildTime().toNanos() > 0);
        assertTrue(g.compileTime().toNanos() > 0 && g.compileTime().compareTo(net.buildTime()) <= 0);
        Path vPng = m.plot("v", 3, dir.resolve("v.png"));
        Path sPng = s.plot(dir.resolve("spikes.png"));
        for (Path p : List.of(vPng, sPng)) {
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(p), 4);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head, p.toString());
        }
        assertThrows(IllegalArgumentException.class,
                () -> new Network(g, new StateMonitor(g, List.of("v"), null, Quantity.of(0.25, "ms"))).run(Quantity.of(1, "ms")));
    }

    @Test
    void refractoryAsExpressionAndConditionAndFloat32() {
        // a time given as a string behaves like the Quantity
        NeuronGroup a = new NeuronGroup(1, "dv/dt = (1-v)/tau : 1 (unless refractory)", LIF_NS)
                .threshold("v > 0.8").reset("v = 0").refractory("5*ms").method("exact");
        SpikeMonitor sa = new SpikeMonitor(a);
        new Network(a, sa).run(Quantity.of(50, "ms"));
        assertArrayEquals(new double[] {0.016, 0.037}, sa.t(), 1e-12);
        // a condition: refractory while v is below 0.4 after a reset to 0 that does not clamp (v keeps rising)
        NeuronGroup c = new NeuronGroup(1, "dv/dt = (1-v)/tau : 1", LIF_NS)
                .threshold("v > 0.8").reset("v = 0").refractory("v < 0.9").method("exact");
        SpikeMonitor sc = new SpikeMonitor(c);
        new Network(c, sc).run(Quantity.of(50, "ms"));
        // the condition holds from the start (v = 0 < 0.9): not_refractory = not (v < 0.9) at the start of a step
        // first holds when v(t) = 1 - exp(-t/tau) >= 0.9, t >= tau*ln 10 = 23.03 ms, i.e. at 23.1 ms, and v > 0.8
        // then: spike at 23.1 ms. Reset to 0, v rises from 23.2 ms, and the same 23.1 ms later: 46.3 ms.
        assertArrayEquals(new double[] {0.0231, 0.0463}, sc.t(), 1e-12);
        // float32 storage stays within float precision of the double run
        NeuronGroup f = new NeuronGroup(1, "dv/dt = (1-v)/tau : 1 (unless refractory)", LIF_NS)
                .threshold("v > 0.8").reset("v = 0").refractory(Quantity.of(5, "ms")).method("exact").float32();
        SpikeMonitor sf = new SpikeMonitor(f);
        StateMonitor mf = new StateMonitor(f, "v");
        new Network(f, sf, mf).run(Quantity.of(15, "ms"));
        assertTrue(f.isFloat32());
        double[] v = mf.values("v", 0);
        for (int k = 0; k < v.length; k++) assertEquals(1 - Math.exp(-k * 1e-4 / 0.010), v[k], 1e-6);
    }

    @Test
    void refractoryTimeExpressionsAreEvaluatedAtEachSpike() {
        // a fast neuron (tau = 0.1 ms, drive 2, threshold 0.5) fires in the first step it is not refractory:
        // one step from v = 0 gives 2*(1 - e^-1) = 1.26 > 0.5. So each inter-spike interval equals the
        // refractory period (whole steps).
        Namespace ns = Namespace.of("tau", 0.1, "ms");
        NeuronGroup g = new NeuronGroup(2, "dv/dt = (2 - v)/tau : 1 (unless refractory)\nref : second", ns)
                .threshold("v > 0.5").reset("v = 0").refractory("ref").method("exact");
        g.set("ref", "(1 + i)*ms");
        SpikeMonitor s = new SpikeMonitor(g);
        new Network(g, s).run(Quantity.of(10, "ms"));
        double[] t0 = s.spikeTimes(0), t1 = s.spikeTimes(1);
        assertEquals(0.0, t0[0], 1e-12);  // the step at 0 takes v to 1.26
        for (int k = 1; k < t0.length; k++) assertEquals(0.001, t0[k] - t0[k - 1], 1e-9);
        for (int k = 1; k < t1.length; k++) assertEquals(0.002, t1[k] - t1[k - 1], 1e-9);
        assertEquals(10, t0.length);
        assertEquals(5, t1.length);
        assertArrayEquals(new double[] {0.001, 0.002}, g.get("_refractory"), 1e-15);

        // a random period, drawn once per spike: intervals are whole steps in [1 ms, 3 ms] and vary
        NeuronGroup r = new NeuronGroup(50, "dv/dt = (2 - v)/tau : 1 (unless refractory)", ns)
                .threshold("v > 0.5").reset("v = 0").refractory("(1 + 2*rand())*ms").method("exact");
        SpikeMonitor sr = new SpikeMonitor(r);
        new Network(r, sr).run(Quantity.of(30, "ms"));
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int n = 0; n < 50; n++) {
            double[] t = sr.spikeTimes(n);
            for (int k = 1; k < t.length; k++) {
                double isi = t[k] - t[k - 1];
                assertTrue(isi >= 0.001 - 1e-9 && isi <= 0.003 + 1e-9, "ISI " + isi);
                seen.add(Math.round(isi / 1e-4));
            }
        }
        assertTrue(seen.size() > 15, "interval values seen: " + seen);
    }

    @Test
    void subexpressionsInThresholdResetAndMonitors() {
        // I = drive*(1 + t/(10*ms)) rises with time; threshold on a subexpression; reset uses one
        Namespace ns = Namespace.builder().constant("tau", 10, "ms").constant("drive", 1).build();
        NeuronGroup g = new NeuronGroup(2, """
                dv/dt = (I - v)/tau : 1
                I = drive*(1 + t/(10*ms)) + i : 1
                above = v - 0.5 : 1
                """, ns).threshold("above > 0").reset("v = -above").method("euler").name("sub");
        StateMonitor m = new StateMonitor(g, List.of("v", "I"), new int[] {1});
        SpikeMonitor s = new SpikeMonitor(g);
        Network net = new Network(g, m, s);
        net.run(Quantity.of(5, "ms"));
        double[] t = m.t(), v = m.values("v", 0), current = m.values("I", 0);
        for (int k = 0; k < t.length; k++) assertEquals(1 + t[k] / 0.010 + 1, current[k], 1e-12);
        assertEquals(1 + 0.005 / 0.010 + 0, g.get("I")[0], 1e-12);
        assertEquals(g.get("v", 1) - 0.5, g.get("above")[1], 1e-15);
        // Euler by hand for neuron 1: v_{n+1} = v_n + dt*(I(t_n) - v_n)/tau, spike when v_{n+1} > 0.5, then
        // v = -(v - 0.5) = 0.5 - v
        double vv = 0;
        List<Double> spikes = new java.util.ArrayList<>();
        for (int n = 0; n < 50; n++) {
            double tn = n * 1e-4;
            assertEquals(vv, v[n], 1e-12, "v at step " + n);
            vv = vv + 1e-4 * ((2 + tn / 0.010) - vv) / 0.010;
            if (vv - 0.5 > 0) {
                spikes.add(tn);
                vv = 0.5 - vv;
            }
        }
        assertArrayEquals(spikes.stream().mapToDouble(Double::doubleValue).toArray(), s.spikeTimes(1), 1e-12);
        assertTrue(spikes.size() >= 1);
        var dup = assertThrows(IllegalArgumentException.class,
                () -> new Network(g, new NeuronGroup(1, "x : 1").name("sub")).run(Quantity.of(1, "ms")));
        assertTrue(dup.getMessage().contains("two groups in the network are named 'sub'"), dup.getMessage());
    }

    /**
     * With a multi-stage method, (unless refractory) must hold v constant through the stages (Brian2 zeroes its
     * derivative), so during refractoriness w follows dw/dt = (a*(v_c - El) - w)/tauw with v_c fixed:
     * w(s) = w_inf + (w0 - w_inf) exp(-s/tauw). Runs where the integrators offer rk4 (the real package).
     */
    @Test
    void unlessRefractoryHoldsVariablesThroughMultiStageMethods() {
        org.snn4j.sim.integrate.StateUpdater rk4;
        try {
            rk4 = org.snn4j.sim.integrate.StateUpdaters.byName("rk4");
        } catch (IllegalArgumentException e) {
            org.junit.jupiter.api.Assumptions.abort("no rk4 in this build of org.snn4j.sim.integrate");
            return;
        }
        assertNotNull(rk4);
        Namespace ns = Namespace.builder().constant("tau", 10, "ms").constant("tauw", 5, "ms").constant("El", 0)
                .constant("a", 0.5).build();
        NeuronGroup g = new NeuronGroup(1, "dv/dt = (1.5 - v)/tau - w/tau : 1 (unless refractory)\n"
                + "dw/dt = (a*(v - El) - w)/tauw : 1", ns)
                .threshold("v > 0.8").reset("v = 0.3").refractory(Quantity.of(5, "ms")).method("rk4");
        StateMonitor m = new StateMonitor(g, "v", "w");
        SpikeMonitor s = new SpikeMonitor(g);
        new Network(g, m, s).run(Quantity.of(30, "ms"));
        assertTrue(s.numSpikes() >= 1);
        double ts = s.t()[0];
        int k0 = (int) Math.round(ts / 1e-4) + 1;  // first sample after the reset
        double[] v = m.values("v", 0), w = m.values("w", 0);
        double wInf = 0.5 * 0.3, w0 = w[k0];
        for (int k = k0; k < k0 + 49; k++) {
            assertEquals(0.3, v[k], 0.0, "v clamped at step " + k);
            assertEquals(wInf + (w0 - wInf) * Math.exp(-(k - k0) * 1e-4 / 0.005), w[k], 1e-9, "w at step " + k);  // RK4 truncation ~1e-12 per step
        }
    }

    /** Equations may use lastspike: an exponentially decaying trace of the time since the last spike. */
    @Test
    void equationsMayReadLastspike() {
        NeuronGroup g = new NeuronGroup(1, """
                dv/dt = (1.2 - v)/tau : 1
                since = t - lastspike : second
                """, LIF_NS).threshold("v > 1").reset("v = 0").method("exact");
        StateMonitor m = new StateMonitor(g, "since");
        SpikeMonitor s = new SpikeMonitor(g);
        new Network(g, m, s).run(Quantity.of(30, "ms"));
        double ts = s.t()[0];  // v = 1.2(1 - e^{-t/tau}) crosses 1 at tau*ln 6 = 17.9 ms: step 17.9 ms
        assertEquals(0.0179, ts, 1e-12);
        double[] t = m.t(), since = m.values("since", 0);
        assertEquals(0.0 - NeuronGroup.LASTSPIKE_INIT, since[0], 1e-9);
        for (int k = 0; k < t.length; k++) if (t[k] > ts) assertEquals(t[k] - ts, since[k], 1e-12);
    }

    @Test
    void randomStreamsAreUniformAndNormal() {
        int n = 200_000;
        double s = 0, s2 = 0, u = 0;
        for (int k = 0; k < n; k++) {
            double z = RandomStreams.normal(1, k / 1000, k % 1000, 3);
            s += z;
            s2 += z * z;
            u += RandomStreams.uniform(1, k / 1000, k % 1000, 4);
        }
        assertEquals(0, s / n, 0.01);
        assertEquals(1, s2 / n, 0.01);
        assertEquals(0.5, u / n, 0.005);
        assertEquals(RandomStreams.uniform(9, 5, 6, 7), RandomStreams.uniform(9, 5, 6, 7));
    }
}
