package org.snn4j.sim.runtime;

import java.util.concurrent.atomic.AtomicInteger;

import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.units.Dimension;
import org.snn4j.sim.units.Quantity;

/**
 * Groups of independent Poisson spike sources, as Brian2's {@code PoissonGroup}: in each time step
 * neuron {@code i} spikes with probability {@code rates[i]*dt} ({@code rand() < rates*dt}, with the
 * group's seeded random streams, so the spikes do not depend on the number of threads).
 *
 * <p>The result is a {@link NeuronGroup} (variable {@code rates} in Hz, a parameter or a
 * subexpression) so spike monitors, rate monitors and synapses take it like any group.
 *
 * <pre>{@code
 * NeuronGroup p = PoissonGroup.create(100, Quantity.of(20, "Hz"));
 * NeuronGroup q = PoissonGroup.create(10, "(1 + sin(2*pi*5*Hz*t))*20*Hz", Namespace.builder().build());
 * NeuronGroup r = PoissonGroup.create(10, "stim(t)", stim.namespace("stim"));   // a TimedArray in Hz
 * }</pre>
 */
public final class PoissonGroup {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private PoissonGroup() {}

    /** {@code n} sources firing at the same constant rate (a frequency). */
    public static NeuronGroup create(int n, Quantity rate) {
        requireRate(rate.dimension(), rate.toString());
        NeuronGroup g = base(n);
        g.set("rates", rate);
        return g;
    }

    /** One constant rate per source, in Hz. */
    public static NeuronGroup create(int n, double[] ratesHz) {
        NeuronGroup g = base(n);
        g.set("rates", ratesHz);
        return g;
    }

    /**
     * Rates given by an expression in Hz, evaluated every step; it may use {@code t}, {@code i},
     * constants and functions of {@code namespace} (e.g. a {@link TimedArray}).
     */
    public static NeuronGroup create(int n, String rates, Namespace namespace) {
        NeuronGroup g;
        try {
            g = new NeuronGroup(n, "rates = " + rates + " : Hz", namespace);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PoissonGroup: rates '" + rates + "': " + e.getMessage(), e);
        }
        return configure(g);
    }

    private static NeuronGroup base(int n) {
        return configure(new NeuronGroup(n, "rates : Hz"));
    }

    private static NeuronGroup configure(NeuronGroup g) {
        int id = COUNTER.getAndIncrement();
        g.name(id == 0 ? "poissongroup" : "poissongroup_" + id);
        g.threshold("rand() < rates*dt");
        return g;
    }

    private static void requireRate(Dimension d, String text) {
        if (!d.equals(Dimension.FREQUENCY)) {
            throw new IllegalArgumentException("PoissonGroup: a rate must be a frequency (Hz), got " + text);
        }
    }
}
