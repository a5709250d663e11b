package org.snn4j.sim.expr;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snn4j.sim.units.Dimension;

class ExpressionTest {
    private static double eval(String s) { return Evaluator.withBuiltins().evaluate(Exprs.parse(s), Map.of()); }

    @Test
    void pythonPrecedenceAndAssociativity() {
        assertEquals(-4, eval("-2**2"));
        assertEquals(512, eval("2**3**2"));
        assertEquals(0.5, eval("2**-1"));
        assertEquals(7, eval("1 + 2*3"));
        assertEquals(2, eval("8/2/2"));
        assertEquals(-4, eval("-7//2"));
        assertEquals(1, eval("-7 % 2"));
        assertEquals(1, eval("1 < 2 < 3"));
        assertEquals(0, eval("3 > 2 > 2"));
        assertEquals(1, eval("not 1 > 2 and True"));
        assertEquals(0.5 + 5 + 1e-3, eval(".5 + 5. + 1e-3"));
        assertEquals(1.0, eval("exprel(0)"));
        assertEquals(0.001, eval("mV"), 1e-18);
    }

    @Test
    void printingRoundTrips() {
        for (String s : List.of("(ge + gi - (v - El))/taum", "-2**2", "(-2)**2", "2**3**2", "(2**3)**2", "a - (b - c)",
                "a/(b*c)", "a*b/c", "not (a < b) or c > d and e <= f", "(a < b) == (c < d)", "-(-x)",
                "clip(w + dw, 0, wmax)", "v > -50*mV and not_refractory", "x**-0.5", "1.0e-4*a")) {
            Expr e = Exprs.parse(s);
            String printed = Exprs.print(e);
            assertTrue(Exprs.sameStructure(e, Exprs.parse(printed)), s + " printed as " + printed);
        }
        assertEquals("(ge + gi - (v - El))/taum", Exprs.print(Exprs.parse("(ge+gi-(v-El))/taum")));
        assertEquals("-2**2", Exprs.print(Exprs.parse("-(2**2)")));
    }

    @Test
    void syntaxErrorsSayWhere() {
        ExpressionException ex = assertThrows(ExpressionException.class, () -> Exprs.parse("(v - El"));
        assertEquals("in '(v - El': missing ')' to close the '(' at column 1", ex.getMessage());
        ex = assertThrows(ExpressionException.class, () -> Exprs.parse("10mV"));
        assertEquals("in '10mV': invalid number '10m' at column 1 (write 10*mV, not 10mV)", ex.getMessage());
        ex = assertThrows(ExpressionException.class, () -> Exprs.parse("v $ 2"));
        assertEquals("in 'v $ 2': unexpected character '$' at column 3", ex.getMessage());
    }

    @Test
    void substitutionIdentifiersAndFolding() {
        Expr e = Exprs.parse("(I - v)/tau");
        assertEquals(List.of("I", "v", "tau"), List.copyOf(Exprs.identifiers(e)));
        Expr s = Exprs.substitute(e, Map.of("I", Exprs.parse("g*(E - v)")));
        assertEquals("(g*(E - v) - v)/tau", Exprs.print(s));
        assertEquals("6", Exprs.print(Exprs.fold(Exprs.parse("2*3"))));
        assertEquals("-4", Exprs.print(Exprs.fold(Exprs.parse("-2**2"))));
        assertEquals("0.5*x", Exprs.print(Exprs.fold(Exprs.parse("1/2*x*1"))));
        assertEquals("rand()*2", Exprs.print(Exprs.fold(Exprs.parse("rand()*(1+1)"))));
    }

    private static final Namespace NS = Namespace.builder()
            .variable("v", Dimension.VOLTAGE).variable("I", Dimension.CURRENT)
            .constant("tau", 10, "ms").constant("sigma", 0.5).build();

    private static String error(String expr) {
        return assertThrows(ExpressionException.class, () -> DimensionChecker.check(expr, NS)).getMessage();
    }

    @Test
    void dimensionInference() {
        assertEquals(Dimension.VOLTAGE.divide(Dimension.TIME), DimensionChecker.check("(-70*mV - v)/tau", NS).dimension());
        assertEquals(Dimension.FREQUENCY, DimensionChecker.check("sigma*xi*tau**-0.5", NS).dimension());
        assertEquals(Dimension.VOLTAGE.sqrt(), DimensionChecker.check("sqrt(v)", NS).dimension());
        assertEquals(Dimension.VOLTAGE, DimensionChecker.check("clip(v, -80*mV, abs(v))", NS).dimension());
        assertEquals(ValueType.BOOLEAN, DimensionChecker.check("v > -50*mV and rand() < 0.5", NS).type());
        assertEquals(ValueType.INTEGER, DimensionChecker.check("i + N//2", NS).type());
        assertEquals(ValueType.FLOAT, DimensionChecker.check("i/2", NS).type());
        assertEquals(Dimension.DIMENSIONLESS, DimensionChecker.check("exp(v/(5*mV))", NS).dimension());
        assertEquals(Dimension.TIME.pow(2), DimensionChecker.check("tau**2", NS).dimension());
    }

    @Test
    void dimensionErrorsNameTermsAndDimensions() {
        assertEquals("in '(I - v)/tau': cannot subtract v (volt) from I (amp)", error("(I - v)/tau"));
        assertEquals("in 'v + 1': cannot add v (volt) and 1 (1)", error("v + 1"));
        assertEquals("in 'v > I': cannot compare v (volt) with I (amp)", error("v > I"));
        assertEquals("in 'exp(v)': exp() needs a dimensionless argument, got v (volt)", error("exp(v)"));
        assertEquals("in 'tau**sigma2': unknown identifier 'sigma2' (did you mean 'sigma'?)", error("tau**sigma2"));
        assertEquals("in 'v/tua': unknown identifier 'tua' (did you mean 'tau'?)", error("v/tua"));
        assertEquals("in 'v**(v/mV)': cannot raise v (volt) to the non-constant power v/mV; the exponent of a "
                + "quantity with units must be a constant number", error("v**(v/mV)"));
        assertEquals("in 'v and True': the operand v of 'and' must be boolean (a comparison, True/False or a "
                + "boolean variable)", error("v and True"));
        assertEquals("in 'exp(1, 2)': exp() takes 1 argument, got 2", error("exp(1, 2)"));
        assertEquals("in 'int(v)': int() needs a dimensionless argument, got v (volt)", error("int(v)"));
        assertEquals("in 'clip(v, 0, 1)': clip() needs bounds in the dimension of v (volt), got 0 (1)",
                error("clip(v, 0, 1)"));
    }

    @Test
    void statements() {
        Namespace ns = Namespace.builder()
                .symbol(new Symbol.Variable("v", Dimension.VOLTAGE, ValueType.FLOAT, Symbol.Role.DIFFERENTIAL, false))
                .symbol(new Symbol.Variable("ge", Dimension.CONDUCTANCE, ValueType.FLOAT, Symbol.Role.DIFFERENTIAL, false))
                .constant("w", 1, "nS").build();
        List<Statements.Checked> ok = Statements.parseAndCheck("v = 0*mV; ge += w  # spike\n\nge *= 2", ns);
        assertEquals(3, ok.size());
        assertEquals(Statement.Op.ADD, ok.get(1).statement().op());
        assertEquals("ge + w", Exprs.print(ok.get(1).statement().expandedValue()));
        List<Statements.Checked> tmp = Statements.parseAndCheck("r = ge/w\nge -= r*w", ns);
        assertTrue(tmp.get(0).definesTemporary());
        assertEquals(Dimension.DIMENSIONLESS, tmp.get(0).dimension());
        ExpressionException ex = assertThrows(ExpressionException.class, () -> Statements.parseAndCheck("v += w", ns));
        assertEquals("in 'v += w': cannot add w (siemens) to v (volt)", ex.getMessage());
        ex = assertThrows(ExpressionException.class, () -> Statements.parseAndCheck("t = 0*ms", ns));
        assertEquals("in 't = 0*ms': cannot assign to the read-only variable 't'", ex.getMessage());
        ex = assertThrows(ExpressionException.class, () -> Statements.parseAndCheck("gee += w", ns));
        assertEquals("in 'gee += w': unknown variable 'gee' (did you mean 'ge'?)", ex.getMessage());
    }
}
