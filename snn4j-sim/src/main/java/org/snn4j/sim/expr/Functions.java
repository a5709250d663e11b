package org.snn4j.sim.expr;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import org.snn4j.sim.units.Dimension;

/**
 * The default functions of the expression language with Brian2's unit rules: exp, log, log10,
 * expm1, log1p, exprel ((exp(x)-1)/x), sin, cos, tan, sinh, cosh, tanh, arcsin, arccos, arctan need
 * a dimensionless argument and return a dimensionless value; sqrt halves the dimension; abs,
 * floor and ceil keep it; sign returns a dimensionless value; {@code clip(x, low, high)} needs
 * three arguments of one dimension and keeps it; {@code int(x)} needs a dimensionless argument and
 * returns an integer; {@code rand()} and {@code randn()} return dimensionless uniform and normal
 * random numbers; {@code timestep(t, dt)} needs two times and returns an integer.
 */
public final class Functions {
    private Functions() {}

    private static final Map<String, FunctionDef> DEFAULTS = new LinkedHashMap<>();

    static {
        unaryDimensionless("exp", Math::exp);
        unaryDimensionless("log", Math::log);
        unaryDimensionless("log10", Math::log10);
        unaryDimensionless("expm1", Math::expm1);
        unaryDimensionless("log1p", Math::log1p);
        unaryDimensionless("exprel", Functions::exprel);
        unaryDimensionless("sin", Math::sin);
        unaryDimensionless("cos", Math::cos);
        unaryDimensionless("tan", Math::tan);
        unaryDimensionless("sinh", Math::sinh);
        unaryDimensionless("cosh", Math::cosh);
        unaryDimensionless("tanh", Math::tanh);
        unaryDimensionless("arcsin", Math::asin);
        unaryDimensionless("arccos", Math::acos);
        unaryDimensionless("arctan", Math::atan);
        put(new FunctionDef("sqrt", 1, (d, t) -> d.get(0).sqrt(), ValueType.FLOAT, false,
                (a, r) -> Math.sqrt(a[0])));
        put(new FunctionDef("abs", 1, (d, t) -> d.get(0), null, false, (a, r) -> Math.abs(a[0])));
        put(new FunctionDef("floor", 1, (d, t) -> d.get(0), ValueType.FLOAT, false, (a, r) -> Math.floor(a[0])));
        put(new FunctionDef("ceil", 1, (d, t) -> d.get(0), ValueType.FLOAT, false, (a, r) -> Math.ceil(a[0])));
        put(new FunctionDef("sign", 1, (d, t) -> Dimension.DIMENSIONLESS, ValueType.INTEGER, false,
                (a, r) -> Math.signum(a[0])));
        put(new FunctionDef("clip", 3, Functions::clipRule, ValueType.FLOAT, false,
                (a, r) -> Math.min(Math.max(a[0], a[1]), a[2])));
        put(new FunctionDef("int", 1, (d, t) -> {
            requireDimensionless("int", d, t, 0);
            return Dimension.DIMENSIONLESS;
        }, ValueType.INTEGER, false, (a, r) -> (double) (long) a[0]));
        put(new FunctionDef("rand", 0, (d, t) -> Dimension.DIMENSIONLESS, ValueType.FLOAT, true,
                (a, r) -> r.nextDouble()));
        put(new FunctionDef("randn", 0, (d, t) -> Dimension.DIMENSIONLESS, ValueType.FLOAT, true,
                (a, r) -> r.nextGaussian()));
        put(new FunctionDef("timestep", 2, (d, t) -> {
            for (int k = 0; k < 2; k++) {
                if (!d.get(k).equals(Dimension.TIME)) {
                    throw new ExpressionException(null, "timestep() needs times (second), got " + t.get(k)
                            + " (" + d.get(k) + ")", -1);
                }
            }
            return Dimension.DIMENSIONLESS;
        }, ValueType.INTEGER, false, (a, r) -> (double) (long) (a[0] / a[1] + 1e-4)));
    }

    /** {@code (exp(x) - 1)/x}, accurate near 0 (where it is 1). */
    public static double exprel(double x) {
        return x == 0 ? 1.0 : Math.expm1(x) / x;
    }

    private static void put(FunctionDef f) { DEFAULTS.put(f.name(), f); }

    private static void unaryDimensionless(String name, DoubleUnaryOperator op) {
        put(new FunctionDef(name, 1, (d, t) -> {
            requireDimensionless(name, d, t, 0);
            return Dimension.DIMENSIONLESS;
        }, ValueType.FLOAT, false, (a, r) -> op.applyAsDouble(a[0])));
    }

    private static void requireDimensionless(String fn, List<Dimension> dims, List<String> texts, int k) {
        if (!dims.get(k).isDimensionless()) {
            throw new ExpressionException(null, fn + "() needs a dimensionless argument, got " + texts.get(k)
                    + " (" + dims.get(k) + ")", -1);
        }
    }

    private static Dimension clipRule(List<Dimension> d, List<String> t) {
        for (int k = 1; k < 3; k++) {
            if (!d.get(k).equals(d.get(0))) {
                throw new ExpressionException(null, "clip() needs bounds in the dimension of " + t.get(0) + " ("
                        + d.get(0) + "), got " + t.get(k) + " (" + d.get(k) + ")", -1);
            }
        }
        return d.get(0);
    }

    /** The default functions by name. */
    public static Map<String, FunctionDef> defaults() { return Collections.unmodifiableMap(DEFAULTS); }
}
