package org.snn4j.sim.equations;

/** The three forms of a model equation line. */
public enum EquationKind {
    /** {@code dx/dt = f : unit}: a state variable evolving in time. */
    DIFFERENTIAL_EQUATION,
    /** {@code x = f : unit}: a named expression computed on demand, not stored. */
    SUBEXPRESSION,
    /** {@code x : unit}: a stored value per neuron or synapse, changed only by code. */
    PARAMETER
}
