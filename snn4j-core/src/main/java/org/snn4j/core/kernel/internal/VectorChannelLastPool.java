package org.snn4j.core.kernel.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.snn4j.core.kernel.ChannelLastPool;

/**
 * {@link ChannelLastPool} on 16 channels at a time: keys and selections on int lanes (the values travel as
 * their raw bits), channel-first stores by scatter; loaded only when the module is present.
 */
public final class VectorChannelLastPool implements ChannelLastPool {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
    private static final int L = 16;
    private static final boolean WIDE = FloatVector.SPECIES_PREFERRED.length() >= L;

    @Override
    public void pool(float[] src, int h, int w, int n, float[] add, float[] y, int yOff, int[] arg, int aOff) {
        int full = WIDE ? n - n % L : 0;
        if (full > 0) {
            int oh = h / 2;
            int ow = w / 2;
            int out = oh * ow;
            int[] lanes = new int[L];
            for (int l = 0; l < L; l++) {
                lanes[l] = l * out;
            }
            for (int c = 0; c < full; c += L) {
                FloatVector b = add == null ? null : FloatVector.fromArray(S, add, c);
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int a = 2 * i * w + 2 * j;
                        IntVector raw = value(src, a * n + c, b);
                        IntVector km = key(raw);
                        IntVector best = IntVector.broadcast(I, a);
                        for (int e = 1; e < 4; e++) {
                            int pos = e == 1 ? a + 1 : e == 2 ? a + w : a + w + 1;
                            IntVector rv = value(src, pos * n + c, b);
                            IntVector kv = key(rv);
                            VectorMask<Integer> gt = kv.compare(VectorOperators.GT, km);
                            km = km.blend(kv, gt);
                            best = best.blend(pos, gt);
                            raw = raw.blend(rv, gt);
                        }
                        int q = c * out + i * ow + j;
                        raw.reinterpretAsFloats().intoArray(y, yOff + q, lanes, 0);
                        if (arg != null) {
                            best.intoArray(arg, aOff + q, lanes, 0);
                        }
                    }
                }
            }
        }
        if (full < n) {
            ChannelLastPool.scalar(src, h, w, n, full, add, y, yOff, arg, aOff);
        }
    }

    /** Raw bits of {@code src[off ..] (+ b)}. */
    private static IntVector value(float[] src, int off, FloatVector b) {
        FloatVector v = FloatVector.fromArray(S, src, off);
        return (b == null ? v : v.add(b)).reinterpretAsInts();
    }

    /** {@code MaxPool2x2.key} on raw bits: NaN greatest, else the bits of {@code v + 0} made order-preserving. */
    private static IntVector key(IntVector raw) {
        IntVector bz = raw.reinterpretAsFloats().add(0f).reinterpretAsInts();
        IntVector k = bz.lanewise(VectorOperators.XOR, bz.lanewise(VectorOperators.ASHR, 31).and(0x7fffffff));
        VectorMask<Integer> nan = raw.and(0x7fffffff).compare(VectorOperators.GT, 0x7f800000);
        return k.blend(Integer.MAX_VALUE, nan);
    }
}
