package org.snn4j.core.efficiency;

import java.util.List;

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
 * @param name       a short label for tables
 * @param multiplyPj energy of one multiply, picojoules
 * @param addPj      energy of one add, picojoules
 * @param source     where the figures come from
 */
public record EnergyProfile(String name, double multiplyPj, double addPj, String source) {
    static final String HOROWITZ = "Horowitz, Computing's energy problem, ISSCC 2014 (45 nm, 0.9 V)";

    public static final EnergyProfile HOROWITZ_45NM_FP32 = new EnergyProfile("fp32 45nm", 3.7, 0.9, HOROWITZ);
    public static final EnergyProfile HOROWITZ_45NM_FP16 = new EnergyProfile("fp16 45nm", 1.1, 0.4, HOROWITZ);
    public static final EnergyProfile HOROWITZ_45NM_INT32 = new EnergyProfile("int32 45nm", 3.1, 0.1, HOROWITZ);
    public static final EnergyProfile HOROWITZ_45NM_INT8 = new EnergyProfile("int8 45nm", 0.2, 0.03, HOROWITZ);

    public EnergyProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("EnergyProfile: name must be given");
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

    /** Energy of a multiply-accumulate. */
    public double macPj() {
        return multiplyPj + addPj;
    }

    /** Energy of an accumulate. */
    public double acPj() {
        return addPj;
    }
}
