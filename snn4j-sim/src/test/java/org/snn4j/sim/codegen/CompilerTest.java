package org.snn4j.sim.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.runtime.Network;
import org.snn4j.sim.runtime.NeuronGroup;
import org.snn4j.sim.runtime.SpikeMonitor;
import org.snn4j.sim.units.Quantity;

class CompilerTest {

    @Test
    void janinoCompilesAndReportsErrorsWithNumberedSource() {
        CodeCompiler c = new JaninoCompiler();
        Class<?> ok = c.compile("p.A", "package p; public class A { public static int f() { return 42; } }",
                getClass().getClassLoader());
        assertEquals("p.A", ok.getName());
        var e = assertThrows(CodeCompilationException.class,
                () -> c.compile("p.B", "package p;\npublic class B {\n  int f() { return x; }\n}\n", getClass().getClassLoader()));
        assertTrue(e.getMessage().contains("p.B does not compile"), e.getMessage());
        assertTrue(e.getMessage().contains("   3    int f() { return x; }"), e.getMessage());
        assertTrue(e.source().contains("return x"));
    }

    @Test
    void literalsAreValidJava() {
        assertEquals("0.5", JavaExpressionPrinter.literal(0.5));
        assertEquals("(-0.07)", JavaExpressionPrinter.literal(-0.07));
        assertEquals("(-0.0)", JavaExpressionPrinter.literal(-0.0));
        assertEquals("1.0E-4", JavaExpressionPrinter.literal(1e-4));
        assertEquals("Double.POSITIVE_INFINITY", JavaExpressionPrinter.literal(Double.POSITIVE_INFINITY));
        assertEquals("Double.NaN", JavaExpressionPrinter.literal(Double.NaN));
    }

    /** The compiler is replaceable; code is compiled once and again only when the group changes. */
    @Test
    void compiledOnceAndRebuiltOnlyOnChange() {
        AtomicInteger compiles = new AtomicInteger();
        CodeCompiler janino = new JaninoCompiler();
        CodeCompiler counting = (name, source, parent) -> {
            compiles.incrementAndGet();
            return janino.compile(name, source, parent);
        };
        NeuronGroup g = new NeuronGroup(10, "dv/dt = (2 - v)/tau : 1", Namespace.of("tau", 10, "ms"))
                .threshold("v > 1").reset("v = 0");
        SpikeMonitor s = new SpikeMonitor(g);
        Network net = new Network(g, s).setCompiler(counting);
        net.run(Quantity.of(5, "ms"));
        net.run(Quantity.of(5, "ms"));
        assertEquals(1, compiles.get());
        // v = 2(1 - exp(-t/tau)) crosses 1 at tau*ln 2 = 6.93 ms: every neuron spikes at 6.9 ms
        assertEquals(10, s.numSpikes());
        for (double t : s.t()) assertEquals(0.0069, t, 1e-12);
        g.threshold("v > 0.5");
        net.run(Quantity.of(5, "ms"));
        assertEquals(2, compiles.get());
        // from v = 0 at 7.0 ms, v(10 ms) = 2(1 - e^-0.3) = 0.518 is already above the new threshold 0.5:
        // spikes at 10.0 ms; then from 10.1 ms v crosses 0.5 after tau*ln(4/3) = 2.88 ms: at 12.9 ms
        assertEquals(30, s.numSpikes());
        assertEquals(0.0100, s.t()[10], 1e-12);
        assertEquals(0.0129, s.t()[29], 1e-12);
        String src = g.generatedSource();
        assertTrue(src.contains("extends org.snn4j.sim.codegen.GroupCode"), src);
        assertTrue(src.contains("private double[] _a_v;"), src);
        assertTrue(src.contains("public void stateUpdate(int _from, int _to, double t, double dt)"), src);
        assertTrue(src.contains("(_l_v > 0.5)"), src);
    }
}
