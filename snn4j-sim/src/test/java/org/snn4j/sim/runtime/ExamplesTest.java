package org.snn4j.sim.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.sim.units.Quantity;

/**
 * The programs in {@code examples/sim/}, compiled from their files as {@code snn4j simulate} would
 * and run through their {@code run} methods, checked against closed forms.
 */
class ExamplesTest {
    static final double DT = 1e-4;
    static final double TAU = 0.010;
    static final Path EXAMPLES = Path.of("../examples/sim");

    @TempDir
    Path tmp;

    /** Compiles {@code examples/sim/<name>.java} and returns its static method {@code run}. */
    private Method example(String name, Class<?>... params) throws Exception {
        Path src = EXAMPLES.resolve(name + ".java");
        assertTrue(Files.isRegularFile(src), "missing " + src.toAbsolutePath());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path classes = tmp.resolve("classes-" + name);
        Files.createDirectories(classes);
        StringWriter log = new StringWriter();
        var fm = javac.getStandardFileManager(null, null, null);
        boolean ok = javac.getTask(log, fm, null, List.of("-d", classes.toString(), "-cp",
                        System.getProperty("java.class.path"), "-proc:none", "-implicit:none"), null,
                fm.getJavaFileObjects(src)).call();
        assertTrue(ok, "compiling " + src + ":\n" + log);
        var loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        return loader.loadClass(name).getMethod("run", params);
    }

    @Test
    void example1MatchesTheClosedForm() throws Exception {
        StateMonitor m = (StateMonitor) example("Example1", Path.class).invoke(null, tmp);
        double[] t = m.t(), v = m.values("v", 0);
        assertEquals(300, t.length);
        for (int k = 0; k < t.length; k++) assertEquals(1 - Math.exp(-t[k] / TAU), v[k], 1e-12, "t = " + t[k]);
        assertTrue(Files.size(tmp.resolve("example1-v.png")) > 1000);
    }

    @Test
    void example2SpikesWithinOneStepOfTheHandComputedTimes() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) example("Example2", Path.class).invoke(null, tmp);
        double[] st = ((SpikeMonitor) r.get("spikes")).t();
        double cross = TAU * Math.log(1 / (1 - 0.8)); // 16.094 ms from v = 0 to 0.8
        // the first spike within one dt of 16.09 ms; each next one within one dt of the previous spike
        // time + 5 ms refractory (v restarts from 0 when it ends) + 16.09 ms
        assertEquals(2, st.length, Arrays.toString(st)); // the third would come near 58 ms
        assertTrue(Math.abs(st[0] - cross) <= DT, st[0] + " vs " + cross);
        assertTrue(Math.abs(st[1] - (st[0] + 0.005 + cross)) <= DT, st[1] + " vs " + (st[0] + 0.005 + cross));
        // on the grid: the step whose update crosses 0.8 (16.0-16.1 ms, then 37.0-37.1 ms) records the spike
        assertEquals(0.0160, st[0], 1e-9);
        assertEquals(0.0370, st[1], 1e-9);
        // clamped at 0 while refractory: from the first spike (reset) until 5 ms later
        StateMonitor v = (StateMonitor) r.get("v");
        double[] t = v.t(), vv = v.values("v", 0);
        for (int k = 0; k < t.length; k++) {
            if (t[k] > st[0] + DT / 2 && t[k] <= st[0] + 0.005 + DT / 2) assertEquals(0, vv[k], 0, "t = " + t[k]);
        }
        assertTrue(Files.size(tmp.resolve("example2-spikes.png")) > 1000);
    }

    @Test
    void example3AllNeuronsFire() throws Exception {
        SpikeMonitor s = (SpikeMonitor) example("Example3", Path.class).invoke(null, tmp);
        int[] c = s.count();
        // period tau*ln 2 = 6.93 ms from 0 to 1 (plus the first, from rand() in [0,1)): 50 ms gives 7 or 8 spikes
        for (int k = 0; k < 100; k++) assertTrue(c[k] >= 7 && c[k] <= 8, "neuron " + k + ": " + c[k]);
        assertTrue(Files.size(tmp.resolve("example3-raster.png")) > 1000);
    }

    @Test
    void example4RateRisesWithTheDrive() throws Exception {
        double[][] r = (double[][]) example("Example4", Path.class, Quantity.class).invoke(null, tmp, Quantity.of(300, "ms"));
        double[] v0 = r[0], rate = r[1];
        assertEquals(0, v0[0], 0);
        assertEquals(3, v0[99], 1e-12);
        // v0 <= 0.5: the threshold is 0.5/(sigma/sqrt 2) = 3.5 standard deviations of v away; no spikes
        for (int k = 0; k < 100 && v0[k] <= 0.5; k++) assertEquals(0, rate[k], 0, "v0 = " + v0[k]);
        // the mean rate of each fifth of the neurons (v0 in steps of 0.6) rises
        double previous = -1;
        for (int b = 0; b < 5; b++) {
            double mean = Arrays.stream(rate, b * 20, b * 20 + 20).average().orElseThrow();
            assertTrue(mean > previous, "fifth " + b + ": " + mean + " after " + previous);
            previous = mean;
        }
        // at v0 = 3 close to the noise-free 1/(5 ms + tau ln 1.5) = 110.5 Hz (300 ms: about 33 spikes)
        double top = Arrays.stream(rate, 90, 100).average().orElseThrow();
        double free = Arrays.stream(v0, 90, 100).map(x -> 1 / (0.005 + TAU * Math.log(x / (x - 1)))).average().orElseThrow();
        assertEquals(free, top, 0.15 * free);
        assertTrue(Files.size(tmp.resolve("example4-rate.png")) > 1000);
    }

    @Test
    void example5NeuronZoo() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, double[]> sp = (Map<String, double[]>) example("Example5", Path.class).invoke(null, tmp);
        for (var e : sp.entrySet()) {
            double[] t = e.getValue();
            assertTrue(t.length >= 5, e.getKey() + ": " + t.length + " spikes");
            for (double x : t) assertTrue(x >= 0.050 && x < 0.551, e.getKey() + " spikes only during the step: " + x);
        }
        // LIF: every interval = 2 ms refractory + tau ln((v_inf - Vr)/(v_inf - VT)) = 2 + 10 ln(25/5) = 18.09 ms,
        // on the 0.1 ms grid
        double[] isi = intervals(sp.get("LIF"));
        for (double x : isi) assertEquals(0.01809, x, 2 * DT);
        // AdEx: intervals widen (11 ms to 76 ms) and settle (the last two within 2%)
        isi = intervals(sp.get("AdEx"));
        for (int k = 1; k < isi.length - 2; k++) assertTrue(isi[k] > isi[k - 1], Arrays.toString(isi));
        assertTrue(isi[isi.length - 1] > 4 * isi[0], Arrays.toString(isi));
        assertEquals(isi[isi.length - 2], isi[isi.length - 1], 0.02 * isi[isi.length - 1]);
        // Izhikevich: chattering fires bursts (intervals under 4 ms and over 40 ms); fast spiking fires
        // more than three times as often as regular spiking
        isi = intervals(sp.get("Izhikevich CH"));
        double min = Arrays.stream(isi).min().orElseThrow(), max = Arrays.stream(isi).max().orElseThrow();
        assertTrue(min < 0.004 && max > 0.040, Arrays.toString(isi));
        assertTrue(sp.get("Izhikevich FS").length > 3 * sp.get("Izhikevich RS").length);
        // HH at 10 uA/cm2: regular firing at about 68 Hz (interval 14.7 ms)
        isi = intervals(sp.get("HH"));
        assertEquals(0.0147, isi[isi.length - 1], 0.0005);
        assertTrue(Files.size(tmp.resolve("example5-HH.png")) > 1000);
    }

    private static double[] intervals(double[] t) {
        double[] out = new double[t.length - 1];
        for (int k = 1; k < t.length; k++) out[k - 1] = t[k] - t[k - 1];
        return out;
    }
}
