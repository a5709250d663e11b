package org.snn4j.sim.codegen;

import org.snn4j.sim.expr.FunctionDef;

/**
 * The base class of the code generated for one {@code Synapses} object. Synapses are stored sorted by
 * presynaptic neuron (CSR): the synapses of presynaptic neuron {@code i} are
 * {@code [rowStart[i], rowStart[i+1])}, {@code postIdx[s]} is the target of synapse {@code s}. A
 * subclass holds the synaptic, presynaptic and postsynaptic variables as array fields (bound by
 * {@link #bind}) and runs the {@code on_pre}/{@code on_post} statements synapse by synapse, in the
 * order given, so that every update of a postsynaptic variable sees the previous one.
 */
public abstract class SynapsesCode {
    protected long _seed;
    protected long _step;
    protected FunctionDef[] _functions = new FunctionDef[0];
    protected int[] _rowStart;
    protected int[] _postIdx;
    /** Synapses sorted by postsynaptic neuron (only for on_post): {@code _colSyn[_colStart[j] ... _colStart[j+1])}. */
    protected int[] _colStart;
    protected int[] _colSyn;
    /** The presynaptic neuron of each synapse (only for on_post). */
    protected int[] _preOf;

    /** Binds the variable arrays, in the generator's order. */
    public abstract void bind(Object[] arrays);

    /**
     * True when every row's postsynaptic indices are non-decreasing (as {@code connect} with a probability or a
     * condition makes them): {@link #onPreRowsRange} then finds each row's part in {@code [from, to)} by binary
     * search instead of walking the whole row.
     */
    protected boolean _rowsSorted;

    public final void bindConnectivity(int[] rowStart, int[] postIdx, int[] colStart, int[] colSyn, int[] preOf) {
        _rowStart = rowStart;
        _postIdx = postIdx;
        _colStart = colStart;
        _colSyn = colSyn;
        _preOf = preOf;
        _rowsSorted = rowsSorted(rowStart, postIdx);
    }

    /**
     * Reads the first target index of each row about to be delivered, in one pass before the delivery. The rows
     * of a step's spikes are scattered over the connectivity (tens of megabytes at 64,000 neurons), so the start
     * of each row is a cache miss; issued together here, the misses overlap instead of each stalling its row's
     * delivery (CUBA, 64,000 neurons: about a quarter less time per event).
     */
    protected final void _touchRows(int[] spikes, int count) {
        final int[] rs = _rowStart, post = _postIdx;
        final int last = post.length - 1;
        if (last < 0) return;
        int sum = 0;
        for (int k = 0; k < count; k++) sum += post[Math.min(rs[spikes[k]], last)];
        _touched = sum;   // (the loads must not be optimised away)
    }

    @SuppressWarnings("unused")
    private int _touched;

    /** Whether each row {@code [rowStart[i], rowStart[i+1])} of {@code postIdx} is non-decreasing. */
    static boolean rowsSorted(int[] rowStart, int[] postIdx) {
        if (rowStart == null || postIdx == null) return false;
        for (int i = 0; i + 1 < rowStart.length; i++) {
            for (int s = rowStart[i] + 1, e = rowStart[i + 1]; s < e; s++) {
                if (postIdx[s] < postIdx[s - 1]) return false;
            }
        }
        return true;
    }

    /** The least {@code s} in {@code [from, to)} with {@code a[s] >= key} ({@code a} non-decreasing there), else {@code to}. */
    protected static int _lowerBound(int[] a, int from, int to, int key) {
        int lo = from, hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /** Runs on_pre for every synapse of each presynaptic neuron {@code spikes[0..count)}, in order. */
    public abstract void onPreRows(int[] spikes, int count, double t, double dt);

    /**
     * As {@link #onPreRows}, skipping synapses whose postsynaptic index (relative to the target) is outside
     * {@code [from, to)}: disjoint ranges may run on different threads, and each neuron still sees its
     * updates in the sequential order.
     */
    public abstract void onPreRowsRange(int[] spikes, int count, double t, double dt, int from, int to);

    /** Runs on_pre for the synapses {@code syn[k]} (presynaptic neuron {@code pre[k]}), k in [0, count), in order. */
    public abstract void onPreEvents(int[] syn, int[] pre, int count, double t, double dt);

    /** As {@link #onPreEvents}, restricted to postsynaptic indices in {@code [from, to)}. */
    public abstract void onPreEventsRange(int[] syn, int[] pre, int count, double t, double dt, int from, int to);

    /** Runs on_post for every synapse onto each postsynaptic neuron {@code spikes[0..count)}, in order. */
    public abstract void onPost(int[] spikes, int count, double t, double dt);

    /** Adds the summed expression {@code k} of every synapse to {@code acc[target]} (target: post or pre neuron). */
    public abstract void summed(int k, double[] acc, double t, double dt);

    /** Advances the clock-driven variables of the synapses of presynaptic neurons {@code [from, to)}. */
    public abstract void stateUpdate(int from, int to, double t, double dt);

    public final void setSeed(long seed) { _seed = seed; }

    public final void setStep(long step) { _step = step; }

    public final void setFunctions(FunctionDef[] functions) { _functions = functions.clone(); }

    protected final double _rand(int i, int site) { return RandomStreams.uniform(_seed, _step, i, site); }

    protected final double _randn(int i, int site) { return RandomStreams.normal(_seed, _step, i, site); }

    protected static double _mod(double a, double b) { return a - b * Math.floor(a / b); }

    protected final double _fn(int k, double[] args) { return _functions[k].impl().apply(args, null); }
}
