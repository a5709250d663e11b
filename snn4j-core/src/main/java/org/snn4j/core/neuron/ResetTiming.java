package org.snn4j.core.neuron;

/** When a spike's reset is applied. */
public enum ResetTiming {
    /**
     * SpikingJelly: the reset is applied in the step that fires, {@code V[t] = reset(H[t], S[t])}; the
     * returned membrane is the post-reset {@code V[t]} ({@code v_seq}).
     */
    SAME_STEP,
    /**
     * snnTorch ({@code reset_delay=True}, the default): the reset signal {@code R[t] = S[t-1]} is taken
     * from the previous membrane and applied while charging step {@code t}; the returned membrane
     * {@code U[t]} is not reset in the step that fires.
     */
    NEXT_STEP
}
