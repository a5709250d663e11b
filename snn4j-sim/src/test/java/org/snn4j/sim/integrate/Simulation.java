package org.snn4j.sim.integrate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.snn4j.sim.expr.Evaluator;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.Statement;

/** Runs integrator code with the reference {@link Evaluator}, one statement after the other. */
final class Simulation {
    final Map<String, Double> state = new HashMap<>();
    private final List<Statement> code;
    private final Evaluator evaluator;
    private final double dt;

    Simulation(List<Statement> code, Namespace ns, RandomGenerator rng, double dt, Map<String, Double> initial) {
        this.code = code;
        this.evaluator = new Evaluator(ns, rng);
        this.dt = dt;
        state.putAll(initial);
        state.put("t", 0.0);
        state.put("dt", dt);
    }

    void step() {
        for (Statement s : code) state.put(s.target(), evaluator.evaluate(s.expandedValue(), state));
        state.put("t", state.get("t") + dt);
    }

    Simulation run(int steps) {
        for (int k = 0; k < steps; k++) step();
        return this;
    }

    double get(String name) { return state.get(name); }

    /** Least-squares slope of log(err) against log(dt): the observed order of convergence. */
    static double order(double[] dts, double[] errs) {
        int n = dts.length;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int k = 0; k < n; k++) {
            double x = Math.log(dts[k]), y = Math.log(errs[k]);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }
}
