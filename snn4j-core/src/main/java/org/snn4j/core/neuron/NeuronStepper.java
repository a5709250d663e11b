package org.snn4j.core.neuron;

import java.util.ArrayList;
import java.util.List;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.nn.Steppable;
import org.snn4j.core.surrogate.Surrogate;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;

/**
 * Runs a linear-charge neuron layer ({@link SpikingNeuron}: IF, LIF, PLIF, Leaky, Lapicque) one step at a time.
 * The state after each step is a graph tensor: the membrane {@code V[t]} (after the reset for the same-step
 * timing, the un-reset {@code U[t]} for the next-step timing) and, for the next-step timing, the spikes
 * {@code S[t]} that drive the next reset. Each step is one op whose inputs are the step's input, the previous
 * state, the threshold and the charge parameters, so BPTT runs through the chain of steps. Forward does the
 * operations of the fused kernel in its order (same floats); backward is the kernel's reverse step, with the
 * reset path cut when the layer detaches it.
 */
final class NeuronStepper implements Steppable.Stepper {
    private static final int CHUNK = 4096;
    private final SpikingNeuron layer;
    private Tensor v;
    private Tensor s;

    NeuronStepper(SpikingNeuron layer) {
        this.layer = layer;
    }

    @Override
    public Tensor step(Tensor x0) {
        Tensor x = stepInput(layer, x0);
        int n = x.storedNumel();
        checkSameSize(layer, x, n, v);
        Coefficients co = layer.coefficients(x);
        float theta = layer.threshold();
        KernelSpec spec = layer.spec();
        float[] xd = x.data();
        float[] vp = v == null ? null : v.data();
        float[] sp = s == null || !spec.nextStep() ? null : s.data();
        float[] h = new float[n];
        float[] out = new float[n];
        float[] spk = new float[n];
        Parallel.forRange(n, CHUNK, (from, to) -> {
            for (int i = from; i < to; i++) {
                float a = at(co, co.a(), i);
                float b = at(co, co.b(), i);
                float c = at(co, co.c(), i);
                float vv = vp == null ? spec.vInit() : vp[i];
                float hh;
                if (!spec.nextStep()) {
                    hh = a * vv + b * xd[i] + c;
                } else {
                    float r = sp == null ? 0f : sp[i];
                    hh = switch (spec.reset()) {
                        case SUBTRACT -> a * vv + b * xd[i] + c - r * theta;
                        case ZERO -> {
                            if (spec.zeroClearsCharge()) {
                                float q = a * vv + b * xd[i] + c;
                                yield q + r * (spec.vReset() - q);
                            }
                            yield a * (vv + r * (spec.vReset() - vv)) + b * xd[i] + c;
                        }
                        case NONE -> a * vv + b * xd[i] + c;
                    };
                }
                float spike = ScalarNeuronKernel.fire(spec, hh, theta);
                h[i] = hh;
                spk[i] = spike;
                out[i] = spec.nextStep() ? hh : ScalarNeuronKernel.resetOf(spec, hh, spike, theta);
            }
        });
        int[] shape = x.shape();
        Tensor spikes;
        if (spec.smooth()) {
            spikes = Tensor.of(spk, shape);
        } else {
            byte[] sb = new byte[n];
            for (int i = 0; i < n; i++) {
                sb[i] = (byte) (spk[i] != 0f ? 1 : 0);
            }
            spikes = Tensor.ofSpikes(sb, shape);
        }
        Tensor state = Tensor.of(out, shape);
        List<Tensor> ins = new ArrayList<>();
        ins.add(x);
        ins.add(v);
        ins.add(spec.nextStep() ? s : null);
        ins.add(layer.thresholdParameter());
        ins.addAll(layer.chargeParameters());
        Tensor[] inputs = ins.toArray(new Tensor[0]);
        if (Autograd.isTracking(inputs)) {
            Backward fn = new Backward(inputs, spec, co, theta, xd, vp, sp, h, spk, n, shape);
            Tensor hub = Tensor.zeros(1).withGradFn(fn);
            spikes.withGradFn(new GradientTap("step.spikes", hub, g -> fn.gS = g));
            state.withGradFn(new GradientTap("step.membrane", hub, g -> fn.gV = g));
        }
        v = state;
        s = spikes;
        return spikes;
    }

    /** Step input {@code x0} of {@code layer}, materialised; one that is not {@code [1, B, ...]} is an error. */
    static Tensor stepInput(SpikingNeuron layer, Tensor x0) {
        if (x0.rank() < 2 || x0.size(0) != 1) {
            throw new IllegalArgumentException(layer.where() + ": a step input must be [1, B, ...], got shape "
                    + x0.shapeString());
        }
        return x0.materialize();
    }

    /**
     * An error when step input {@code x} ({@code n} elements) differs in size from the previous step's tensor
     * {@code previous} (none before the first step).
     */
    static void checkSameSize(SpikingNeuron layer, Tensor x, int n, Tensor previous) {
        if (previous != null && previous.storedNumel() != n) {
            throw new IllegalArgumentException(layer.where() + ": step input shape " + x.shapeString()
                    + " differs from the previous step's " + previous.shapeString());
        }
    }

    /** The membrane after the last step (the state carried to the next), or null before the first step. */
    Tensor membrane() {
        return v;
    }

    private static float at(Coefficients co, float[] values, int i) {
        return values.length == 1 ? values[0] : values[co.index(i)];
    }

    /** The reverse step; inputs: x, previous state, previous spikes, threshold, charge parameters. */
    private final class Backward extends GradFn {
        private final KernelSpec spec;
        private final Coefficients co;
        private final float theta;
        private final float[] x;
        private final float[] vp;
        private final float[] sp;
        private final float[] h;
        private final float[] spk;
        private final int n;
        private final int[] shape;
        float[] gS;
        float[] gV;

        Backward(Tensor[] inputs, KernelSpec spec, Coefficients co, float theta, float[] x, float[] vp, float[] sp,
                float[] h, float[] spk, int n, int[] shape) {
            super(layer.getClass().getSimpleName() + ".step", inputs);
            this.spec = spec;
            this.co = co;
            this.theta = theta;
            this.x = x;
            this.vp = vp;
            this.sp = sp;
            this.h = h;
            this.spk = spk;
            this.n = n;
            this.shape = shape;
        }

        @Override
        public void backward(Tensor output, Tensor gradOutput) {
            int nIn = inputs().length;
            boolean charge = false;
            for (int k = 4; k < nIn; k++) {
                charge |= needsGrad(k);
            }
            float[] gs = gS;
            float[] gv = gV;
            gS = null;
            gV = null;
            float[] gx = new float[n];
            float[] gvp = needsGrad(1) ? new float[n] : null;
            float[] gsp = needsGrad(2) && !spec.detach() ? new float[n] : null;
            float[] gth = needsGrad(3) ? new float[n] : null;
            float[] ga = charge ? new float[n] : null;
            float[] gb = charge ? new float[n] : null;
            float[] gc = charge ? new float[n] : null;
            float vr = spec.vReset();
            Parallel.forRange(n, CHUNK, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float a = at(co, co.a(), i);
                    float b = at(co, co.b(), i);
                    float c = at(co, co.c(), i);
                    float hh = h[i];
                    float d = Surrogate.derivative(spec.kind(), spec.sgParam(), hh - theta);
                    float g1 = gs == null ? 0f : gs[i];
                    float g2 = gv == null ? 0f : gv[i];
                    float xv = x[i];
                    float vPrev = vp == null ? spec.vInit() : vp[i];
                    float gH;
                    float gTheta;
                    float dx = b;
                    float da;
                    float db = xv;
                    float dc = 1f;
                    float gPrev;
                    float gR = 0f;
                    if (!spec.nextStep()) {
                        float spike = spk[i];
                        float dvdh;
                        float dvds;
                        switch (spec.reset()) {
                            case SUBTRACT -> {
                                dvdh = 1f;
                                dvds = -theta;
                            }
                            case ZERO -> {
                                dvdh = 1f - spike;
                                dvds = vr - hh;
                            }
                            default -> {
                                dvdh = 1f;
                                dvds = 0f;
                            }
                        }
                        float gsE = spec.detach() ? g1 : g1 + g2 * dvds;
                        gH = g2 * dvdh + gsE * d;
                        gTheta = (spec.reset() == ResetMode.SUBTRACT ? -g2 * spike : 0f) - gsE * d;
                        da = vPrev;
                        gPrev = a * gH;
                    } else {
                        gH = g2 + g1 * d;
                        gTheta = -(g1 * d);
                        float r = sp == null ? 0f : sp[i];
                        float dm;
                        float dr;
                        switch (spec.reset()) {
                            case SUBTRACT -> {
                                dm = a;
                                dr = -theta;
                                da = vPrev;
                                gTheta -= gH * r;
                            }
                            case ZERO -> {
                                if (spec.zeroClearsCharge()) {
                                    float q = a * vPrev + b * xv + c;
                                    float keep = 1f - r;
                                    dm = a * keep;
                                    dr = vr - q;
                                    da = keep * vPrev;
                                    dx = keep * b;
                                    db = keep * xv;
                                    dc = keep;
                                } else {
                                    dm = a * (1f - r);
                                    dr = a * (vr - vPrev);
                                    da = vPrev + r * (vr - vPrev);
                                }
                            }
                            default -> {
                                dm = a;
                                dr = 0f;
                                da = vPrev;
                            }
                        }
                        gPrev = gH * dm;
                        gR = gH * dr;
                    }
                    gx[i] = gH * dx;
                    if (gvp != null) {
                        gvp[i] = gPrev;
                    }
                    if (gsp != null) {
                        gsp[i] = gR;
                    }
                    if (gth != null) {
                        gth[i] = gTheta;
                    }
                    if (ga != null) {
                        ga[i] = gH * da;
                        gb[i] = gH * db;
                        gc[i] = gH * dc;
                    }
                }
            });
            if (needsGrad(0)) {
                accumulate(0, Tensor.of(gx, shape.clone()));
            }
            if (gvp != null) {
                accumulate(1, Tensor.of(gvp, shape.clone()));
            }
            if (gsp != null) {
                accumulate(2, Tensor.of(gsp, shape.clone()));
            }
            if (gth != null) {
                accumulate(3, Tensor.of(new float[] {SpikingNeuron.reduce(gth, 1, 1)[0]}, 1));
            }
            if (charge) {
                Tensor[] g = layer.chargeGradients(co, SpikingNeuron.reduce(ga, co.inner(), co.count()),
                        SpikingNeuron.reduce(gb, co.inner(), co.count()), SpikingNeuron.reduce(gc, co.inner(),
                                co.count()));
                for (int k = 4; k < nIn; k++) {
                    if (needsGrad(k)) {
                        accumulate(k, g[k - 4]);
                    }
                }
            }
        }
    }
}
