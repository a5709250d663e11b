package org.snn4j.sim.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;
import org.snn4j.core.util.Parallel;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.units.Quantity;

/** The threads of a run: every part runs once per call, failures reach the caller, results ignore the thread count. */
class TeamTest {

    @Test
    void everyPartRunsOncePerCallOnItsOwnThread() {
        try (Team team = Team.of(3)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(3);
            String[] names = new String[3];
            for (int call = 0; call < 2000; call++) {
                team.run((k, parts) -> {
                    assertEquals(3, parts);
                    runs.incrementAndGet(k);
                    names[k] = Thread.currentThread().getName();
                });
            }
            for (int k = 0; k < 3; k++) assertEquals(2000, runs.get(k), "part " + k);
            assertEquals(Thread.currentThread().getName(), names[0]);
            // ranges: [0, 10) in three parts is [0, 3), [3, 6), [6, 10)
            int[] owner = new int[10];
            team.forRange(10, (from, to) -> { for (int i = from; i < to; i++) owner[i] += from + 1; });
            assertArrayEquals(new int[] {1, 1, 1, 4, 4, 4, 7, 7, 7, 7}, owner);
        }
    }

    @Test
    void theTeamGoesSoloWhenItIsSlowerThanOneThread() {
        Team.SoloPolicy p = new Team.SoloPolicy();
        // a window of 32 calls in which the team (10 us a call) beat one thread (15 us): stay a team
        for (int c = 0; c < 32; c++) assertEquals(0, p.afterCall(10_000, 15_000));
        // a window that took 20 us a call against 15 alone: 64 solo calls, reported at the window's last call
        for (int c = 0; c < 31; c++) assertEquals(0, p.afterCall(20_000, 15_000));
        assertEquals(64, p.afterCall(20_000, 15_000));
        p.soloEnded();
        // the retry: 6 calls not measured (even a very slow one), then a slow window again: twice as long
        for (int c = 0; c < 6; c++) assertEquals(0, p.afterCall(1_000_000, 15_000));
        for (int c = 0; c < 31; c++) assertEquals(0, p.afterCall(20_000, 15_000));
        assertEquals(128, p.afterCall(20_000, 15_000));
        p.soloEnded();
        // a retry that does well ends the doubling: the next slow window starts again at 64
        for (int c = 0; c < 6 + 32; c++) assertEquals(0, p.afterCall(10_000, 15_000));
        for (int c = 0; c < 31; c++) assertEquals(0, p.afterCall(20_000, 15_000));
        assertEquals(64, p.afterCall(20_000, 15_000));
        // failed retries double up to 16384
        int solo = 64;
        for (int k = 0; k < 12; k++) {
            p.soloEnded();
            for (int c = 0; c < 6 + 31; c++) p.afterCall(20_000, 15_000);
            solo = Math.min(2 * solo, 16384);
            assertEquals(solo, p.afterCall(20_000, 15_000));
        }
    }

    @Test
    void aFailingPartReachesTheCaller() {
        try (Team team = Team.of(2)) {
            var e = assertThrows(IllegalStateException.class, () -> team.run((k, parts) -> {
                if (k == 1) throw new IllegalStateException("part one failed");
            }));
            assertEquals("part one failed", e.getMessage());
            int[] hits = new int[2];
            team.run((k, parts) -> hits[k]++);  // the team still works
            assertArrayEquals(new int[] {1, 1}, hits);
        }
    }

    @Test
    void workersStopWhenTheTeamCloses() throws InterruptedException {
        Team team = Team.of(2);
        team.run((k, parts) -> { });
        team.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        boolean alive = true;
        while (alive && System.nanoTime() < deadline) {
            alive = Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("snn4j-sim-1") && t.isAlive());
            if (alive) Thread.sleep(10);
        }
        assertTrue(!alive, "the worker thread is still alive");
    }

    /** A CUBA network of 6000 neurons (three blocks), 30 ms, with on_pre split by target for any number of events. */
    private static Object[] cuba(int threads) {
        int saved = Parallel.threads();
        int savedEvents = Synapses.parallelEvents;
        try {
            Parallel.setThreads(threads);
            Synapses.parallelEvents = 0;
            Namespace ns = Namespace.builder().constant("taum", 20, "ms").constant("taue", 5, "ms")
                    .constant("taui", 10, "ms").constant("Vt", -50, "mV").constant("Vr", -60, "mV")
                    .constant("El", -49, "mV").build();
            int n = 6000, ne = 4800;
            NeuronGroup p = new NeuronGroup(n, """
                    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
                    dge/dt = -ge/taue : volt
                    dgi/dt = -gi/taui : volt
                    """, ns).threshold("v > Vt").reset("v = Vr").refractory(Quantity.of(5, "ms")).method("exact").seed(3);
            p.set("v", "Vr + rand()*(Vt - Vr)");
            // weights that depend on the synapse, so that the order of the additions matters
            Synapses ce = new Synapses(Subgroup.of(p, 0, ne), Subgroup.all(p), "w : volt", ns).onPre("ge += w").seed(5);
            Synapses ci = new Synapses(Subgroup.of(p, ne, n), Subgroup.all(p), "", ns).onPre("gi += -9*mV").seed(6);
            ce.connect(0.02);
            ci.connect(0.02);
            ce.set("w", "(1 + rand())*0.81*mV");
            SpikeMonitor s = new SpikeMonitor(p);
            new Network(p, ce, ci, s).run(Quantity.of(30, "ms"));
            assertTrue(s.numSpikes() > 500, "spikes: " + s.numSpikes());
            return new Object[] {p.get("v"), p.get("ge"), p.get("gi"), s.i(), s.t()};
        } finally {
            Parallel.setThreads(saved);
            Synapses.parallelEvents = savedEvents;
        }
    }

    @Test
    void oneTwoAndThreeThreadsGiveTheSameBits() {
        Object[] one = cuba(1);
        for (int threads = 2; threads <= 3; threads++) {
            Object[] other = cuba(threads);
            assertArrayEquals((double[]) one[0], (double[]) other[0], threads + " threads: v");
            assertArrayEquals((double[]) one[1], (double[]) other[1], threads + " threads: ge");
            assertArrayEquals((double[]) one[2], (double[]) other[2], threads + " threads: gi");
            assertArrayEquals((int[]) one[3], (int[]) other[3], threads + " threads: spike indices");
            assertArrayEquals((double[]) one[4], (double[]) other[4], threads + " threads: spike times");
        }
    }

    /** Rows whose targets are not sorted: each part walks the whole row (no binary search), same bits. */
    @Test
    void unsortedRowsSplitByTargetGiveTheSameBits() {
        double[][] got = new double[2][];
        int saved = Parallel.threads();
        int savedEvents = Synapses.parallelEvents;
        try {
            Synapses.parallelEvents = 0;
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                NeuronGroup src = new NeuronGroup(50, "x : 1").threshold("rand() < 0.3").seed(4);
                NeuronGroup tgt = new NeuronGroup(4100, "v : 1");
                int n = 50 * 40;
                int[] pre = new int[n], post = new int[n];
                for (int k = 0; k < n; k++) {
                    pre[k] = k / 40;
                    post[k] = 4099 - (k * 97) % 4100;   // targets in falling and jumping order within each row
                }
                Synapses s = new Synapses(src, tgt, "w : 1").onPre("v_post = v_post*0.5 + w").seed(8);
                s.connect(pre, post);
                s.set("w", "rand()");
                new Network(src, tgt, s).run(Quantity.of(3, "ms"));
                assertTrue(s.events() > 15_000, "events: " + s.events());
                got[threads - 1] = tgt.get("v");
            }
        } finally {
            Parallel.setThreads(saved);
            Synapses.parallelEvents = savedEvents;
        }
        assertArrayEquals(got[0], got[1]);
    }
}
