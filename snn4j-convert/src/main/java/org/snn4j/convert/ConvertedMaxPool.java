package org.snn4j.convert;

import org.snn4j.core.nn.MaxPool2d;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Pool2d;
import org.snn4j.core.nn.SpikingMaxPool2d;
import org.snn4j.core.tensor.Tensor;

/**
 * The spiking form of an ANN max pool (Rueckauer et al. 2017): per window and step, the output passes the spikes
 * of the one input whose gate, accumulated up to and including that step, is the largest; ties go to the first
 * index of the window in row-by-row order, padding is never selected ({@link SpikingMaxPool2d}). With an IF layer
 * in front (the ANN's {@code activation - MaxPool2d} or {@code MaxPool2d - activation}, equal because the
 * activation is non-decreasing), on input current {@code X [T, B, C, H, W]}:
 * <pre>
 *   S = IF(X)                                   (theta * spikes, IFNeuron)
 *   A[t, i] = sum_{s&lt;=t} X[s, i]              INPUT_CURRENT gate (default)
 *   A[t, i] = sum_{s&lt;=t} S[s, i]              SPIKE_COUNT gate (theta * count; one threshold per window)
 *   Y[t, o] = S[t, argmax_{i in window o} A[t, i]]
 * </pre>
 * Without an IF layer in front (a max pool on the analog input, after an average pool, ...) the gate is the
 * pool's own input accumulated; a time-static input (the analog image) is pooled once as {@link MaxPool2d},
 * which is the same selection at every step. For a constant input current the accumulated current is
 * {@code t*z}, so the selection is the ANN's own choice and the output fires {@code floor(t*max z/theta)}
 * times (reset by subtraction, {@code 0 <= z <= theta}). Inference only; deterministic for any thread count.
 */
public final class ConvertedMaxPool extends Module {
    private final IFNeuron neuron;
    private final SpikingMaxPool2d pool;
    private final MaxPool2d staticPool;
    private final MaxPoolGate gate;

    /**
     * @param neuron the IF layer in front of the pool, or null for a pool on its own input
     * @param shape  the ANN pool (kernel, stride, padding)
     * @param gate   what selects the input of each window
     */
    public ConvertedMaxPool(IFNeuron neuron, Pool2d shape, MaxPoolGate gate) {
        if (shape == null || gate == null) {
            throw new IllegalArgumentException("ConvertedMaxPool: the pool geometry and the gate must be given");
        }
        this.neuron = neuron == null ? null : registerModule("neuron", neuron);
        this.pool = registerModule("pool", new SpikingMaxPool2d(shape.kernelH(), shape.kernelW(), shape.strideH(),
                shape.strideW(), shape.paddingH(), shape.paddingW()));
        this.staticPool = new MaxPool2d(shape.kernelH(), shape.kernelW(), shape.strideH(), shape.strideW(),
                shape.paddingH(), shape.paddingW());
        this.gate = gate;
    }

    /** The IF layer in front of the pool, or null. */
    public IFNeuron neuron() {
        return neuron;
    }

    public MaxPoolGate gate() {
        return gate;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (neuron == null) {
            return x.isTimeStatic() ? staticPool.forward(x) : pool.forward(x, x);
        }
        Tensor s = neuron.forward(x);
        return pool.forward(s, gate == MaxPoolGate.INPUT_CURRENT ? x : s);
    }

    @Override
    public String toString() {
        return "ConvertedMaxPool(" + (neuron == null ? "" : neuron + ", ") + pool + ", gate=" + gate + ")";
    }
}
