package org.snn4j.sim.units;

/**
 * A physical quantity: a value in SI base units with its dimension. {@code 10*ms} is
 * {@code Quantity(0.01, second)}. Addition, subtraction and comparison require equal dimensions
 * and throw {@link DimensionMismatchException} otherwise; multiplication and division combine
 * dimensions.
 *
 * @param value     the value in SI base units (volt, second, siemens, ...)
 * @param dimension its physical dimension
 */
public record Quantity(double value, Dimension dimension) implements Comparable<Quantity> {

    /** A dimensionless quantity. */
    public static Quantity of(double value) { return new Quantity(value, Dimension.DIMENSIONLESS); }

    /** {@code value} in the unit named or written by {@code unitExpression}, e.g. {@code of(10, "ms")}. */
    public static Quantity of(double value, String unitExpression) {
        return Units.parse(unitExpression).of(value);
    }

    public boolean isDimensionless() { return dimension.isDimensionless(); }

    public Quantity plus(Quantity o) {
        require(o, "add");
        return new Quantity(value + o.value, dimension);
    }

    public Quantity minus(Quantity o) {
        require(o, "subtract");
        return new Quantity(value - o.value, dimension);
    }

    public Quantity times(Quantity o) { return new Quantity(value * o.value, dimension.times(o.dimension)); }

    public Quantity times(double factor) { return new Quantity(value * factor, dimension); }

    public Quantity divide(Quantity o) { return new Quantity(value / o.value, dimension.divide(o.dimension)); }

    public Quantity negate() { return new Quantity(-value, dimension); }

    public Quantity pow(double power) { return new Quantity(Math.pow(value, power), dimension.pow(power)); }

    public Quantity sqrt() { return pow(0.5); }

    /** The value expressed in {@code unit}: {@code Quantity.of(0.01, "second").in(ms)} is 10. */
    public double in(Unit unit) {
        if (!unit.dimension().equals(dimension)) {
            throw new DimensionMismatchException("cannot express " + this + " in " + unit.name()
                    + " (" + unit.dimension() + ")", dimension, unit.dimension());
        }
        return value / unit.scale();
    }

    @Override
    public int compareTo(Quantity o) {
        require(o, "compare");
        return Double.compare(value, o.value);
    }

    private void require(Quantity o, String op) {
        if (!dimension.equals(o.dimension)) {
            throw new DimensionMismatchException("cannot " + op + " " + this + " and " + o
                    + ": dimensions " + dimension + " and " + o.dimension + " differ", dimension, o.dimension);
        }
    }

    @Override
    public String toString() {
        return dimension.isDimensionless() ? Double.toString(value) : value + " " + dimension;
    }
}
