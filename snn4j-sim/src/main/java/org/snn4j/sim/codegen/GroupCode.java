package org.snn4j.sim.codegen;

import org.snn4j.sim.expr.FunctionDef;

/**
 * The base class of the code generated for one neuron group. A subclass holds the group's state as
 * structure-of-arrays fields (one {@code double[]}, {@code float[]} or {@code boolean[]} per
 * variable, bound once by {@link #bind}) and implements the three per-step operations on an index
 * range, so that the runtime can split the group into blocks and run them on several threads:
 * every neuron's result depends only on its own state, the time and its counter-based random
 * numbers, never on the split.
 */
public abstract class GroupCode {
    /** The random seed of the group. */
    protected long _seed;
    /** The current time step (for the random streams). */
    protected long _step;
    /**
     * True when the next {@link #stateUpdate} must evaluate every neuron's refractoriness; false when
     * {@code not_refractory} can be trusted where it is true. With a constant refractory period the
     * condition {@code timestep(t - lastspike, dt) >= timestep(refractory, dt)}, once true, stays true
     * while {@code lastspike} is unchanged and {@code t} does not decrease, and the threshold sets
     * {@code lastspike} and clears {@code not_refractory} together; the runtime clears this flag after a
     * step only where nothing else writes those variables during a run, and sets it again at each run.
     */
    protected boolean _checkAllRefractory = true;
    /** User functions (not built in), called through their reference implementation. */
    protected FunctionDef[] _functions = new FunctionDef[0];

    /** Binds the state arrays, in the order of {@link GroupCodeGenerator.Generated#variables()}. */
    public abstract void bind(Object[] arrays);

    /** Advances neurons {@code [from, to)} by one step from time {@code t}. */
    public abstract void stateUpdate(int from, int to, double t, double dt);

    /**
     * Writes the indices in {@code [from, to)} that cross the threshold at time {@code t} to
     * {@code out[offset...]} in increasing order, records their spike time and refractoriness, and
     * returns how many there are.
     */
    public abstract int threshold(int from, int to, double t, double dt, int[] out, int offset);

    /**
     * {@link #stateUpdate} and then {@link #threshold} on {@code [from, to)}, in one pass where the
     * generated code has it; returns the spike count. Only for groups whose threshold reads nothing that
     * changes between the two (the runtime decides).
     */
    public int stateUpdateThreshold(int from, int to, double t, double dt, int[] out, int offset) {
        stateUpdate(from, to, t, dt);
        return threshold(from, to, t, dt, out, offset);
    }

    /** True if {@link #stateUpdateThreshold} is one pass (generated), not the two calls. */
    public boolean hasFusedPass() { return false; }

    /** Applies the reset statements to {@code spikes[0..count)}. */
    public abstract void reset(int[] spikes, int count, double t, double dt);

    /** Evaluate every neuron's refractoriness at the next state update. */
    public final void checkAllRefractory(boolean all) { _checkAllRefractory = all; }

    public final void setSeed(long seed) { _seed = seed; }

    public final void setStep(long step) { _step = step; }

    public final void setFunctions(FunctionDef[] functions) { _functions = functions.clone(); }

    protected final double _rand(int i, int site) { return RandomStreams.uniform(_seed, _step, i, site); }

    protected final double _randn(int i, int site) { return RandomStreams.normal(_seed, _step, i, site); }

    /** Python's {@code %}: the result takes the sign of the divisor. */
    protected static double _mod(double a, double b) { return a - b * Math.floor(a / b); }

    protected final double _fn(int k, double[] args) { return _functions[k].impl().apply(args, null); }
}
