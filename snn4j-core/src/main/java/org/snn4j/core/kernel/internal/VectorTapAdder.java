package org.snn4j.core.kernel.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import org.snn4j.core.kernel.TapAdder;

/** {@link TapAdder} on {@code FloatVector.SPECIES_PREFERRED}; loaded only when the module is present. */
public final class VectorTapAdder implements TapAdder {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public void addTaps(float[] src, int s0, int sStep, float[] dst, int d0, int dStep, int count, int n) {
        int ub = S.loopBound(n);
        for (int q = 0; q < count; q++) {
            int s = s0 + q * sStep;
            int d = d0 + q * dStep;
            int j = 0;
            for (; j < ub; j += L) {
                FloatVector.fromArray(S, dst, d + j).add(FloatVector.fromArray(S, src, s + j)).intoArray(dst, d + j);
            }
            if (j < n) {
                // masked tail: rows shorter than a vector (an 8-wide output row) stay in one operation
                VectorMask<Float> m = S.indexInRange(j, n);
                FloatVector.fromArray(S, dst, d + j, m).add(FloatVector.fromArray(S, src, s + j, m))
                        .intoArray(dst, d + j, m);
            }
        }
    }
}
