package org.snn4j.core.neuron;

import java.util.ArrayList;
import java.util.List;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Steppable;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;

/**
 * Runs a {@link StateNeuron} one step at a time. Every state variable after the step and the step's spikes
 * (which drive the next reset and the neuron's own recurrence) are graph tensors; each step is one op whose
 * inputs are the step's input, the parameters (threshold, the model's slots, the recurrent V or Linear), the
 * previous spikes and the previous states. The step itself is the model's {@code forwardRange} /
 * {@code backwardRange} on a two-row layout (row 0 the previous state, row 1 the new one), so the floats are
 * those of the multi-step pass; the neuron's own recurrent input is computed in the multi-step pass's order.
 */
final class StateNeuronStepper implements Steppable.Stepper {
    private static final int CHUNK = 2048;
    private final StateNeuron layer;
    private Tensor[] states;
    private Tensor spikes;

    StateNeuronStepper(StateNeuron layer) {
        this.layer = layer;
    }

    @Override
    public Tensor step(Tensor x0) {
        Tensor x = NeuronStepper.stepInput(layer, x0);
        int per = 1;
        for (int d = 2; d < x.rank(); d++) {
            per *= x.size(d);
        }
        int n = x.size(1) * per;
        layer.checkSizes(x, per);
        NeuronStepper.checkSameSize(layer, x, n, spikes);
        int ns = layer.stateCount();
        StateNeuron.Run r = layer.newRun(1, n, per, x.data(), false);
        r.stride = n;
        r.i0 = 0;
        r.rolling = false;
        r.z = new float[ns][2 * n];
        for (int k = 0; k < ns; k++) {
            if (states == null) {
                java.util.Arrays.fill(r.z[k], 0, n, layer.initialState(k));
            } else {
                System.arraycopy(states[k].data(), 0, r.z[k], 0, n);
            }
        }
        r.s = new float[2 * n];
        float[] sPrev = spikes == null ? new float[n] : spikes.data();
        System.arraycopy(sPrev, 0, r.s, 0, n);
        StateNeuron.Recurrence rec = layer.recurrence();
        Tensor recV = layer.recurrentV();
        Linear lin = layer.recurrentLinear();
        if (rec == StateNeuron.Recurrence.ONE_TO_ONE) {
            r.rec = new float[n];
            float[] vv = recV.data();
            for (int i = 0; i < n; i++) {
                r.rec[i] = r.at(vv, i) * r.s[i];
            }
        } else if (rec == StateNeuron.Recurrence.ALL_TO_ALL) {
            r.rec = new float[n];
            recurrentForward(r.rec, r.s, lin.weight().data(), lin.bias().data(), n, per);
        }
        Parallel.forRange(n, CHUNK, (from, to) -> layer.forwardRange(r, 0, from, to));
        int[] shape = x.shape();
        Tensor out;
        if (r.smooth) {
            out = Tensor.of(java.util.Arrays.copyOfRange(r.s, n, 2 * n), shape);
        } else {
            byte[] sb = new byte[n];
            for (int i = 0; i < n; i++) {
                sb[i] = (byte) (r.s[n + i] != 0f ? 1 : 0);
            }
            out = Tensor.ofSpikes(sb, shape);
        }
        Tensor[] next = new Tensor[ns];
        for (int k = 0; k < ns; k++) {
            next[k] = Tensor.of(java.util.Arrays.copyOfRange(r.z[k], n, 2 * n), shape);
        }
        // inputs: x, threshold, slots..., (V | W, bias), previous spikes, previous states...
        List<Tensor> ins = new ArrayList<>();
        ins.add(x);
        ins.add(layer.thresholdParameter());
        for (StateNeuron.Slot sl : layer.slotList()) {
            ins.add(sl.learnable() ? sl.value() : null);
        }
        if (rec == StateNeuron.Recurrence.ONE_TO_ONE) {
            ins.add(recV);
        } else if (rec == StateNeuron.Recurrence.ALL_TO_ALL) {
            ins.add(lin.weight());
            ins.add(lin.bias());
        }
        int sIndex = ins.size();
        ins.add(spikes);
        for (int k = 0; k < ns; k++) {
            ins.add(states == null ? null : states[k]);
        }
        Tensor[] inputs = ins.toArray(new Tensor[0]);
        if (Autograd.isTracking(inputs)) {
            Backward fn = new Backward(inputs, r, sIndex, shape, lin);
            Tensor hub = Tensor.zeros(1).withGradFn(fn);
            out.withGradFn(new GradientTap("step.spikes", hub, g -> fn.gS = g));
            for (int k = 0; k < ns; k++) {
                int which = k;
                next[k].withGradFn(new GradientTap("step.state" + k, hub, g -> fn.gZ[which] = g));
            }
        }
        states = next;
        spikes = out;
        return out;
    }

    /** The membrane state after the last step, or null before the first step. */
    Tensor membrane() {
        return states == null ? null : states[layer.membraneIndex()];
    }

    /** rec[b, :] = bias + sum_j S[b, j] * W[:, j], j ascending, silent inputs skipped (the multi-step order). */
    private static void recurrentForward(float[] rec, float[] s, float[] w, float[] bias, int n, int nf) {
        int rows = n / nf;
        Parallel.forRange(rows, 1, (from, to) -> {
            for (int b = from; b < to; b++) {
                int o = b * nf;
                System.arraycopy(bias, 0, rec, o, nf);
                for (int j = 0; j < nf; j++) {
                    float sv = s[o + j];
                    if (sv == 0f) {
                        continue;
                    }
                    for (int i = 0; i < nf; i++) {
                        rec[o + i] += sv * w[i * nf + j];
                    }
                }
            }
        });
    }

    private final class Backward extends GradFn {
        private final StateNeuron.Run r;
        private final int sIndex;
        private final int[] shape;
        private final Linear lin;
        float[] gS;
        final float[][] gZ;

        Backward(Tensor[] inputs, StateNeuron.Run r, int sIndex, int[] shape, Linear lin) {
            super(layer.getClass().getSimpleName() + ".step", inputs);
            this.r = r;
            this.sIndex = sIndex;
            this.shape = shape;
            this.lin = lin;
            this.gZ = new float[layer.stateCount()][];
        }

        @Override
        public void backward(Tensor output, Tensor gradOutput) {
            int n = r.n;
            int ns = gZ.length;
            List<StateNeuron.Slot> slots = layer.slotList();
            int nsl = slots.size();
            r.gS = null;
            r.gM = null;
            r.gz = new float[ns][];
            for (int k = 0; k < ns; k++) {
                r.gz[k] = gZ[k] != null ? gZ[k].clone() : new float[n];
                gZ[k] = null;
            }
            r.gsIn = gS != null ? gS.clone() : new float[n];
            gS = null;
            r.gsOut = new float[n];
            r.gx = new float[n];
            r.gth = needsGrad(1) ? new float[n] : null;
            r.gp = new float[nsl][];
            for (int k = 0; k < nsl; k++) {
                r.gp[k] = needsGrad(2 + k) ? new float[n] : null;
            }
            StateNeuron.Recurrence rec = layer.recurrence();
            r.grec = rec != StateNeuron.Recurrence.NONE ? new float[n] : null;
            Parallel.forRange(n, CHUNK, (from, to) -> layer.backwardRange(r, 0, from, to));
            float[] sPrev = java.util.Arrays.copyOf(r.s, n);
            if (rec == StateNeuron.Recurrence.ONE_TO_ONE) {
                float[] vv = layer.recurrentV().data();
                float[] gv = needsGrad(2 + nsl) ? new float[n] : null;
                for (int i = 0; i < n; i++) {
                    float g = r.grec[i];
                    r.gsOut[i] += r.at(vv, i) * g;
                    if (gv != null) {
                        gv[i] = g * sPrev[i];
                    }
                }
                if (gv != null) {
                    int len = vv.length;
                    accumulate(2 + nsl, Tensor.of(SpikingNeuron.reduce(gv, 1, len), len));
                }
            } else if (rec == StateNeuron.Recurrence.ALL_TO_ALL) {
                allToAllBackward(nsl, sPrev);
            }
            if (needsGrad(0)) {
                accumulate(0, Tensor.of(r.gx, shape.clone()));
            }
            if (r.gth != null) {
                int len = layer.thresholds().size(0);
                accumulate(1, Tensor.of(SpikingNeuron.reduce(r.gth, 1, len), len));
            }
            for (int k = 0; k < nsl; k++) {
                if (r.gp[k] != null) {
                    accumulate(2 + k, StateNeuron.slotGradient(slots.get(k), r.gp[k]));
                }
            }
            if (needsGrad(sIndex)) {
                accumulate(sIndex, Tensor.of(r.gsOut, shape.clone()));
            }
            for (int k = 0; k < ns; k++) {
                if (needsGrad(sIndex + 1 + k)) {
                    accumulate(sIndex + 1 + k, Tensor.of(r.gz[k], shape.clone()));
                }
            }
        }

        /** gS[t-1] += grec W; gW = grec^T S[t-1]; gbias = sum over rows of grec. */
        private void allToAllBackward(int nsl, float[] sPrev) {
            int nf = r.per;
            int rows = r.n / nf;
            float[] w = lin.weight().data();
            float[] grec = r.grec;
            Parallel.forRange(rows, 1, (from, to) -> {
                for (int b = from; b < to; b++) {
                    int o = b * nf;
                    for (int i = 0; i < nf; i++) {
                        float g = grec[o + i];
                        if (g == 0f) {
                            continue;
                        }
                        for (int j = 0; j < nf; j++) {
                            r.gsOut[o + j] += g * w[i * nf + j];
                        }
                    }
                }
            });
            if (needsGrad(2 + nsl)) {
                float[] gw = new float[nf * nf];
                Parallel.forRange(nf, 1, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        for (int b = 0; b < rows; b++) {
                            float gi = grec[b * nf + i];
                            if (gi == 0f) {
                                continue;
                            }
                            for (int j = 0; j < nf; j++) {
                                gw[i * nf + j] += gi * sPrev[b * nf + j];
                            }
                        }
                    }
                });
                accumulate(2 + nsl, Tensor.of(gw, nf, nf));
            }
            if (needsGrad(3 + nsl)) {
                accumulate(3 + nsl, Tensor.of(SpikingNeuron.reduce(grec, 1, nf), nf));
            }
        }
    }
}
