package org.snn4j.core.nn;

import org.snn4j.core.tensor.Tensor;

/**
 * A module that can also run one time step at a time, carrying its state from one step to the next (the
 * single-step mode of SpikingJelly's stateful modules). Recurrent containers need it: their input at step
 * {@code t} depends on their output at {@code t-1}, so the wrapped module cannot run the whole sequence in
 * one call. Neuron layers implement it; {@link StepModules#of} also steps {@code Sequential}s and the layers
 * that have no state over time.
 */
public interface Steppable {
    /**
     * A fresh stepper, in the state before the first step (so each sequence starts from the initial
     * state, as a multi-step {@link Module#forward} does).
     */
    Stepper stepper();

    /** Runs a module step by step; the state lives in the stepper, as graph tensors (BPTT runs through it). */
    interface Stepper {
        /**
         * One time step: input {@code [1, B, ...]}, output {@code [1, B, ...]}; step {@code k} of a stepper
         * gives the same values as step {@code k} of the multi-step forward on the whole sequence.
         */
        Tensor step(Tensor x);
    }
}
