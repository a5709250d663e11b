package org.snn4j.sim.expr;

/**
 * The value type of an expression or variable, as Brian2 distinguishes them: boolean (comparisons,
 * {@code True}), integer ({@code i}, {@code N}, integer literals, {@code int()}, {@code //} of
 * integers) and floating point. Code generators need it because {@code 1/2} is 0.5 in the
 * expression language (Python 3 true division) but 0 in Java on ints.
 */
public enum ValueType {
    BOOLEAN, INTEGER, FLOAT;

    /** The type of an arithmetic result on two operands (booleans count as integers). */
    public static ValueType promote(ValueType a, ValueType b) {
        return a == FLOAT || b == FLOAT ? FLOAT : INTEGER;
    }
}
