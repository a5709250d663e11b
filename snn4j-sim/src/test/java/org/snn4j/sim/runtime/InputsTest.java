package org.snn4j.sim.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.util.Parallel;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.units.Quantity;

/** PoissonGroup, PoissonInput, SpikeGeneratorGroup, TimedArray, PopulationRateMonitor, EventMonitor. */
class InputsTest {
    static final double DT = 1e-4;

    // ------------------------------------------------------------------ SpikeGeneratorGroup

    @Test
    void spikeGeneratorEmitsInTheStepContainingEachTime() {
        // bins int((t + 1e-3*dt)/dt): 0 -> 0, 0.1 ms -> 1, 0.25 ms -> 2, 0.3 ms (3*0.1 with rounding) -> 3,
        // 1.0 ms -> 10, 2.35 ms -> 23; unsorted input is sorted by time, then index
        NeuronGroup g = SpikeGeneratorGroup.create(3, new int[] {1, 0, 2, 2, 0, 1},
                new double[] {2.35, 0, 0.25, 0.1 * 3, 1.0, 0.1}, "ms");
        SpikeMonitor m = new SpikeMonitor(g);
        new Network(g, m).run(Quantity.of(3, "ms"));
        assertArrayEquals(new int[] {0, 1, 2, 2, 0, 1}, m.i());
        double[] want = {0, 1 * DT, 2 * DT, 3 * DT, 10 * DT, 23 * DT};
        assertArrayEquals(want, m.t(), 1e-15);
    }

    @Test
    void spikeGeneratorRepeatsWithItsPeriod() {
        NeuronGroup g = SpikeGeneratorGroup.create(2, new int[] {0, 1}, new double[] {1, 2.5}, "ms",
                Quantity.of(5, "ms"));
        SpikeMonitor m = new SpikeMonitor(g);
        new Network(g, m).run(Quantity.of(20, "ms"));
        assertArrayEquals(new double[] {0.001, 0.006, 0.011, 0.016}, m.spikeTimes(0), 1e-12);
        assertArrayEquals(new double[] {0.0025, 0.0075, 0.0125, 0.0175}, m.spikeTimes(1), 1e-12);
    }

    @Test
    void spikeGeneratorErrors() {
        NeuronGroup g = SpikeGeneratorGroup.create(2, new int[] {0, 0}, new double[] {1.0, 1.05}, "ms");
        var e = assertThrows(IllegalArgumentException.class, () -> new Network(g).run(Quantity.of(1, "ms")));
        assertTrue(e.getMessage().contains("neuron 0 spikes more than once during a time step"), e.getMessage());
        // with a finer dt the same spikes are fine
        NeuronGroup g2 = SpikeGeneratorGroup.create(2, new int[] {0, 0}, new double[] {1.0, 1.05}, "ms");
        new Network(g2).setDt(Quantity.of(0.01, "ms")).run(Quantity.of(2, "ms"));
        e = assertThrows(IllegalArgumentException.class,
                () -> SpikeGeneratorGroup.create(2, new int[] {2}, new double[] {1}, "ms"));
        assertTrue(e.getMessage().contains("index 2, outside [0, 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SpikeGeneratorGroup.create(2, new int[] {0}, new double[] {-1}, "ms"));
        assertTrue(e.getMessage().contains(">= 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SpikeGeneratorGroup.create(2, new int[] {0}, new double[] {1}, "mV"));
        assertTrue(e.getMessage().contains("unit of time"), e.getMessage());
        NeuronGroup g3 = SpikeGeneratorGroup.create(1, new int[] {0}, new double[] {5}, "ms", Quantity.of(5, "ms"));
        e = assertThrows(IllegalArgumentException.class, () -> new Network(g3).run(Quantity.of(1, "ms")));
        assertTrue(e.getMessage().contains("later than the last spike"), e.getMessage());
    }

    // ------------------------------------------------------------------ PoissonGroup

    @Test
    void poissonGroupCountIsWithinFiveStandardDeviationsAndThreadIndependent() {
        int n = 5000; // three blocks of the parallel threshold
        int[][] spikes = new int[2][];
        for (int run = 0; run < 2; run++) {
            Parallel.setThreads(run == 0 ? 1 : 2);
            try {
                NeuronGroup p = PoissonGroup.create(n, Quantity.of(20, "Hz"));
                SpikeMonitor m = new SpikeMonitor(p);
                new Network(p, m).run(Quantity.of(200, "ms"));
                spikes[run] = m.i();
                // expected 5000 * 20 Hz * 0.2 s = 20000, sd = sqrt(20000 * (1 - 0.002)) = 141
                assertEquals(20000, m.numSpikes(), 5 * 141);
            } finally {
                Parallel.setThreads(Runtime.getRuntime().availableProcessors());
            }
        }
        assertArrayEquals(spikes[0], spikes[1], "spikes do not depend on the number of threads");
    }

    @Test
    void poissonGroupPerNeuronRatesAndTimedArrayRates() {
        NeuronGroup p = PoissonGroup.create(2, new double[] {0, 10000});
        SpikeMonitor m = new SpikeMonitor(p);
        new Network(p, m).run(Quantity.of(100, "ms"));
        assertEquals(0, m.count()[0]);
        // p = 10000 Hz * 0.1 ms = 1: a spike every step
        assertEquals(1000, m.count()[1]);

        // rates from a TimedArray: 0 Hz for 0-100 ms, 100 Hz for 100-200 ms, 0 after
        TimedArray stim = new TimedArray(new double[] {0, 100, 0}, "Hz", Quantity.of(100, "ms"));
        NeuronGroup q = PoissonGroup.create(1000, "stim(t)", stim.namespace("stim"));
        SpikeMonitor mq = new SpikeMonitor(q);
        new Network(q, mq).run(Quantity.of(300, "ms"));
        double[] t = mq.t();
        for (double x : t) assertTrue(x >= 0.1 - 1e-12 && x < 0.2 - 1e-12, "spike at " + x);
        // 1000 * 100 Hz * 0.1 s = 10000, sd 100
        assertEquals(10000, t.length, 500);

        var e = assertThrows(IllegalArgumentException.class, () -> PoissonGroup.create(3, Quantity.of(5, "ms")));
        assertTrue(e.getMessage().contains("must be a frequency"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PoissonGroup.create(3, "5*mV", Namespace.builder().build()));
        assertTrue(e.getMessage().startsWith("PoissonGroup: rates '5*mV'"), e.getMessage());
    }

    // ------------------------------------------------------------------ PoissonInput

    @Test
    void poissonInputAddsBinomialCounts() {
        NeuronGroup g = new NeuronGroup(1000, "v : 1");
        PoissonInput in = new PoissonInput(g, "v", 100, Quantity.of(10, "Hz"), Quantity.of(0.5));
        new Network(g, in).run(Quantity.of(10, "ms"));
        // per neuron: 100 steps x binomial(100, 1e-3): mean 10, variance 100*100*1e-3*(1-1e-3) = 9.99;
        // v = 0.5 * count, so sum(v) over 1000 neurons has mean 5000 and sd 0.5*sqrt(9990) = 50
        double sum = 0;
        double[] v = g.get("v");
        for (double x : v) {
            sum += x;
            assertEquals(0, x * 2 - Math.rint(x * 2), 1e-12, "whole numbers of weights");
        }
        assertEquals(5000, sum, 5 * 50);
        // per-neuron variance of counts close to 9.99 (sd of the sample variance about 0.45)
        double mean = sum / 1000 * 2, var = 0;
        for (double x : v) var += (2 * x - mean) * (2 * x - mean);
        assertEquals(9.99, var / 999, 5 * 0.45);

        // normal branch: 100000 inputs at 100 Hz: mean 1000 per step; 10 steps: 10000 per neuron, sd 100;
        // the mean over 1000 neurons has sd 3.2
        NeuronGroup h = new NeuronGroup(1000, "v : 1");
        new Network(h, new PoissonInput(h, "v", 100000, Quantity.of(100, "Hz"), Quantity.of(1))).run(Quantity.of(1, "ms"));
        double hm = 0;
        for (double x : h.get("v")) hm += x / 1000;
        assertEquals(10000, hm, 5 * 3.2);

        var e = assertThrows(IllegalArgumentException.class,
                () -> new PoissonInput(g, "v", 10, Quantity.of(10, "Hz"), Quantity.of(1, "mV")));
        assertTrue(e.getMessage().contains("must have the dimension of 'v'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new PoissonInput(g, "w", 10, Quantity.of(10, "Hz"), Quantity.of(1)));
        assertTrue(e.getMessage().contains("no variable 'w'"), e.getMessage());
    }

    // ------------------------------------------------------------------ TimedArray

    @Test
    void timedArrayIndexingAndClipping() {
        TimedArray ta = new TimedArray(new double[] {1, 2, 3, 4}, "mV", Quantity.of(0.1, "ms"));
        assertEquals(1e-3, ta.value(0), 0);
        assertEquals(4e-3, ta.value(0.3e-3), 0); // 0.3e-3/1e-4 = 2.9999999999999996 still row 3
        assertEquals(3e-3, ta.value(0.29e-3), 0);
        assertEquals(4e-3, ta.value(1.0), 0);    // after the end: the last value
        assertEquals(1e-3, ta.value(-1.0), 0);   // before 0: the first value
        // in a model: x accumulates ta(t) each step (euler, tau = dt): 1, 3, 6, 10, 14, 18 mV
        Namespace ns = Namespace.builder(ta.namespace("ta")).constant("tau", 0.1, "ms").build();
        NeuronGroup g = new NeuronGroup(1, "dx/dt = ta(t)/tau : volt\nI = ta(t) : volt", ns).method("euler");
        StateMonitor m = new StateMonitor(g, "x", "I");
        new Network(g, m).run(Quantity.of(0.6, "ms"));
        assertArrayEquals(new double[] {0, 1e-3, 3e-3, 6e-3, 10e-3, 14e-3}, m.values("x", 0), 1e-12);
        assertArrayEquals(new double[] {1e-3, 2e-3, 3e-3, 4e-3, 4e-3, 4e-3}, m.values("I", 0), 1e-12);
        assertEquals(18e-3, g.get("x", 0), 1e-12);

        // two-dimensional: ta2(t, i % 2)
        TimedArray ta2 = new TimedArray(new double[][] {{1, 2}, {3, 4}, {5, 6}}, "mV", Quantity.of(0.1, "ms"));
        NeuronGroup g2 = new NeuronGroup(4, "v = ta2(t, i % 2) : volt", ta2.namespace("ta2"));
        StateMonitor m2 = new StateMonitor(g2, "v");
        new Network(g2, m2).run(Quantity.of(0.4, "ms"));
        assertArrayEquals(new double[] {1e-3, 3e-3, 5e-3, 5e-3}, m2.values("v", 0), 1e-12);
        assertArrayEquals(new double[] {2e-3, 4e-3, 6e-3, 6e-3}, m2.values("v", 3), 1e-12);

        var e = assertThrows(IllegalArgumentException.class,
                () -> new NeuronGroup(1, "v = ta(5*mV) : volt", ta.namespace("ta")));
        assertTrue(e.getMessage().contains("first argument must be a time"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new NeuronGroup(1, "v = ta(t) : amp", ta.namespace("ta")));
        assertTrue(e.getMessage().contains("NeuronGroup"), e.getMessage());
    }

    // ------------------------------------------------------------------ monitors

    @Test
    void populationRateByHandAndSmoothing(@TempDir Path dir) throws Exception {
        // N = 4: two spikes in step 2, one in step 5: rates 2/(4*0.1 ms) = 5000 Hz and 2500 Hz
        NeuronGroup g = SpikeGeneratorGroup.create(4, new int[] {0, 1, 3}, new double[] {0.2, 0.2, 0.5}, "ms");
        PopulationRateMonitor r = new PopulationRateMonitor(g);
        new Network(g, r).run(Quantity.of(1, "ms"));
        double[] want = new double[10];
        want[2] = 5000;
        want[5] = 2500;
        assertArrayEquals(want, r.rate(), 1e-9);
        assertArrayEquals(new double[] {0, 1e-4, 2e-4, 3e-4, 4e-4, 5e-4, 6e-4, 7e-4, 8e-4, 9e-4}, r.t(), 1e-15);
        // flat 0.3 ms: 3 steps; each rate spread over its step and both neighbours
        double[] flat = r.smoothRate("flat", Quantity.of(0.3, "ms"));
        assertArrayEquals(new double[] {0, 5000 / 3., 5000 / 3., 5000 / 3., 2500 / 3., 2500 / 3., 2500 / 3., 0, 0, 0},
                flat, 1e-9);
        // gaussian sd 0.1 ms: window exp(-j^2/2) for j = -2..2, normalised
        double[] gs = r.smoothRate("gaussian", Quantity.of(0.1, "ms"));
        double norm = 1 + 2 * Math.exp(-0.5) + 2 * Math.exp(-2);
        assertEquals(5000 / norm, gs[2], 1e-9);
        assertEquals(5000 * Math.exp(-0.5) / norm, gs[1], 1e-9);
        assertEquals(5000 * Math.exp(-2) / norm + 2500 * Math.exp(-0.5) / norm, gs[4] - 0 * gs[4], 1e-9);
        var e = assertThrows(IllegalArgumentException.class, () -> r.smoothRate("box", Quantity.of(1, "ms")));
        assertTrue(e.getMessage().contains("unknown window 'box'"), e.getMessage());

        r.toCsv(dir.resolve("rate.csv"));
        assertEquals("t,rate", Files.readAllLines(dir.resolve("rate.csv")).getFirst());
        assertEquals(11, Files.readAllLines(dir.resolve("rate.csv")).size());
        assertTrue(Files.size(r.plot(dir.resolve("rate.png"))) > 1000);
    }

    @Test
    void eventMonitorRecordsValuesAtTheSpikeBeforeReset(@TempDir Path dir) throws Exception {
        NeuronGroup g = new NeuronGroup(1, "dv/dt = (1-v)/tau : 1 (unless refractory)", Namespace.of("tau", 10, "ms"))
                .threshold("v > 0.8").reset("v = 0").refractory(Quantity.of(5, "ms")).method("exact");
        SpikeMonitor s = new SpikeMonitor(g);
        EventMonitor ev = new EventMonitor(g, "spike", "v");
        new Network(g, s, ev).run(Quantity.of(50, "ms"));
        assertArrayEquals(s.t(), ev.t(), 0);
        assertArrayEquals(s.i(), ev.i());
        assertEquals(2, ev.numEvents());
        // the value that crossed: after the update of the step starting at 16.0 ms, v = 1 - exp(-16.1 ms/tau)
        double v = 1 - Math.exp(-0.0161 / 0.010);
        assertArrayEquals(new double[] {v, v}, ev.values("v"), 1e-9);
        ev.toCsv(dir.resolve("ev.csv"));
        assertEquals("i,t,v", Files.readAllLines(dir.resolve("ev.csv")).getFirst());
        ev.plot(dir.resolve("ev.png"));
        assertTrue(Files.size(dir.resolve("ev-v.png")) > 1000);
        var e = assertThrows(IllegalArgumentException.class, () -> new EventMonitor(g, "burst"));
        assertTrue(e.getMessage().contains("unknown event 'burst'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new EventMonitor(g, "spike", "u"));
        assertTrue(e.getMessage().contains("no variable 'u'"), e.getMessage());
    }

    @Test
    void monitorsMustObserveGroupsInTheNetwork() {
        NeuronGroup g = PoissonGroup.create(3, Quantity.of(1, "Hz"));
        NeuronGroup other = PoissonGroup.create(3, Quantity.of(1, "Hz"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Network(g, new PopulationRateMonitor(other)).run(Quantity.of(1, "ms")));
        assertTrue(e.getMessage().contains("PopulationRateMonitor observes"), e.getMessage());
    }

    @Test
    void storeAndRestoreRepeatInputsAndMonitorsExactly() {
        NeuronGroup p = PoissonGroup.create(200, Quantity.of(50, "Hz"));
        NeuronGroup g = new NeuronGroup(50, "dv/dt = -v/tau : 1", Namespace.of("tau", 5, "ms"))
                .threshold("v > 1").reset("v = 0").method("exact");
        PoissonInput in = new PoissonInput(g, "v", 200, Quantity.of(50, "Hz"), Quantity.of(0.2));
        PopulationRateMonitor rp = new PopulationRateMonitor(p);
        EventMonitor ev = new EventMonitor(g, "spike", "v");
        Network net = new Network(p, g, in, rp, ev);
        net.run(Quantity.of(5, "ms"));
        net.store();
        int events = ev.numEvents();
        net.run(Quantity.of(20, "ms"));
        double[] rate = rp.rate();
        double[] v = ev.values("v");
        double[] state = g.get("v");
        assertTrue(ev.numEvents() > events, "the input makes g spike");
        net.restore();
        assertEquals(50, rp.rate().length);
        assertEquals(events, ev.numEvents());
        net.run(Quantity.of(20, "ms"));
        assertArrayEquals(rate, rp.rate(), 0);
        assertArrayEquals(v, ev.values("v"), 0);
        assertArrayEquals(state, g.get("v"), 0);
    }
}
