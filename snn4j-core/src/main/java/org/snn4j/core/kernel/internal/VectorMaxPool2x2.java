package org.snn4j.core.kernel.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.snn4j.core.kernel.MaxPool2x2;

/**
 * {@link MaxPool2x2} on 16 outputs at a time: the four elements of each window are gathered through
 * a per-plane offset table, compared by their order keys with lane masks (no branches); loaded only
 * when the module is present.
 */
public final class VectorMaxPool2x2 implements MaxPool2x2 {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
    private static final int L = 16;
    private static final boolean WIDE = FloatVector.SPECIES_PREFERRED.length() >= L;
    private static final IntVector NAN_KEY = IntVector.broadcast(I, Integer.MAX_VALUE);
    private static final IntVector SIGN_MASK = IntVector.broadcast(I, 0x7fffffff);

    @Override
    public void pool(float[] x, int fromPlane, int toPlane, int h, int w, float[] y, int[] arg) {
        int oh = h / 2;
        int ow = w / 2;
        int out = oh * ow;
        if (!WIDE || out < L) {
            MaxPool2x2.SCALAR.pool(x, fromPlane, toPlane, h, w, y, arg);
            return;
        }
        // offsets of the top-left window elements within a plane, plus L slack for the tail
        int[] a = new int[out + L];
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                a[i * ow + j] = 2 * i * w + 2 * j;
            }
        }
        int in = h * w;
        for (int p = fromPlane; p < toPlane; p++) {
            int xo = p * in;
            int yo = p * out;
            for (int q = 0; q < out; q += L) {
                VectorMask<Float> m = F.indexInRange(q, out);
                VectorMask<Integer> mi = m.cast(I);
                IntVector ia = IntVector.fromArray(I, a, q);
                FloatVector va = FloatVector.fromArray(F, x, xo, a, q, m);
                FloatVector vb = FloatVector.fromArray(F, x, xo + 1, a, q, m);
                FloatVector vc = FloatVector.fromArray(F, x, xo + w, a, q, m);
                FloatVector vd = FloatVector.fromArray(F, x, xo + w + 1, a, q, m);
                IntVector km = key(va);
                IntVector best = ia;
                FloatVector val = va;
                IntVector kb = key(vb);
                VectorMask<Integer> gb = kb.compare(VectorOperators.GT, km);
                best = best.blend(ia.add(1), gb);
                val = val.blend(vb, gb.cast(F));
                km = km.max(kb);
                IntVector kc = key(vc);
                VectorMask<Integer> gc = kc.compare(VectorOperators.GT, km);
                best = best.blend(ia.add(w), gc);
                val = val.blend(vc, gc.cast(F));
                km = km.max(kc);
                IntVector kd = key(vd);
                VectorMask<Integer> gd = kd.compare(VectorOperators.GT, km);
                best = best.blend(ia.add(w + 1), gd);
                val = val.blend(vd, gd.cast(F));
                val.intoArray(y, yo + q, m);
                if (arg != null) {
                    best.intoArray(arg, yo + q, mi);
                }
            }
        }
    }

    /** {@link MaxPool2x2#key} lane-wise. */
    private static IntVector key(FloatVector v) {
        IntVector b = v.add(0f).reinterpretAsInts();
        IntVector k = b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.ASHR, 31).and(SIGN_MASK));
        return k.blend(NAN_KEY, v.test(VectorOperators.IS_NAN).cast(I));
    }
}
