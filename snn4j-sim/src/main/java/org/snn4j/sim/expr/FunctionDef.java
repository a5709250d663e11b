package org.snn4j.sim.expr;

import java.util.List;
import java.util.random.RandomGenerator;

import org.snn4j.sim.units.Dimension;

/**
 * A function callable from model code, with its dimension rule (how argument dimensions map to the
 * result, and which are rejected), its value type and a reference implementation.
 *
 * @param name       the name used in code
 * @param arity      number of arguments
 * @param rule       dimension rule; throws {@link ExpressionException} (without source) on bad arguments
 * @param returnType the result type, or null for "the promoted type of the arguments" ({@code abs})
 * @param stochastic true for {@code rand()}, {@code randn()}: never constant-folded, makes an equation non-deterministic
 * @param impl       reference implementation on SI values
 */
public record FunctionDef(String name, int arity, DimensionRule rule, ValueType returnType, boolean stochastic,
                          Impl impl) implements Symbol {

    /** Maps argument dimensions to the result dimension. */
    @FunctionalInterface
    public interface DimensionRule {
        /**
         * @param dims  the arguments' dimensions
         * @param texts the arguments as printed, for messages
         */
        Dimension apply(List<Dimension> dims, List<String> texts);
    }

    /** Computes the function on SI values. */
    @FunctionalInterface
    public interface Impl {
        double apply(double[] args, RandomGenerator rng);
    }

    /**
     * An implementation that, as a function of its first argument (a time), is constant on each interval
     * {@code [k*step, (k+1)*step)} ({@code TimedArray}).
     */
    public interface PiecewiseConstantInTime extends Impl {
        /** The length of the intervals on which the value is constant, in seconds. */
        double step();
    }

    /** Relative tolerance of {@link #isConstantOverDt}: the same as the TimedArray's indexing rule. */
    public static final double STEP_RATIO_TOLERANCE = 1e-9;

    /**
     * Brian2's {@code is_locally_constant(dt)}: whether {@code name(t, ...)} is constant over every time step
     * {@code [n*dt, (n+1)*dt)}; true for a piecewise constant function whose step is an integer multiple of
     * {@code dt} (within a relative {@link #STEP_RATIO_TOLERANCE}, where Brian2 compares the floating-point
     * ratio exactly), false for every other function.
     */
    public boolean isConstantOverDt(double dt) {
        if (!(impl instanceof PiecewiseConstantInTime p) || !(dt > 0)) return false;
        double ratio = p.step() / dt;
        double whole = Math.rint(ratio);
        return whole >= 1 && Math.abs(ratio - whole) <= STEP_RATIO_TOLERANCE * whole;
    }

    /** The step of a {@link PiecewiseConstantInTime} implementation, or NaN. */
    public double timeStep() {
        return impl instanceof PiecewiseConstantInTime p ? p.step() : Double.NaN;
    }
}
