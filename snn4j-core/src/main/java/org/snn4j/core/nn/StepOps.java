package org.snn4j.core.nn;

import java.util.Arrays;
import java.util.List;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.tensor.Tensor;

/**
 * The time-axis ops of the recurrent containers, each with its gradient: cutting a sequence into one-step
 * sequences, stacking them back, and concatenating two tensors along the last dimension. Each is O(T*n)
 * in time and memory in both directions (the cut gathers every step's gradient into one array before
 * handing it to the sequence once).
 */
final class StepOps {
    private StepOps() {
    }

    /**
     * Steps {@code 0..T-1} of {@code x [T, B, ...]} as {@code [1, B, ...]} tensors (copies; byte spikes stay
     * byte-backed). A time-static {@code x} gives the stored step every time and gets the sum of their gradients.
     */
    static Tensor[] split(Tensor x, String where) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException(where + ": expected input [T, B, ...] (rank >= 2), got shape "
                    + x.shapeString());
        }
        int steps = x.size(0);
        int[] one = x.shape();
        one[0] = 1;
        int n = x.storedNumel() / (x.isTimeStatic() ? 1 : Math.max(steps, 1));
        boolean stat = x.isTimeStatic();
        byte[] bytes = x.spikeBytes();
        float[] data = bytes == null ? x.data() : null;
        Tensor[] out = new Tensor[steps];
        for (int t = 0; t < steps; t++) {
            int o = stat ? 0 : t * n;
            Tensor s = bytes != null ? Tensor.ofSpikes(Arrays.copyOfRange(bytes, o, o + n), one)
                    : Tensor.of(Arrays.copyOfRange(data, o, o + n), one);
            if (x.isBinary()) {
                s.markBinary();
            }
            out[t] = s;
        }
        if (Autograd.isTracking(x)) {
            Gather g = new Gather(x, stat ? n : steps * n, n, stat);
            Tensor hub = Tensor.zeros(1).withGradFn(g);
            for (int t = 0; t < steps; t++) {
                out[t].withGradFn(new Part(hub, g, t));
            }
        }
        return out;
    }

    /** Collects the step gradients and hands the whole gradient to the sequence once. */
    private static final class Gather extends GradFn {
        private final float[] grad;
        private final int n;
        private final boolean stat;
        private final int[] gradShape;

        Gather(Tensor x, int size, int n, boolean stat) {
            super("split", x);
            this.grad = new float[size];
            this.n = n;
            this.stat = stat;
            this.gradShape = stat ? Arrays.copyOfRange(x.shape(), 1, x.rank()) : x.shape();
        }

        void add(int t, float[] g) {
            int o = stat ? 0 : t * n;
            for (int i = 0; i < n; i++) {
                grad[o + i] += g[i];
            }
        }

        @Override
        public void backward(Tensor output, Tensor gradOutput) {
            accumulate(0, Tensor.of(grad.clone(), gradShape));
        }
    }

    private static final class Part extends GradFn {
        private final Gather target;
        private final int t;

        Part(Tensor hub, Gather target, int t) {
            super("split.step", hub);
            this.target = target;
            this.t = t;
        }

        @Override
        public void backward(Tensor output, Tensor gradOutput) {
            target.add(t, gradOutput.data());
            accumulate(0, Tensor.of(new float[1], 1));
        }
    }

    /**
     * The one-step tensors {@code [1, B, ...]} (equal shapes) as one sequence {@code [T, B, ...]}; byte-backed
     * when every step is, binary when every step is.
     */
    static Tensor stack(List<Tensor> steps, String where) {
        int count = steps.size();
        if (count == 0) {
            throw new IllegalArgumentException(where + ": no time steps to stack");
        }
        int[] one = steps.get(0).shape();
        int n = steps.get(0).storedNumel();
        boolean bytes = true;
        boolean binary = true;
        for (Tensor s : steps) {
            if (!Arrays.equals(s.shape(), one) || s.isTimeStatic()) {
                throw new IllegalArgumentException(where + ": the wrapped module returned shape " + s.shapeString()
                        + " at one step and " + steps.get(0).shapeString() + " at another");
            }
            bytes &= s.spikeBytes() != null;
            binary &= s.isBinary();
        }
        int[] shape = one.clone();
        shape[0] = count;
        Tensor out;
        if (bytes) {
            byte[] b = new byte[count * n];
            for (int t = 0; t < count; t++) {
                System.arraycopy(steps.get(t).spikeBytes(), 0, b, t * n, n);
            }
            out = Tensor.ofSpikes(b, shape);
        } else {
            float[] d = new float[count * n];
            for (int t = 0; t < count; t++) {
                System.arraycopy(steps.get(t).data(), 0, d, t * n, n);
            }
            out = Tensor.of(d, shape);
        }
        if (binary) {
            out.markBinary();
        }
        Tensor[] ins = steps.toArray(new Tensor[0]);
        if (Autograd.isTracking(ins)) {
            out.withGradFn(new GradFn("stack", ins) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    float[] g = gradOutput.data();
                    for (int t = 0; t < count; t++) {
                        if (needsGrad(t)) {
                            accumulate(t, Tensor.of(Arrays.copyOfRange(g, t * n, (t + 1) * n), one.clone()));
                        }
                    }
                }
            });
        }
        return out;
    }

    /** {@code [..., p]} and {@code [..., q]} (same leading dims) joined into {@code [..., p+q]}. */
    static Tensor concatLast(Tensor a0, Tensor b0, String where) {
        int[] sa = a0.shape();
        int[] sb = b0.shape();
        if (sa.length != sb.length || !Arrays.equals(Arrays.copyOf(sa, sa.length - 1), Arrays.copyOf(sb, sb.length - 1))) {
            throw new IllegalArgumentException(where + ": cannot concatenate shapes " + a0.shapeString() + " and "
                    + b0.shapeString() + " along the last dimension");
        }
        Tensor a = a0.materialize();
        Tensor b = b0.materialize();
        int p = sa[sa.length - 1];
        int q = sb[sb.length - 1];
        int rows = p == 0 ? 0 : a.numel() / p;
        float[] ad = a.data();
        float[] bd = b.data();
        float[] y = new float[rows * (p + q)];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(ad, r * p, y, r * (p + q), p);
            System.arraycopy(bd, r * q, y, r * (p + q) + p, q);
        }
        int[] shape = sa.clone();
        shape[shape.length - 1] = p + q;
        Tensor out = Tensor.of(y, shape);
        if (a.isBinary() && b.isBinary()) {
            out.markBinary();
        }
        if (Autograd.isTracking(a, b)) {
            out.withGradFn(new GradFn("concat", a, b) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    float[] g = gradOutput.data();
                    float[] ga = needsGrad(0) ? new float[rows * p] : null;
                    float[] gb = needsGrad(1) ? new float[rows * q] : null;
                    for (int r = 0; r < rows; r++) {
                        if (ga != null) {
                            System.arraycopy(g, r * (p + q), ga, r * p, p);
                        }
                        if (gb != null) {
                            System.arraycopy(g, r * (p + q) + p, gb, r * q, q);
                        }
                    }
                    if (ga != null) {
                        accumulate(0, Tensor.of(ga, a.shape()));
                    }
                    if (gb != null) {
                        accumulate(1, Tensor.of(gb, b.shape()));
                    }
                }
            });
        }
        return out;
    }
}
