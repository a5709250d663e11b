package org.snn4j.sim.runtime;

import java.util.List;

import org.snn4j.sim.codegen.RandomStreams;
import org.snn4j.sim.units.Dimension;
import org.snn4j.sim.units.Quantity;

/**
 * {@code n} independent Poisson inputs of rate {@code rate} onto every neuron of a group, as
 * Brian2's {@code PoissonInput}: in the {@code synapses} slot of each step, every target neuron
 * independently gets {@code variable += weight * binomial(n, rate*dt)}, the number of its
 * {@code n} inputs that spiked in the step, without simulating the inputs.
 *
 * <p>The binomial count is sampled exactly (by inversion) while its mean {@code n*rate*dt} is at
 * most 50, and from the normal approximation (rounded and clipped to {@code [0, n]}) above, where
 * it is accurate to well under 1% of the standard deviation. The draws come from counter-based
 * streams keyed by the seed, the step and the neuron, so they do not depend on the number of threads.
 *
 * <pre>{@code
 * net.add(new PoissonInput(group, "v", 1000, Quantity.of(10, "Hz"), Quantity.of(0.1, "mV")));
 * }</pre>
 */
public final class PoissonInput implements Scheduled {
    private static final double EXACT_MEAN = 50;
    private static int counter;

    private final NeuronGroup target;
    private final String variable;
    private final int n;
    private final double rate;
    private final double weight;
    private long seed;
    private double p;

    public PoissonInput(NeuronGroup target, String variable, int n, Quantity rate, Quantity weight) {
        String where = "PoissonInput onto '" + variable + "' of " + target;
        if (n < 0) throw new IllegalArgumentException(where + ": the number of inputs must be >= 0, got " + n);
        if (!rate.dimension().equals(Dimension.FREQUENCY) || rate.value() < 0) {
            throw new IllegalArgumentException(where + ": the rate must be a non-negative frequency (Hz), got " + rate);
        }
        Dimension d = target.dimension(variable); // reports an unknown variable
        if (target.isSubexpression(variable) || variable.equals("lastspike") || variable.equals("not_refractory")) {
            throw new IllegalArgumentException(where + ": '" + variable + "' is not a state variable it can add to");
        }
        if (target.isLinked(variable)) {
            throw new IllegalArgumentException(where + ": the variable is linked (read-only); add the input to the "
                    + "variable it links to");
        }
        if (!weight.dimension().equals(d)) {
            throw new IllegalArgumentException(where + ": the weight " + weight + " must have the dimension of '"
                    + variable + "' (" + d + ")");
        }
        this.target = target;
        this.variable = variable;
        this.n = n;
        this.rate = rate.value();
        this.weight = weight.value();
        synchronized (PoissonInput.class) { this.seed = 0x9015_50A1L + counter++; }
    }

    /** The seed of the input's random streams. */
    public PoissonInput seed(long newSeed) {
        this.seed = newSeed;
        return this;
    }

    public NeuronGroup target() { return target; }

    /** True if the variable it adds to is not a built-in one ({@code lastspike}, {@code not_refractory}). */
    boolean writesOnlyModelVariable() { return !variable.equals("lastspike") && !variable.equals("not_refractory"); }

    @Override
    public List<NeuronGroup> groups() { return List.of(target); }

    @Override
    public void prepare(double dt) {
        p = Math.min(1.0, rate * dt);
        Object a = target.array(variable);
        if (a instanceof boolean[]) {
            throw new IllegalArgumentException("PoissonInput onto '" + variable + "' of " + target + ": the variable is boolean");
        }
    }

    @Override
    public void synapses(long step, double t) {
        if (n == 0 || p == 0) return;
        Object a = target.array(variable);
        int size = target.size();
        switch (a) {
            case double[] d -> { for (int k = 0; k < size; k++) d[k] += weight * binomial(step, k); }
            case float[] f -> { for (int k = 0; k < size; k++) f[k] += (float) (weight * binomial(step, k)); }
            default -> throw new IllegalStateException();
        }
    }

    /** The binomial(n, p) count for neuron {@code k} in step {@code step}. */
    double binomial(long step, int k) {
        double mean = n * p;
        if (p >= 1) return n;
        if (mean <= EXACT_MEAN) {
            double u = RandomStreams.uniform(seed, step, k, 0);
            double q = 1 - p;
            double prob = Math.pow(q, n);
            double cdf = prob;
            int x = 0;
            while (u > cdf && x < n) {
                prob *= (double) (n - x) / (x + 1) * p / q;
                x++;
                cdf += prob;
            }
            return x;
        }
        double z = RandomStreams.normal(seed, step, k, 0);
        double x = Math.rint(mean + Math.sqrt(mean * (1 - p)) * z);
        return Math.max(0, Math.min(n, x));
    }
}
