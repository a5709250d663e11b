package org.snn4j.sim.units;

/**
 * A physical unit: a name, a scale relative to the SI base units and a dimension. {@code mV} is
 * {@code Unit("mV", 1e-3, volt)}; {@code siemens/cm**2} is a compound unit with scale 1e4.
 * Equations declare their variables in units of scale 1 (Brian2's rule: {@code volt}, not
 * {@code mV}); see {@link #isUnscaled()}.
 *
 * @param name      how the unit is written
 * @param scale     the value of one of this unit in SI base units
 * @param dimension the physical dimension
 */
public record Unit(String name, double scale, Dimension dimension) {

    /** The dimensionless unit {@code 1}. */
    public static final Unit ONE = new Unit("1", 1.0, Dimension.DIMENSIONLESS);

    /** A quantity of {@code value} of this unit, e.g. {@code Units.require("ms").of(10)} is 0.01 second. */
    public Quantity of(double value) { return new Quantity(value * scale, dimension); }

    /** True when one of this unit equals one SI base-unit combination (volt, mmolar, hertz). */
    public boolean isUnscaled() { return Math.abs(scale - 1.0) <= 1e-12; }

    public Unit times(Unit other) {
        return new Unit(name + "*" + other.name, scale * other.scale, dimension.times(other.dimension));
    }

    public Unit divide(Unit other) {
        return new Unit(name + "/" + other.name, scale / other.scale, dimension.divide(other.dimension));
    }

    public Unit pow(double power) {
        return new Unit(name + "**" + Dimension.formatExponent(power), Math.pow(scale, power), dimension.pow(power));
    }

    @Override
    public String toString() { return name; }
}
