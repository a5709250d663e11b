/**
 * Physical units for the equation-based simulator: a {@link org.snn4j.sim.units.Dimension} is a
 * vector of exponents over the seven SI base dimensions (length, mass, time, current,
 * temperature, amount of substance, luminous intensity); a {@link org.snn4j.sim.units.Unit} is a
 * named scale of a dimension ({@code mV} is 1e-3 volt); a {@link org.snn4j.sim.units.Quantity}
 * is a value in SI base units together with its dimension, and its arithmetic refuses to add
 * apples to volts. {@link org.snn4j.sim.units.Units} is the registry of unit names as Brian2 spells
 * them (all SI prefixes, squared and cubed forms such as {@code um2}, and the short names
 * {@code mV}, {@code nS}, {@code ms}, {@code Hz}, {@code mM}, ...) and parses unit expressions
 * such as {@code siemens/cm**2} or {@code second**-0.5}.
 */
package org.snn4j.sim.units;
