package org.snn4j.sim.runtime;


import org.snn4j.sim.expr.ExpressionException;
import org.snn4j.sim.expr.FunctionDef;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.ValueType;
import org.snn4j.sim.units.Dimension;
import org.snn4j.sim.units.Quantity;

/**
 * A function of time given by an array of values, as Brian2's {@code TimedArray}: usable in model
 * code as {@code name(t)} (one-dimensional values) or {@code name(t, i)} (two-dimensional values,
 * first index time).
 *
 * <pre>{@code
 * TimedArray stimulus = new TimedArray(new double[] {0, 1, 2, 0}, "nA", Quantity.of(10, "ms"));
 * Namespace ns = Namespace.builder().symbol(stimulus.function("stimulus")).constant("tau", 10, "ms").build();
 * NeuronGroup g = new NeuronGroup(1, "dv/dt = (R*I - v)/tau : volt\nI = stimulus(t) : amp", ns);
 * }</pre>
 *
 * <p>Indexing rule (Brian2's): the value at time {@code t} is {@code values[int(t/dt)]}, where a
 * time within a relative {@code 1e-9} below a grid point counts as that point (so rounding in
 * {@code t = step*dt} never selects the previous value; Brian2 gets the same effect with a shift
 * tied to the group's dt); times before 0 give the first value and
 * times after the end the last one.
 */
public final class TimedArray {
    /** Times within this relative distance below a grid point count as that point (rounding in step*dt). */
    static final double TOLERANCE = 1e-9;

    private final double[] values; // SI, [time][column] flattened
    private final int steps;
    private final int columns;
    private final double dt;
    private final Dimension dimension;
    private final String unit;

    /** One value per time step of {@code dt}, in {@code unit} ("1" for dimensionless). */
    public TimedArray(double[] values, String unit, Quantity dt) {
        this(new double[][] {values}, unit, dt, true);
    }

    /** {@code values[step][i]}: one row per time step of {@code dt}, one column per index {@code i}. */
    public TimedArray(double[][] values, String unit, Quantity dt) {
        this(values, unit, dt, false);
    }

    private TimedArray(double[][] values, String unit, Quantity dt, boolean oneD) {
        if (!dt.dimension().equals(Dimension.TIME) || !(dt.value() > 0)) {
            throw new IllegalArgumentException("TimedArray: dt must be a positive time, got " + dt);
        }
        Quantity scale = Quantity.of(1, unit);
        this.dt = dt.value();
        this.dimension = scale.dimension();
        this.unit = unit;
        if (oneD) {
            double[] v = values[0];
            if (v.length == 0) throw new IllegalArgumentException("TimedArray: no values");
            this.steps = v.length;
            this.columns = 1;
            this.values = new double[steps];
            for (int k = 0; k < steps; k++) this.values[k] = v[k] * scale.value();
        } else {
            if (values.length == 0 || values[0].length == 0) throw new IllegalArgumentException("TimedArray: no values");
            this.steps = values.length;
            this.columns = values[0].length;
            this.values = new double[steps * columns];
            for (int s = 0; s < steps; s++) {
                if (values[s].length != columns) {
                    throw new IllegalArgumentException("TimedArray: row " + s + " has " + values[s].length
                            + " values, row 0 has " + columns);
                }
                for (int c = 0; c < columns; c++) this.values[s * columns + c] = values[s][c] * scale.value();
            }
        }
        this.oneD = oneD;
    }

    private final boolean oneD;

    /** True for {@code name(t, i)} arrays. */
    public boolean isTwoDimensional() { return !oneD; }

    /** The dimension of the values. */
    public Dimension dimension() { return dimension; }

    /** The time step of the values, in seconds. */
    public double dt() { return dt; }

    /** The number of time steps. */
    public int steps() { return steps; }

    /** The index of the row used at time {@code t} (seconds). */
    public int row(double t) {
        double x = Math.floor(t / dt * (1 + TOLERANCE) + TOLERANCE);
        if (!(x > 0)) return 0; // also NaN
        return x >= steps ? steps - 1 : (int) x;
    }

    /** The value (SI) at time {@code t} (seconds) of a one-dimensional array. */
    public double value(double t) {
        if (!oneD) throw new IllegalArgumentException("this TimedArray is two-dimensional: give an index too");
        return values[row(t)];
    }

    /** The value (SI) at time {@code t} (seconds) and index {@code i} of a two-dimensional array. */
    public double value(double t, int i) {
        if (oneD) throw new IllegalArgumentException("this TimedArray is one-dimensional: call it with t only");
        if (i < 0 || i >= columns) {
            throw new IndexOutOfBoundsException("TimedArray: index " + i + " outside [0, " + columns + ")");
        }
        return values[row(t) * columns + i];
    }

    /** The function to put in a namespace under {@code name}: {@code name(t)} or {@code name(t, i)}. */
    public FunctionDef function(String name) {
        int arity = oneD ? 1 : 2;
        FunctionDef.DimensionRule rule = (dims, texts) -> {
            if (!dims.get(0).equals(Dimension.TIME)) {
                throw new ExpressionException(null, name + "() is a TimedArray: its first argument must be a time, got "
                        + texts.get(0) + " (" + dims.get(0) + ")", -1);
            }
            if (!oneD && !dims.get(1).isDimensionless()) {
                throw new ExpressionException(null, name + "(t, i) needs a dimensionless index, got " + texts.get(1)
                        + " (" + dims.get(1) + ")", -1);
            }
            return dimension;
        };
        FunctionDef.PiecewiseConstantInTime impl = new FunctionDef.PiecewiseConstantInTime() {
            @Override
            public double apply(double[] a, java.util.random.RandomGenerator r) {
                return oneD ? value(a[0]) : value(a[0], (int) a[1]);
            }

            @Override
            public double step() { return dt; }
        };
        return new FunctionDef(name, arity, rule, ValueType.FLOAT, false, impl);
    }

    /** A namespace holding only this array's function under {@code name}. */
    public Namespace namespace(String name) {
        return Namespace.builder().symbol(function(name)).build();
    }

    @Override
    public String toString() {
        return "TimedArray(" + steps + (oneD ? "" : "x" + columns) + " values in " + unit + ", dt = " + dt + " s)";
    }

}
