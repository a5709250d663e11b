package org.snn4j.sim.units;

/**
 * Thrown when an operation needs two quantities of the same physical dimension (adding volts to
 * amps) or a dimensionless one (the exponent of a power) and gets something else. The message
 * names the operation and both dimensions.
 */
public class DimensionMismatchException extends IllegalArgumentException {
    private final Dimension first;
    private final Dimension second;

    public DimensionMismatchException(String message, Dimension first, Dimension second) {
        super(message);
        this.first = first;
        this.second = second;
    }

    /** The dimension of the left (or only) operand. */
    public Dimension first() { return first; }

    /** The dimension of the right operand, or the expected dimension. */
    public Dimension second() { return second; }
}
