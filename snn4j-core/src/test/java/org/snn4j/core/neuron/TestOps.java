package org.snn4j.core.neuron;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.tensor.Tensor;

/** Test-only ops. */
final class TestOps {
    private TestOps() {
    }

    /** Flat concatenation of two non-static tensors, with its gradient. */
    static Tensor concat(Tensor a, Tensor b) {
        int na = a.numel();
        int nb = b.numel();
        float[] out = new float[na + nb];
        System.arraycopy(a.data(), 0, out, 0, na);
        System.arraycopy(b.data(), 0, out, na, nb);
        Tensor r = Tensor.of(out, na + nb);
        if (Autograd.isTracking(a, b)) {
            r.withGradFn(new GradFn("concat", a, b) {
                @Override
                public void backward(Tensor output, Tensor g) {
                    float[] gd = g.data();
                    accumulate(0, Tensor.of(java.util.Arrays.copyOfRange(gd, 0, na), a.shape()));
                    accumulate(1, Tensor.of(java.util.Arrays.copyOfRange(gd, na, na + nb), b.shape()));
                }
            });
        }
        return r;
    }

    static Tensor spikesAndMembrane(SpikingNeuron layer, Tensor x) {
        SpikingNeuron.Output o = layer.forwardWithMembrane(x);
        return concat(o.spikes(), o.membrane());
    }
}
