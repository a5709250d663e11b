package org.snn4j.sim.integrate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.snn4j.sim.equations.Equations;
import org.snn4j.sim.expr.Exprs;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.Statement;

class ExactTest {
    static final StateUpdater EXACT = StateUpdaters.byName("exact");

    static final Namespace CUBA_NS = Namespace.builder().constant("taum", 20, "ms").constant("taue", 5, "ms")
            .constant("taui", 10, "ms").constant("El", -49, "mV").build();
    static final Equations CUBA = Equations.parse("""
            dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
            dge/dt = -ge/taue : volt
            dgi/dt = -gi/taui : volt
            """, CUBA_NS);

    private static Simulation run(List<Statement> code, Namespace ns, double dt, Map<String, Double> init, int steps) {
        return new Simulation(code, ns, RandomGenerator.of("L64X128MixRandom"), dt, init).run(steps);
    }

    @Test
    void cubaConductanceDecayMatchesClosedForm() {
        Equations ge = Equations.parse("dge/dt = -ge/taue : volt", CUBA_NS).resolveConstants(CUBA_NS);
        double dt = 0.1e-3;
        List<Statement> code = EXACT.update(ge, CUBA_NS, dt);
        assertEquals(2, code.size());
        assertEquals("_ge_new", code.get(0).target());
        assertTrue(Exprs.identifiers(code.get(0).value()).equals(java.util.Set.of("ge")), "numeric propagator");
        Simulation sim = new Simulation(code, CUBA_NS, null, dt, Map.of("ge", 0.0035));
        for (int k = 1; k <= 100; k++) {
            sim.step();
            assertEquals(0.0035 * Math.exp(-k * dt / 0.005), sim.get("ge"), 1e-9 * 0.0035, "step " + k);
        }
        // the decay factor is exp(-dt/taue) to within one unit in the last place
        sim = run(code, CUBA_NS, dt, Map.of("ge", 1.0), 1);
        assertEquals(Math.exp(-dt / 0.005), sim.get("ge"), Math.ulp(1.0));
    }

    @Test
    void fullCubaMatchesClosedForm() {
        double taum = 0.020, taue = 0.005, taui = 0.010, El = -0.049;
        double v0 = -0.060, ge0 = 0.004, gi0 = -0.010, dt = 0.1e-3;
        for (Equations eqs : List.of(CUBA, CUBA.resolveConstants(CUBA_NS))) {
            List<Statement> code = EXACT.update(eqs, CUBA_NS, dt);
            // v depends on ge and gi, but they do not depend on v: exact zeros, no terms
            assertEquals("_ge_new", code.get(1).target());
            assertEquals(Set("ge"), Exprs.identifiers(code.get(1).value()));
            Simulation sim = new Simulation(code, CUBA_NS, null, dt, Map.of("v", v0, "ge", ge0, "gi", gi0));
            for (int k = 1; k <= 100; k++) {
                sim.step();
                double t = k * dt;
                double v = El + (v0 - El) * Math.exp(-t / taum)
                        + ge0 / taum / (1 / taum - 1 / taue) * (Math.exp(-t / taue) - Math.exp(-t / taum))
                        + gi0 / taum / (1 / taum - 1 / taui) * (Math.exp(-t / taui) - Math.exp(-t / taum));
                assertEquals(v, sim.get("v"), 1e-9 * Math.abs(v), "v at step " + k);
                assertEquals(ge0 * Math.exp(-t / taue), sim.get("ge"), 1e-9 * ge0, "ge at step " + k);
                assertEquals(gi0 * Math.exp(-t / taui), sim.get("gi"), 1e-9 * Math.abs(gi0), "gi at step " + k);
            }
        }
    }

    private static java.util.Set<String> Set(String... s) { return java.util.Set.of(s); }

    @Test
    void coupledOscillatorWithAffineTermMatchesClosedForm() {
        // dx/dt = w*y, dy/dt = -w*(x - x0) - 2*z*w*y: a damped oscillator around x0 (underdamped, z = 0.1)
        Namespace ns = Namespace.builder().constant("w", 300, "Hz").constant("x0", 2.5).constant("z", 0.1).build();
        Equations eqs = Equations.parse("dx/dt = w*y : 1\ndy/dt = -w*(x - x0) - 2*z*w*y : 1", ns)
                .resolveConstants(ns);
        double w = 300, x0 = 2.5, z = 0.1, dt = 0.05e-3;
        double wd = w * Math.sqrt(1 - z * z);
        double u0 = 1.0 - x0, y0 = 0.5;
        // u = x - x0 satisfies u'' + 2 z w u' + w^2 u = 0 with u(0) = u0, u'(0) = w*y0
        double c1 = u0, c2 = (w * y0 + z * w * u0) / wd;
        Simulation sim = new Simulation(EXACT.update(eqs, ns, dt), ns, null, dt, Map.of("x", 1.0, "y", y0));
        for (int k = 1; k <= 100; k++) {
            sim.step();
            double t = k * dt, env = Math.exp(-z * w * t);
            double u = env * (c1 * Math.cos(wd * t) + c2 * Math.sin(wd * t));
            double du = -z * w * u + env * (-c1 * wd * Math.sin(wd * t) + c2 * wd * Math.cos(wd * t));
            assertEquals(x0 + u, sim.get("x"), 1e-9, "x at step " + k);
            assertEquals(du / w, sim.get("y"), 1e-9, "y at step " + k);
        }
    }

    @Test
    void parametersInTheConstantTermBecomeTemporaries() {
        Equations eqs = Equations.parse("dv/dt = (I - v)/tau + w/tau : volt\ndw/dt = -w/tau : volt\nI : volt",
                Namespace.of("tau", 10, "ms"));
        double dt = 0.2e-3, tau = 0.010, I = 0.02;
        List<Statement> code = EXACT.update(eqs, Namespace.of("tau", 10, "ms"), dt);
        assertEquals("_b_v", code.get(0).target());
        Simulation sim = new Simulation(code, Namespace.of("tau", 10, "ms"), null, dt,
                Map.of("v", 0.0, "w", 0.01, "I", I));
        sim.run(100);
        double t = 100 * dt;
        // v = I (1 - e^{-t/tau}) + w0 (t/tau) e^{-t/tau}
        assertEquals(I * (1 - Math.exp(-t / tau)) + 0.01 * t / tau * Math.exp(-t / tau), sim.get("v"), 1e-12);
    }

    @Test
    void decoupledEquationsWithParameterCoefficientsAreSymbolic() {
        Equations eqs = Equations.parse("dv/dt = (I - v)/tau_p : volt\ndc/dt = 0*volt/second : volt\nI : volt\ntau_p : second");
        List<Statement> code = EXACT.update(eqs, Namespace.builtins());
        assertFalse(EXACT.needsNumericDt(eqs, Namespace.builtins()));
        assertEquals(List.of("_a_v = -1/tau_p", "_v_new = v*exp(_a_v*dt) + I/tau_p*dt*exprel(_a_v*dt)", "_c_new = c",
                "v = _v_new", "c = _c_new"), code.stream().map(Statement::toString).toList());
        double dt = 0.1e-3;
        Simulation sim = new Simulation(code, Namespace.builtins(), null, dt,
                Map.of("v", -0.07, "c", 0.001, "I", 0.01, "tau_p", 0.015));
        sim.run(100);
        assertEquals(0.01 + (-0.07 - 0.01) * Math.exp(-100 * dt / 0.015), sim.get("v"), 1e-12);
        assertEquals(0.001, sim.get("c"));
        // the same with dt given: all coefficients are not numbers, so the symbolic form is used
        assertEquals(code, EXACT.update(eqs, Namespace.builtins(), dt));
    }

    @Test
    void coupledEquationsNeedANumericTimeStep() {
        assertTrue(EXACT.needsNumericDt(CUBA, CUBA_NS));
        UnsupportedEquationsException ex = assertThrows(UnsupportedEquationsException.class,
                () -> EXACT.update(CUBA, CUBA_NS));
        assertEquals("method 'exact' needs the time step as a number to integrate the coupled linear equations "
                + "for v, ge, gi: call update(eqs, ns, dt)", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EXACT.update(CUBA, CUBA_NS, 0));
    }

    private static String refusal(String eqs, Namespace ns) {
        Equations e = Equations.parse(eqs, ns);
        String reason = EXACT.cannotIntegrate(e, ns).orElseThrow();
        String msg = assertThrows(UnsupportedEquationsException.class, () -> EXACT.update(e, ns, 1e-4)).getMessage();
        assertEquals("method 'exact' cannot integrate " + reason, msg);
        return msg;
    }

    @Test
    void refusalsNameTheEquationAndTheReason() {
        Namespace ns = Namespace.builder().constant("tau", 10, "ms").constant("sigma", 0.5).build();
        assertEquals("method 'exact' cannot integrate 'dv/dt = -v**2/tau : 1': not linear in v",
                refusal("dv/dt = -v**2/tau : 1", ns));
        assertEquals("method 'exact' cannot integrate 'dv/dt = -v*w/tau : 1': not linear in the state variables: "
                + "a term multiplies v and w", refusal("dv/dt = -v*w/tau : 1\ndw/dt = -w/tau : 1", ns));
        assertEquals("method 'exact' cannot integrate 'dv/dt = -v*sin(2*pi*t/tau)/tau : 1': the coefficient of v "
                + "(-(sin(2*pi*t/tau)/tau)) depends on time t", refusal("dv/dt = -v*sin(2*pi*t/tau)/tau : 1", ns));
        assertEquals("method 'exact' cannot integrate 'dv/dt = (rand() - v)/tau : 1': the constant term "
                + "(rand()/tau) uses random numbers", refusal("dv/dt = (rand() - v)/tau : 1", ns));
        assertEquals("method 'exact' cannot integrate 'dv/dt = -v/tau + sigma*xi*tau**-0.5 : 1': the equation is "
                + "stochastic (it contains xi), and exact integrates deterministic equations only",
                refusal("dv/dt = -v/tau + sigma*xi*tau**-0.5 : 1", ns));
        assertEquals("method 'exact' cannot integrate 'dv/dt = (w - v)/tau_p : 1': the coefficient of v, -1/tau_p, "
                + "is not a constant number (it depends on tau_p), and exact integration of coupled linear equations "
                + "needs constant coefficients", refusal("dv/dt = (w - v)/tau_p : 1\ndw/dt = -w/tau : 1\n"
                + "tau_p : second", ns));
        // a subexpression is followed: I = v**2 makes the equation non-linear
        assertEquals("method 'exact' cannot integrate 'dv/dt = (I - v)/tau : 1': not linear in v",
                refusal("dv/dt = (I - v)/tau : 1\nI = v**2 : 1", ns));
    }

    @Test
    void matrixExponential() {
        double w = 1.3;
        double[][] rot = MatrixExponential.expm(new double[][] {{0, w}, {-w, 0}});
        assertArrayEquals(new double[] {Math.cos(w), Math.sin(w)}, rot[0], 1e-15);
        assertArrayEquals(new double[] {-Math.sin(w), Math.cos(w)}, rot[1], 1e-15);
        // Jordan block: exp([[a, 1], [0, a]]) = e^a [[1, 1], [0, 1]], with a norm that needs squaring
        double a = -7.5;
        double[][] j = MatrixExponential.expm(new double[][] {{a, 1}, {0, a}});
        assertEquals(Math.exp(a), j[0][0], 1e-14 * Math.exp(a));
        assertEquals(Math.exp(a), j[0][1], 1e-13 * Math.exp(a));
        assertEquals(0, j[1][0]);
        // large diagonal entries: squaring many times keeps relative accuracy
        double[][] d = MatrixExponential.expm(new double[][] {{-200, 0}, {0, 30}});
        assertEquals(Math.exp(-200), d[0][0], 1e-12 * Math.exp(-200));
        assertEquals(Math.exp(30), d[1][1], 1e-12 * Math.exp(30));
        assertEquals(0, d[0][1]);
        // a random 4x4 matrix: exp(A) exp(-A) = I
        RandomGenerator r = RandomGenerator.of("L64X128MixRandom");
        double[][] m = new double[4][4], mn = new double[4][4];
        for (int i = 0; i < 4; i++) for (int k = 0; k < 4; k++) { m[i][k] = 2 * r.nextGaussian(); mn[i][k] = -m[i][k]; }
        double[][] id = MatrixExponential.multiply(MatrixExponential.expm(m), MatrixExponential.expm(mn));
        for (int i = 0; i < 4; i++) for (int k = 0; k < 4; k++) assertEquals(i == k ? 1 : 0, id[i][k], 1e-11);
        assertEquals(0, MatrixExponential.expm(new double[0][0]).length);
    }
}
