package org.snn4j.core.nn;

import org.snn4j.core.tensor.Tensor;

/**
 * Observes the forward passes of a module that runs through {@link Module#call(Tensor)} (containers call
 * their children that way). Set with {@link Module#setForwardHook}; a module without a hook pays one field
 * read per call. The hook must not change the tensors it is given.
 */
public interface ForwardHook {
    /** Called before {@code module.forward(input)}. */
    default void before(Module module, Tensor input) {
    }

    /** Called after {@code module.forward(input)} returned {@code output}. */
    void after(Module module, Tensor input, Tensor output);
}
