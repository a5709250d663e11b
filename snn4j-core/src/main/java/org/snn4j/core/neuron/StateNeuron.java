package org.snn4j.core.neuron;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.surrogate.Surrogate;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/**
 * Base of the neurons whose update is not one linear charge: several state variables per neuron
 * (synaptic currents, adaptation), a nonlinear charge (QIF, EIF, Izhikevich), a state-dependent
 * threshold (ALIF) or a recurrent input from the previous step's spikes (RLeaky, RSynaptic).
 *
 * <p>Each model writes its step as a plain loop over a range of elements ({@link #forwardRange}) and
 * its reverse step ({@link #backwardRange}), addressing state rows through {@link Run#row(int)}: state
 * {@code k} of element {@code i} after step {@code t-1} is {@code z[k][row(t) + i]} (row 0 the initial
 * state), the spike {@code s[row(t+1) + i]} ({@code S[-1] = 0}). Element-wise models (no recurrence or
 * one-to-one) run per block of elements with time inside, split with {@link Parallel#forRange}: forward
 * keeps two rolling rows per state and stores nothing for backward; backward re-runs the block's
 * recurrence into a {@code [T+1, BLOCK]} scratch with the same code (so the same floats) and steps back
 * through it. The all-to-all recurrence couples a sample's neurons, so it runs time outside (a
 * {@code Linear} product between steps) and stores every step's states. Parameter gradients are
 * per-element accumulators reduced by {@link SpikingNeuron#reduce}, so results do not depend on the
 * thread count.
 *
 * <p>Per-neuron values (threshold, alpha, beta, V) have one entry per neuron of a sample: element
 * {@code i} of a step {@code [B, ...]} uses entry {@code i % N}, {@code N} = product of the dims after B.
 * Recurrence: {@code rec[t] = V * S[t-1]} (one-to-one, V scalar or per neuron) or
 * {@code rec[t] = S[t-1] W^T + bias} (all-to-all, a {@link Linear} registered as "recurrent", input
 * {@code [T, B, N]}); the recurrent spikes are not detached.
 */
abstract class StateNeuron extends SpikingNeuron {
    /** Recurrent input from the previous step's spikes. */
    enum Recurrence {
        NONE, ONE_TO_ONE, ALL_TO_ALL
    }

    /** A per-layer or per-neuron parameter: value tensor ([1] or [N]), whether trained, whether clamped to [0, 1]. */
    record Slot(String name, Tensor value, boolean learnable, boolean clamp01) {
    }

    private static final int CHUNK = 2048;

    private final Tensor theta;
    private final Recurrence recurrence;
    private final Tensor recV;
    private final Linear recLinear;
    private final List<Slot> slots = new ArrayList<>();

    StateNeuron(Builder<?> b, ResetTiming supported) {
        super(b.config(), b.thresholds);
        if (b.resetTiming != supported) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": reset timing " + b.resetTiming
                    + " is not supported; this model resets " + (supported == ResetTiming.NEXT_STEP
                            ? "in the next step (snnTorch)" : "in the same step (SpikingJelly)"));
        }
        Tensor tp = thresholdParameter();
        float[] th = b.thresholds != null ? b.thresholds.clone() : new float[] {b.threshold};
        for (float v : th) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": thresholds must be finite, got "
                        + v);
            }
        }
        this.theta = tp != null ? tp : Tensor.of(th, th.length);
        this.recurrence = b.recurrence;
        Tensor v = null;
        Linear lin = null;
        if (b.recurrence == Recurrence.ONE_TO_ONE) {
            float[] init = b.recV.clone();
            v = Tensor.of(init, init.length);
            if (b.learnRecurrent) {
                registerParameter("V", v);
            }
        } else if (b.recurrence == Recurrence.ALL_TO_ALL) {
            lin = new Linear(b.features, b.features, true, new Rng(b.seed));
            registerModule("recurrent", lin);
            if (!b.learnRecurrent) {
                lin.weight().requiresGrad(false);
                lin.bias().requiresGrad(false);
            }
        }
        this.recV = v;
        this.recLinear = lin;
    }

    /** Registers a model parameter (trainable when {@code learnable}); models call it in a fixed order. */
    final Tensor slot(String name, float[] init, boolean learnable, boolean clamp01) {
        Tensor t = Tensor.of(init.clone(), init.length);
        if (learnable) {
            registerParameter(name, t);
        }
        slots.add(new Slot(name, t, learnable, clamp01));
        return t;
    }

    /** snnTorch's "zero" reset clears to 0; a hard reset to another value is an error. */
    final void requireResetToZero() {
        if (config().resetMode() == ResetMode.ZERO && config().vReset() != 0f) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": the \"zero\" reset clears to 0"
                    + " (snnTorch); a reset value of " + config().vReset() + " is not supported");
        }
    }

    /** The value tensor of slot {@code k} (in registration order). */
    final Tensor slotValue(int k) {
        return slots.get(k).value();
    }

    // ---- what a model defines ----

    abstract int stateCount();

    /** The value of state {@code k} before the first step. */
    abstract float initialState(int k);

    /** The state returned as the membrane. */
    abstract int membraneIndex();

    /** Model-specific per-run values (for example derived constants), computed once per pass. */
    void prepare(Run r) {
    }

    /**
     * Step {@code t} for elements {@code [from, to)}: reads row {@code t} of the states and spikes,
     * {@code r.x} at {@link Run#xo(int)} and the recurrent input {@code r.rec[r.row(t) + i]} (null without
     * recurrence); writes row {@code t+1} of the states and the spikes.
     */
    abstract void forwardRange(Run r, int t, int from, int to);

    /**
     * Reverse step {@code t}: {@code r.gz[k][i]} holds dL/dz_k[t] from later steps (the membrane's
     * upstream gradient is in {@code r.gM}), {@code r.gsIn[i] + r.gS[t*n+i]} is dL/dS[t]. Overwrites
     * {@code r.gz[k][i]} with dL/dz_k[t-1], adds dL/dS[t-1] into {@code r.gsOut[i]} (zeroed before),
     * writes the input gradient ({@link Run#addGx}), dL/d(recurrent input) into
     * {@code r.grec[r.row(t) + i]} when recurrent, and adds per-element parameter gradients into
     * {@code r.gth} and {@code r.gp[slot]} (those arrays may be null when not wanted).
     */
    abstract void backwardRange(Run r, int t, int from, int to);

    @Override
    final Coefficients coefficients(Tensor x) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no linear charge");
    }

    // ---- accessors ----

    /** The thresholds ([1] or [N]; the parameter when learnable). */
    public Tensor thresholds() {
        return theta;
    }

    @Override
    public float threshold() {
        return theta.data()[0];
    }

    /** The one-to-one recurrent weight V ([1] or [N]), or null. */
    public Tensor recurrentV() {
        return recV;
    }

    /** The all-to-all recurrent layer (weight [N, N], bias [N]), or null. */
    public Linear recurrentLinear() {
        return recLinear;
    }

    Recurrence recurrence() {
        return recurrence;
    }

    /** The model parameters in registration order. */
    List<Slot> slotList() {
        return slots;
    }

    /** One step at a time, all states carried as graph tensors (see {@link StateNeuronStepper}). */
    @Override
    public org.snn4j.core.nn.Steppable.Stepper stepper() {
        return new StateNeuronStepper(this);
    }

    // ---- the run ----

    /** Arrays and settings of one forward (and its backward) pass. */
    static final class Run {
        ResetMode reset;
        boolean detach;
        boolean inclusive;
        boolean smooth;
        Surrogate.Kind kind;
        float sg;
        float vReset;
        int steps;
        int n;
        /** Neurons per sample. */
        int per;
        float[] x;
        boolean xStatic;
        float[][] z;
        float[] s;
        float[] rec;
        float[] theta;
        /** Effective (clamped) slot values, [1] or [per]. */
        float[][] pv;
        /** Model-specific arrays from {@link StateNeuron#prepare}. */
        float[][] aux;
        // backward
        float[] gS;
        float[] gM;
        float[][] gz;
        float[] gsIn;
        float[] gsOut;
        float[] gx;
        float[] gth;
        float[][] gp;
        float[] grec;
        // layout of z, s, rec, grec: row t of element i at row(t) + i
        int stride;
        int i0;
        boolean rolling;

        /** Offset of state row {@code t} (row 0 = the initial state; rec/grec row t = step t). */
        int row(int t) {
            return (rolling ? (t & 1) : t) * stride - i0;
        }

        /** A shallow copy for one task, whose scratch arrays and layout are then set. */
        Run copy() {
            Run c = new Run();
            c.reset = reset;
            c.detach = detach;
            c.inclusive = inclusive;
            c.smooth = smooth;
            c.kind = kind;
            c.sg = sg;
            c.vReset = vReset;
            c.steps = steps;
            c.n = n;
            c.per = per;
            c.x = x;
            c.xStatic = xStatic;
            c.theta = theta;
            c.pv = pv;
            c.aux = aux;
            c.gS = gS;
            c.gM = gM;
            c.gz = gz;
            c.gsIn = gsIn;
            c.gsOut = gsOut;
            c.gx = gx;
            c.gth = gth;
            c.gp = gp;
            return c;
        }

        int xo(int t) {
            return xStatic ? 0 : t * n;
        }

        /** Value of a [1] or [per] array for element {@code i}. */
        float at(float[] v, int i) {
            return v.length == 1 ? v[0] : v[i % per];
        }

        float fire(float u) {
            if (smooth) {
                return Surrogate.primitive(kind, sg, u);
            }
            // an int select (cmov) converted to float: a float select compiles to a branch, and spikes are
            // not predictable
            int sp = inclusive ? (u >= 0f ? 1 : 0) : (u > 0f ? 1 : 0);
            return sp;
        }

        float dfire(float u) {
            return Surrogate.derivative(kind, sg, u);
        }

        /** Upstream gradient of the membrane at step t (0 when none). */
        float gMem(int t, int i) {
            return gM == null ? 0f : gM[t * n + i];
        }

        /** dL/dS[t]: upstream plus what later steps sent back. */
        float gSpike(int t, int i) {
            return gsIn[i] + (gS == null ? 0f : gS[t * n + i]);
        }

        void addGx(int t, int i, float g) {
            if (xStatic) {
                gx[i] += g;
            } else {
                gx[t * n + i] = g;
            }
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        return run(x, false).spikes();
    }

    /**
     * A run of {@code steps} steps over {@code n} neurons ({@code per} per sample) on input {@code x} (one step of
     * it when {@code xStatic}): the configuration's settings, a copy of the threshold and of each slot's value
     * (clamped to [0, 1] for a slot that asks for it), then {@link #prepare}.
     */
    final Run newRun(int steps, int n, int per, float[] x, boolean xStatic) {
        Run r = new Run();
        NeuronConfig c = config();
        r.reset = c.resetMode();
        r.detach = c.detachReset();
        r.inclusive = c.spikeTest() == SpikeTest.GREATER_EQUAL;
        r.smooth = smoothSpikes();
        r.kind = c.surrogate().kind();
        r.sg = c.surrogate().parameter();
        r.vReset = c.vReset();
        r.steps = steps;
        r.n = n;
        r.per = per;
        r.x = x;
        r.xStatic = xStatic;
        r.theta = theta.data().clone();
        r.pv = new float[slots.size()][];
        for (int k = 0; k < slots.size(); k++) {
            float[] v = slots.get(k).value().data().clone();
            if (slots.get(k).clamp01()) {
                for (int j = 0; j < v.length; j++) {
                    v[j] = Math.min(1f, Math.max(0f, v[j]));
                }
            }
            r.pv[k] = v;
        }
        prepare(r);
        return r;
    }

    /**
     * The gradient of slot {@code sl} from its per-element gradient {@code gp} (summed to the slot's length); zero
     * where a clamped slot's value lies outside [0, 1] (the clamp passes no gradient there).
     */
    static Tensor slotGradient(Slot sl, float[] gp) {
        int len = sl.value().size(0);
        float[] g = reduce(gp, 1, len);
        if (sl.clamp01()) {
            float[] v = sl.value().data();
            for (int j = 0; j < len; j++) {
                if (!(v[j] >= 0f && v[j] <= 1f)) {
                    g[j] = 0f;
                }
            }
        }
        return Tensor.of(g, len);
    }

    @Override
    public Output forwardWithMembrane(Tensor x) {
        return run(x, true);
    }

    private Output run(Tensor x, boolean wantMem) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException(where() + ": expected input [T, B, ...] (rank >= 2), got shape "
                    + x.shapeString());
        }
        int steps = x.size(0);
        int per = 1;
        for (int d = 2; d < x.rank(); d++) {
            per *= x.size(d);
        }
        int n = x.size(1) * per;
        checkSizes(x, per);
        Run r = newRun(steps, n, per, x.data(), x.isTimeStatic());
        boolean needMem = wantMem || recordsMembrane();
        float[] mem = needMem ? new float[steps * n] : null;
        byte[] sb = r.smooth ? null : new byte[steps * n];
        float[] sf = r.smooth ? new float[steps * n] : null;
        float[] w = recLinear != null ? recLinear.weight().data() : null;
        if (recurrence == Recurrence.ALL_TO_ALL) {
            forwardStored(r, w, sb, sf, mem);
        } else {
            Parallel.forRange(blocks(n, FBLOCK), 1, (bf, bt) -> {
                Run v = scratch(r, true);
                for (int blk = bf; blk < bt; blk++) {
                    int i0 = blk * FBLOCK;
                    int len = Math.min(FBLOCK, n - i0);
                    forwardBlock(v, i0, len, sb, sf, mem);
                }
            });
        }
        int[] shape = x.shape();
        Tensor spikes = r.smooth ? Tensor.of(sf, shape) : Tensor.ofSpikes(sb, shape);
        Tensor membrane = wantMem ? Tensor.of(mem, shape) : null;
        setRecorded(recordsMembrane() ? Tensor.of(wantMem ? mem.clone() : mem, shape).setName(where() + " membrane")
                : null);
        List<Tensor> ins = new ArrayList<>();
        ins.add(x);
        ins.add(thresholdParameter());
        for (Slot sl : slots) {
            ins.add(sl.learnable() ? sl.value() : null);
        }
        if (recurrence == Recurrence.ONE_TO_ONE) {
            ins.add(recV);
        } else if (recurrence == Recurrence.ALL_TO_ALL) {
            ins.add(recLinear.weight());
            ins.add(recLinear.bias());
        }
        Tensor[] inputs = ins.toArray(new Tensor[0]);
        if (Autograd.isTracking(inputs)) {
            Backward fn = new Backward(inputs, r, x, w);
            Tensor hub = Tensor.zeros(1).withGradFn(fn);
            spikes.withGradFn(new GradientTap(getClass().getSimpleName() + ".spikes", hub, g -> fn.gS = g));
            if (membrane != null) {
                membrane.withGradFn(new GradientTap(getClass().getSimpleName() + ".membrane", hub, g -> fn.gM = g));
            }
        } else {
            r.z = null;
            r.s = null;
            r.rec = null;
        }
        return new Output(spikes, membrane);
    }

    /** Elements per block of the per-block paths. */
    static final int BLOCK = 256;
    /** Elements per block of the forward pass (two rolling rows per state). */
    static final int FBLOCK = 1024;

    private static int blocks(int n, int block) {
        return (n + block - 1) / block;
    }

    /** A task's view with block scratch: two rolling rows (forward) or all T+1 rows (backward recompute). */
    private Run scratch(Run r, boolean rolling) {
        Run v = r.copy();
        int rows = rolling ? 2 : r.steps + 1;
        int block = rolling ? FBLOCK : BLOCK;
        v.z = new float[stateCount()][rows * block];
        v.s = new float[rows * block];
        v.stride = block;
        v.rolling = rolling;
        if (recurrence == Recurrence.ONE_TO_ONE) {
            v.rec = new float[rows * block];
            v.grec = rolling ? null : new float[rows * block];
        }
        return v;
    }

    /**
     * Runs the recurrence of block elements {@code [i0, i0+len)} in {@code v}'s scratch; writes spikes and
     * membrane of each step when the arrays are given.
     */
    private void forwardBlock(Run v, int i0, int len, byte[] sb, float[] sf, float[] mem) {
        int n = v.n;
        v.i0 = i0;
        int ns = stateCount();
        int r0 = v.row(0);
        for (int k = 0; k < ns; k++) {
            Arrays.fill(v.z[k], r0 + i0, r0 + i0 + len, initialState(k));
        }
        Arrays.fill(v.s, r0 + i0, r0 + i0 + len, 0f);
        float[] vv = recV != null ? recV.data() : null;
        int mi = membraneIndex();
        for (int t = 0; t < v.steps; t++) {
            int pt = v.row(t);
            if (vv != null) {
                for (int i = i0; i < i0 + len; i++) {
                    v.rec[pt + i] = v.at(vv, i) * v.s[pt + i];
                }
            }
            forwardRange(v, t, i0, i0 + len);
            int nt = v.row(t + 1);
            int o = t * n;
            if (sb != null) {
                for (int i = i0; i < i0 + len; i++) {
                    sb[o + i] = (byte) (v.s[nt + i] != 0f ? 1 : 0);
                }
            } else if (sf != null) {
                System.arraycopy(v.s, nt + i0, sf, o + i0, len);
            }
            if (mem != null) {
                System.arraycopy(v.z[mi], nt + i0, mem, o + i0, len);
            }
        }
    }

    /**
     * BPTT of block elements {@code [i0, i0+len)}: re-runs the forward recurrence into {@code v}'s
     * scratch (the same operations, so the same floats), then steps back through it.
     */
    private void backwardBlock(Run v, int i0, int len, float[] gv) {
        forwardBlock(v, i0, len, null, null, null);
        int end = i0 + len;
        for (float[] g : v.gz) {
            Arrays.fill(g, i0, end, 0f);
        }
        Arrays.fill(v.gsIn, i0, end, 0f);
        float[] vv = recV != null ? recV.data() : null;
        for (int t = v.steps - 1; t >= 0; t--) {
            Arrays.fill(v.gsOut, i0, end, 0f);
            backwardRange(v, t, i0, end);
            if (vv != null) {
                int pt = v.row(t);
                for (int i = i0; i < end; i++) {
                    float g = v.grec[pt + i];
                    v.gsOut[i] += v.at(vv, i) * g;
                    if (gv != null) {
                        gv[i] += g * v.s[pt + i];
                    }
                }
            }
            float[] tmp = v.gsIn;
            v.gsIn = v.gsOut;
            v.gsOut = tmp;
        }
    }

    /** All-to-all recurrence: time outside, every step's states stored for backward. */
    private void forwardStored(Run r, float[] w, byte[] sb, float[] sf, float[] mem) {
        int n = r.n;
        int steps = r.steps;
        int ns = stateCount();
        r.stride = n;
        r.i0 = 0;
        r.rolling = false;
        r.z = new float[ns][(steps + 1) * n];
        for (int k = 0; k < ns; k++) {
            Arrays.fill(r.z[k], 0, n, initialState(k));
        }
        r.s = new float[(steps + 1) * n];
        r.rec = new float[steps * n];
        float[] wt = transpose(w, r.per);
        float[] bias = recLinear.bias().data();
        for (int t = 0; t < steps; t++) {
            final int tt = t;
            recurrentForward(r, t, wt, bias);
            Parallel.forRange(n, CHUNK, (from, to) -> forwardRange(r, tt, from, to));
        }
        if (sb != null) {
            for (int i = 0; i < sb.length; i++) {
                sb[i] = (byte) (r.s[n + i] != 0f ? 1 : 0);
            }
        } else {
            System.arraycopy(r.s, n, sf, 0, steps * n);
        }
        if (mem != null) {
            System.arraycopy(r.z[membraneIndex()], n, mem, 0, steps * n);
        }
    }

    void checkSizes(Tensor x, int per) {
        if (theta.size(0) != 1 && theta.size(0) != per) {
            throw new IllegalArgumentException(where() + ": " + theta.size(0) + " thresholds but input shape "
                    + x.shapeString() + " has " + per + " neurons per sample");
        }
        for (Slot sl : slots) {
            int len = sl.value().size(0);
            if (len != 1 && len != per) {
                throw new IllegalArgumentException(where() + ": " + sl.name() + " has " + len
                        + " values but input shape " + x.shapeString() + " has " + per + " neurons per sample");
            }
        }
        if (recV != null && recV.size(0) != 1 && recV.size(0) != per) {
            throw new IllegalArgumentException(where() + ": V has " + recV.size(0) + " values but input shape "
                    + x.shapeString() + " has " + per + " neurons per sample");
        }
        if (recLinear != null && (x.rank() != 3 || x.size(2) != recLinear.inFeatures())) {
            throw new IllegalArgumentException(where() + ": the all-to-all recurrent layer has "
                    + recLinear.inFeatures() + " features; expected input [T, B, " + recLinear.inFeatures()
                    + "], got " + x.shapeString());
        }
    }

    /**
     * rec[t][b, :] = bias + sum_j S[t-1][b, j] * W^T[j, :], one batch row per task, j ascending (rows of
     * silent neurons skipped; plain axpy loops the JIT vectorizes).
     */
    private static void recurrentForward(Run r, int t, float[] wt, float[] bias) {
        int nf = r.per;
        int base = t * r.n;
        int rows = r.n / nf;
        Parallel.forRange(rows, 1, (from, to) -> {
            for (int b = from; b < to; b++) {
                int o = base + b * nf;
                System.arraycopy(bias, 0, r.rec, o, nf);
                for (int j = 0; j < nf; j++) {
                    float sv = r.s[o + j];
                    if (sv == 0f) {
                        continue;
                    }
                    int wo = j * nf;
                    for (int i = 0; i < nf; i++) {
                        r.rec[o + i] += sv * wt[wo + i];
                    }
                }
            }
        });
    }

    /** BPTT over the stored states, run once with both upstream gradients. */
    private final class Backward extends GradFn {
        private final Run r;
        private final Tensor x;
        private final float[] w;
        float[] gS;
        float[] gM;

        Backward(Tensor[] inputs, Run r, Tensor x, float[] w) {
            super(StateNeuron.this.getClass().getSimpleName(), inputs);
            this.r = r;
            this.x = x;
            this.w = w;
        }

        @Override
        public void backward(Tensor output, Tensor gradOutput) {
            int n = r.n;
            int steps = r.steps;
            int ns = slots.size();
            r.gS = gS;
            r.gM = gM;
            gS = null;
            gM = null;
            r.gz = new float[stateCount()][n];
            r.gsIn = new float[n];
            r.gsOut = new float[n];
            r.gx = new float[r.xStatic ? n : steps * n];
            r.gth = needsGrad(1) ? new float[n] : null;
            r.gp = new float[ns][];
            for (int k = 0; k < ns; k++) {
                r.gp[k] = needsGrad(2 + k) ? new float[n] : null;
            }
            float[] gv = recurrence == Recurrence.ONE_TO_ONE && needsGrad(2 + ns) ? new float[n] : null;
            if (recurrence == Recurrence.ALL_TO_ALL) {
                r.grec = new float[steps * n];
                for (int t = steps - 1; t >= 0; t--) {
                    final int tt = t;
                    Arrays.fill(r.gsOut, 0f);
                    Parallel.forRange(n, CHUNK, (from, to) -> backwardRange(r, tt, from, to));
                    if (t > 0) {
                        recurrentBackward(r, t, w);
                    }
                    float[] tmp = r.gsIn;
                    r.gsIn = r.gsOut;
                    r.gsOut = tmp;
                }
            } else {
                Parallel.forRange(blocks(n, BLOCK), 1, (bf, bt) -> {
                    Run v = scratch(r, false);
                    for (int blk = bf; blk < bt; blk++) {
                        int i0 = blk * BLOCK;
                        backwardBlock(v, i0, Math.min(BLOCK, n - i0), gv);
                    }
                });
            }
            if (needsGrad(0)) {
                accumulate(0, r.xStatic ? Tensor.of(r.gx, Arrays.copyOfRange(x.shape(), 1, x.rank()))
                        : Tensor.of(r.gx, x.shape()));
            }
            if (r.gth != null) {
                int len = theta.size(0);
                accumulate(1, Tensor.of(reduce(r.gth, 1, len), len));
            }
            for (int k = 0; k < ns; k++) {
                if (r.gp[k] != null) {
                    accumulate(2 + k, slotGradient(slots.get(k), r.gp[k]));
                }
            }
            if (gv != null) {
                int len = recV.size(0);
                accumulate(2 + ns, Tensor.of(reduce(gv, 1, len), len));
            }
            if (recurrence == Recurrence.ALL_TO_ALL) {
                if (needsGrad(2 + ns)) {
                    accumulate(2 + ns, Tensor.of(weightGradient(r), r.per, r.per));
                }
                if (needsGrad(3 + ns)) {
                    int nf = r.per;
                    accumulate(3 + ns, Tensor.of(reduce(r.grec, 1, nf), nf));
                }
            }
        }
    }

    private static float[] transpose(float[] w, int nf) {
        float[] t = new float[nf * nf];
        for (int i = 0; i < nf; i++) {
            for (int j = 0; j < nf; j++) {
                t[j * nf + i] = w[i * nf + j];
            }
        }
        return t;
    }

    /** gsOut[b, :] += sum_i grec[t][b, i] * W[i, :] (dL/dS[t-1] through the recurrent layer), i ascending. */
    private static void recurrentBackward(Run r, int t, float[] w) {
        int nf = r.per;
        int base = t * r.n;
        int rows = r.n / nf;
        Parallel.forRange(rows, 1, (from, to) -> {
            for (int b = from; b < to; b++) {
                int go = base + b * nf;
                int oo = b * nf;
                for (int i = 0; i < nf; i++) {
                    float g = r.grec[go + i];
                    if (g == 0f) {
                        continue;
                    }
                    int wo = i * nf;
                    for (int j = 0; j < nf; j++) {
                        r.gsOut[oo + j] += g * w[wo + j];
                    }
                }
            }
        });
    }

    /** gW[i, j] = sum over (t, b) of grec[t][b, i] * S[t-1][b, j], each row by one task in (t, b) order. */
    private static float[] weightGradient(Run r) {
        int nf = r.per;
        int rows = r.steps * (r.n / nf);
        float[] g = new float[nf * nf];
        Parallel.forRange(nf, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                int go = i * nf;
                for (int q = 0; q < rows; q++) {
                    float gi = r.grec[q * nf + i];
                    if (gi == 0f) {
                        continue;
                    }
                    int so = q * nf; // S[t-1] of row q = (t, b) sits at s[t*n + b*nf] = s[q*nf]
                    for (int j = 0; j < nf; j++) {
                        g[go + j] += gi * r.s[so + j];
                    }
                }
            }
        });
        return g;
    }

    /**
     * Builder of the shared options plus per-neuron thresholds and the recurrence.
     *
     * @param <B> the concrete builder
     */
    public abstract static class Builder<B extends Builder<B>> extends SpikingNeuron.Builder<B> {
        float[] thresholds;
        Recurrence recurrence = Recurrence.NONE;
        float[] recV;
        boolean learnRecurrent = true;
        int features;
        long seed;

        Builder() {
        }

        /**
         * Recurrent input {@code rec[t] = V * S[t-1]} (snnTorch {@code all_to_all=False}); one V, or one
         * per neuron; no value gives snnTorch's default V = 1. V is trained unless
         * {@link #learnRecurrent(boolean) learnRecurrent(false)}.
         */
        B oneToOne(float... v) {
            this.recV = v == null || v.length == 0 ? new float[] {1f} : checkValues("recurrence", "V", v);
            this.recurrence = Recurrence.ONE_TO_ONE;
            return self();
        }

        /**
         * Recurrent input {@code rec[t] = S[t-1] W^T + bias} through a {@link Linear}{@code (features,
         * features)} initialised as PyTorch's from {@code seed} (snnTorch {@code all_to_all=True,
         * linear_features=features}); the input must be {@code [T, B, features]}.
         */
        B allToAll(int features, long seed) {
            if (features <= 0) {
                throw new IllegalArgumentException("recurrence: features must be positive, got " + features);
            }
            this.features = features;
            this.seed = seed;
            this.recurrence = Recurrence.ALL_TO_ALL;
            return self();
        }

        /** Whether the recurrent weights are trained (snnTorch learn_recurrent, default true). */
        B learnRecurrent(boolean on) {
            this.learnRecurrent = on;
            return self();
        }

        @Override
        public B threshold(float v) {
            thresholds = null;
            return super.threshold(v);
        }

        /** One threshold per neuron (initial values when learnable). */
        public B thresholds(float... perNeuron) {
            if (perNeuron == null || perNeuron.length == 0) {
                throw new IllegalArgumentException("thresholds: give at least one value");
            }
            this.thresholds = perNeuron.clone();
            this.threshold = perNeuron[0];
            return self();
        }

        static float[] checkValues(String model, String what, float[] v) {
            if (v == null || v.length == 0) {
                throw new IllegalArgumentException(model + ": " + what + " needs at least one value");
            }
            for (float f : v) {
                if (!Float.isFinite(f)) {
                    throw new IllegalArgumentException(model + ": " + what + " must be finite, got " + f);
                }
            }
            return v.clone();
        }
    }
}
