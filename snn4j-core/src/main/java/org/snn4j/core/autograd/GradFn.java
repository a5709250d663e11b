package org.snn4j.core.autograd;

import org.snn4j.core.tensor.Tensor;

/**
 * A node of the autograd graph: the op that produced a tensor, with its inputs and its backward
 * kernel. Ops subclass it inline, capture what backward needs, and call {@link #accumulate} once per
 * input that receives a gradient.
 */
public abstract class GradFn {
    private final String name;
    private final Tensor[] inputs;
    private boolean released;

    protected GradFn(String name, Tensor... inputs) {
        this.name = name;
        this.inputs = inputs;
    }

    public String name() {
        return name;
    }

    public Tensor[] inputs() {
        return inputs;
    }

    /**
     * Whether a backward pass has run through this node and dropped its inputs ({@link Autograd#backward} does
     * unless asked to retain the graph), so that what the graph kept can be collected as the pass goes.
     */
    public boolean isReleased() {
        return released;
    }

    /** Drops the references to the inputs after backward has run through this node. */
    void release() {
        java.util.Arrays.fill(inputs, null);
        released = true;
    }

    /**
     * What a tensor keeps as its node once backward has run through it: the name only, released, so that the
     * op's node (and what it captured) can be collected and a second backward fails with a clear message.
     */
    static GradFn releasedNode(String name) {
        GradFn stub = new GradFn(name) {
            @Override
            public void backward(Tensor output, Tensor gradOutput) {
                throw new IllegalStateException("backward through " + name() + " after its graph was released");
            }
        };
        stub.released = true;
        return stub;
    }

    /** Whether input {@code i} wants a gradient; lets backward skip work. */
    protected boolean needsGrad(int i) {
        return inputs[i] != null && inputs[i].requiresGrad();
    }

    /**
     * Computes the gradients of the inputs from {@code gradOutput} (same stored layout as
     * {@code output}: one step when output is time-static) and accumulates them.
     */
    public abstract void backward(Tensor output, Tensor gradOutput);

    /**
     * Adds {@code g} into input {@code i}'s gradient. {@code g} must have the input's stored
     * layout: for a time-static input, one step (already summed over time). The array of
     * {@code g} may be taken over, so callers must not reuse it.
     */
    protected void accumulate(int i, Tensor g) {
        Autograd.accumulate(inputs[i], g);
    }

    @Override
    public String toString() {
        return name;
    }
}
