package org.snn4j.sim.expr;

import org.snn4j.sim.units.Dimension;
import org.snn4j.sim.units.Quantity;

/**
 * What an identifier in model code refers to: a {@link Variable} (state variable, parameter,
 * subexpression, or one of the special symbols {@code t}, {@code dt}, {@code i}, {@code j},
 * {@code N}, {@code xi}), a {@link Constant} with a known value (an external constant from the
 * user's namespace, or a unit such as {@code mV}), or a {@link FunctionDef}.
 */
public sealed interface Symbol permits Symbol.Variable, Symbol.Constant, FunctionDef {

    String name();

    /** What a variable is; integrators and code generators treat each role differently. */
    enum Role {
        /** Defined by a differential equation. */
        DIFFERENTIAL,
        /** A parameter ({@code x : unit}). */
        PARAMETER,
        /** A subexpression ({@code x = expr : unit}), computed on demand. */
        SUBEXPRESSION,
        /** Simulation time {@code t} or the time step {@code dt}. */
        TIME,
        /** Indices and sizes: {@code i}, {@code j}, {@code N}. */
        INDEX,
        /** White noise {@code xi} or {@code xi_*}, dimension second^-0.5. */
        NOISE,
        /** A temporary defined by a statement, or anything else. */
        OTHER
    }

    /**
     * A variable whose value is only known at run time.
     *
     * @param readOnly true if code may not assign it (subexpressions, {@code t}, constants flagged {@code (constant)})
     */
    record Variable(String name, Dimension dimension, ValueType type, Role role, boolean readOnly) implements Symbol {
        public static Variable of(String name, Dimension dimension) {
            return new Variable(name, dimension, ValueType.FLOAT, Role.OTHER, false);
        }
    }

    /** A constant with a known value (in SI units); unit names resolve to constants ({@code mV} is 0.001 volt). */
    record Constant(String name, Quantity value, ValueType type, boolean isUnit) implements Symbol {
        public Dimension dimension() { return value.dimension(); }
    }
}
