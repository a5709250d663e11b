package org.snn4j.sim.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.units.Quantity;

/**
 * Every kind of model error is reported before anything runs, by the call that introduces it (the
 * constructor, threshold/reset/refractory, on_pre, connect) or at the latest when the network is built,
 * with a message naming the object, the text the user wrote, the offending name or term, and for units
 * both dimensions; connect indices name the index, its value and the valid range.
 */
class SimErrorsTest {
    static final Namespace NS = Namespace.builder().constant("tau", 10, "ms").constant("El", -49, "mV")
            .constant("w0", 1, "mV").build();

    /** The message of the IllegalArgumentException thrown by {@code call}. */
    static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    static void assertContains(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "expected '" + p + "' in: " + message);
    }

    static NeuronGroup exc() { return new NeuronGroup(3, "dv/dt = (El - v)/tau : volt\nI : amp", NS).name("exc"); }

    static NeuronGroup tgt() { return new NeuronGroup(4, "dge/dt = -ge/tau : volt", NS).name("tgt"); }

    // ------------------------------------------------------------------ equations

    @Test
    void syntaxErrorsNameTheEquationAndItsLine() {
        String m = message(() -> new NeuronGroup(3, "dv/dt = -v/tau : 1\n\ndu/dt = (1 - u/tau : 1", NS));
        assertContains(m, "in 'du/dt = (1 - u/tau : 1'", "missing ')'", "(line 3 of the equations)");
        m = message(() -> new NeuronGroup(3, "dv/dt = -v/tau : 1\ndu/dt = -u/tau", NS));
        assertContains(m, "in 'du/dt = -u/tau'", "missing ': unit'", "(line 2 of the equations)");
        m = message(() -> new NeuronGroup(3, "dv/dt = -v/tau : 1 (unles refractory)", NS));
        assertContains(m, "unknown flag 'unles refractory'");
        m = message(() -> new NeuronGroup(3, "# a comment\ndv/dt = (-v\n   + 1)/tau : 1\ndu/dt = -u/tau : 1 (unles refractory)", NS));
        assertContains(m, "unknown flag 'unles refractory'", "(line 4 of the equations)");
    }

    @Test
    void unknownNamesAndFunctionsInEquations() {
        String m = message(() -> new NeuronGroup(3, "dv/dt = -v/tau : 1\ndu/dt = -u/taux : 1", NS).name("x"));
        assertContains(m, "NeuronGroup '", "in 'du/dt = -u/taux : 1'", "unknown identifier 'taux'", "did you mean 'tau'");
        m = message(() -> new NeuronGroup(3, "dv/dt = -foo(v)/tau : 1", NS));
        assertContains(m, "in 'dv/dt = -foo(v)/tau : 1'", "unknown function 'foo'");
        m = message(() -> new NeuronGroup(3, "dv/dt = -exp(v, v)/tau : 1", NS));
        assertContains(m, "exp() takes 1 argument, got 2");
    }

    @Test
    void unitMismatchesGiveBothDimensions() {
        // El is a voltage, v is declared dimensionless
        String m = message(() -> new NeuronGroup(3, "dv/dt = (El - v)/tau : 1", NS));
        assertContains(m, "in 'dv/dt = (El - v)/tau : 1'", "cannot subtract v (1) from El (volt)");
        // the right-hand side of dv/dt must be volt/second
        m = message(() -> new NeuronGroup(3, "dv/dt = El - v : volt", NS));
        assertContains(m, "dv/dt must have the dimension volt/second", "El - v has dimension volt");
        m = message(() -> new NeuronGroup(3, "dv/dt = (El - v + 1)/tau : volt", NS));
        assertContains(m, "cannot add El - v (volt) and 1 (1)");
    }

    @Test
    void unknownUnits() {
        assertContains(message(() -> new NeuronGroup(3, "dv/dt = -v/tau : vlt", NS)),
                "in 'dv/dt = -v/tau : vlt'", "unknown unit 'vlt'");
        assertContains(message(() -> Quantity.of(3, "mVV")), "unknown unit 'mVV'");
    }

    // ------------------------------------------------------------------ threshold, reset, refractory

    @Test
    void thresholdOnAMissingVariableOrOfTheWrongKind() {
        assertContains(message(() -> exc().threshold("u > 1*mV")),
                "NeuronGroup 'exc': in the threshold: in 'u > 1*mV': unknown identifier 'u' (did you mean 'v'?)");
        assertContains(message(() -> exc().threshold("v > 1")),
                "NeuronGroup 'exc': in the threshold: in 'v > 1': cannot compare v (volt) with 1 (1)");
        assertContains(message(() -> exc().threshold("v + 1*mV")),
                "NeuronGroup 'exc': the threshold 'v + 1*mV' is not a condition");
    }

    @Test
    void resetStatementsWithWrongUnitsOrUnknownTargets() {
        assertContains(message(() -> exc().reset("v = 3")),
                "NeuronGroup 'exc': in the reset: in 'v = 3': cannot assign 3 (1) to v (volt)");
        assertContains(message(() -> exc().reset("v += 3*amp")), "in 'v += 3*amp': cannot add 3*amp (amp) to v (volt)");
        assertContains(message(() -> exc().reset("w += 1")), "in 'w += 1': unknown variable 'w' (did you mean 'v'?)");
        // a plain assignment to a new name would define a temporary; one that nothing reads is a typo
        assertContains(message(() -> exc().reset("vv = -60*mV")), "NeuronGroup 'exc': in the reset: in 'vv = -60*mV'",
                "unknown variable 'vv' (did you mean 'v'?)", "no later statement uses 'vv'");
        // ... while a temporary that is used is fine: v = 2*(-30 mV)
        NeuronGroup g = exc().reset("vr = -30*mV; v = 2*vr");
        assertEquals("exc", g.name());
        assertContains(message(() -> exc().reset("tau = 1*ms")), "cannot assign to the constant 'tau'");
        assertContains(message(() -> exc().reset("v = Vr")), "in 'v = Vr': unknown identifier 'Vr'");
        assertContains(message(() -> exc().reset("v = bar(v)")), "unknown function 'bar'");
    }

    @Test
    void refractoryOfTheWrongDimension() {
        assertContains(message(() -> exc().refractory("3*mV")),
                "NeuronGroup 'exc': the refractory '3*mV' must be a time or a condition, but has dimension volt");
        assertContains(message(() -> exc().refractory(Quantity.of(3, "mV"))),
                "NeuronGroup 'exc': the refractory period must be a time, got 0.003 volt");
        assertContains(message(() -> exc().refractory("tref")), "in 'tref': unknown identifier 'tref'");
    }

    @Test
    void integrationMethodErrorsNameTheGroupAtBuildAtTheLatest() {
        assertContains(message(() -> exc().method("eulr")), "unknown integration method 'eulr' (did you mean 'euler'?)");
        NeuronGroup nl = new NeuronGroup(3, "dv/dt = -v**2/tau : 1", NS).method("exact").name("nl");
        Network net = new Network(nl);
        assertContains(message(() -> net.run(Quantity.of(1, "ms"))),
                "NeuronGroup 'nl': the method 'exact' cannot integrate the equations: 'dv/dt = -v**2/tau : 1': not linear in v");
        assertEquals(0, net.step(), "nothing ran");
    }

    // ------------------------------------------------------------------ synapses

    @Test
    void onPreReferringToMissingOrMismatchedVariables() {
        NeuronGroup a = exc(), b = tgt();
        assertContains(message(() -> new Synapses(a, b, "w : volt", NS).name("S").onPre("gi += w")),
                "Synapses 'S': in on_pre: in 'gi += w': unknown variable 'gi' (did you mean 'ge'?)");
        assertContains(message(() -> new Synapses(a, b, "w : volt", NS).name("S").onPre("gi_post += w")),
                "unknown variable 'gi_post' (did you mean 'ge_post'?)");
        assertContains(message(() -> new Synapses(a, b, "w : volt", NS).name("S").onPre("ge += x_pre")),
                "in 'ge += x_pre': unknown identifier 'x_pre'");
        assertContains(message(() -> new Synapses(a, b, "w : 1", NS).name("S").onPre("ge += w")),
                "Synapses 'S': in on_pre: in 'ge += w': cannot add w (1) to ge (volt)");
        assertContains(message(() -> new Synapses(a, b, "dw/dt = -w/taux : 1 (clock-driven)", NS)),
                "in the model: in 'dw/dt = -w/taux : 1 (clock-driven)': unknown identifier 'taux'");
        assertContains(message(() -> new Synapses(a, b, "", NS).name("S").delay(Quantity.of(1, "mV"))),
                "Synapses 'S': the delay must be a non-negative time, got 0.001 volt");
    }

    @Test
    void connectIndicesOutOfRangeNameTheIndexAndTheValidRange() {
        NeuronGroup a = exc(), b = tgt();
        assertContains(message(() -> new Synapses(a, b, "", NS).name("S").connect(new int[] {0, 3}, new int[] {0, 0})),
                "Synapses 'S': connect: i[1] = 3 is out of range for the source 'exc' of size 3 (valid: 0 to 2)");
        assertContains(message(() -> new Synapses(a, b, "", NS).name("S").connect(new int[] {0, 2}, new int[] {0, 4})),
                "connect: j[1] = 4 is out of range for the target 'tgt' of size 4 (valid: 0 to 3)");
        assertContains(message(() -> new Synapses(a, b, "", NS).name("S").connect(new int[] {-1}, new int[] {0})),
                "i[0] = -1 is out of range");
        assertContains(message(() -> new Synapses(a, b, "", NS).name("S").connect(new int[] {0, 1}, new int[] {0})),
                "the index arrays differ in length (i has 2, j has 1)");
    }

    @Test
    void connectConditionsProbabilitiesAndMultiplicities() {
        NeuronGroup a = exc(), b = tgt();
        Synapses s = new Synapses(a, b, "", NS).name("S");
        assertContains(message(() -> s.connect("i + j")), "Synapses 'S': the connect condition 'i + j' is not a condition");
        assertContains(message(() -> s.connect("i != k")), "in the connect condition: in 'i != k': unknown identifier 'k'");
        assertContains(message(() -> s.connect(1.5)), "Synapses 'S': connect: the probability must be in [0, 1], got 1.5");
        assertContains(message(() -> s.connect("i != j", -0.1)), "the probability must be in [0, 1], got -0.1");
        assertContains(message(() -> s.connect(null, "1.5", null)), "the probability '1.5' must be in [0, 1], got 1.5");
        assertContains(message(() -> s.connect(null, "1 - 3/2", null)), "the probability '1 - 3/2' must be in [0, 1], got -0.5");
        assertContains(message(() -> s.connect(null, "1*mV", null)), "the connect probability '1*mV' must be dimensionless, got volt");
        assertContains(message(() -> s.connect(null, "i == j", null)), "the probability 'i == j' is a condition, not a number");
        assertContains(message(() -> s.connect(null, null, "-1")), "n = '-1' must be a non-negative integer, got -1");
        assertContains(message(() -> s.connect(null, null, "1.5")), "must be a non-negative integer, got 1.5");
        assertContains(message(() -> s.connect(null, null, "i == j")), "n = 'i == j' is a condition, not a number");
        assertEquals(0, s.size(), "no failed call added synapses");
    }

    // ------------------------------------------------------------------ (shared) variables

    @Test
    void sharedVariablesKeepOneValueForTheWholeGroup() {
        NeuronGroup g = new NeuronGroup(3, "dv/dt = (E - v)/tau : volt\nE : volt (shared)\nEs = 2*E : volt (shared)", NS)
                .name("sh");
        g.set("E", "El + 1*mV");
        assertEquals(-0.048, g.get("E", 2), 1e-15);
        g.set("E", new double[] {-0.05, -0.05, -0.05});
        assertEquals(-0.05, g.get("E", 1), 0);
        assertEquals(-0.1, g.get("Es")[2], 1e-15);
        assertContains(message(() -> g.set("E", "i*mV")),
                "NeuronGroup 'sh': 'E' is shared (one value for the whole group), but 'i*mV' may differ between neurons: "
                        + "it uses the neuron index i");
        assertContains(message(() -> g.set("E", "v")), "may differ between neurons: it uses the per-neuron variable 'v'");
        assertContains(message(() -> g.set("E", "rand()*mV")), "it draws random numbers (rand())");
        assertContains(message(() -> g.set("E", new double[] {-0.05, -0.05, -0.04})),
                "'E' is shared (one value for the whole group), but the values differ (-0.05 for neuron 0, -0.04 for neuron 2)");
        assertContains(message(() -> g.reset("E = v")),
                "NeuronGroup 'sh': in the reset: in 'E = v': cannot write the shared variable 'E'");
        assertContains(message(() -> new NeuronGroup(3, "dv/dt = -v/tau : volt\nw = v/2 : volt (shared)", NS)),
                "in 'w = v/2 : volt (shared)': the (shared) subexpression 'w' must be the same for every neuron, but it "
                        + "uses the per-neuron variable 'v'");
    }

    // ------------------------------------------------------------------ network build

    @Test
    void objectsWhoseGroupsAreMissingFromTheNetworkAreNamed() {
        NeuronGroup a = exc(), b = tgt();
        Synapses s = new Synapses(a, b, "", NS).name("S").onPre("ge += w0");
        assertContains(message(() -> new Network(a, s).run(Quantity.of(1, "ms"))),
                "the Synapses 'S' (its target) observes NeuronGroup 'tgt'", "which is not in the network");
        assertContains(message(() -> new Network(b, new StateMonitor(a, List.of("v"), null, null)).run(Quantity.of(1, "ms"))),
                "a StateMonitor observes NeuronGroup 'exc'");
        assertContains(message(() -> new StateMonitor(a, List.of("u"), null, null)), "NeuronGroup 'exc' has no variable 'u'");
    }
}
