package org.snn4j.core.efficiency;

import java.util.List;
import java.util.Locale;

/**
 * Energy per arithmetic operation for one number format. A multiply-accumulate costs a multiply and an add,
 * an accumulate (a synaptic operation on a spike) an add.
 *
 * <p>The built-in profiles are Horowitz's 45 nm, 0.9 V figures (M. Horowitz, "Computing's energy problem
 * (and what we can do about it)", ISSCC 2014, Figure 1.1.9):
 * <pre>
 *   format   multiply   add      MAC (= multiply + add)   AC (= add)
 *   fp32     3.7 pJ     0.9 pJ   4.6 pJ                   0.9 pJ
 *   fp16     1.1 pJ     0.4 pJ   1.5 pJ                   0.4 pJ
 *   int32    3.1 pJ     0.1 pJ   3.2 pJ                   0.1 pJ
 *   int8     0.2 pJ     0.03 pJ  0.23 pJ                  0.03 pJ
 * </pre>
 *
 * The format's width ({@code bytesPerValue}: 4, 2, 4, 1) gives the footprint of the weights stored in it.
 *
 * @param name          a short label for tables
 * @param multiplyPj    energy of one multiply, picojoules
 * @param addPj         energy of one add, picojoules
 * @param bytesPerValue bytes of one stored value in this format
 * @param source        where the figures come from
 */
public record EnergyProfile(String name, double multiplyPj, double addPj, int bytesPerValue, String source) {
    static final String HOROWITZ = "Horowitz, Computing's energy problem, ISSCC 2014 (45 nm, 0.9 V)";

    public static final EnergyProfile HOROWITZ_45NM_FP32 = new EnergyProfile("fp32 45nm", 3.7, 0.9, 4, HOROWITZ);
    public static final EnergyProfile HOROWITZ_45NM_FP16 = new EnergyProfile("fp16 45nm", 1.1, 0.4, 2, HOROWITZ);
    public static final EnergyProfile HOROWITZ_45NM_INT32 = new EnergyProfile("int32 45nm", 3.1, 0.1, 4, HOROWITZ);
    public static final EnergyProfile HOROWITZ_45NM_INT8 = new EnergyProfile("int8 45nm", 0.2, 0.03, 1, HOROWITZ);

    public EnergyProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("EnergyProfile: name must be given");
        }
        if (bytesPerValue <= 0) {
            throw new IllegalArgumentException("EnergyProfile '" + name + "': bytes per value must be positive, got "
                    + bytesPerValue);
        }
        if (!(multiplyPj >= 0) || !(addPj >= 0) || Double.isInfinite(multiplyPj) || Double.isInfinite(addPj)) {
            throw new IllegalArgumentException("EnergyProfile '" + name + "': energies must be finite and >= 0, got"
                    + " multiply=" + multiplyPj + " add=" + addPj);
        }
    }

    /** The four Horowitz 45 nm profiles, fp32 first. */
    public static List<EnergyProfile> horowitz45nm() {
        return List.of(HOROWITZ_45NM_FP32, HOROWITZ_45NM_FP16, HOROWITZ_45NM_INT32, HOROWITZ_45NM_INT8);
    }

    /**
     * The Horowitz 45 nm profile of a format: {@code fp32}, {@code fp16}, {@code int32} or {@code int8} (case and
     * surrounding spaces ignored; the full names such as {@code "fp32 45nm"} too).
     */
    public static EnergyProfile parse(String format) {
        String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        for (EnergyProfile p : horowitz45nm()) {
            if (p.name().equals(f) || p.name().startsWith(f + " ")) {
                return p;
            }
        }
        throw new IllegalArgumentException("energy profile must be fp32, fp16, int32 or int8, got '" + format + "'");
    }

    /** Energy of a multiply-accumulate. */
    public double macPj() {
        return multiplyPj + addPj;
    }

    /** Energy of an accumulate. */
    public double acPj() {
        return addPj;
    }
}
