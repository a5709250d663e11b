package org.snn4j.sim.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.snn4j.sim.codegen.GroupCodeGenerator;
import org.snn4j.sim.equations.Equations;
import org.snn4j.sim.expr.Evaluator;
import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.Statement;

/** Generated code against the {@link Evaluator} reference interpreter on random states. */
class CodegenReferenceTest {

    /** Runs {@code statements} with the Evaluator on the state of neuron k; returns the final values. */
    static Map<String, Double> interpret(NeuronGroup g, List<Statement> statements, int k, double t, double dt) {
        Equations eqs = g.equations();
        Map<String, Double> values = new HashMap<>();
        for (String v : g.variables()) values.put(v, g.get(v, k));
        values.put("i", (double) k);
        values.put("N", (double) g.size());
        values.put("t", t);
        values.put("dt", dt);
        Evaluator ev = new Evaluator(g.namespace(), new SplittableRandom(1));
        for (Statement s : statements) values.put(s.target(), ev.evaluate(eqs.inlineAll(s.expandedValue()), values));
        return values;
    }

    static void assertClose(double expected, double actual, String what) {
        double tol = 1e-12 * Math.max(1, Math.abs(expected));
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
        } else {
            assertEquals(expected, actual, tol, what);
        }
    }

    @Test
    void stateUpdateThresholdAndResetEqualTheEvaluator() {
        String model = """
                dv/dt = (gl*(El - v) + ge*(Ee - v) + I)/C : volt (unless refractory)
                dge/dt = -ge/taue : siemens
                dw/dt = (a*(v - El)/mV - w)/tauw + clip(x, -1, 1)/second : 1
                I = Ib*(1 + 0.5*sign(x)) + Ib*int(x*3)/4 : amp
                x : 1
                flag : boolean
                """;
        Namespace ns = Namespace.builder().constant("gl", 10, "nS").constant("El", -70, "mV").constant("Ee", 0, "mV")
                .constant("C", 200, "pF").constant("taue", 5, "ms").constant("tauw", 100, "ms").constant("a", 2)
                .constant("Ib", 0.1, "nA").build();
        int n = 64;
        NeuronGroup g = new NeuronGroup(n, model, ns).method("euler").threshold("v > -50*mV and (flag or x > 0)")
                .reset("v = El + 2*mV*(i % 3)", "w += 0.1*x**2", "flag = not flag", "ge = ge*exprel(x)")
                .refractory("2*ms");
        SplittableRandom r = new SplittableRandom(42);
        double[] v = new double[n], ge = new double[n], w = new double[n], x = new double[n], f = new double[n],
                ls = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = -0.075 + 0.03 * r.nextDouble();
            ge[k] = 5e-9 * r.nextDouble();
            w[k] = r.nextDouble() - 0.5;
            x[k] = 4 * r.nextDouble() - 2;
            f[k] = r.nextBoolean() ? 1 : 0;
            ls[k] = k % 4 == 0 ? 0.0995 : -1e4;  // some neurons refractory at t = 0.1
        }
        g.set("v", v).set("ge", ge).set("w", w).set("x", x).set("flag", f).set("lastspike", ls);
        Network net = new Network(g);
        net.build();
        double t = 0.1, dt = 1e-4;
        GroupCodeGenerator.Model m = g.model(dt);
        // reference: refractoriness, then the integrator's statements, masked for (unless refractory)
        List<Statement> refr = org.snn4j.sim.expr.Statements.parse(
                "not_refractory = timestep(t - lastspike, dt) >= timestep(2*ms, dt)");
        List<Map<String, Double>> expected = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            List<Statement> all = new ArrayList<>(refr);
            all.addAll(m.stateUpdate());
            Map<String, Double> vals = interpret(g, all, k, t, dt);
            if (vals.get("not_refractory") == 0) vals.put("v", g.get("v", k));
            expected.add(vals);
        }
        g.compiled.code.stateUpdate(0, n, t, dt);
        int refractoryCount = 0;
        for (int k = 0; k < n; k++) {
            for (String var : List.of("v", "ge", "w", "not_refractory")) {
                assertClose(expected.get(k).get(var), g.get(var, k), var + "[" + k + "]");
            }
            if (g.get("not_refractory", k) == 0) refractoryCount++;
        }
        assertEquals(n / 4, refractoryCount);

        // threshold: the condition with 'and not_refractory', by the Evaluator
        Evaluator ev = new Evaluator(g.namespace(), new SplittableRandom(1));
        Expr cond = org.snn4j.sim.expr.Exprs.parse("v > -50*mV and (flag or x > 0) and not_refractory");
        List<Integer> want = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Map<String, Double> vals = new HashMap<>();
            for (String var : g.variables()) vals.put(var, g.get(var, k));
            if (ev.evaluate(cond, vals) != 0) want.add(k);
        }
        // make sure the test exercises spikes: raise some membrane potentials above threshold
        if (want.size() < 5) {
            double[] vv = g.get("v");
            for (int k = 0; k < n; k += 3) vv[k] = -0.045;
            g.set("v", vv);
            want.clear();
            for (int k = 0; k < n; k++) {
                Map<String, Double> vals = new HashMap<>();
                for (String var : g.variables()) vals.put(var, g.get(var, k));
                if (ev.evaluate(cond, vals) != 0) want.add(k);
            }
        }
        assertTrue(want.size() >= 5, "spikes: " + want);
        int[] out = new int[n];
        int count = g.compiled.code.threshold(0, n, t, dt, out, 0);
        assertArrayEquals(want.stream().mapToInt(Integer::intValue).toArray(), java.util.Arrays.copyOf(out, count));
        for (int k : want) {
            assertEquals(t, g.get("lastspike", k));
            assertEquals(0, g.get("not_refractory", k));
        }
        // reset on the spiking neurons
        List<Map<String, Double>> expectedReset = new ArrayList<>();
        for (int k : want) expectedReset.add(interpret(g, m.reset(), k, t, dt));
        g.compiled.code.reset(out, count, t, dt);
        for (int j = 0; j < want.size(); j++) {
            int k = want.get(j);
            for (String var : List.of("v", "w", "flag", "ge")) {
                assertClose(expectedReset.get(j).get(var), g.get(var, k), "reset " + var + "[" + k + "]");
            }
        }
    }

    /** Python semantics of operators and functions, generated code against the Evaluator. */
    @Test
    void expressionsFollowPythonSemantics() {
        List<String> exprs = List.of(
                "x // y", "x % y", "x / y", "7 // 2", "-7 // 2", "-7 % 3", "7 % -3", "1/2", "i/2", "i // 2",
                "int(x)", "int(-2.7)", "floor(x)", "ceil(x)", "sign(x)", "abs(x)", "clip(x, -0.5, 0.5)",
                "x**2", "y**3", "2**-1", "abs(x)**0.5", "exprel(x)", "exprel(0*x)", "exp(x) - expm1(x)",
                "log1p(abs(x))", "sqrt(abs(y))", "arctan(x) + arcsin(x/3) + arccos(y/4)", "sinh(x)*cosh(y)/tanh(y+5)",
                "log10(abs(x) + 1)", "(x > 0)*3 + (y <= 0)", "True + 1", "-(x < y)", "N - i",
                "1e300*1e300 - 1e300*1e300", "timestep(t, dt)", "(x > 0) == (y > 0)", "not (x > 0) or y > 1");
        List<String> valid = exprs;
        StringBuilder model = new StringBuilder("x : 1\ny : 1\n");
        List<String> reset = new ArrayList<>();
        for (int k = 0; k < valid.size(); k++) {
            model.append("r").append(k).append(" : 1\n");
            reset.add("r" + k + " = " + valid.get(k));
        }
        // boolean-valued results are stored as numbers: wrap comparisons
        for (int k = 0; k < reset.size(); k++) {
            String e = valid.get(k);
            if (e.contains("==") || e.startsWith("not")) reset.set(k, "r" + k + " = 1.0*(" + e + ")");
        }
        int n = 40;
        NeuronGroup g = new NeuronGroup(n, model.toString()).threshold("True").reset(reset.toArray(String[]::new));
        SplittableRandom r = new SplittableRandom(7);
        double[] x = new double[n], y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = r.nextDouble(-3, 3);
            y[k] = k == 0 ? 0 : r.nextDouble(-3, 3);  // y = 0: division by zero gives IEEE values as in the Evaluator
        }
        g.set("x", x).set("y", y);
        Network net = new Network(g);
        net.build();
        double t = 0.0123, dt = 1e-4;
        List<Statement> stmts = g.model(dt).reset();
        List<Map<String, Double>> expected = new ArrayList<>();
        for (int k = 0; k < n; k++) expected.add(interpret(g, stmts, k, t, dt));
        int[] all = new int[n];
        java.util.Arrays.setAll(all, k -> k);
        g.compiled.code.reset(all, n, t, dt);
        for (int k = 0; k < n; k++) {
            for (int e = 0; e < valid.size(); e++) {
                assertClose(expected.get(k).get("r" + e), g.get("r" + e, k), valid.get(e) + " at x=" + x[k] + ", y=" + y[k]);
            }
        }
        // a few by hand
        assertEquals(3.0, g.get("r3", 0));    // 7 // 2
        assertEquals(-4.0, g.get("r4", 0));   // -7 // 2
        assertEquals(2.0, g.get("r5", 0));    // -7 % 3
        assertEquals(-2.0, g.get("r6", 0));   // 7 % -3
        assertEquals(0.5, g.get("r7", 0));    // 1/2
        assertEquals(-2.0, g.get("r11", 0));  // int(-2.7)
        assertEquals(0.5, g.get("r19", 0));   // 2**-1
        assertEquals(1.0, g.get("r22", 0));   // exprel(0)
        assertEquals(2.0, g.get("r30", 0));   // True + 1
        assertEquals(123.0, g.get("r34", 0)); // timestep(12.3 ms, 0.1 ms)
    }

    /**
     * Thresholds of every shape against the Evaluator: those with a conjunct comparing a stored number with
     * an expression that is the same for every neuron scan for candidates first (the generated loop names
     * {@code Scan}); the spikes are the same either way, float32 storage included.
     */
    @Test
    void prefilteredThresholdsFindTheSameSpikes() {
        record Case(String threshold, String scan) {}
        List<Case> cases = List.of(
                new Case("v > 0.5", "Scan.above(_a_v"),
                new Case("0.5 < v", "Scan.above(_a_v"),
                new Case("v >= 0.5 + t/second", "Scan.atLeast(_a_v"),
                new Case("w <= -0.25 and v > 0", "Scan.atMost(_a_w"),
                new Case("flag and 0.2 >= v", "Scan.atMost(_a_v"),
                new Case("rand() < 0.5 and v > 0.1", "Scan.above(_a_v"),
                new Case("v > w", null),
                new Case("v > i/N", null),
                new Case("v > 0.1 or w > 0.1", null),
                new Case("v > rand()", null));
        int n = 301;
        SplittableRandom r = new SplittableRandom(11);
        double[] v = new double[n], w = new double[n], f = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = r.nextDouble(-1, 1);
            w[k] = r.nextDouble(-1, 1);
            f[k] = r.nextBoolean() ? 1 : 0;
        }
        v[5] = 0.5;          // on the boundary of > and >=
        v[6] = Double.NaN;   // passes nothing
        double t = 0.0123, dt = 1e-4;
        String savedMin = System.getProperty("snn4j.sim.scanMinNeurons");
        System.setProperty("snn4j.sim.scanMinNeurons", "1");   // the scan is for large groups only by default
        try {
        for (boolean float32 : new boolean[] {false, true}) {
            for (Case c : cases) {
                NeuronGroup g = new NeuronGroup(n, "v : 1\nw : 1\nflag : boolean").threshold(c.threshold());
                if (float32) g.float32();
                g.set("v", v).set("w", w).set("flag", f);
                Network net = new Network(g);
                net.build();
                String source = g.compiled.generated.source();
                String thresholdMethod = source.substring(source.indexOf("public int threshold("));
                thresholdMethod = thresholdMethod.substring(0, thresholdMethod.indexOf("return _n;"));
                if (c.scan() == null) {
                    assertTrue(!thresholdMethod.contains("Scan."), c.threshold() + ": no prefilter expected");
                } else {
                    assertTrue(thresholdMethod.contains(c.scan()), c.threshold() + ": expected " + c.scan());
                }
                Evaluator ev = new Evaluator(g.namespace(), new SplittableRandom(1));
                Expr cond = org.snn4j.sim.expr.Exprs.parse(c.threshold());
                boolean random = c.threshold().contains("rand");
                List<Integer> want = new ArrayList<>();
                int[] out = new int[n];
                int count = g.compiled.code.threshold(0, n, t, dt, out, 0);
                for (int k = 0; k < n; k++) {
                    Map<String, Double> vals = new HashMap<>();
                    for (String var : g.variables()) vals.put(var, g.get(var, k));
                    vals.put("i", (double) k);
                    vals.put("N", (double) n);
                    vals.put("t", t);
                    if (random) {
                        // the counter-based random number of neuron k at this step is not the Evaluator's:
                        // check the deterministic part, and that each spike is a candidate
                        Expr det = org.snn4j.sim.expr.Exprs.parse(c.threshold().equals("v > rand()")
                                ? "v > 0" : "v > 0.1");
                        if (ev.evaluate(det, vals) != 0) want.add(k);
                    } else if (ev.evaluate(cond, vals) != 0) {
                        want.add(k);
                    }
                }
                int[] got = java.util.Arrays.copyOf(out, count);
                String what = c.threshold() + (float32 ? " (float32)" : "");
                if (random) {
                    for (int k : got) assertTrue(want.contains(k), what + ": spike " + k + " is not a candidate");
                    assertTrue(count > want.size() / 4 && count < want.size(), what + ": " + count + " of " + want.size());
                } else {
                    assertTrue(want.size() > 5, what + ": " + want);
                    assertArrayEquals(want.stream().mapToInt(Integer::intValue).toArray(), got, what);
                }
            }
        }
        } finally {
            if (savedMin == null) System.clearProperty("snn4j.sim.scanMinNeurons");
            else System.setProperty("snn4j.sim.scanMinNeurons", savedMin);
        }
        // below the size limit the plain loop is generated
        NeuronGroup small = new NeuronGroup(10, "v : 1").threshold("v > 0.5");
        new Network(small).build();
        assertTrue(!small.compiled.generated.source().contains("Scan."), "a small group scans with the plain loop");
    }
}
