package org.snn4j.sim.runtime;

/**
 * The neurons {@code [start, stop)} of a group, as a source or target of {@link Synapses} (Brian2's
 * {@code G[start:stop]}): synaptic indices {@code i}, {@code j} count from the subgroup's start.
 *
 * <pre>{@code
 * Synapses ce = new Synapses(Subgroup.of(p, 0, 3200), Subgroup.all(p), "", ns).onPre("ge += we");
 * }</pre>
 */
public record Subgroup(NeuronGroup group, int start, int stop) {
    public Subgroup {
        if (start < 0 || stop > group.size() || start >= stop) {
            throw new IllegalArgumentException("subgroup [" + start + ":" + stop + "] of " + group
                    + ": need 0 <= start < stop <= " + group.size());
        }
    }

    public static Subgroup of(NeuronGroup group, int start, int stop) { return new Subgroup(group, start, stop); }

    /** The whole group. */
    public static Subgroup all(NeuronGroup group) { return new Subgroup(group, 0, group.size()); }

    public int size() { return stop - start; }

    boolean isWhole() { return start == 0 && stop == group.size(); }

    /** {@code name} or {@code name[start:stop]}. */
    public String name() { return isWhole() ? group.name() : group.name() + "[" + start + ":" + stop + "]"; }
}
