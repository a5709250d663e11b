package org.snn4j.sim.expr;

import java.util.List;
import java.util.random.RandomGenerator;

import org.snn4j.sim.units.Dimension;

/**
 * A function callable from model code, with its dimension rule (how argument dimensions map to the
 * result, and which are rejected), its value type and a reference implementation.
 *
 * @param name       the name used in code
 * @param arity      number of arguments
 * @param rule       dimension rule; throws {@link ExpressionException} (without source) on bad arguments
 * @param returnType the result type, or null for "the promoted type of the arguments" ({@code abs})
 * @param stochastic true for {@code rand()}, {@code randn()}: never constant-folded, makes an equation non-deterministic
 * @param impl       reference implementation on SI values
 */
public record FunctionDef(String name, int arity, DimensionRule rule, ValueType returnType, boolean stochastic,
                          Impl impl) implements Symbol {

    /** Maps argument dimensions to the result dimension. */
    @FunctionalInterface
    public interface DimensionRule {
        /**
         * @param dims  the arguments' dimensions
         * @param texts the arguments as printed, for messages
         */
        Dimension apply(List<Dimension> dims, List<String> texts);
    }

    /** Computes the function on SI values. */
    @FunctionalInterface
    public interface Impl {
        double apply(double[] args, RandomGenerator rng);
    }
}
