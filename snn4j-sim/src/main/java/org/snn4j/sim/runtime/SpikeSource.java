package org.snn4j.sim.runtime;

/** Spikes given from outside the model equations, in place of a group's threshold. */
interface SpikeSource {
    /** Writes the indices (ascending) of the neurons spiking in step {@code step} into {@code out}; returns their number. */
    int spikes(long step, int[] out);

    /** Called when the network builds, with its time step (seconds); reports invalid spike lists. */
    default void prepare(double dt) {}
}
