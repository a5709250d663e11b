package org.snn4j.core.nn;

import java.util.Arrays;
import java.util.Locale;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;

/**
 * The element-wise connect functions of spike-element-wise residual blocks (SEW ResNet, Fang et al. 2021),
 * combining the spikes {@code a} of the residual branch with the shortcut {@code s}:
 * <pre>
 *   ADD:  g(a, s) = a + s               da = dg,        ds = dg
 *   AND:  g(a, s) = a * s               da = dg * s,    ds = dg * a
 *   IAND: g(a, s) = (1 - a) * s         da = -dg * s,   ds = dg * (1 - a)
 * </pre>
 * ({@code IAND} is {@code (not a) and s} on spikes.) Shapes must match; the output is time-static when both
 * inputs are. AND and IAND of binary inputs are binary (byte-backed when both inputs are).
 */
public enum SewFunction {
    ADD,
    AND,
    IAND;

    /** Parses {@code add}, {@code and} or {@code iand} (any case). */
    public static SewFunction parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown SEW function '" + name + "' (known: add, and, iand)");
        }
    }

    /** {@code g(a, s)}, recorded for autograd. */
    public Tensor apply(Tensor a0, Tensor s0) {
        if (!Arrays.equals(a0.shape(), s0.shape())) {
            throw new IllegalArgumentException("SEW " + this + ": shapes differ, a " + a0.shapeString() + " vs s "
                    + s0.shapeString());
        }
        boolean bothStatic = a0.isTimeStatic() && s0.isTimeStatic();
        Tensor a = bothStatic ? a0 : a0.materialize();
        Tensor s = bothStatic ? s0 : s0.materialize();
        int n = a.storedNumel();
        int minChunk = 1 << 14;
        byte[] ab = a.spikeBytes();
        byte[] sb = s.spikeBytes();
        int[] shape = a.shape();
        int[] step = Arrays.copyOfRange(shape, 1, shape.length);
        Tensor out;
        if (this != ADD && ab != null && sb != null) {
            byte[] y = new byte[n];
            boolean and = this == AND;
            Parallel.forRange(n, minChunk, (from, to) -> {
                for (int i = from; i < to; i++) {
                    y[i] = (byte) (and ? ab[i] & sb[i] : (1 - ab[i]) & sb[i]);
                }
            });
            out = bothStatic ? Tensor.repeatTime(Tensor.ofSpikes(y, step), shape[0]) : Tensor.ofSpikes(y, shape);
        } else {
            float[] ad = a.data();
            float[] sd = s.data();
            float[] y = new float[n];
            SewFunction f = this;
            Parallel.forRange(n, minChunk, (from, to) -> {
                switch (f) {
                    case ADD -> {
                        for (int i = from; i < to; i++) {
                            y[i] = ad[i] + sd[i];
                        }
                    }
                    case AND -> {
                        for (int i = from; i < to; i++) {
                            y[i] = ad[i] * sd[i];
                        }
                    }
                    case IAND -> {
                        for (int i = from; i < to; i++) {
                            y[i] = (1f - ad[i]) * sd[i];
                        }
                    }
                }
            });
            out = bothStatic ? Tensor.staticOf(y, shape[0], step) : Tensor.of(y, shape);
            if (this != ADD && a.isBinary() && s.isBinary()) {
                out.markBinary();
            }
        }
        if (Autograd.isTracking(a, s)) {
            SavedSpikes.keep(a);
            SavedSpikes.keep(s);
            SewFunction f = this;
            out.withGradFn(new GradFn("sew" + this, a, s) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    float[] g = gradOutput.data();
                    int[] gshape = bothStatic ? step : shape;
                    if (needsGrad(0)) {
                        float[] ga = new float[n];
                        float[] sd = f == ADD ? null : SavedSpikes.floats(s);
                        // ADD: g; AND: g * s; IAND: -g * s
                        float sign = f == IAND ? -1f : 1f;
                        Parallel.forRange(n, minChunk, (from, to) -> {
                            if (sd == null) {
                                System.arraycopy(g, from, ga, from, to - from);
                            } else {
                                for (int i = from; i < to; i++) {
                                    ga[i] = sign * g[i] * sd[i];
                                }
                            }
                        });
                        accumulate(0, Tensor.of(ga, gshape));
                    }
                    if (needsGrad(1)) {
                        float[] gs = new float[n];
                        float[] ad = f == ADD ? null : SavedSpikes.floats(a);
                        // ADD: g; AND: g * a; IAND: g * (1 - a)
                        boolean inv = f == IAND;
                        Parallel.forRange(n, minChunk, (from, to) -> {
                            if (ad == null) {
                                System.arraycopy(g, from, gs, from, to - from);
                            } else if (inv) {
                                for (int i = from; i < to; i++) {
                                    gs[i] = g[i] * (1f - ad[i]);
                                }
                            } else {
                                for (int i = from; i < to; i++) {
                                    gs[i] = g[i] * ad[i];
                                }
                            }
                        });
                        accumulate(1, Tensor.of(gs, gshape));
                    }
                }
            });
        }
        return out;
    }
}
