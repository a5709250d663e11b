package org.snn4j.sim.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.snn4j.sim.equations.Equations;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.integrate.StateUpdater;
import org.snn4j.sim.integrate.StateUpdaters;
import org.snn4j.sim.units.Quantity;

/**
 * Method {@code exact} with a TimedArray term, by Brian2's rule: accepted when the TimedArray's dt is an
 * integer multiple of the simulation's, since the term is then constant over every step.
 *
 * <p>Closed form: {@code dv/dt = (I(t) - v)/tau} with I piecewise constant, {@code I = I_k} on
 * {@code [k*T, (k+1)*T)}, relaxes exponentially towards I_k on each piece:
 * {@code v(t) = I_k + (v(k*T) - I_k)*exp(-(t - k*T)/tau)}.
 */
class ExactTimedArrayTest {
    static final double TAU = 10e-3, T = 1e-3, DT = 0.1e-3;
    static final double[] I = {1, 3, -2, 0.5};

    static Namespace ns(TimedArray ta) { return Namespace.builder(ta.namespace("I")).constant("tau", 10, "ms").build(); }

    /** v(t) by the closed form, from v(0) = 0; after the last piece I keeps its last value. */
    static double closedForm(double t) {
        double v = 0, start = 0;
        for (int k = 0; ; k++) {
            double ik = I[Math.min(k, I.length - 1)];
            double end = (k + 1) * T;
            if (t <= end + 1e-15) return ik + (v - ik) * Math.exp(-(t - start) / TAU);
            v = ik + (v - ik) * Math.exp(-(end - start) / TAU);
            start = end;
        }
    }

    static double[] simulate(String method) {
        TimedArray ta = new TimedArray(I, "1", Quantity.of(1, "ms"));
        NeuronGroup g = new NeuronGroup(1, "dv/dt = (I(t) - v)/tau : 1", ns(ta)).name("relax");
        if (method != null) g.method(method);
        StateMonitor m = new StateMonitor(g, "v");
        new Network(g, m).setDt(Quantity.of(0.1, "ms")).run(Quantity.of(6, "ms"));
        double[] v = m.values("v", 0);
        assertEquals(60, v.length);
        return v;
    }

    @Test
    void exactFollowsTheExponentialRelaxationPieceByPiece() {
        double[] v = simulate("exact");
        for (int s = 0; s < v.length; s++) {
            assertEquals(closedForm(s * DT), v[s], 1e-12, "step " + s);
        }
        // hand check of the first piece: after 1 ms, v = 1 - exp(-0.1) = 0.0951625819640...
        assertEquals(1 - Math.exp(-0.1), closedForm(T), 1e-15);
        assertEquals(0.09516258196404048, v[10], 1e-12);
    }

    @Test
    void theAutomaticChoiceIsExactAsInBrian2() {
        double[] auto = simulate(null);
        for (int s = 0; s < auto.length; s++) assertEquals(closedForm(s * DT), auto[s], 1e-12, "step " + s);
        // euler is visibly different: after one step v = dt/tau = 0.01 instead of 1 - exp(-0.01)
        double[] euler = simulate("euler");
        assertEquals(0.01, euler[1], 1e-15);
        assertEquals(1 - Math.exp(-0.01), auto[1], 1e-15);
    }

    @Test
    void aTimedArrayWhoseDtIsNotAMultipleOfTheStepIsRefused() {
        TimedArray ta = new TimedArray(I, "1", Quantity.of(0.15, "ms"));
        NeuronGroup g = new NeuronGroup(1, "dv/dt = (I(t) - v)/tau : 1", ns(ta)).method("exact").name("bad");
        var e = assertThrows(IllegalArgumentException.class, () -> new Network(g).run(Quantity.of(1, "ms")));
        assertTrue(e.getMessage().contains("NeuronGroup 'bad': the method 'exact' cannot integrate the equations: "
                + "'dv/dt = (I(t) - v)/tau : 1': the constant term"), e.getMessage());
        assertTrue(e.getMessage().contains("is not guaranteed to be constant over a time step: the dt of I (0.15 ms) "
                + "is not an integer multiple of the time step (0.1 ms), so I(t) can change within a step"), e.getMessage());
        // finer than the step: refused too (0.05 ms over 0.1 ms)
        TimedArray fine = new TimedArray(I, "1", Quantity.of(0.05, "ms"));
        NeuronGroup g2 = new NeuronGroup(1, "dv/dt = (I(t) - v)/tau : 1", ns(fine)).method("exact").name("fine");
        e = assertThrows(IllegalArgumentException.class, () -> new Network(g2).run(Quantity.of(1, "ms")));
        assertTrue(e.getMessage().contains("the dt of I (0.05 ms) is not an integer multiple"), e.getMessage());
        // t outside the TimedArray's argument is time dependence as before
        NeuronGroup g3 = new NeuronGroup(1, "dv/dt = (I(t) - v)/tau + t/second**2 : 1",
                ns(new TimedArray(I, "1", Quantity.of(1, "ms")))).method("exact").name("timed");
        e = assertThrows(IllegalArgumentException.class, () -> new Network(g3).run(Quantity.of(1, "ms")));
        assertTrue(e.getMessage().contains("depends on time t"), e.getMessage());
    }

    @Test
    void theRuleNeedsTheTimeStep() {
        TimedArray ta = new TimedArray(I, "1", Quantity.of(0.3, "ms"));
        Namespace ns = ns(ta);
        Equations eqs = Equations.parse("dv/dt = (I(t) - v)/tau : 1", ns);
        StateUpdater exact = StateUpdaters.byName("exact");
        // without a time step, as Brian2 with an unknown dt: refused
        Optional<String> why = exact.cannotIntegrate(eqs, ns);
        assertTrue(why.isPresent() && why.get().contains("the time step is not known"), why.toString());
        // 0.3 ms is 3 steps of 0.1 ms (the floating-point ratio 2.9999999999999996 counts as 3)
        assertEquals(Optional.empty(), exact.cannotIntegrate(eqs, ns, 0.1e-3));
        assertEquals(Optional.empty(), exact.cannotIntegrate(eqs, ns, 0.3e-3));
        assertTrue(exact.cannotIntegrate(eqs, ns, 0.2e-3).isPresent());
        assertEquals("exact", StateUpdaters.choose(eqs, ns, 0.1e-3).name());
        assertEquals("euler", StateUpdaters.choose(eqs, ns).name());
    }
}
