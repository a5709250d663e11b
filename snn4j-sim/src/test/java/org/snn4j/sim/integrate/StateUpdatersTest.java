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
import org.snn4j.sim.expr.Statements;

class StateUpdatersTest {

    static final String HH = org.snn4j.sim.equations.HodgkinHuxley.EQUATIONS;
    static final double AREA = 20000e-12;
    static final Namespace HH_NS = Namespace.builder()
            .constant("Cm", 1e-6 / 1e-4 * AREA, "farad").constant("gl", 5e-5 / 1e-4 * AREA, "siemens")
            .constant("El", -60, "mV").constant("EK", -90, "mV").constant("ENa", 50, "mV")
            .constant("g_na", 100e-3 / 1e-4 * AREA, "siemens").constant("g_kd", 30e-3 / 1e-4 * AREA, "siemens")
            .constant("VT", -63, "mV").constant("taue", 5, "ms").constant("taui", 10, "ms")
            .constant("Ee", 0, "mV").constant("Ei", -80, "mV").build();

    static final Namespace NOISE_NS = Namespace.builder().constant("tau", 10, "ms").constant("sigma", 0.5).build();

    @Test
    void choosesLikeBrian2() {
        Equations cuba = ExactTest.CUBA.resolveConstants(ExactTest.CUBA_NS);
        assertEquals("exact", StateUpdaters.choose(cuba, ExactTest.CUBA_NS).name());
        assertEquals("exact", StateUpdaters.choose(ExactTest.CUBA, ExactTest.CUBA_NS).name());
        // Brian2's default order is exact, euler, heun: Hodgkin-Huxley gets euler ...
        Equations hh = Equations.parse(HH, HH_NS).resolveConstants(HH_NS);
        assertEquals(List.of("exact", "euler", "heun"), StateUpdaters.DEFAULT_ORDER);
        assertEquals("euler", StateUpdaters.choose(hh, HH_NS).name());
        assertTrue(StateUpdaters.byName("exact").cannotIntegrate(hh, HH_NS).orElseThrow().contains("not linear in"));
        // ... and exponential_euler when it is in the list before euler
        assertEquals("exponential_euler",
                StateUpdaters.choose(hh, HH_NS, List.of("exact", "exponential_euler", "euler", "heun")).name());
        // additive noise: euler (Euler-Maruyama); multiplicative: heun
        Equations ou = Equations.parse("dv/dt = -v/tau + sigma*xi*tau**-0.5 : 1", NOISE_NS);
        assertEquals("euler", StateUpdaters.choose(ou, NOISE_NS).name());
        Equations mult = Equations.parse("dv/dt = -v/tau + sigma*v*xi*tau**-0.5 : 1", NOISE_NS);
        assertEquals("heun", StateUpdaters.choose(mult, NOISE_NS).name());
        // the nonlinear logistic equation: euler
        assertEquals("euler", StateUpdaters.choose(ConvergenceTest.LOGISTIC.eqs(), ConvergenceTest.LOGISTIC_NS).name());
    }

    @Test
    void choiceErrorsListEveryMethodTried() {
        Equations mult = Equations.parse("dv/dt = -v**2/tau + sigma*v*xi*tau**-0.5 : 1", NOISE_NS);
        UnsupportedEquationsException ex = assertThrows(UnsupportedEquationsException.class,
                () -> StateUpdaters.choose(mult, NOISE_NS, List.of("exact", "euler", "exponential_euler")));
        String src = "'dv/dt = -v**2/tau + sigma*v*xi*tau**-0.5 : 1'";
        assertEquals("none of the integration methods exact, euler, exponential_euler can integrate the equations:\n"
                + "  exact: " + src + ": the equation is stochastic (it contains xi), and exact integrates deterministic "
                + "equations only\n"
                + "  euler: " + src + ": the noise is multiplicative (the factor sigma*v*tau**-0.5 of xi depends on v), "
                + "and euler handles additive noise only (use heun or milstein)\n"
                + "  exponential_euler: " + src + ": the equation is stochastic (it contains xi), and exponential_euler "
                + "integrates deterministic equations only", ex.getMessage());
        Equations logistic = ConvergenceTest.LOGISTIC.eqs();
        assertEquals("'dv/dt = r*v*(1 - v) : 1': not linear in v (exponential_euler needs dv/dt = A*v + B with A and B "
                + "free of v)", StateUpdaters.byName("exponential_euler").cannotIntegrate(logistic, Namespace.builtins())
                .orElseThrow());
        assertEquals("method 'rk4' cannot integrate 'dv/dt = -v**2/tau + sigma*v*xi*tau**-0.5 : 1': the equation is "
                + "stochastic (it contains xi), and rk4 integrates deterministic equations only",
                assertThrows(UnsupportedEquationsException.class,
                        () -> StateUpdaters.byName("rk4").update(mult, NOISE_NS)).getMessage());
    }

    @Test
    void methodsByName() {
        assertEquals(List.of("exact", "euler", "exponential_euler", "rk2", "rk4", "heun", "milstein"),
                List.copyOf(StateUpdaters.all().keySet()));
        for (String name : StateUpdaters.all().keySet()) assertEquals(name, StateUpdaters.byName(name).name());
        assertSame(StateUpdaters.byName("exact"), StateUpdaters.byName("linear"));
        assertEquals("unknown integration method 'rk3' (did you mean 'rk2'?); known methods: exact, euler, "
                + "exponential_euler, rk2, rk4, heun, milstein (and 'linear' for 'exact')",
                assertThrows(IllegalArgumentException.class, () -> StateUpdaters.byName("rk3")).getMessage());
    }

    @Test
    void emittedCodeFollowsTheConventions() {
        Equations eqs = Equations.parse("dv/dt = -v/tau + sigma*xi*tau**-0.5 : 1", NOISE_NS);
        assertEquals(List.of("_xi_xi = dt**0.5*randn()", "_v_new = v + dt*(-v/tau) + sigma*tau**-0.5*_xi_xi",
                "v = _v_new"), StateUpdaters.byName("euler").update(eqs, NOISE_NS).stream().map(Statement::toString).toList());
        Equations cuba = ExactTest.CUBA;
        for (StateUpdater u : StateUpdaters.all().values()) {
            List<Statement> code = u.update(cuba, ExactTest.CUBA_NS, 1e-4);
            // temporaries start with an underscore; the code ends by assigning every variable
            int n = code.size();
            assertEquals(List.of("v = _v_new", "ge = _ge_new", "gi = _gi_new"),
                    code.subList(n - 3, n).stream().map(Statement::toString).toList(), u.name());
            for (Statement s : code.subList(0, n - 3)) assertTrue(s.target().startsWith("_"), u.name() + ": " + s);
            for (Statement s : code) assertEquals(Statement.Op.ASSIGN, s.op());
            // the code of the symbolic methods is dimensionally consistent on the unresolved equations
            if (!u.name().equals("exact")) Statements.check(code, cuba.namespace(ExactTest.CUBA_NS));
        }
    }

    @Test
    void subexpressionsAreInlinedEventDrivenEquationsSkippedConstantOverDtKept() {
        Namespace ns = Namespace.builder().constant("tau", 10, "ms").constant("taupre", 20, "ms").build();
        Equations eqs = Equations.parse("""
                dv/dt = (I - v)/tau : volt
                I = 2*J : volt
                J = w*mV : volt
                K = v*0.5 : volt (constant over dt)
                du/dt = (K - u)/tau : volt
                dapre/dt = -apre/taupre : 1 (event-driven)
                w : 1
                """, ns);
        List<String> code = StateUpdaters.byName("euler").update(eqs, ns).stream().map(Statement::toString).toList();
        assertEquals(List.of("_v_new = v + dt*((2*(w*mV) - v)/tau)", "_u_new = u + dt*((K - u)/tau)", "v = _v_new",
                "u = _u_new"), code);
        // exact follows every subexpression (K couples u to v); the parameter w makes the constant term of v
        // a temporary
        List<Statement> exact = StateUpdaters.byName("exact").update(eqs, ns, 1e-4);
        assertTrue(exact.stream().noneMatch(s -> s.target().contains("apre")));
        Simulation sim = new Simulation(exact, ns, RandomGenerator.of("L64X128MixRandom"), 1e-4,
                Map.of("v", 0.0, "u", 0.0, "w", 1.0));
        sim.run(1);
        assertEquals(0.002 * (1 - Math.exp(-0.01)), sim.get("v"), 1e-15);
        assertEquals("_b_v = 2*(w*mV)/tau", exact.get(0).toString());
        assertTrue(Exprs.identifiers(exact.get(2).value()).containsAll(List.of("u", "v")), exact.get(2).toString());
    }

    @Test
    void printedCodeParsesBackToTheSameComputation() {
        Equations ou2 = Equations.parse("dv/dt = -v/tau + sigma*v*xi*tau**-0.5 : 1\ndw/dt = (v - w)/tau : 1", NOISE_NS);
        for (StateUpdater u : StateUpdaters.all().values()) {
            Equations eqs = u.name().equals("heun") || u.name().equals("milstein") ? ou2 : ExactTest.CUBA;
            Namespace ns = eqs == ou2 ? NOISE_NS : ExactTest.CUBA_NS;
            List<Statement> code = u.update(eqs, ns, 1e-4);
            List<Statement> reparsed = Statements.parse(String.join("\n", code.stream().map(Statement::toString).toList()));
            Map<String, Double> init = eqs == ou2 ? Map.of("v", 0.3, "w", -0.2)
                    : Map.of("v", -0.055, "ge", 0.002, "gi", -0.001);
            Simulation a = new Simulation(code, ns, java.util.random.RandomGeneratorFactory.of("L64X128MixRandom")
                    .create(3), 1e-4, init).run(5);
            Simulation b = new Simulation(reparsed, ns, java.util.random.RandomGeneratorFactory.of("L64X128MixRandom")
                    .create(3), 1e-4, init).run(5);
            assertEquals(a.state, b.state, u.name());
        }
    }

    @Test
    void modelsWithoutDifferentialEquations() {
        Equations eqs = Equations.parse("I : amp\nJ = 2*I : amp");
        assertEquals("exact", StateUpdaters.choose(eqs, Namespace.builtins()).name());
        for (StateUpdater u : StateUpdaters.all().values()) assertEquals(List.of(), u.update(eqs, Namespace.builtins(), 1e-4));
    }

    /** Hodgkin-Huxley (Brian2's COBAHH neuron, with synaptic conductances): exponential_euler against rk4. */
    @Test
    void hodgkinHuxleyWithExponentialEulerFollowsRk4() {
        Equations hh = Equations.parse(HH, HH_NS).resolveConstants(HH_NS);
        Map<String, Double> init = Map.of("v", -0.060, "m", 0.05, "n", 0.3, "h", 0.6, "ge", 40e-9, "gi", 0.0);
        double end = 0.005;
        Simulation ref = new Simulation(StateUpdaters.byName("rk4").update(hh, HH_NS, 1e-6), HH_NS, null, 1e-6, init)
                .run(5000);
        double[] errs = new double[2];
        double[] dts = {0.02e-3, 0.01e-3};
        for (int k = 0; k < 2; k++) {
            Simulation ee = new Simulation(StateUpdaters.byName("exponential_euler").update(hh, HH_NS), HH_NS, null,
                    dts[k], init).run((int) Math.round(end / dts[k]));
            errs[k] = Math.abs(ee.get("v") - ref.get("v"));
        }
        System.out.printf("HH v(5 ms): rk4 %.4f mV, exponential_euler error %.3f mV (dt 0.02 ms), %.3f mV (dt 0.01 ms)%n",
                ref.get("v") * 1e3, errs[0] * 1e3, errs[1] * 1e3);
        assertTrue(errs[1] < 1e-3, "within 1 mV at dt = 0.01 ms");
        assertTrue(errs[1] < errs[0], "error falls with dt");
    }
}
