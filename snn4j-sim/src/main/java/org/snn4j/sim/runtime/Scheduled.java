package org.snn4j.sim.runtime;

import java.util.List;

/**
 * An object a {@link Network} runs in its schedule besides groups, state and spike monitors:
 * inputs ({@link PoissonInput}) and further monitors ({@link PopulationRateMonitor}, {@link EventMonitor}).
 */
interface Scheduled {
    /** The groups this object reads or writes (they must be in the network). */
    List<NeuronGroup> groups();

    /** Called when the network builds, with its time step (seconds). */
    default void prepare(double dt) {}

    /** The {@code thresholds} slot, after the spikes of the step are known (spike monitors record here). */
    default void afterThresholds(long step, double t) {}

    /** The {@code synapses} slot. */
    default void synapses(long step, double t) {}

    /** The {@code end} slot. */
    default void end(long step, double t) {}

    /** Recorded length (for store/restore). */
    default int size() { return 0; }

    /** Drops what was recorded after {@code size} entries (restore). */
    default void truncate(int size) {}
}
