package org.snn4j.core.kernel.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import org.snn4j.core.kernel.Transposer;

/**
 * {@link Transposer} with 16-lane gathers: each output row (a source column) is read 16 source rows at a
 * time through the index map, whose zero slack keeps the gathers of a partial block inside the array (only
 * the store is masked); loaded only when the module is present.
 */
public final class VectorTransposer implements Transposer {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = 16;
    private static final boolean WIDE = FloatVector.SPECIES_PREFERRED.length() >= L;

    @Override
    public void transpose(float[] src, int sOff, int rows, int cols, float[] add, float[] dst, int dOff, int[] map) {
        if (!WIDE || rows < L) {
            Transposer.SCALAR.transpose(src, sOff, rows, cols, add, dst, dOff, map);
            return;
        }
        int full = rows - rows % L;
        for (int c = 0; c < cols; c++) {
            int d = dOff + c * rows;
            int s = sOff + c;
            float b = add == null ? 0f : add[c];
            int r = 0;
            for (; r < full; r += L) {
                FloatVector v = FloatVector.fromArray(S, src, s, map, r);
                (add == null ? v : v.add(b)).intoArray(dst, d + r);
            }
            if (r < rows) {
                VectorMask<Float> m = S.indexInRange(r, rows);
                FloatVector v = FloatVector.fromArray(S, src, s, map, r);
                (add == null ? v : v.add(b)).intoArray(dst, d + r, m);
            }
        }
    }
}
