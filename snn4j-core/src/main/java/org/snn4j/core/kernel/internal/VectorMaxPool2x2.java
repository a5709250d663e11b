package org.snn4j.core.kernel.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.snn4j.core.kernel.MaxPool2x2;

/**
 * {@link MaxPool2x2} on 16 outputs at a time: the four elements of each window are gathered through
 * a per-plane offset table, compared by their order keys with lane masks (no branches), all on int
 * lanes; loaded only when the module is present.
 */
public final class VectorMaxPool2x2 implements MaxPool2x2 {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
    private static final int L = 16;
    private static final boolean WIDE = FloatVector.SPECIES_PREFERRED.length() >= L;
    private static final IntVector NAN_KEY = IntVector.broadcast(I, Integer.MAX_VALUE);
    private static final IntVector SIGN_MASK = IntVector.broadcast(I, 0x7fffffff);
    private static final IntVector INF_BITS = IntVector.broadcast(I, 0x7f800000);

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
        int[] kv = new int[8 * L];
        for (int p = fromPlane; p < toPlane; p++) {
            // one call per plane: the vector loop is compiled as a method of its own (not only on stack
            // replacement, where the vectors would be boxed), since pool is entered once per layer call
            plane(x, p * in, w, y, p * out, arg, out, a, kv);
        }
    }

    private static void plane(float[] x, int xo, int w, float[] y, int yo, int[] arg, int out, int[] a, int[] kv) {
        for (int q = 0; q < out; q += L) {
            // keys and raw bits of the four window elements go through a small scratch: with everything in one
            // method the compiler stops inlining the key computation and falls back to boxed vectors
            load(x, xo, w, a, q, kv);
            IntVector ia = IntVector.fromArray(I, a, q);
            IntVector km = IntVector.fromArray(I, kv, 0);
            IntVector val = IntVector.fromArray(I, kv, 4 * L);
            IntVector best = ia;
            IntVector kb = IntVector.fromArray(I, kv, L);
            VectorMask<Integer> gb = kb.compare(VectorOperators.GT, km);
            best = best.blend(ia.add(1), gb);
            val = val.blend(IntVector.fromArray(I, kv, 5 * L), gb);
            km = km.max(kb);
            IntVector kc = IntVector.fromArray(I, kv, 2 * L);
            VectorMask<Integer> gc = kc.compare(VectorOperators.GT, km);
            best = best.blend(ia.add(w), gc);
            val = val.blend(IntVector.fromArray(I, kv, 6 * L), gc);
            km = km.max(kc);
            IntVector kd = IntVector.fromArray(I, kv, 3 * L);
            VectorMask<Integer> gd = kd.compare(VectorOperators.GT, km);
            best = best.blend(ia.add(w + 1), gd);
            val = val.blend(IntVector.fromArray(I, kv, 7 * L), gd);
            if (q + L <= out) {
                val.reinterpretAsFloats().intoArray(y, yo + q);
                if (arg != null) {
                    best.intoArray(arg, yo + q);
                }
            } else {
                VectorMask<Integer> mi = I.indexInRange(q, out);
                val.reinterpretAsFloats().intoArray(y, yo + q, mi.cast(F));
                if (arg != null) {
                    best.intoArray(arg, yo + q, mi);
                }
            }
        }
    }

    /**
     * {@code kv[e*L + i]} = key and {@code kv[(4 + e)*L + i]} = raw bits of window element {@code e} (top left,
     * top right, bottom left, bottom right) of output {@code q + i}. The offset table has L slack entries
     * (offset 0), so the gathers read inside the plane unmasked.
     */
    private static void load(float[] x, int xo, int w, int[] a, int q, int[] kv) {
        keyed(x, xo, a, q, kv, 0);
        keyed(x, xo + 1, a, q, kv, 1);
        keyed(x, xo + w, a, q, kv, 2);
        keyed(x, xo + w + 1, a, q, kv, 3);
    }

    /** One window element per method: calls that pass no vectors, so nothing is boxed if one is not inlined. */
    private static void keyed(float[] x, int off, int[] a, int q, int[] kv, int e) {
        IntVector v = FloatVector.fromArray(F, x, off, a, q).reinterpretAsInts();
        v.intoArray(kv, (4 + e) * L);
        key(v).intoArray(kv, e * L);
    }

    /**
     * {@link MaxPool2x2#key} lane-wise, from the raw bits {@code b} of a float: {@code -0.0} is mapped to
     * {@code +0.0} (as {@code v + 0f} does), NaN (magnitude bits above those of infinity) to the greatest key.
     */
    private static IntVector key(IntVector b) {
        IntVector mag = b.and(SIGN_MASK);
        IntVector z = b.blend(0, mag.compare(VectorOperators.EQ, 0));
        IntVector k = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.ASHR, 31).and(SIGN_MASK));
        return k.blend(NAN_KEY, mag.compare(VectorOperators.GT, INF_BITS));
    }
}
