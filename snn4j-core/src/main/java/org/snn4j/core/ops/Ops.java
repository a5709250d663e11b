package org.snn4j.core.ops;

import java.util.Arrays;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.tensor.Tensor;

/**
 * General differentiable tensor ops used by losses and read-outs. Every op records a graph node
 * when an input is tracked ({@link Autograd#isTracking}) and handles time-static inputs: a
 * time-static input is read at its single stored step, and its gradient is returned in the stored
 * layout (one step, summed over time).
 *
 * <ul>
 *   <li>{@link #sumOverTime}: {@code y[...] = sum_t x[t, ...]}, {@code [T, ...] -> [...]}</li>
 *   <li>{@link #meanOverTime}: {@code y = sumOverTime(x) / T}</li>
 *   <li>{@link #maxOverTime}: {@code y[...] = max_t x[t, ...]}; the gradient goes to the first
 *       step reaching the maximum (PyTorch's {@code torch.max(x, 0)} picks one index too)</li>
 *   <li>{@link #sum}, {@link #mean}: over all logical elements, to a scalar</li>
 *   <li>{@link #add}, {@link #mul}: element-wise, same logical shape</li>
 *   <li>{@link #scale}: {@code y = c * x}</li>
 *   <li>{@link #crossEntropy}: log-softmax over the last dimension followed by the negative
 *       log-likelihood of the label, averaged over all rows (PyTorch
 *       {@code F.cross_entropy(x.reshape(-1, C), labels.repeat(...))})</li>
 *   <li>{@link #mseToTargets}: {@code mean((x - target)^2)} over all logical elements, with
 *       {@code target = on} at the label's class and {@code off} elsewhere</li>
 * </ul>
 */
public final class Ops {
    private Ops() {
    }

    private static int[] tail(int[] shape) {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    private static void checkTime(String op, Tensor x) {
        if (x.rank() < 1 || x.size(0) <= 0) {
            throw new IllegalArgumentException(op + ": x must be a [T, ...] tensor with T > 0, got shape " + x.shapeString());
        }
    }

    /** Gradient of a tensor of {@code x}'s stored layout. */
    private static Tensor storedLike(Tensor x, float[] g) {
        return Tensor.of(g, x.isTimeStatic() ? tail(x.shape()) : x.shape());
    }

    /** {@code sum_t x[t, ...]}: {@code [T, ...] -> [...]}. */
    public static Tensor sumOverTime(Tensor x) {
        return timeReduce("sumOverTime", x, 1f);
    }

    /** {@code (1/T) sum_t x[t, ...]}: {@code [T, ...] -> [...]} (the firing rate of spikes). */
    public static Tensor meanOverTime(Tensor x) {
        checkTime("meanOverTime", x);
        return timeReduce("meanOverTime", x, 1f / x.size(0));
    }

    private static Tensor timeReduce(String op, Tensor x, float factor) {
        checkTime(op, x);
        int steps = x.size(0);
        float[] xd = x.data();
        int n = x.isTimeStatic() ? xd.length : xd.length / steps;
        float[] y = new float[n];
        if (x.isTimeStatic()) {
            // the sum of T equal steps, rounded once, as summing T copies would give up to rounding
            for (int i = 0; i < n; i++) {
                float s = 0f;
                for (int t = 0; t < steps; t++) {
                    s += xd[i];
                }
                y[i] = s * factor;
            }
        } else {
            for (int t = 0; t < steps; t++) {
                int off = t * n;
                for (int i = 0; i < n; i++) {
                    y[i] += xd[off + i];
                }
            }
            if (factor != 1f) {
                for (int i = 0; i < n; i++) {
                    y[i] *= factor;
                }
            }
        }
        Tensor out = Tensor.of(y, tail(x.shape()));
        if (Autograd.isTracking(x)) {
            out.withGradFn(new GradFn(op, x) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    float[] g = gradOutput.data();
                    float[] gx;
                    if (x.isTimeStatic()) {
                        gx = new float[n];
                        float k = steps * factor;
                        for (int i = 0; i < n; i++) {
                            gx[i] = g[i] * k;
                        }
                    } else {
                        gx = new float[n * steps];
                        for (int t = 0; t < steps; t++) {
                            for (int i = 0; i < n; i++) {
                                gx[t * n + i] = g[i] * factor;
                            }
                        }
                    }
                    accumulate(0, storedLike(x, gx));
                }
            });
        }
        return out;
    }

    /**
     * {@code max_t x[t, ...]}: {@code [T, ...] -> [...]}. The gradient flows to the earliest step
     * holding the maximum.
     */
    public static Tensor maxOverTime(Tensor x) {
        checkTime("maxOverTime", x);
        int steps = x.size(0);
        float[] xd = x.data();
        if (x.isTimeStatic()) {
            Tensor out = Tensor.of(xd.clone(), tail(x.shape()));
            if (Autograd.isTracking(x)) {
                out.withGradFn(new GradFn("maxOverTime", x) {
                    @Override
                    public void backward(Tensor output, Tensor gradOutput) {
                        accumulate(0, storedLike(x, gradOutput.data().clone()));
                    }
                });
            }
            return out;
        }
        int n = xd.length / steps;
        float[] y = new float[n];
        int[] arg = new int[n];
        System.arraycopy(xd, 0, y, 0, n);
        for (int t = 1; t < steps; t++) {
            int off = t * n;
            for (int i = 0; i < n; i++) {
                if (xd[off + i] > y[i]) {
                    y[i] = xd[off + i];
                    arg[i] = t;
                }
            }
        }
        Tensor out = Tensor.of(y, tail(x.shape()));
        if (Autograd.isTracking(x)) {
            out.withGradFn(new GradFn("maxOverTime", x) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    float[] g = gradOutput.data();
                    float[] gx = new float[n * steps];
                    for (int i = 0; i < n; i++) {
                        gx[arg[i] * n + i] = g[i];
                    }
                    accumulate(0, storedLike(x, gx));
                }
            });
        }
        return out;
    }

    /** Sum of all logical elements, a scalar. */
    public static Tensor sum(Tensor x) {
        return reduceAll("sum", x, 1.0);
    }

    /** Mean of all logical elements, a scalar. */
    public static Tensor mean(Tensor x) {
        if (x.numel() == 0) {
            throw new IllegalArgumentException("mean: x has no elements, shape " + x.shapeString());
        }
        return reduceAll("mean", x, 1.0 / x.numel());
    }

    private static Tensor reduceAll(String op, Tensor x, double factor) {
        float[] xd = x.data();
        double s = 0;
        for (float v : xd) {
            s += v;
        }
        int copies = x.isTimeStatic() ? x.size(0) : 1;
        Tensor out = Tensor.scalar((float) (s * copies * factor));
        if (Autograd.isTracking(x)) {
            out.withGradFn(new GradFn(op, x) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    float[] gx = new float[xd.length];
                    Arrays.fill(gx, (float) (gradOutput.data()[0] * factor * copies));
                    accumulate(0, storedLike(x, gx));
                }
            });
        }
        return out;
    }

    /** {@code c * x}, keeping {@code x}'s layout (time-static stays time-static). */
    public static Tensor scale(Tensor x, float c) {
        float[] xd = x.data();
        float[] y = new float[xd.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = c * xd[i];
        }
        Tensor out = x.isTimeStatic() ? Tensor.staticOf(y, x.size(0), tail(x.shape())) : Tensor.of(y, x.shape());
        if (Autograd.isTracking(x)) {
            out.withGradFn(new GradFn("scale", x) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    float[] g = gradOutput.data();
                    float[] gx = new float[g.length];
                    for (int i = 0; i < g.length; i++) {
                        gx[i] = c * g[i];
                    }
                    accumulate(0, storedLike(x, gx));
                }
            });
        }
        return out;
    }

    /** Element-wise {@code a + b}; shapes must match. Time-static when both are. */
    public static Tensor add(Tensor a, Tensor b) {
        return binary("add", a, b, false);
    }

    /** Element-wise {@code a * b}; shapes must match. Time-static when both are. */
    public static Tensor mul(Tensor a, Tensor b) {
        return binary("mul", a, b, true);
    }

    private static Tensor binary(String op, Tensor a0, Tensor b0, boolean product) {
        if (!Arrays.equals(a0.shape(), b0.shape())) {
            throw new IllegalArgumentException(op + ": shapes differ, a " + a0.shapeString() + " vs b " + b0.shapeString());
        }
        boolean bothStatic = a0.isTimeStatic() && b0.isTimeStatic();
        Tensor a = bothStatic ? a0 : a0.materialize();
        Tensor b = bothStatic ? b0 : b0.materialize();
        float[] ad = a.data();
        float[] bd = b.data();
        float[] y = new float[ad.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = product ? ad[i] * bd[i] : ad[i] + bd[i];
        }
        Tensor out = bothStatic ? Tensor.staticOf(y, a.size(0), tail(a.shape())) : Tensor.of(y, a.shape());
        if (Autograd.isTracking(a, b)) {
            out.withGradFn(new GradFn(op, a, b) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    float[] g = gradOutput.data();
                    if (needsGrad(0)) {
                        float[] ga = new float[g.length];
                        for (int i = 0; i < g.length; i++) {
                            ga[i] = product ? g[i] * bd[i] : g[i];
                        }
                        accumulate(0, storedLike(a, ga));
                    }
                    if (needsGrad(1)) {
                        float[] gb = new float[g.length];
                        for (int i = 0; i < g.length; i++) {
                            gb[i] = product ? g[i] * ad[i] : g[i];
                        }
                        accumulate(1, storedLike(b, gb));
                    }
                }
            });
        }
        return out;
    }

    private static void checkLabels(String op, Tensor x, int[] labels) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException(op + ": x must be [..., B, C], got shape " + x.shapeString());
        }
        int batch = x.size(-2);
        int classes = x.size(-1);
        if (labels.length != batch) {
            throw new IllegalArgumentException(op + ": labels has length " + labels.length + " but x has batch size "
                    + batch + " (shape " + x.shapeString() + ")");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(op + ": labels[" + i + "] = " + labels[i] + " is outside [0, "
                        + classes + ") for x of shape " + x.shapeString());
            }
        }
    }

    /**
     * Cross-entropy of logits {@code x [..., B, C]} against {@code labels [B]}: log-softmax over the
     * last dimension, negative log-likelihood of the label, averaged over all logical rows (every
     * leading index shares the same labels). For {@code [T, B, C]} this is the mean over steps of
     * the batch-mean cross-entropy at each step.
     */
    public static Tensor crossEntropy(Tensor x, int[] labels) {
        checkLabels("crossEntropy", x, labels);
        int batch = x.size(-2);
        int classes = x.size(-1);
        float[] xd = x.data();
        int storedRows = xd.length / classes;
        // a time-static input has T identical copies of its stored rows: the mean is the same
        double total = 0;
        float[] prob = new float[xd.length];
        for (int r = 0; r < storedRows; r++) {
            int off = r * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, xd[off + c]);
            }
            double z = 0;
            for (int c = 0; c < classes; c++) {
                double e = Math.exp(xd[off + c] - max);
                prob[off + c] = (float) e;
                z += e;
            }
            for (int c = 0; c < classes; c++) {
                prob[off + c] = (float) (prob[off + c] / z);
            }
            int label = labels[r % batch];
            total += -(xd[off + label] - max - Math.log(z));
        }
        Tensor out = Tensor.scalar((float) (total / storedRows));
        if (Autograd.isTracking(x)) {
            out.withGradFn(new GradFn("crossEntropy", x) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    // d/dx = (softmax - onehot) / rows; a time-static input sums T copies of 1/(T*B)
                    float k = gradOutput.data()[0] / storedRows;
                    float[] gx = new float[prob.length];
                    for (int r = 0; r < storedRows; r++) {
                        int off = r * classes;
                        int label = labels[r % batch];
                        for (int c = 0; c < classes; c++) {
                            gx[off + c] = k * (prob[off + c] - (c == label ? 1f : 0f));
                        }
                    }
                    accumulate(0, storedLike(x, gx));
                }
            });
        }
        return out;
    }

    /**
     * {@code mean((x - target)^2)} over all logical elements of {@code x [..., B, C]}, where
     * {@code target[..., b, c] = on} if {@code c == labels[b]} else {@code off} (PyTorch
     * {@code F.mse_loss(x, on*one_hot + off*(1-one_hot))} with mean reduction).
     */
    public static Tensor mseToTargets(Tensor x, int[] labels, float on, float off) {
        checkLabels("mseToTargets", x, labels);
        int batch = x.size(-2);
        int classes = x.size(-1);
        float[] xd = x.data();
        int storedRows = xd.length / classes;
        float[] diff = new float[xd.length];
        double total = 0;
        for (int r = 0; r < storedRows; r++) {
            int label = labels[r % batch];
            for (int c = 0; c < classes; c++) {
                int i = r * classes + c;
                float d = xd[i] - (c == label ? on : off);
                diff[i] = d;
                total += (double) d * d;
            }
        }
        int n = xd.length;
        Tensor out = Tensor.scalar((float) (total / n));
        if (Autograd.isTracking(x)) {
            out.withGradFn(new GradFn("mseToTargets", x) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    // d/dx = 2 (x - target) / N; a time-static input sums T copies of 2d/(T*N_step)
                    float k = 2f * gradOutput.data()[0] / n;
                    float[] gx = new float[n];
                    for (int i = 0; i < n; i++) {
                        gx[i] = k * diff[i];
                    }
                    accumulate(0, storedLike(x, gx));
                }
            });
        }
        return out;
    }
}
