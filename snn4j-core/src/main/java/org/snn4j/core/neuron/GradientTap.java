package org.snn4j.core.neuron;

import java.util.function.Consumer;

import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.tensor.Tensor;

/**
 * One output of an op with several outputs and one backward node: the outputs' gradient functions are taps on a
 * one-element hub tensor whose gradient function is the shared backward node. A tap hands its output's gradient
 * (the array as it comes) to {@code sink}, where the backward node reads it, and sends a zero to the hub, so the
 * backward node runs once, after every output has handed its gradient over.
 */
final class GradientTap extends GradFn {
    private final Consumer<float[]> sink;

    GradientTap(String name, Tensor hub, Consumer<float[]> sink) {
        super(name, hub);
        this.sink = sink;
    }

    @Override
    public void backward(Tensor output, Tensor gradOutput) {
        sink.accept(gradOutput.data());
        accumulate(0, Tensor.of(new float[1], 1));
    }
}
