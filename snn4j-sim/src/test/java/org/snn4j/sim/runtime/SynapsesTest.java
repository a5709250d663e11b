package org.snn4j.sim.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.snn4j.core.util.Parallel;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.units.Quantity;

/** Synapses: propagation times, connection counts, delays, STDP, summed variables, errors, memory. */
class SynapsesTest {
    static final double DT = 1e-4;

    /** Neurons that spike exactly at their time {@code ts} (one step), with a free variable v. */
    static NeuronGroup forced(int n, String extra, double... spikeTimes) {
        NeuronGroup g = new NeuronGroup(n, "v : 1\nts : second" + extra).threshold("abs(t - ts) < 0.5*dt");
        double[] ts = new double[n];
        java.util.Arrays.fill(ts, 1e3);
        System.arraycopy(spikeTimes, 0, ts, 0, spikeTimes.length);
        g.set("ts", ts);
        return g;
    }

    private static double[] chain(Quantity delay) {
        NeuronGroup g = forced(2, "", 0.005);  // neuron 0 spikes in step 50
        Synapses s = new Synapses(g, g).onPre("v_post += 0.5").delay(delay);
        s.connect(new int[] {0}, new int[] {1});
        StateMonitor m = new StateMonitor(g, "v");
        new Network(g, s, m).run(Quantity.of(10, "ms"));
        return m.values("v", 1);
    }

    @Test
    void twoNeuronChainJumpsExactlyAfterTheDelay() {
        // the monitor records at the start of a step: a jump applied in step k is first seen at index k+1
        double[] v = chain(Quantity.of(2, "ms"));
        for (int k = 0; k <= 70; k++) assertEquals(0.0, v[k], "step " + k);
        for (int k = 71; k < 100; k++) assertEquals(0.5, v[k], "step " + k);
        // delay 0: same step as the spike (after the threshold)
        double[] v0 = chain(Quantity.of(0, "ms"));
        for (int k = 0; k <= 50; k++) assertEquals(0.0, v0[k], "step " + k);
        for (int k = 51; k < 100; k++) assertEquals(0.5, v0[k], "step " + k);
    }

    @Test
    void delayZeroActsBeforeTheResetAndAfterTheThresholdOfTheSameStep() {
        // the target crosses its threshold only through the synapse: it spikes one step after the source
        NeuronGroup src = forced(1, "", 0.002);
        NeuronGroup tgt = new NeuronGroup(1, "v : 1").threshold("v > 0.4").reset("v = 0");
        Synapses s = new Synapses(src, tgt).onPre("v += 0.5");
        s.connect();
        SpikeMonitor ms = new SpikeMonitor(tgt);
        new Network(src, tgt, s, ms).run(Quantity.of(5, "ms"));
        assertArrayEquals(new double[] {0.0021}, ms.t(), 1e-12);
    }

    @Test
    void connectionCounts() {
        NeuronGroup a = new NeuronGroup(30, "x : 1");
        NeuronGroup b = new NeuronGroup(20, "y : 1");
        assertEquals(600, new Synapses(a, b).connect().size());
        NeuronGroup c = new NeuronGroup(25, "x : 1");
        Synapses noSelf = new Synapses(c, c).connect("i != j");
        assertEquals(600, noSelf.size());
        int[] ni = noSelf.i(), nj = noSelf.j();
        for (int k = 0; k < ni.length; k++) assertTrue(ni[k] != nj[k]);
        Synapses one = new Synapses(a, b).connect("i == j");
        assertEquals(20, one.size());
        assertArrayEquals(one.i(), one.j());
        assertEquals(20, new Synapses(a, b).connect("j == i").size());
        // generated conditions: |i - j| <= 1 on 10x10 has 10 + 2*9 pairs
        NeuronGroup d = new NeuronGroup(10, "x : 1");
        assertEquals(28, new Synapses(d, d).connect("abs(i - j) <= 1").size());
        // n synapses per pair
        assertEquals(30, new Synapses(d, d).connect("i == j", null, "3").size());
        assertEquals(0 + 1 + 2 + 3, new Synapses(d, d).connect("i == 0 and j < 4", null, "j").size());
        // probability from presynaptic variables: only neurons with x = 1 connect, with p = 1
        d.set("x", "int(i < 4)");
        assertEquals(40, new Synapses(d, d).connect(null, "x_pre", null).size());
        assertEquals(4 * 4 - 4, new Synapses(d, d).connect("x_post > 0.5 and x_pre > 0.5 and i != j").size());
        // explicit arrays, stored sorted by presynaptic neuron (stable within a row)
        Synapses e = new Synapses(d, d).connect(new int[] {2, 0, 2, 1}, new int[] {1, 3, 0, 0});
        assertEquals(4, e.size());
        assertArrayEquals(new int[] {0, 1, 2, 2}, e.i());
        assertArrayEquals(new int[] {3, 0, 1, 0}, e.j());
        // a second connect appends; existing variables follow their synapses
        Synapses w = new Synapses(d, d, "w : 1").connect(new int[] {3, 1}, new int[] {5, 6});
        w.set("w", new double[] {1, 3});  // synapse order: (1,6), (3,5)
        w.connect(new int[] {1, 0}, new int[] {2, 9});
        assertArrayEquals(new int[] {0, 1, 1, 3}, w.i());
        assertArrayEquals(new int[] {9, 6, 2, 5}, w.j());
        assertArrayEquals(new double[] {0, 1, 0, 3}, w.get("w"));
        assertArrayEquals(new int[] {1, 2, 0, 1, 0, 0, 0, 0, 0, 0}, w.outgoing());
    }

    @Test
    void randomConnectionsMatchTheExpectedCountAndIgnoreTheThreadCount() {
        int saved = Parallel.threads();
        try {
            int[][] is = new int[2][], js = new int[2][];
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                NeuronGroup g = new NeuronGroup(4000, "v : 1");
                Synapses s = new Synapses(g, g).seed(42).connect(0.02);
                is[threads - 1] = s.i();
                js[threads - 1] = s.j();
            }
            // 16e6 pairs, p = 0.02: mean 320000, sigma = sqrt(16e6*0.02*0.98) = 560
            assertEquals(320_000, is[0].length, 5 * 560);
            assertArrayEquals(is[0], is[1]);
            assertArrayEquals(js[0], js[1]);
            // the kept pairs are uniform over j: half of them have j < 2000 (sigma = sqrt(n)/2)
            long low = java.util.Arrays.stream(js[0]).filter(x -> x < 2000).count();
            assertEquals(is[0].length / 2.0, low, 5 * Math.sqrt(is[0].length) / 2);
            // a condition with a constant probability: candidates drawn by skips, then tested
            NeuronGroup h = new NeuronGroup(200, "v : 1");
            Synapses half = new Synapses(h, h).seed(7).connect("i != j", 0.5);
            assertEquals(0.5 * 200 * 199, half.size(), 5 * Math.sqrt(200 * 199 * 0.25));
            int[] hi = half.i(), hj = half.j();
            for (int k = 0; k < hi.length; k++) assertTrue(hi[k] != hj[k]);
            // a probability expression is drawn per pair: p = j/N_post keeps sum_j j/200 = 99.5 per row
            Synapses ramp = new Synapses(h, h).seed(7).connect(null, "j/N_post", null);
            assertEquals(200 * 99.5, ramp.size(), 5 * Math.sqrt(200 * 200 * 0.25));
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void heterogeneousDelays() {
        NeuronGroup src = forced(1, "", 0.001);  // spikes in step 10
        NeuronGroup tgt = new NeuronGroup(4, "v : 1");
        Synapses s = new Synapses(src, tgt).onPre("v += 1");
        s.connect();
        s.delay("j*1*ms");
        assertArrayEquals(new double[] {0, 1e-3, 2e-3, 3e-3}, s.get("delay"), 1e-18);
        StateMonitor m = new StateMonitor(tgt, "v");
        new Network(src, tgt, s, m).run(Quantity.of(6, "ms"));
        for (int j = 0; j < 4; j++) {
            double[] v = m.values("v", j);
            int due = 10 + 10 * j;  // the step whose synapses slot applies the jump
            for (int k = 0; k <= due; k++) assertEquals(0.0, v[k], "neuron " + j + " step " + k);
            for (int k = due + 1; k < v.length; k++) assertEquals(1.0, v[k], "neuron " + j + " step " + k);
        }
        assertEquals(4, s.events());
    }

    @Test
    void codeMayReadDelayAndIndices() {
        NeuronGroup src = forced(2, "", 0.001, 0.001);
        NeuronGroup tgt = new NeuronGroup(3, "v : 1\nu : 1");
        Synapses het = new Synapses(src, tgt).onPre("v += delay/ms + 10*i + 100*j");
        het.connect();
        het.delay("0*ms");
        Synapses hom = new Synapses(src, tgt).onPre("u += delay/ms").delay(Quantity.of(0.5, "ms"));
        hom.connect();
        new Network(src, tgt, het, hom).run(Quantity.of(2, "ms"));
        // v[j] = sum over i of (0 + 10*i + 100*j): 10 + 200*j; u[j] = 2 synapses * 0.5
        assertArrayEquals(new double[] {10, 210, 410}, tgt.get("v"), 1e-12);
        assertArrayEquals(new double[] {1, 1, 1}, tgt.get("u"), 1e-12);
        var e = assertThrows(IllegalArgumentException.class, () -> new Synapses(src, tgt).onPre("v += lastupdate/ms"));
        assertTrue(e.getMessage().contains("unknown identifier 'lastupdate'"), e.getMessage());
    }

    static final Namespace STDP = Namespace.builder().constant("taupre", 20, "ms").constant("taupost", 20, "ms")
            .constant("Apre", 0.01).constant("Apost", -0.0105).constant("wmax", 1).build();
    static final String STDP_MODEL = """
            w : 1
            dapre/dt = -apre/taupre : 1 (event-driven)
            dapost/dt = -apost/taupost : 1 (event-driven)
            """;

    private static Synapses stdpPair(double tPre, double tPost) {
        NeuronGroup pre = forced(1, "", tPre);
        NeuronGroup post = forced(1, "\nge : 1", tPost);
        Synapses s = new Synapses(pre, post, STDP_MODEL, STDP)
                .onPre("ge += w\napre += Apre\nw = clip(w + apost, 0, wmax)")
                .onPost("apost += Apost\nw = clip(w + apre, 0, wmax)");
        s.connect();
        s.set("w", 0.5);
        new Network(pre, post, s).run(Quantity.of(30, "ms"));
        assertEquals(0.5, post.get("ge", 0), 0.0);  // ge got w at the presynaptic spike
        return s;
    }

    @Test
    void stdpPairChangesTheWeightByTheExactTrace() {
        // pre at 10 ms, post at 15 ms: potentiation by Apre*exp(-5 ms/taupre)
        Synapses s = stdpPair(0.010, 0.015);
        assertEquals(0.5 + 0.01 * Math.exp(-5.0 / 20), s.get("w", 0), 1e-12);
        assertEquals(0.015, s.get("lastupdate", 0), 1e-15);
        assertEquals(0.01 * Math.exp(-5.0 / 20), s.get("apre", 0), 1e-12);
        assertEquals(-0.0105, s.get("apost", 0), 1e-15);
        // post at 10 ms, pre at 15 ms: depression by Apost*exp(-5 ms/taupost)
        Synapses r = stdpPair(0.015, 0.010);
        assertEquals(0.5 - 0.0105 * Math.exp(-5.0 / 20), r.get("w", 0), 1e-12);
    }

    @Test
    void summedVariableEqualsTheHandSum() {
        NeuronGroup src = new NeuronGroup(3, "x : 1");
        src.set("x", new double[] {1, 2, 4});
        NeuronGroup tgt = new NeuronGroup(2, "dv/dt = -v/(10*ms) : 1\nI : 1");
        Synapses s = new Synapses(src, tgt, "w : 1\nI_post = w*x_pre : 1 (summed)");
        s.connect(new int[] {0, 1, 2, 2}, new int[] {0, 0, 0, 1});
        s.set("w", new double[] {0.5, 0.25, 2, 3});
        new Network(src, tgt, s).run(Quantity.of(0.1, "ms"));
        assertArrayEquals(new double[] {0.5 * 1 + 0.25 * 2 + 2 * 4, 3 * 4}, tgt.get("I"), 0.0);
        src.set("x", new double[] {0, 0, 1});
        new Network(src, tgt, s).run(Quantity.of(0.1, "ms"));
        assertArrayEquals(new double[] {2, 3}, tgt.get("I"), 0.0);
    }

    @Test
    void clockDrivenSynapticVariablesAreIntegratedEveryStep() {
        NeuronGroup src = forced(1, "", 0.001);
        NeuronGroup tgt = new NeuronGroup(1, "g : 1");
        Synapses s = new Synapses(src, tgt, "dgs/dt = -gs/(5*ms) : 1 (clock-driven)\ng_post = gs : 1 (summed)")
                .onPre("gs += 1").method("exact");
        s.connect();
        StateMonitor m = new StateMonitor(tgt, "g");
        new Network(src, tgt, s, m).run(Quantity.of(3, "ms"));
        // gs jumps to 1 in step 10 (synapses slot); in step 11 the summed copy (before the update) reads 1,
        // then gs decays by exp(-dt/5ms) per step
        double[] g = m.values("g", 0);
        assertEquals(0.0, g[11], 0.0);
        assertEquals(1.0, g[12], 0.0);
        assertEquals(Math.exp(-10 * DT / 0.005), g[22], 1e-12);
    }

    @Test
    void errorsNameTheSynapsesAndTheCulprit() {
        NeuronGroup src = new NeuronGroup(3, "v : 1").name("src");
        NeuronGroup tgt = new NeuronGroup(5, "v : 1\nge : 1").name("tgt");
        Synapses s = new Synapses(src, tgt, "w : 1").name("syn");
        var e1 = assertThrows(IllegalArgumentException.class, () -> s.connect(new int[] {0, 5}, new int[] {1, 1}));
        assertEquals("Synapses 'syn': connect: i[1] = 5 is out of range for the source 'src' of size 3 (valid: 0 to 2)", e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> s.connect(new int[] {0, 1, 2}, new int[] {1, -1, 4}));
        assertEquals("Synapses 'syn': connect: j[1] = -1 is out of range for the target 'tgt' of size 5 (valid: 0 to 4)", e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> s.onPre("v_post += ww"));
        assertEquals("Synapses 'syn': in on_pre: in 'v_post += ww': unknown identifier 'ww' (did you mean 'w'?)",
                e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> s.onPost("gee += w"));
        assertTrue(e4.getMessage().startsWith("Synapses 'syn': in on_post: ") && e4.getMessage().contains("'gee'"),
                e4.getMessage());
        var e5 = assertThrows(IllegalArgumentException.class, () -> s.connect("k != j"));
        assertTrue(e5.getMessage().startsWith("Synapses 'syn': in the connect condition: ")
                && e5.getMessage().contains("unknown identifier 'k'"), e5.getMessage());
        var e6 = assertThrows(IllegalArgumentException.class,
                () -> new Synapses(src, tgt, "w : 1\nI_post = w : 1 (summed)").name("x"));
        assertTrue(e6.getMessage().contains("the (summed) variable 'I_post' needs a parameter 'I' in the postsynaptic "
                + "group 'tgt'"), e6.getMessage());
        var e7 = assertThrows(IllegalArgumentException.class, () -> new Synapses(src, tgt, "ge : 1"));
        assertTrue(e7.getMessage().contains("the synaptic variable 'ge' has the same name as a variable of the "
                + "postsynaptic group 'tgt'"), e7.getMessage());
        var e8 = assertThrows(IllegalArgumentException.class,
                () -> new Synapses(src, tgt, "dx/dt = -x**2/second : 1 (event-driven)"));
        assertTrue(e8.getMessage().contains("cannot be solved exactly between events"), e8.getMessage());
        var e9 = assertThrows(IllegalArgumentException.class, () -> s.set("w", "rand()"));
        assertTrue(e9.getMessage().contains("before connect()"), e9.getMessage());
        var e10 = assertThrows(IllegalArgumentException.class, () -> s.onPre("ge += 1*mV"));
        assertTrue(e10.getMessage().contains("cannot add"), e10.getMessage());
    }

    @Test
    void setFromExpressionsIsSeededPerSynapse() {
        NeuronGroup g = new NeuronGroup(50, "x : 1");
        g.set("x", "i");
        Synapses a = new Synapses(g, g, "w : 1", Namespace.builder().constant("w_max", 2).build()).seed(3)
                .connect("i != j", 0.3);
        a.set("w", "rand()*w_max + 0*x_pre");
        Synapses b = new Synapses(g, g, "w : 1", Namespace.builder().constant("w_max", 2).build()).seed(3)
                .connect("i != j", 0.3);
        b.set("w", "rand()*w_max");
        assertArrayEquals(a.get("w"), b.get("w"));
        double mean = java.util.Arrays.stream(a.get("w")).average().orElseThrow();
        // uniform on [0, 2): mean 1, sd of the mean 0.577/sqrt(n), n about 735
        assertEquals(1.0, mean, 5 * 0.577 / Math.sqrt(a.size()));
        a.set("w", "x_pre + 10*x_post");
        for (int k = 0; k < a.size(); k++) assertEquals(a.i()[k] + 10 * a.j()[k], a.get("w", k), 0.0);
    }

    @Test
    void staticSynapsesFitInTwelveBytes() {
        NeuronGroup g = new NeuronGroup(1000, "v : 1");
        Synapses constant = new Synapses(g, g).onPre("v_post += 0.001");
        constant.connect();
        assertEquals(1_000_000, constant.size());
        assertEquals(4 + 4.0 * 1001 / 1e6, constant.bytesPerSynapse(), 1e-12);
        Synapses weighted = new Synapses(g, g, "w : 1").float32().onPre("v_post += w");
        weighted.connect();
        weighted.set("w", 0.001);
        assertEquals(8 + 4.0 * 1001 / 1e6, weighted.bytesPerSynapse(), 1e-12);
        Synapses dbl = new Synapses(g, g, "w : 1").onPre("v_post += w");
        dbl.connect();
        assertEquals(12 + 4.0 * 1001 / 1e6, dbl.bytesPerSynapse(), 1e-12);
        // after a build (homogeneous delay, no on_post) nothing is added per synapse
        new Network(g, weighted).run(Quantity.of(0.2, "ms"));
        assertEquals(8 + 4.0 * 1001 / 1e6, weighted.bytesPerSynapse(), 1e-12);
    }

    private static Object[] plasticRun(boolean storeAndRestore) {
        NeuronGroup g = NetworkTest.noisy(200).name("g");
        NeuronGroup tgt = new NeuronGroup(50, "dv/dt = -v/(10*ms) : 1\nge : 1").threshold("v > 0.3").reset("v = 0")
                .name("tgt");
        Synapses s = new Synapses(g, tgt, STDP_MODEL, STDP).name("stdp")
                .onPre("v += 0.02*w\nge += w\napre += Apre\nw = clip(w + apost, 0, wmax)")
                .onPost("apost += Apost\nw = clip(w + apre, 0, wmax)");
        s.connect(0.2);
        s.set("w", "rand()");
        s.delay("rand()*3*ms");
        SpikeMonitor m = new SpikeMonitor(tgt);
        Network net = new Network(g, tgt, s, m);
        net.run(Quantity.of(10, "ms"));
        if (storeAndRestore) {
            net.store();
            net.run(Quantity.of(15, "ms"));
            net.restore();
        }
        net.run(Quantity.of(15, "ms"));
        assertTrue(m.numSpikes() > 10, "spikes: " + m.numSpikes());
        return new Object[] {s.get("w"), tgt.get("v"), m.i(), s.events()};
    }

    @Test
    void storeAndRestoreRepeatPlasticRunsWithPendingDelayedSpikes() {
        Object[] a = plasticRun(false);
        Object[] b = plasticRun(true);
        assertArrayEquals((double[]) a[0], (double[]) b[0]);
        assertArrayEquals((double[]) a[1], (double[]) b[1]);
        assertArrayEquals((int[]) a[2], (int[]) b[2]);
        assertEquals(a[3], b[3]);
    }

    @Test
    void twoSynapsesMayNotWriteTheSameSummedVariable() {
        NeuronGroup src = new NeuronGroup(2, "x : 1");
        NeuronGroup tgt = new NeuronGroup(2, "I : 1").name("tgt");
        Synapses a = new Synapses(src, tgt, "I_post = x_pre : 1 (summed)").name("a").connect();
        Synapses b = new Synapses(src, tgt, "I_post = 2*x_pre : 1 (summed)").name("b").connect();
        var e = assertThrows(IllegalArgumentException.class, () -> new Network(src, tgt, a, b).run(Quantity.of(1, "ms")));
        assertEquals("the Synapses 'a' and 'b' both write the (summed) variable tgt.I; sum into different parameters",
                e.getMessage());
    }

    @Test
    void synapseMonitorRecordsWeightsAtTheStartOfEachStep() {
        NeuronGroup pre = forced(1, "", 0.010);
        NeuronGroup post = forced(1, "\nge : 1", 0.015);
        Synapses s = new Synapses(pre, post, STDP_MODEL, STDP)
                .onPre("ge += w\napre += Apre\nw = clip(w + apost, 0, wmax)")
                .onPost("apost += Apost\nw = clip(w + apre, 0, wmax)");
        s.connect();
        s.set("w", 0.5);
        SynapseMonitor m = new SynapseMonitor(s, java.util.List.of("w", "apre"), null);
        new Network(pre, post, s, m).run(Quantity.of(20, "ms"));
        double[] w = m.values("w", 0), apre = m.values("apre", 0);
        assertEquals(200, w.length);
        assertEquals(0.5, w[150], 0.0);  // the post spike acts in step 150, seen from step 151
        assertEquals(0.5 + 0.01 * Math.exp(-5.0 / 20), w[151], 1e-12);
        assertEquals(0.0, apre[100], 0.0);
        assertEquals(0.01, apre[101], 1e-15);  // event-driven: not decayed between events
        assertEquals(0.01, apre[150], 1e-15);
    }

    @Test
    void subgroupsAsSourceAndTargetCountFromTheirStart() {
        // neuron 2 (excitatory part [0:6]) spikes at 1 ms, neuron 7 (inhibitory part [6:10]) at 2 ms
        NeuronGroup p = forced(10, "\nge : 1\ngi : 1\nI : 1", 1e3, 1e3, 0.001, 1e3, 1e3, 1e3, 1e3, 0.002).name("P");
        p.set("I", -1.0);
        Synapses ce = new Synapses(Subgroup.of(p, 0, 6), Subgroup.all(p), "", Namespace.builder().build())
                .onPre("ge += 1 + i");
        ce.connect("j == i + 1");
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, ce.j());
        Synapses ci = new Synapses(Subgroup.of(p, 6, 10), Subgroup.of(p, 2, 5), "", Namespace.builder().build())
                .onPre("gi += 1 + j + 0*v_pre");
        ci.connect();
        assertEquals(12, ci.size());
        Synapses sum = new Synapses(Subgroup.of(p, 0, 6), Subgroup.of(p, 6, 10), "I_post = 1 + 0*ge_pre : 1 (summed)",
                Namespace.builder().build());
        sum.connect();
        new Network(p, ce, ci, sum).run(Quantity.of(3, "ms"));
        assertArrayEquals(new double[] {0, 0, 0, 3, 0, 0, 0, 0, 0, 0}, p.get("ge"));
        assertArrayEquals(new double[] {0, 0, 1, 2, 3, 0, 0, 0, 0, 0}, p.get("gi"));
        assertArrayEquals(new double[] {-1, -1, -1, -1, -1, -1, 6, 6, 6, 6}, p.get("I"));
        var e = assertThrows(IllegalArgumentException.class, () -> ce.connect(new int[] {6}, new int[] {0}));
        assertTrue(e.getMessage().endsWith("connect: i[0] = 6 is out of range for the source 'P[0:6]' of size 6 (valid: 0 to 5)"),
                e.getMessage());
    }

    @Test
    void aTargetSwitchedToFloat32AfterARunGetsNewCode() {
        NeuronGroup src = forced(2, "", 0.001, 0.003);
        NeuronGroup tgt = new NeuronGroup(2, "v : 1");
        Synapses s = new Synapses(src, tgt).onPre("v += 0.25");
        s.connect(new int[] {0, 1}, new int[] {0, 1});
        Network net = new Network(src, tgt, s);
        net.run(Quantity.of(2, "ms"));
        tgt.float32();
        net.run(Quantity.of(2, "ms"));
        assertArrayEquals(new double[] {0.25, 0.25}, tgt.get("v"));
    }

    private static double[][] busy(boolean heterogeneous) {
        NeuronGroup src = new NeuronGroup(2000, "x : 1").threshold("rand() < 0.05");
        src.set("x", "i/N");
        NeuronGroup tgt = new NeuronGroup(1000, "dv/dt = -v/(10*ms) : 1\nge : 1");
        Synapses s = new Synapses(src, tgt, "w : 1").name("busy").onPre("v_post += w*x_pre\nge += rand()\nw *= 0.99");
        s.connect(0.1);
        s.set("w", "rand()");
        if (heterogeneous) s.delay("rand()*2*ms");
        new Network(src, tgt, s).run(Quantity.of(3, "ms"));
        // about 30 steps x 100 spikes x 100 synapses (fewer with delays up to 2 ms): a busy queue, not a statistic
        assertTrue(s.events() > 150_000, "events: " + s.events());
        return new double[][] {tgt.get("v"), tgt.get("ge"), s.get("w")};
    }

    @Test
    void parallelOnPreOverTargetRangesEqualsTheSequentialOrder() {
        int saved = Parallel.threads();
        int savedEvents = Synapses.parallelEvents;
        try {
            for (boolean het : new boolean[] {false, true}) {
                Synapses.parallelEvents = Integer.MAX_VALUE;
                Parallel.setThreads(1);
                double[][] sequential = busy(het);
                Synapses.parallelEvents = 0;
                Parallel.setThreads(2);
                double[][] parallel = busy(het);
                for (int k = 0; k < 3; k++) assertArrayEquals(sequential[k], parallel[k], "heterogeneous=" + het + " " + k);
            }
        } finally {
            Parallel.setThreads(saved);
            Synapses.parallelEvents = savedEvents;
        }
    }

    @Test
    void incomingOutgoingSubexpressionsPresynapticSumsAndClockDrivenWithPostVariables() {
        // 3 sources, 2 targets: synapses 0->0, 1->0, 2->0, 2->1; N_incoming = (3, 1), N_outgoing = (1, 1, 2)
        NeuronGroup src = forced(3, "\nJ : 1", 1e3, 1e3, 0.001);
        NeuronGroup tgt = new NeuronGroup(2, "v : 1\nu : 1");
        tgt.set("u", new double[] {2, 4});
        Synapses s = new Synapses(src, tgt, """
                w : 1
                weff = w/N_incoming : 1
                dg/dt = (u_post - g)/(10*ms) : 1 (clock-driven)
                J_pre = g/N_outgoing : 1 (summed)
                """).onPre("v_post += weff").method("euler");
        s.connect(new int[] {0, 1, 2, 2}, new int[] {0, 0, 0, 1});
        s.set("w", 6.0);
        s.set("g", "N_incoming + 0*N_outgoing");
        assertArrayEquals(new double[] {3, 3, 3, 1}, s.get("g"));
        new Network(src, tgt, s).run(Quantity.of(2, "ms"));
        // neuron 2 spikes at 1 ms: v[0] += 6/3, v[1] += 6/1
        assertArrayEquals(new double[] {2, 6}, tgt.get("v"), 0.0);
        // g relaxes to u_post by euler steps: g_n = u + (g0 - u)*(1 - dt/tau)^n, 20 steps
        double f = Math.pow(1 - 1e-4 / 0.01, 20);
        double[] g = s.get("g");
        double[] want = {2 + (3 - 2) * f, 2 + (3 - 2) * f, 2 + (3 - 2) * f, 4 + (1 - 4) * f};
        assertArrayEquals(want, g, 1e-12);
        // J_pre is written before the update of the last step: from g after 19 steps
        double f19 = Math.pow(1 - 1e-4 / 0.01, 19);
        double g0 = 2 + f19, g3 = 4 - 3 * f19;
        assertArrayEquals(new double[] {g0, g0, (g0 + g3) / 2}, src.get("J"), 1e-12);
    }

    @Test
    void unseededSynapsesAndSubgroupsDrawIndependentConnections() {
        NeuronGroup p = new NeuronGroup(400, "v : 1");
        // two sources of the same size in one group (CUBA's excitatory and inhibitory parts)
        Synapses ce = new Synapses(Subgroup.of(p, 0, 200), Subgroup.all(p), "", Namespace.builder().build()).seed(1)
                .connect(0.1);
        Synapses ci = new Synapses(Subgroup.of(p, 200, 400), Subgroup.all(p), "", Namespace.builder().build()).seed(1)
                .connect(0.1);
        assertTrue(!java.util.Arrays.equals(ce.j(), ci.j()));
        // unseeded synapses with different names between the same groups
        Synapses a = new Synapses(p, p).name("ampa").connect(0.1);
        Synapses b = new Synapses(p, p).name("nmda").connect(0.1);
        assertTrue(!java.util.Arrays.equals(a.j(), b.j()));
        // the same name (and no seed) repeats the connections
        assertArrayEquals(a.j(), new Synapses(p, p).name("ampa").connect(0.1).j());
        // overlap of two independent p = 0.1 draws: about 0.01 of the 160,000 pairs (sigma about 40)
        java.util.Set<Long> pairs = new java.util.HashSet<>();
        int[] ai = a.i(), aj = a.j(), bi = b.i(), bj = b.j();
        for (int k = 0; k < ai.length; k++) pairs.add(ai[k] * 1000L + aj[k]);
        int common = 0;
        for (int k = 0; k < bi.length; k++) if (pairs.contains(bi[k] * 1000L + bj[k])) common++;
        assertEquals(1600, common, 5 * 40);
    }

    @Test
    void spikeGeneratorAndPoissonSourcesDriveSynapses() {
        // generator: neuron 1 at 1 ms and 2 ms; delay 1.5 ms: jumps applied in steps 25 and 35
        NeuronGroup gen = SpikeGeneratorGroup.create(2, new int[] {1, 1}, new double[] {1, 2}, "ms");
        NeuronGroup tgt = new NeuronGroup(1, "v : 1");
        Synapses s = new Synapses(gen, tgt).onPre("v += 1").delay(Quantity.of(1.5, "ms"));
        s.connect();
        StateMonitor m = new StateMonitor(tgt, "v");
        new Network(gen, tgt, s, m).run(Quantity.of(5, "ms"));
        double[] v = m.values("v", 0);
        assertEquals(0.0, v[25], 0.0);
        assertEquals(1.0, v[26], 0.0);
        assertEquals(1.0, v[35], 0.0);
        assertEquals(2.0, v[36], 0.0);
        // Poisson source: every spike delivered once to each of 3 targets
        NeuronGroup poisson = PoissonGroup.create(50, Quantity.of(200, "Hz"));
        NeuronGroup count = new NeuronGroup(3, "n : 1");
        Synapses ps = new Synapses(poisson, count).onPre("n += 1");
        ps.connect();
        SpikeMonitor sm = new SpikeMonitor(poisson);
        new Network(poisson, count, ps, sm).run(Quantity.of(20, "ms"));
        assertTrue(sm.numSpikes() > 50, "spikes " + sm.numSpikes());
        assertArrayEquals(new double[] {sm.numSpikes(), sm.numSpikes(), sm.numSpikes()}, count.get("n"));
    }

    @Test
    void everyOnPreRunsBeforeAnyOnPostAsBrian2Orders() {
        NeuronGroup pre = forced(1, "", 0.001);
        NeuronGroup post = forced(1, "\nx : 1\ny : 1", 0.001);
        Synapses a = new Synapses(pre, post).name("a").onPost("x_post = 5");
        a.connect();
        Synapses b = new Synapses(pre, post).name("b").onPre("y_post = x_post + 1");
        b.connect();
        // a is added first, but b's on_pre (order -1) runs before a's on_post (order 1) in the same step
        new Network(pre, post, a, b).run(Quantity.of(2, "ms"));
        assertEquals(5.0, post.get("x", 0), 0.0);
        assertEquals(1.0, post.get("y", 0), 0.0);
    }
}
