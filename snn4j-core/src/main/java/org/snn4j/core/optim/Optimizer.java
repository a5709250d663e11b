package org.snn4j.core.optim;

/**
 * Updates parameters from their accumulated gradients.
 *
 * <p>Optimisers are built over named parameters (the names of {@code Module.namedParameters()})
 * so their state can be saved and restored by name in checkpoints.
 */
public interface Optimizer {
    /** Applies one update from the parameters' current gradients (parameters without a gradient are skipped). */
    void step();

    /** Clears the gradients of all parameters. */
    void zeroGrad();

    float learningRate();

    void setLearningRate(float lr);

    /** Everything needed to continue exactly where training stopped. */
    OptimizerState state();

    /** Restores a state produced by {@link #state()} of an optimiser of the same type over the same parameters. */
    void loadState(OptimizerState state);
}
