package org.snn4j.core.optim;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;

/**
 * Adam with PyTorch's {@code torch.optim.Adam} semantics (and {@code AdamW} with
 * {@code decoupled = true}, see {@link AdamW}). For each parameter {@code p} with gradient
 * {@code g}, at its own step count {@code k} (counted from 1, only steps where it had a gradient):
 * <pre>
 *   Adam:  g = g + weight_decay * p            (L2 penalty through the gradient)
 *   AdamW: p = p * (1 - lr * weight_decay)     (decoupled decay)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g * g
 *   vmax = max(vmax, v)                         (amsgrad only; then v below reads vmax)
 *   p = p - (lr / (1 - beta1^k)) * m / (sqrt(v) / sqrt(1 - beta2^k) + eps)
 * </pre>
 * Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0 (AdamW: 1e-2), amsgrad false.
 * State: {@code exp_avg/<name>}, {@code exp_avg_sq/<name>}, {@code max_exp_avg_sq/<name>}
 * (amsgrad) and the per-parameter scalar {@code step/<name>}.
 */
public class Adam extends AbstractOptimizer {
    public static final String TYPE = "adam";
    // hyper-parameters kept in double, as PyTorch holds them in Python floats
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean amsgrad;
    private final boolean decoupled;
    private final Map<String, Slot> slots = new HashMap<>();

    private static final class Slot {
        long step;
        float[] m;
        float[] v;
        float[] vmax;
    }

    protected Adam(Map<String, Tensor> params, float lr, double beta1, double beta2, double eps, double weightDecay,
            boolean amsgrad, boolean decoupled) {
        super(params, lr);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": betas must lie in [0, 1), got ("
                    + beta1 + ", " + beta2 + ")");
        }
        checkNonNegative("eps", eps);
        checkNonNegative("weight_decay", weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
        this.decoupled = decoupled;
    }

    /** Adam with L2 weight decay added to the gradient. */
    public Adam(Map<String, Tensor> params, float lr, double beta1, double beta2, double eps, double weightDecay,
            boolean amsgrad) {
        this(params, lr, beta1, beta2, eps, weightDecay, amsgrad, false);
    }

    /** Adam with the PyTorch defaults and learning rate {@code lr}. */
    public Adam(Map<String, Tensor> params, float lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0.0, false, false);
    }

    /** Adam with all PyTorch defaults (lr 1e-3). */
    public Adam(Map<String, Tensor> params) {
        this(params, 1e-3f);
    }

    protected String type() {
        return TYPE;
    }

    @Override
    public void step() {
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Tensor p = e.getValue();
            float[] g = gradOf(e.getKey(), p);
            if (g == null) {
                continue;
            }
            float[] w = p.data();
            Slot s = slots.computeIfAbsent(e.getKey(), k -> new Slot());
            if (s.m == null) {
                s.m = new float[w.length];
                s.v = new float[w.length];
                if (amsgrad) {
                    s.vmax = new float[w.length];
                }
            }
            s.step++;
            // scalars in double, as PyTorch computes them in Python floats, then rounded to float
            double bc1 = 1.0 - Math.pow(beta1, s.step);
            double bc2 = 1.0 - Math.pow(beta2, s.step);
            float stepSize = (float) (lr / bc1);
            float bc2Sqrt = (float) Math.sqrt(bc2);
            // element-wise constants rounded to float as PyTorch's kernels do with Python scalars
            float decay = decoupled ? (float) (1.0 - (double) lr * weightDecay) : 1f;
            float b1 = (float) beta1;
            float b2 = (float) beta2;
            float b1c = (float) (1.0 - beta1);
            float b2c = (float) (1.0 - beta2);
            float wd = (float) weightDecay;
            float epsF = (float) eps;
            float[] m = s.m;
            float[] v = s.v;
            float[] vmax = s.vmax;
            // elements are independent, so splitting them over threads changes no result
            Parallel.forRange(w.length, 1 << 15, (from, to) -> update(from, to, w, g, m, v, vmax, decay, wd, b1, b1c, b2,
                    b2c, epsF, bc2Sqrt, stepSize));
        }
    }

    private void update(int from, int to, float[] w, float[] g, float[] m, float[] v, float[] vmax, float decay,
            float wd, float b1, float b1c, float b2, float b2c, float epsF, float bc2Sqrt, float stepSize) {
        for (int i = from; i < to; i++) {
            float gi = g[i];
            if (decoupled) {
                if (weightDecay != 0) {
                    w[i] = w[i] * decay;
                }
            } else if (weightDecay != 0) {
                gi = gi + wd * w[i];
            }
            m[i] = m[i] * b1 + b1c * gi;
            v[i] = v[i] * b2 + b2c * gi * gi;
            float vv = v[i];
            if (amsgrad) {
                vmax[i] = Math.max(vmax[i], v[i]);
                vv = vmax[i];
            }
            float denom = (float) Math.sqrt(vv) / bc2Sqrt + epsF;
            w[i] = w[i] + (-stepSize) * (m[i] / denom);
        }
    }

    @Override
    public OptimizerState state() {
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("lr", (double) lr);
        scalars.put("beta1", beta1);
        scalars.put("beta2", beta2);
        scalars.put("eps", eps);
        scalars.put("weight_decay", weightDecay);
        scalars.put("amsgrad", amsgrad ? 1.0 : 0.0);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Slot s = slots.get(e.getKey());
            if (s == null || s.m == null) {
                continue;
            }
            scalars.put("step/" + e.getKey(), (double) s.step);
            tensors.put("exp_avg/" + e.getKey(), copyOf(s.m, e.getValue()));
            tensors.put("exp_avg_sq/" + e.getKey(), copyOf(s.v, e.getValue()));
            if (s.vmax != null) {
                tensors.put("max_exp_avg_sq/" + e.getKey(), copyOf(s.vmax, e.getValue()));
            }
        }
        return new OptimizerState(type(), scalars, tensors);
    }

    /** Restores lr, step counts and moment buffers; the other hyper-parameters given at construction are kept. */
    @Override
    public void loadState(OptimizerState state) {
        checkType(state, type());
        setLearningRate((float) scalar(state, "lr"));
        slots.clear();
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            String name = e.getKey();
            float[] m = loadBuffer(state, "exp_avg/" + name, e.getValue());
            if (m == null) {
                continue;
            }
            Slot s = new Slot();
            s.m = m;
            s.v = loadBuffer(state, "exp_avg_sq/" + name, e.getValue());
            if (s.v == null) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ".loadState: exp_avg/" + name
                        + " is present but exp_avg_sq/" + name + " is missing");
            }
            if (amsgrad) {
                s.vmax = loadBuffer(state, "max_exp_avg_sq/" + name, e.getValue());
                if (s.vmax == null) {
                    s.vmax = new float[m.length];
                }
            }
            s.step = (long) scalar(state, "step/" + name);
            slots.put(name, s);
        }
    }
}
