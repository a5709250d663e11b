package org.snn4j.sim.codegen;

import org.snn4j.sim.expr.FunctionDef;

/**
 * The base class of the code generated for one {@code connect} call with a condition, a probability or
 * a number of synapses per pair: {@link #row} lists the postsynaptic targets of one presynaptic neuron.
 * Random numbers are counter-based on (seed, call, pair, site), so the synapses do not depend on how
 * rows are split among threads.
 */
public abstract class ConnectCode {
    protected long _seed;
    protected long _call;
    protected FunctionDef[] _functions = new FunctionDef[0];

    public abstract void bind(Object[] arrays);

    /** Appends the postsynaptic index of each new synapse of presynaptic neuron {@code pre} (ascending). */
    public abstract void row(int pre, IntList out);

    public final void setSeed(long seed, long call) {
        _seed = seed;
        _call = call;
    }

    public final void setFunctions(FunctionDef[] functions) { _functions = functions.clone(); }

    /** The uniform number that decides, against p, whether the pair (pre, post) is connected. */
    protected final double _uniform(long pair) { return RandomStreams.uniform(_seed, _call, pair, -1); }

    /** The {@code draw}-th uniform number of row {@code pre} (geometric skipping for a constant probability). */
    protected final double _skip(int pre, long draw) {
        return RandomStreams.uniform(_seed, _call, -1 - (long) pre, draw);
    }

    protected final double _rand(long pair, int site) { return RandomStreams.uniform(_seed, _call, pair, site); }

    protected final double _randn(long pair, int site) { return RandomStreams.normal(_seed, _call, pair, site); }

    protected static double _mod(double a, double b) { return a - b * Math.floor(a / b); }

    protected final double _fn(int k, double[] args) { return _functions[k].impl().apply(args, null); }
}
