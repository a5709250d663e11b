package org.snn4j.sim.equations;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snn4j.sim.expr.Evaluator;
import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.ExpressionException;
import org.snn4j.sim.expr.Exprs;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.ValueType;
import org.snn4j.sim.units.Dimension;

class EquationsTest {

    private static String error(String eqs, Namespace ns) {
        return assertThrows(ExpressionException.class, () -> Equations.parse(eqs, ns)).getMessage();
    }

    private static double eval(Expr e, Map<String, Double> values) {
        return Evaluator.withBuiltins().evaluate(e, values);
    }

    private static double eval(Expr e, Map<String, Double> values, Namespace ns) {
        return new Evaluator(ns, java.util.random.RandomGenerator.of("L64X128MixRandom")).evaluate(e, values);
    }

    @Test
    void lifChecksDimensions() {
        Namespace ns = Namespace.of("tau", 10, "ms");
        assertEquals("in 'dv/dt = (I - v)/tau : volt': cannot subtract v (volt) from I (amp)",
                error("dv/dt = (I - v)/tau : volt\nI : amp", ns));
        Equations ok = Equations.parse("dv/dt = (I - v)/tau : volt\nI : volt", ns);
        assertEquals(List.of("v", "I"), List.copyOf(ok.names()));
        assertEquals(EquationKind.PARAMETER, ok.require("I").kind());
        String msg = error("dv/dt = v : volt", ns);
        assertEquals("in 'dv/dt = v : volt': dv/dt must have the dimension volt/second (m^2 kg s^-4 A^-1), "
                + "but the right-hand side v has dimension volt", msg);
        assertEquals("in 'dv/dt = -v/tua : volt': unknown identifier 'tua' (did you mean 'tau'?)",
                error("dv/dt = -v/tua : volt", ns));
    }

    static final String CUBA = """
            dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
            dge/dt = -ge/taue : volt
            dgi/dt = -gi/taui : volt
            """;
    static final Namespace CUBA_NS = Namespace.builder().constant("taum", 20, "ms").constant("taue", 5, "ms")
            .constant("taui", 10, "ms").constant("El", -49, "mV").build();

    @Test
    void cubaIsLinearWithConstantCoefficients() {
        Equations eqs = Equations.parse(CUBA, CUBA_NS);
        assertTrue(eqs.require("v").hasFlag(Flag.UNLESS_REFRACTORY));
        assertTrue(eqs.isLinear());
        LinearAnalysis.LinearSystem sys = eqs.linearSystem().orElseThrow();
        Map<String, Double> none = Map.of();
        // dv/dt = -v/taum + ge/taum + gi/taum + El/taum
        assertEquals(-1 / 0.020, eval(sys.coefficient("v", "v"), none, CUBA_NS), 1e-9);
        assertEquals(1 / 0.020, eval(sys.coefficient("v", "ge"), none, CUBA_NS), 1e-9);
        assertEquals(1 / 0.020, eval(sys.coefficient("v", "gi"), none, CUBA_NS), 1e-9);
        assertEquals(-1 / 0.005, eval(sys.coefficient("ge", "ge"), none, CUBA_NS), 1e-9);
        assertEquals(0, eval(sys.coefficient("ge", "v"), none));
        assertEquals(-0.049 / 0.020, eval(sys.constant("v"), none, CUBA_NS), 1e-12);
        Equations resolved = eqs.resolveConstants(CUBA_NS);
        assertEquals("-ge/0.005", Exprs.print(resolved.require("ge").rhs()));
    }

    static final String COBA = """
            dv/dt = (g_l*(E_l-v) + g_e*(E_e-v) + g_i*(E_i-v) +
                     I_ex)/C_m    : volt (unless refractory)
            dg_e/dt = -g_e/tau_e  : siemens  # post-synaptic exc. conductance
            dg_i/dt = -g_i/tau_i  : siemens  # post-synaptic inh. conductance
            """;

    @Test
    void cobaParsesAcrossLinesAndIsNotLinear() {
        Namespace ns = Namespace.builder().constant("E_l", -60, "mV").constant("g_l", 9.99, "nS")
                .constant("E_e", 0, "mV").constant("E_i", -80, "mV").constant("C_m", 198, "pF")
                .constant("tau_e", 5, "ms").constant("tau_i", 10, "ms").constant("I_ex", 150, "pA").build();
        Equations eqs = Equations.parse(COBA, ns);
        assertEquals(3, eqs.differentialEquations().size());
        assertEquals("dv/dt = (g_l*(E_l-v) + g_e*(E_e-v) + g_i*(E_i-v) + I_ex)/C_m : volt (unless refractory)",
                eqs.require("v").source());
        assertFalse(eqs.isLinear(), "g_e*v is a product of state variables");
        var cl = eqs.conditionallyLinear("v").orElseThrow();
        Map<String, Double> vals = Map.of("g_e", 2e-9, "g_i", 3e-9);
        assertEquals(-(9.99e-9 + 2e-9 + 3e-9) / 198e-12, eval(cl.a(), vals, ns), 1e-3);
    }

    static final String HH = HodgkinHuxley.EQUATIONS;

    @Test
    void hodgkinHuxleyIsConditionallyLinear() {
        double area = 20000e-12;
        Namespace ns = Namespace.builder()
                .constant("Cm", 1e-6 / 1e-4 * area, "farad").constant("gl", 5e-5 / 1e-4 * area, "siemens")
                .constant("El", -60, "mV").constant("EK", -90, "mV").constant("ENa", 50, "mV")
                .constant("g_na", 100e-3 / 1e-4 * area, "siemens").constant("g_kd", 30e-3 / 1e-4 * area, "siemens")
                .constant("VT", -63, "mV").constant("taue", 5, "ms").constant("taui", 10, "ms")
                .constant("Ee", 0, "mV").constant("Ei", -80, "mV").build();
        Equations eqs = Equations.parse(HH, ns);
        assertEquals(6, eqs.differentialEquations().size());
        assertEquals(6, eqs.subexpressions().size());
        assertFalse(eqs.isLinear());
        var m = eqs.conditionallyLinear("m").orElseThrow();
        assertEquals("-alpha_m - beta_m", Exprs.print(m.a()));
        assertEquals("alpha_m", Exprs.print(m.b()));
        assertEquals(-5.0, eval(m.a(), Map.of("alpha_m", 2.0, "beta_m", 3.0)));
        assertEquals(2.0, eval(m.b(), Map.of("alpha_m", 2.0, "beta_m", 3.0)));
        // v: subexpressions do not depend on v's equation terms here, so A is a plain conductance sum / Cm
        var v = eqs.conditionallyLinear("v").orElseThrow();
        Map<String, Double> vals = new HashMap<>(Map.of("ge", 0.0, "gi", 0.0, "m", 0.0, "n", 0.0, "h", 0.0));
        assertEquals(-(5e-5 / 1e-4 * area) / (1e-6 / 1e-4 * area), eval(v.a(), vals, ns), 1e-6);
        // alpha_m at v = VT + 13 mV: 0.32/mV*4mV/exprel(0)/ms = 1280 Hz
        Expr alpha = eqs.inlineAll(Exprs.parse("alpha_m"));
        assertEquals(1280, Evaluator.withBuiltins().evaluate(Exprs.substitute(alpha,
                Map.of("VT", Exprs.parse("-0.063"))), Map.of("v", -0.050)), 1e-9);
    }

    @Test
    void adexAndIzhikevich() {
        Namespace adexNs = Namespace.builder().constant("C", 281, "pF").constant("gL", 30, "nS")
                .constant("EL", -70.6, "mV").constant("VT", -50.4, "mV").constant("DeltaT", 2, "mV")
                .constant("tauw", 144, "ms").constant("a", 4, "nS").build();
        Equations adex = Equations.parse("""
                dvm/dt = (gL*(EL - vm) + gL*DeltaT*exp((vm - VT)/DeltaT) + I - w)/C : volt
                dw/dt = (a*(vm - EL) - w)/tauw : amp
                I : amp
                """, adexNs);
        assertFalse(adex.isLinear());
        assertTrue(adex.conditionallyLinear("w").isPresent());
        assertTrue(adex.conditionallyLinear("vm").isEmpty(), "exp(vm) is not linear in vm");

        Equations izhDimensionless = Equations.parse("""
                dv/dt = (0.04*v**2 + 5*v + 140 - u + I)/ms : 1
                du/dt = a*(b*v - u)/ms : 1
                a : 1
                b : 1
                I : 1
                """);
        assertEquals(Dimension.DIMENSIONLESS, izhDimensionless.require("v").dimension());
        Namespace izhNs = Namespace.builder().constant("a", 0.02, "1/ms").constant("b", 0.2, "1/ms")
                .constant("k", 0.04, "1/ms/mV").build();
        Equations izhUnits = Equations.parse("""
                dv/dt = k*v**2 + 5/ms*v + 140*mV/ms - u + I : volt
                du/dt = a*(b*v - u) : volt/second
                I : volt/second
                """, izhNs);
        assertEquals(Dimension.VOLTAGE.divide(Dimension.TIME), izhUnits.require("u").dimension());
        assertFalse(izhUnits.isLinear());
    }

    @Test
    void stdpSynapseAndSummedVariable() {
        Namespace ns = Namespace.builder().constant("taupre", 20, "ms").constant("taupost", 20, "ms").build();
        Equations stdp = Equations.parse("""
                w : 1
                dapre/dt = -apre/taupre : 1 (event-driven)
                dapost/dt = -apost/taupost : 1 (event-driven)
                Isyn_post = w*nA : amp (summed)
                """, ns);
        assertTrue(stdp.require("apre").hasFlag(Flag.EVENT_DRIVEN));
        assertTrue(stdp.require("Isyn_post").hasFlag(Flag.SUMMED));
        assertEquals(ValueType.FLOAT, stdp.require("w").type());
        assertTrue(stdp.isLinear());
    }

    @Test
    void noiseEquations() {
        Namespace ns = Namespace.builder().constant("tau", 10, "ms").constant("sigma", 0.5).constant("v0", 1).build();
        Equations eqs = Equations.parse("dv/dt = (v0-v)/tau + sigma*xi*tau**-0.5 : 1", ns);
        assertTrue(eqs.isStochastic());
        assertFalse(eqs.isLinear(), "the linear method does not handle noise");
        var parts = LinearAnalysis.splitStochastic(eqs.require("v").rhs()).orElseThrow();
        assertEquals("(v0 - v)/tau", Exprs.print(parts.deterministic()));
        assertEquals("sigma*tau**-0.5", Exprs.print(parts.noise().get("xi")));
        String msg = error("dv/dt = (v0-v)/tau + sigma*xi : 1", ns);
        assertEquals("in 'dv/dt = (v0-v)/tau + sigma*xi : 1': cannot add (v0 - v)/tau (hertz) and sigma*xi (s^-0.5)",
                msg);
        // xi*xi has dimension 1/second, so this is dimensionally fine but not additive noise
        assertEquals("in 'dv/dt = -v/tau + sigma*xi*xi : 1': white noise must enter additively, as f + g*xi "
                + "with f and g free of xi; got -v/tau + sigma*xi*xi", error("dv/dt = -v/tau + sigma*xi*xi : 1", ns));
    }

    @Test
    void structuralErrors() {
        Namespace ns = Namespace.of("tau", 10, "ms");
        assertEquals("in 'dv/dt = -v/tau : volt': 'v' is defined by a differential equation and also as a "
                + "subexpression (in 'v = 2*mV : volt')", error("v = 2*mV : volt\ndv/dt = -v/tau : volt", ns));
        assertEquals("in 'x : volt': 'x' is defined twice (also in 'x : amp')", error("x : amp\nx : volt", ns));
        assertEquals("in 'a = b : 1': the subexpressions a -> b -> a refer to each other in a cycle",
                error("a = b : 1\nb = 2*a : 1", ns));
        assertEquals("in 'dv/dt = -v/tau : mV': the unit mV is scaled (1 mV = 0.001 volt); declare variables in "
                + "unscaled units such as volt (values are always stored in SI units)", error("dv/dt = -v/tau : mV", ns));
        assertEquals("in 'dms/dt = -ms/tau : 1': 'ms' is the name of a unit and cannot be used as a variable name",
                error("dms/dt = -ms/tau : 1", ns));
        assertEquals("in 'x : volt (constnat)': unknown flag 'constnat'; known flags: unless refractory, constant, "
                + "shared, linked, constant over dt, event-driven, clock-driven, summed", error("x : volt (constnat)", ns));
        assertEquals("in 'x : volt (unless refractory)': the flag 'unless refractory' is not allowed for a parameter",
                error("x : volt (unless refractory)", ns));
        assertEquals("in 'I = v/R : amp': the right-hand side v/R has dimension volt, but I is declared in amp",
                error("v : volt\nR : 1\nI = v/R : amp", ns));
    }

    @Test
    void compositionAndFormatting() {
        Equations a = Equations.parse("dv/dt = (El - v + I*R)/tau : volt (unless refractory)");
        Equations b = Equations.parse("I = I0*sin(2*pi*f*t) : amp\nI0 : amp (constant)\nf : Hz (shared)\nR : ohm");
        Equations both = a.plus(b).check(Namespace.builder().constant("tau", 10, "ms").constant("El", -70, "mV").build());
        assertEquals(List.of("v", "I", "I0", "f", "R"), List.copyOf(both.names()));
        assertFalse(both.isLinear(), "the constant term depends on t");
        assertEquals("dv/dt = (El - v + I*R)/tau : volt (unless refractory)\nI = I0*sin(2*pi*f*t) : amp\n"
                + "I0 : amp (constant)\nf : hertz (shared)\nR : ohm\n".replace("hertz", "Hz"), both.toString());
        assertEquals(both.toString(), Equations.parse(both.toString()).toString());
        Equations flags = Equations.parse("n : integer\nspiking : boolean (shared)\nx : 1 (constant, shared)");
        assertEquals(ValueType.INTEGER, flags.require("n").type());
        assertEquals(ValueType.BOOLEAN, flags.require("spiking").type());
        assertEquals(2, flags.require("x").flags().size());
    }
}
