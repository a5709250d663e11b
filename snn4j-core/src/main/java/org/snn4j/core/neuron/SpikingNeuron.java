package org.snn4j.core.neuron;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.kernel.BlockGradient;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Steppable;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.surrogate.Surrogate;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;

/**
 * Base of the spiking layers (the SpikingJelly idea: a neuron is defined by its charge step; fire, reset
 * and the time loop are shared). Every model here has a linear charge
 * <pre>
 *   H[t] = a * V[t-1] + b * X[t] + c          (a, b, c per layer, per channel or per neuron)
 *   S[t] = step(H[t] - threshold)             (step: x > 0 or x >= 0; backward: surrogate'(H - threshold))
 * </pre>
 * followed by the reset, either in the same step (SpikingJelly)
 * <pre>
 *   V[t] = H[t] - S[t]*threshold              SUBTRACT
 *   V[t] = H[t] + S[t]*(vReset - H[t])        ZERO (hard reset to vReset)
 *   V[t] = H[t]                               NONE
 *   returned membrane = V[t]; V[-1] = vReset for ZERO, else 0
 * </pre>
 * or in the next step (snnTorch {@code reset_delay=True}), with {@code R[t] = S[t-1]}, {@code R[0] = 0}:
 * <pre>
 *   U[t] = a*U[t-1] + b*X[t] + c - R[t]*threshold                    SUBTRACT
 *   U[t] = a*(U[t-1] + R[t]*(vReset - U[t-1])) + b*X[t] + c          ZERO (snnTorch Leaky)
 *   U[t] = q + R[t]*(vReset - q), q = a*U[t-1] + b*X[t] + c          ZERO, zeroClearsCharge (snnTorch Lapicque)
 *   U[t] = a*U[t-1] + b*X[t] + c                                      NONE
 *   returned membrane = U[t] (= H[t]); U[-1] = 0
 * </pre>
 * With {@code detachReset} the spike that drives the reset is a constant for backward (its surrogate
 * path through the reset is cut; a learnable threshold still gets the {@code -R*threshold} term).
 *
 * <p>Input: {@code [T, B, ...]}, or a time-static tensor (the same step at every t; its gradient is
 * summed over T into one step). Output of {@link #forward}: spikes {@code [T, B, ...]}, marked binary.
 * {@link #forwardWithMembrane} also returns the membrane as a graph tensor. Forward and BPTT backward
 * are fused kernels ({@code -Dsnn4j.kernels=vector|scalar}).
 */
public abstract class SpikingNeuron extends Module implements Steppable, NeuronLayer {
    private final NeuronConfig config;
    private final Tensor threshold;
    private boolean recordMembrane;
    private Tensor recorded;
    private boolean smooth;

    /** Spikes and membrane of one forward pass. */
    public record Output(Tensor spikes, Tensor membrane) {
    }

    SpikingNeuron(NeuronConfig config) {
        this(config, null);
    }

    /** With per-neuron initial thresholds ({@code null}: the one value of the config). */
    SpikingNeuron(NeuronConfig config, float[] thresholds) {
        this.config = config;
        float[] init = thresholds != null ? thresholds.clone() : new float[] {config.threshold()};
        this.threshold = config.learnThreshold()
                ? registerParameter("threshold", Tensor.of(init, init.length))
                : null;
    }

    public NeuronConfig config() {
        return config;
    }

    /** The current threshold (the parameter's value when learnable). */
    public float threshold() {
        return threshold != null ? threshold.data()[0] : config.threshold();
    }

    /** The learnable threshold parameter, or null. */
    public Tensor thresholdParameter() {
        return threshold;
    }

    /** Records the membrane of each forward pass, for plots; see {@link #recordedMembrane()}. */
    public SpikingNeuron setRecordMembrane(boolean on) {
        this.recordMembrane = on;
        if (!on) {
            recorded = null;
        }
        return this;
    }

    /** Whether {@link #setRecordMembrane} is on. */
    public boolean isRecordingMembrane() {
        return recordMembrane;
    }

    /** The membrane {@code [T, B, ...]} of the last forward pass when recording (no graph), else null. */
    public Tensor recordedMembrane() {
        return recorded;
    }

    /** Test mode: the spike is the surrogate's smooth primitive, so backward is the exact gradient. */
    void setSmoothSpikes(boolean on) {
        this.smooth = on;
    }

    boolean smoothSpikes() {
        return smooth;
    }

    boolean recordsMembrane() {
        return recordMembrane;
    }

    void setRecorded(Tensor membrane) {
        this.recorded = membrane;
    }

    /** Spikes {@code [T, B, ...]}, binary. */
    @Override
    public Tensor forward(Tensor x) {
        return run(x, false).spikes();
    }

    /** Spikes and membrane (snnTorch's returned {@code mem} / SpikingJelly's {@code v_seq}), both in the graph. */
    public Output forwardWithMembrane(Tensor x) {
        return run(x, true);
    }

    /**
     * Runs this layer one step at a time (for recurrent containers): a fresh state per stepper, step {@code k}
     * equal to step {@code k} of {@link #forward} on the whole sequence, BPTT through the steps.
     */
    @Override
    public Steppable.Stepper stepper() {
        return new NeuronStepper(this);
    }

    // ---- what a model defines ----

    /** The charge coefficients for input {@code x}; checks the shape against per-channel/neuron sizes. */
    abstract Coefficients coefficients(Tensor x);

    /** Trainable tensors the coefficients depend on (beta, w), in a fixed order. */
    List<Tensor> chargeParameters() {
        return List.of();
    }

    /**
     * Gradients of {@link #chargeParameters()} from the gradients of {@code a, b, c} summed over time
     * and over the elements sharing an entry ({@code co.count()} values each).
     */
    Tensor[] chargeGradients(Coefficients co, float[] ga, float[] gb, float[] gc) {
        return new Tensor[0];
    }

    /** Whether the update adds zeroClearsCharge semantics (snnTorch Lapicque's zero reset). */
    boolean zeroClearsCharge() {
        return false;
    }

    /** Layer name plus shape for error messages. */
    String where() {
        return toString();
    }

    // ---- shared machinery ----

    KernelSpec spec() {
        Surrogate sg = config.surrogate();
        return new KernelSpec(config.resetMode(), config.resetTiming() == ResetTiming.NEXT_STEP,
                config.spikeTest() == SpikeTest.GREATER_EQUAL, config.detachReset(), config.vReset(),
                config.resetMode() == ResetMode.ZERO && config.resetTiming() == ResetTiming.SAME_STEP
                        ? config.vReset() : 0f,
                zeroClearsCharge(), sg.kind(), sg.parameter(), smooth);
    }

    private Output run(Tensor x, boolean wantMem) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException(where() + ": expected input [T, B, ...] (rank >= 2), got shape "
                    + x.shapeString());
        }
        int steps = x.size(0);
        boolean xStatic = x.isTimeStatic();
        int n = xStatic ? x.storedNumel() : (steps == 0 ? 0 : x.storedNumel() / steps);
        Coefficients co = coefficients(x);
        float theta = threshold();
        KernelSpec spec = spec();
        boolean needMem = wantMem || recordMembrane;
        List<Tensor> ins = new ArrayList<>();
        ins.add(x);
        ins.add(threshold);
        ins.addAll(chargeParameters());
        Tensor[] inputs = ins.toArray(new Tensor[0]);
        boolean track = Autograd.isTracking(inputs);
        // H is only stored in the test layout; backward normally recomputes it per block.
        float[] h = track && NeuronKernel.storeH ? new float[steps * n] : null;
        // Binary spikes are stored as bytes (floats built on demand); smooth test spikes need floats.
        byte[] sb = smooth ? null : new byte[steps * n];
        float[] s = smooth ? new float[steps * n] : null;
        float[] mem = needMem ? new float[steps * n] : null;
        NeuronKernel kernel = NeuronKernels.get();
        kernel.forward(new NeuronKernel.Fwd(spec, co, theta, x.data(), xStatic, steps, n, s, sb, h, mem));
        int[] shape = x.shape();
        Tensor spikes = smooth ? Tensor.of(s, shape) : Tensor.ofSpikes(sb, shape);
        Tensor membrane = wantMem ? Tensor.of(mem, shape) : null;
        recorded = recordMembrane ? Tensor.of(mem, shape).setName(where() + " membrane") : null;
        if (track) {
            Backward fn = new Backward(inputs, kernel, spec, co, theta, x, steps, n, h);
            Tensor hub = Tensor.zeros(1).withGradFn(fn);
            spikes.withGradFn(new Tap(getClass().getSimpleName() + ".spikes", hub, fn, true));
            if (membrane != null) {
                membrane.withGradFn(new Tap(getClass().getSimpleName() + ".membrane", hub, fn, false));
            }
        }
        return new Output(spikes, membrane);
    }

    /** Hands the gradient of spikes or membrane to the shared backward node. */
    private static final class Tap extends GradFn {
        private final Backward target;
        private final boolean spikes;

        Tap(String name, Tensor hub, Backward target, boolean spikes) {
            super(name, hub);
            this.target = target;
            this.spikes = spikes;
        }

        @Override
        public void backward(Tensor output, Tensor gradOutput) {
            // a deferred gradient (narrow Linear, or max-pool on these spikes, above) is consumed per block, never built in full
            BlockGradient p = gradOutput.deferredForm() instanceof BlockGradient bg
                    && bg.size() == gradOutput.storedNumel() ? bg : null;
            if (spikes) {
                target.gS = p == null ? gradOutput.data() : null;
                target.gSp = p;
            } else {
                target.gM = p == null ? gradOutput.data() : null;
                target.gMp = p;
            }
            accumulate(0, Tensor.of(new float[1], 1));
        }
    }

    /** The fused BPTT backward, run once with both upstream gradients. */
    private final class Backward extends GradFn {
        private final NeuronKernel kernel;
        private final KernelSpec spec;
        private final Coefficients co;
        private final float theta;
        private final Tensor x;
        private final int steps;
        private final int n;
        private final float[] h;
        float[] gS;
        float[] gM;
        BlockGradient gSp;
        BlockGradient gMp;

        Backward(Tensor[] inputs, NeuronKernel kernel, KernelSpec spec, Coefficients co, float theta, Tensor x,
                int steps, int n, float[] h) {
            super(SpikingNeuron.this.getClass().getSimpleName(), inputs);
            this.kernel = kernel;
            this.spec = spec;
            this.co = co;
            this.theta = theta;
            this.x = x;
            this.steps = steps;
            this.n = n;
            this.h = h;
        }

        @Override
        public void backward(Tensor output, Tensor gradOutput) {
            int nIn = inputs().length;
            boolean charge = false;
            for (int i = 2; i < nIn; i++) {
                charge |= needsGrad(i);
            }
            boolean xStatic = x.isTimeStatic();
            float[] gx = new float[xStatic ? n : steps * n];
            float[] gth = needsGrad(1) ? new float[n] : null;
            float[] ga = charge ? new float[n] : null;
            float[] gb = charge ? new float[n] : null;
            float[] gc = charge ? new float[n] : null;
            kernel.backward(new NeuronKernel.Bwd(spec, co, theta, x.data(), xStatic, steps, n, h, gS, gM, gx, ga,
                    gb, gc, gth, gSp, gMp));
            gS = null;
            gM = null;
            gSp = null;
            gMp = null;
            if (needsGrad(0)) {
                accumulate(0, xStatic ? Tensor.of(gx, Arrays.copyOfRange(x.shape(), 1, x.rank()))
                        : Tensor.of(gx, x.shape()));
            }
            if (gth != null) {
                accumulate(1, Tensor.of(new float[] {reduce(gth, 1, 1)[0]}, 1));
            }
            if (charge) {
                Tensor[] g = chargeGradients(co, reduce(ga, co.inner(), co.count()),
                        reduce(gb, co.inner(), co.count()), reduce(gc, co.inner(), co.count()));
                for (int i = 2; i < nIn; i++) {
                    if (needsGrad(i)) {
                        accumulate(i, g[i - 2]);
                    }
                }
            }
        }
    }

    private static final int REDUCE_CHUNK = 4096;

    /**
     * Sums {@code g} into {@code count} bins, element {@code i} going to {@code (i / inner) % count}.
     * Deterministic whatever the thread count: one bin: fixed 4096-element chunks summed in double,
     * chunk sums added in chunk order; several bins: each bin summed by one task in element order.
     */
    static float[] reduce(float[] g, int inner, int count) {
        float[] out = new float[count];
        if (count == 1) {
            int chunks = (g.length + REDUCE_CHUNK - 1) / REDUCE_CHUNK;
            double[] partial = new double[chunks];
            Parallel.forRange(chunks, 1, (from, to) -> {
                for (int k = from; k < to; k++) {
                    double acc = 0;
                    int end = Math.min(g.length, (k + 1) * REDUCE_CHUNK);
                    for (int i = k * REDUCE_CHUNK; i < end; i++) {
                        acc += g[i];
                    }
                    partial[k] = acc;
                }
            });
            double total = 0;
            for (double p : partial) {
                total += p;
            }
            out[0] = (float) total;
            return out;
        }
        int period = inner * count;
        int reps = g.length / period;
        Parallel.forRange(count, 1, (from, to) -> {
            for (int p = from; p < to; p++) {
                double acc = 0;
                for (int q = 0; q < reps; q++) {
                    int base = q * period + p * inner;
                    for (int r = 0; r < inner; r++) {
                        acc += g[base + r];
                    }
                }
                out[p] = (float) acc;
            }
        });
        return out;
    }

    /**
     * Builder of the shared options; each model's builder sets its library's defaults first.
     *
     * @param <B> the concrete builder
     */
    public abstract static class Builder<B extends Builder<B>> {
        float threshold = 1f;
        boolean learnThreshold;
        ResetMode resetMode = ResetMode.SUBTRACT;
        float vReset;
        ResetTiming resetTiming = ResetTiming.SAME_STEP;
        SpikeTest spikeTest = SpikeTest.GREATER_EQUAL;
        boolean detachReset;
        Surrogate surrogate = new ATan();

        Builder() {
        }

        @SuppressWarnings("unchecked")
        final B self() {
            return (B) this;
        }

        public B threshold(float v) {
            this.threshold = v;
            return self();
        }

        public B learnThreshold(boolean on) {
            this.learnThreshold = on;
            return self();
        }

        public B resetMode(ResetMode m) {
            this.resetMode = m;
            return self();
        }

        /** Hard reset to {@code v} (sets {@link ResetMode#ZERO}). */
        public B hardReset(float v) {
            this.resetMode = ResetMode.ZERO;
            this.vReset = v;
            return self();
        }

        /** Soft reset (subtract the threshold). */
        public B softReset() {
            this.resetMode = ResetMode.SUBTRACT;
            return self();
        }

        /** snnTorch's reset_mechanism names: "subtract", "zero" (hard reset to 0) or "none". */
        public B resetMechanism(String m) {
            switch (m) {
                case "subtract" -> resetMode = ResetMode.SUBTRACT;
                case "zero" -> hardReset(0f);
                case "none" -> resetMode = ResetMode.NONE;
                default -> throw new IllegalArgumentException("reset_mechanism must be subtract, zero or none, got '"
                        + m + "'");
            }
            return self();
        }

        public B resetTiming(ResetTiming t) {
            this.resetTiming = t;
            return self();
        }

        public B spikeTest(SpikeTest t) {
            this.spikeTest = t;
            return self();
        }

        public B detachReset(boolean on) {
            this.detachReset = on;
            return self();
        }

        public B surrogate(Surrogate s) {
            this.surrogate = s;
            return self();
        }

        /** A surrogate in {@link Surrogate#parse(String)} syntax. */
        public B surrogate(String spec) {
            this.surrogate = Surrogate.parse(spec);
            return self();
        }

        NeuronConfig config() {
            return new NeuronConfig(threshold, learnThreshold, resetMode, vReset, resetTiming, spikeTest,
                    detachReset, surrogate);
        }
    }
}
