package org.snn4j.sim.integrate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.snn4j.sim.equations.Equations;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.Statement;

/**
 * Orders of convergence of the deterministic methods against closed-form solutions, from the error at a
 * fixed end time for dt halved three times (least-squares slope of log error against log dt).
 */
class ConvergenceTest {

    /** A model, its initial state, end time, the variable checked and its exact value at the end. */
    record Problem(String name, Equations eqs, Namespace ns, Map<String, Double> initial, double end, String var,
                   double exact) {}

    static final Namespace DECAY_NS = Namespace.of("tau", 10, "ms");
    static final Problem DECAY = new Problem("decay", Equations.parse("dv/dt = -v/tau : 1", DECAY_NS)
            .resolveConstants(DECAY_NS), DECAY_NS, Map.of("v", 1.0), 0.020, "v", Math.exp(-2));

    static final Namespace OSC_NS = Namespace.of("omega", 100, "Hz");
    static final Equations OSC_EQS = Equations.parse("dx/dt = omega*y : 1\ndy/dt = -omega*x : 1", OSC_NS)
            .resolveConstants(OSC_NS);
    // x = cos(omega t), y = -sin(omega t)
    static final Problem OSC_X = new Problem("oscillator x", OSC_EQS, OSC_NS, Map.of("x", 1.0, "y", 0.0), 0.05, "x",
            Math.cos(5));
    static final Problem OSC_Y = new Problem("oscillator y", OSC_EQS, OSC_NS, Map.of("x", 1.0, "y", 0.0), 0.05, "y",
            -Math.sin(5));

    static final Namespace LOGISTIC_NS = Namespace.of("r", 100, "Hz");
    // v = 1/(1 + (1/v0 - 1) exp(-r t))
    static final Problem LOGISTIC = new Problem("logistic", Equations.parse("dv/dt = r*v*(1 - v) : 1", LOGISTIC_NS)
            .resolveConstants(LOGISTIC_NS), LOGISTIC_NS, Map.of("v", 0.1), 0.05, "v", 1 / (1 + 9 * Math.exp(-5)));

    static final Namespace PRODUCT_NS = Namespace.builder().constant("k", 200, "Hz").constant("tau", 10, "ms").build();
    // conditionally linear but not linear: x = x0 exp(-k y0 tau (1 - exp(-t/tau)))
    static final Problem PRODUCT = new Problem("x*y decay", Equations.parse("dx/dt = -k*x*y : 1\ndy/dt = -y/tau : 1",
            PRODUCT_NS).resolveConstants(PRODUCT_NS), PRODUCT_NS, Map.of("x", 1.0, "y", 0.5), 0.03, "x",
            Math.exp(-200 * 0.5 * 0.01 * (1 - Math.exp(-3))));

    static double error(StateUpdater method, Problem p, int steps) {
        double dt = p.end() / steps;
        List<Statement> code = method.update(p.eqs(), p.ns(), dt);
        Simulation sim = new Simulation(code, p.ns(), RandomGenerator.of("L64X128MixRandom"), dt, p.initial());
        return Math.abs(sim.run(steps).get(p.var()) - p.exact());
    }

    static double order(String method, Problem p, int steps0) {
        StateUpdater u = StateUpdaters.byName(method);
        int[] steps = {steps0, 2 * steps0, 4 * steps0, 8 * steps0};
        double[] dts = new double[4], errs = new double[4];
        for (int k = 0; k < 4; k++) {
            dts[k] = p.end() / steps[k];
            errs[k] = error(u, p, steps[k]);
        }
        double order = Simulation.order(dts, errs);
        System.out.printf("order of %s on %s: %.3f (errors %.2e .. %.2e)%n", method, p.name(), order, errs[0], errs[3]);
        return order;
    }

    static void assertOrder(double expected, String method, Problem p, int steps0) {
        double o = order(method, p, steps0);
        assertEquals(expected, o, 0.1 * expected, method + " on " + p.name() + ": observed order " + o);
    }

    @Test
    void eulerIsFirstOrder() {
        assertOrder(1, "euler", DECAY, 20);
        assertOrder(1, "euler", OSC_X, 100);
        assertOrder(1, "euler", LOGISTIC, 50);
    }

    @Test
    void rk2IsSecondOrder() {
        assertOrder(2, "rk2", DECAY, 10);
        assertOrder(2, "rk2", OSC_Y, 100);
        assertOrder(2, "rk2", LOGISTIC, 25);
    }

    @Test
    void rk4IsFourthOrder() {
        assertOrder(4, "rk4", DECAY, 5);
        assertOrder(4, "rk4", OSC_X, 20);
        assertOrder(4, "rk4", LOGISTIC, 20);
    }

    @Test
    void heunIsSecondOrderOnDeterministicEquations() {
        assertOrder(2, "heun", DECAY, 10);
        assertOrder(2, "heun", OSC_X, 50);
        assertOrder(2, "heun", LOGISTIC, 25);
    }

    @Test
    void milsteinIsEulerOnDeterministicEquations() {
        assertEquals(StateUpdaters.byName("euler").update(LOGISTIC.eqs(), LOGISTIC.ns()).toString(),
                StateUpdaters.byName("milstein").update(LOGISTIC.eqs(), LOGISTIC.ns()).toString());
    }

    @Test
    void exponentialEulerIsExactForLinearAndFirstOrderOtherwise() {
        Namespace ns = Namespace.builder().constant("a", 0.3).constant("tau", 10, "ms").build();
        Problem relax = new Problem("relaxation", Equations.parse("dv/dt = (a - v)/tau : 1", ns).resolveConstants(ns),
                ns, Map.of("v", -1.0), 0.05, "v", 0.3 + (-1 - 0.3) * Math.exp(-5));
        StateUpdater ee = StateUpdaters.byName("exponential_euler");
        for (int steps : new int[] {1, 7, 100}) {
            assertEquals(0, error(ee, relax, steps), 1e-12, steps + " steps");
        }
        // also with the constants left as names
        Problem named = new Problem("relaxation (names)", Equations.parse("dv/dt = (a - v)/tau : 1", ns), ns,
                Map.of("v", -1.0), 0.05, "v", relax.exact());
        assertEquals(0, error(ee, named, 13), 1e-12);
        assertOrder(1, "exponential_euler", PRODUCT, 20);
    }
}
