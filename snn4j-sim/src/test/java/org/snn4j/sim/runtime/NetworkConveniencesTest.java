package org.snn4j.sim.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snn4j.sim.runtime.SimErrorsTest.assertContains;
import static org.snn4j.sim.runtime.SimErrorsTest.message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.units.Quantity;

/** Brian2's conveniences: run(duration, report), scheduling_summary(), spike_trains(), G.v['condition'] = value. */
class NetworkConveniencesTest {
    static final Namespace NS = Namespace.of("tau", 10, "ms");

    @Test
    void textReportFormatsAsBrian2() {
        // Brian2's _format_time doctest: 12345 -> '3h 25m 45s', 123 -> '2m 3s', 12.5 -> '12s', .5 -> '< 1s'
        assertEquals("3h 25m 45s", ProgressReport.formatTime(12345));
        assertEquals("2m 3s", ProgressReport.formatTime(123));
        assertEquals("12s", ProgressReport.formatTime(12.5));
        assertEquals("< 1s", ProgressReport.formatTime(0.5));
        assertEquals("1d 0h 0m 1s", ProgressReport.formatTime(86401));
        assertEquals("Starting simulation at t=0.0 s for a duration of 1.0 s", ProgressReport.line(0, 0, 0, 1));
        // half done in 10 s: (1 - 0.5)/0.5*10 = 10 s to go
        assertEquals("0.5 s (50%) simulated in 10s, estimated 10s remaining.", ProgressReport.line(10, 0.5, 0, 1));
        // a quarter in 12.5 s: 0.75/0.25*12.5 = 37.5, rounded to 38 s
        assertEquals("0.25 s (25%) simulated in 12s, estimated 38s remaining.", ProgressReport.line(12.5, 0.25, 0, 1));
        assertEquals("1.0 s (100%) simulated in 19s", ProgressReport.line(19.2, 1, 0, 1));
    }

    /** 20 neurons from v = rand() driven towards 2 with noise, threshold 1, reset 0: spikes depend on every step. */
    static NeuronGroup noisy() {
        NeuronGroup g = new NeuronGroup(20, "dv/dt = (2 - v)/tau + 0.3*xi/sqrt(tau) : 1", NS).threshold("v > 1")
                .reset("v = 0").method("euler").name("noisy").seed(3);
        g.set("v", "rand()");
        return g;
    }

    @Test
    void aReportedRunGivesTheSameResultsAsOneRun() {
        NeuronGroup a = noisy(), b = noisy();
        SpikeMonitor sa = new SpikeMonitor(a), sb = new SpikeMonitor(b);
        new Network(a, sa).run(Quantity.of(100, "ms"));
        List<double[]> calls = new ArrayList<>();
        Network net = new Network(b, sb);
        // 1000 steps in 100 runs of 10 steps; a zero period reports after each of them
        net.run(Quantity.of(100, "ms"), (elapsed, completed, start, duration) ->
                calls.add(new double[] {completed, start, duration}), Duration.ZERO);
        assertTrue(sa.numSpikes() > 100, "spikes: " + sa.numSpikes());
        assertArrayEquals(sa.i(), sb.i());
        assertArrayEquals(sa.t(), sb.t(), 0);
        assertArrayEquals(a.get("v"), b.get("v"), 0);
        assertEquals(101, calls.size());
        for (int k = 0; k <= 100; k++) {
            assertArrayEquals(new double[] {k / 100.0, 0, 0.1}, calls.get(k), 1e-12, "call " + k);
        }
        // a second run starts where the first stopped; 25 steps: runs of one step, first and last call only
        // with the default period of 10 s
        calls.clear();
        net.run(Quantity.of(2.5, "ms"), (elapsed, completed, start, duration) ->
                calls.add(new double[] {completed, start, duration}), Duration.ofSeconds(10));
        assertEquals(2, calls.size());
        assertArrayEquals(new double[] {0, 0.1, 0.0025}, calls.get(0), 1e-12);
        assertArrayEquals(new double[] {1, 0.1, 0.0025}, calls.get(1), 1e-12);
        assertEquals(1025, net.step());
        String m = message(() -> new Network(noisy()).run(Quantity.of(1, "ms"), "html"));
        assertContains(m, "unknown report 'html'", "\"text\"");
    }

    @Test
    void schedulingSummaryListsTheObjectsInTheOrderTheyRun() {
        NeuronGroup g = new NeuronGroup(4, "dv/dt = -v/tau : 1", NS).threshold("v > 1").reset("v = 0").name("g");
        NeuronGroup src = SpikeGeneratorGroup.create(2, new int[] {0}, new double[] {1}, "ms").name("src");
        Synapses s = new Synapses(src, g, "w : 1", NS).onPre("v_post += w").onPost("w += 0.1").name("s");
        s.connect();
        Network net = new Network(g, src, s, new StateMonitor(g, "v"), new SpikeMonitor(g), new PopulationRateMonitor(g),
                new PoissonInput(g, "v", 5, Quantity.of(10, "Hz"), Quantity.of(0.1)));
        String[] lines = net.schedulingSummary().split("\n");
        assertEquals("dt = 1.0E-4 s", lines[0]);
        assertTrue(lines[1].matches("slot +object +what"), lines[1]);
        String[][] want = {
                {"start", "StateMonitor of NeuronGroup 'g' (N=4)", "[v]"},
                {"groups", "NeuronGroup 'g' (N=4)", "state update"},
                {"groups", "NeuronGroup 'src' (N=2)", "no state"},
                {"thresholds", "NeuronGroup 'g' (N=4)", "threshold 'v > 1'"},
                {"thresholds", "NeuronGroup 'src' (N=2)", "spikes from its list"},
                {"thresholds", "SpikeMonitor of NeuronGroup 'g' (N=4)", "record"},
                {"synapses", "Synapses 's' (src -> g, 8 synapses)", "on_pre"},
                {"synapses", "PoissonInput onto NeuronGroup 'g' (N=4)", "add"},
                {"synapses", "Synapses 's' (src -> g, 8 synapses)", "on_post"},
                {"resets", "NeuronGroup 'g' (N=4)", "reset"},
                {"end", "PopulationRateMonitor of NeuronGroup 'g' (N=4)", "record"},
        };
        assertEquals(want.length + 2, lines.length, String.join("\n", lines));
        for (int k = 0; k < want.length; k++) {
            String[] cols = lines[k + 2].split(" {2,}");
            assertArrayEquals(want[k], cols, lines[k + 2]);
        }
    }

    @Test
    void setWhereChangesOnlyTheNeuronsThatMeetTheCondition() {
        NeuronGroup g = new NeuronGroup(10, "v : volt\nu : 1\nc : 1 (shared)", NS).name("g");
        g.set("v", Quantity.of(-70, "mV"));
        // Brian2: G.v['i >= 5'] = '-50*mV + i*mV'
        g.setWhere("v", "i >= 5", "-50*mV + i*mV");
        for (int k = 0; k < 10; k++) assertEquals(k < 5 ? -0.070 : -0.050 + k * 0.001, g.get("v", k), 1e-15, "neuron " + k);
        // G.u['v > -60*mV'] = 2: the neurons 5..9 (v from -45 to -41 mV)
        g.setWhere("u", "v > -60*mV", Quantity.of(2));
        for (int k = 0; k < 10; k++) assertEquals(k < 5 ? 0 : 2, g.get("u", k), 0, "neuron " + k);
        // rand() for the even neurons only; the odd ones keep 0 or 2
        g.setWhere("u", "i % 2 == 0", "rand()");
        for (int k = 0; k < 10; k++) {
            double u = g.get("u", k);
            if (k % 2 == 1) assertEquals(k < 5 ? 0 : 2, u, 0, "neuron " + k);
            else assertTrue(u >= 0 && u < 1, "neuron " + k + ": " + u);
        }
        assertContains(message(() -> g.setWhere("u", "i + 1", "1")), "NeuronGroup 'g'", "the condition 'i + 1' for 'u' is not a condition");
        assertContains(message(() -> g.setWhere("v", "i > 2", "1")), "cannot set 'v' (volt) to 1");
        assertContains(message(() -> g.setWhere("v", "i > 2", Quantity.of(3, "ms"))), "cannot set 'v' (volt)");
        assertContains(message(() -> g.setWhere("c", "i > 2", "1")), "'c' is shared");
        assertContains(message(() -> g.setWhere("w", "i > 2", "1")), "has no variable 'w'");
        assertContains(message(() -> g.setWhere("u", "x > 2", "1")), "in the condition for 'u'", "unknown identifier 'x'");
        NeuronGroup l = new NeuronGroup(10, "a : 1 (linked)", NS).name("l").linkVariable("a", g, "u");
        assertContains(message(() -> l.setWhere("a", "i > 2", "1")), "cannot set the linked variable 'a'");
    }

    @Test
    void spikeTrainsGroupTheTimesByNeuron() {
        // spikes given by hand: neuron 2 at 1, 3 and 7 ms, neuron 0 at 2 ms, neuron 1 never, neuron 3 at 3 ms
        NeuronGroup src = SpikeGeneratorGroup.create(4, new int[] {2, 0, 2, 3, 2}, new double[] {1, 2, 3, 3, 7}, "ms");
        SpikeMonitor m = new SpikeMonitor(src);
        new Network(src, m).run(Quantity.of(10, "ms"));
        double[][] trains = m.spikeTrains();
        assertEquals(4, trains.length);
        assertArrayEquals(new double[] {0.002}, trains[0], 1e-12);
        assertArrayEquals(new double[0], trains[1], 0);
        assertArrayEquals(new double[] {0.001, 0.003, 0.007}, trains[2], 1e-12);
        assertArrayEquals(new double[] {0.003}, trains[3], 1e-12);
        for (int k = 0; k < 4; k++) assertArrayEquals(m.spikeTimes(k), trains[k], 0, Arrays.toString(trains[k]));
        // the same run made of 100 runs of one step (a reported run) gives the same trains
        NeuronGroup again = SpikeGeneratorGroup.create(4, new int[] {2, 0, 2, 3, 2}, new double[] {1, 2, 3, 3, 7}, "ms");
        SpikeMonitor m2 = new SpikeMonitor(again);
        new Network(again, m2).run(Quantity.of(10, "ms"), (elapsed, completed, start, duration) -> { }, Duration.ZERO);
        for (int k = 0; k < 4; k++) assertArrayEquals(trains[k], m2.spikeTrains()[k], 0, "neuron " + k);
    }
}
