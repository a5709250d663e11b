package org.snn4j.sim.units;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void prefixedUnitsHaveTheirScale() {
        assertEquals(1e-3, Units.require("mV").scale(), 1e-18);
        assertEquals(Dimension.VOLTAGE, Units.require("mV").dimension());
        assertEquals(1e-3, Units.require("msiemens").scale(), 1e-18);
        assertEquals(Dimension.CONDUCTANCE, Units.require("msiemens").dimension());
        assertEquals(1e-12, Units.require("pF").scale(), 1e-24);
        assertEquals(1e-6, Units.require("uA").scale(), 1e-18);
        assertEquals(1e-6, Units.require("µA").scale(), 1e-18);
        assertEquals(10, Units.require("dahertz").scale(), 1e-12);
        // 1 mM = 1e-3 mol / 1e-3 m^3 = 1 mol/m^3
        assertEquals(1.0, Units.require("mM").scale(), 1e-12);
        assertEquals(Dimension.of(-3, 0, 0, 0, 0, 1, 0), Units.require("mM").dimension());
        // um2 = (1e-6 m)^2
        assertEquals(1e-12, Units.require("um2").scale(), 1e-24);
        assertEquals(Dimension.LENGTH.pow(2), Units.require("um2").dimension());
        assertEquals(1e-6, Units.require("cm3").scale(), 1e-18);
        assertTrue(Units.get("usiemens3").isPresent());
        assertTrue(Units.get("V").isEmpty(), "no one-letter units, as in Brian2");
        assertTrue(Units.get("kkilogram").isEmpty());
        assertEquals(1.0, Units.require("kgram").scale(), 1e-12);
    }

    @Test
    void parsesUnitExpressions() {
        Unit u = Units.parse("siemens/cm**2");
        assertEquals(1e4, u.scale(), 1e-6);
        assertEquals(Dimension.of(-4, -1, 3, 2), u.dimension());
        assertEquals(Dimension.NOISE, Units.parse("second**-0.5").dimension());
        assertEquals(Dimension.FREQUENCY, Units.parse("1/second").dimension());
        assertEquals(Dimension.FREQUENCY, Units.parse("Hz").dimension());
        assertEquals(Dimension.DIMENSIONLESS, Units.parse("1").dimension());
        assertEquals(Dimension.of(-2, 0, 0, 1), Units.parse("amp/metre**2").dimension());
        assertEquals(Dimension.of(-2, 0, 0, 1), Units.parse("amp/(metre*metre)").dimension());
        assertEquals(Dimension.LENGTH.pow(2), Units.parse("metre**2").dimension());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Units.parse("volt/secnd"));
        assertEquals("in unit 'volt/secnd': unknown unit 'secnd'", ex.getMessage());
    }

    @Test
    void quantityArithmetic() {
        Quantity hz = Quantity.of(5, "Hz");
        Quantity ms = Quantity.of(200, "ms");
        Quantity product = hz.times(ms);
        assertTrue(product.isDimensionless());
        assertEquals(1.0, product.value(), 1e-12);
        assertEquals(-70, Quantity.of(-0.07, "volt").in(Units.MVOLT), 1e-9);
        assertEquals(0.015, Quantity.of(10, "ms").plus(Quantity.of(5, "ms")).value(), 1e-15);
        DimensionMismatchException ex = assertThrows(DimensionMismatchException.class,
                () -> Quantity.of(1, "mV").plus(Quantity.of(1, "nA")));
        assertTrue(ex.getMessage().contains("volt and amp"), ex.getMessage());
    }

    @Test
    void dimensionNamesAndSiForm() {
        assertEquals("volt", Dimension.VOLTAGE.toString());
        assertEquals("m^2 kg s^-3 A^-1", Dimension.VOLTAGE.toSiString());
        assertEquals("m^2 kg s^-4 A^-1", Dimension.VOLTAGE.divide(Dimension.TIME).toString());
        assertEquals("s^-0.5", Dimension.NOISE.toString());
        assertEquals("1", Dimension.DIMENSIONLESS.toString());
        assertEquals(Dimension.FREQUENCY, Dimension.NOISE.pow(2));
        assertEquals(Dimension.FREQUENCY, Dimension.TIME.pow(-1, 1));
        assertEquals("siemens", Dimension.CURRENT.divide(Dimension.VOLTAGE).toString());
        assertEquals("farad", Dimension.CHARGE.divide(Dimension.VOLTAGE).toString());
        assertEquals("ohm", Dimension.VOLTAGE.divide(Dimension.CURRENT).toString());
    }
}
