package org.snn4j.core.optim;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.snn4j.core.tensor.Tensor;

/**
 * Stochastic gradient descent with PyTorch's {@code torch.optim.SGD} semantics. For each
 * parameter {@code p} with gradient {@code g}:
 * <pre>
 *   d = g + weight_decay * p
 *   if momentum != 0:
 *       buf = d                                      (first step)
 *       buf = momentum * buf + (1 - dampening) * d   (later steps)
 *       d = nesterov ? d + momentum * buf : buf
 *   p = p - lr * d
 * </pre>
 * Defaults: momentum 0, dampening 0, nesterov false, weight_decay 0 (lr has no default). Nesterov
 * needs momentum &gt; 0 and dampening 0. State: {@code momentum_buffer/<name>}.
 */
public final class SGD extends AbstractOptimizer {
    public static final String TYPE = "sgd";
    // hyper-parameters kept in double, as PyTorch holds them in Python floats
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;
    private final Map<String, float[]> buffers = new HashMap<>();

    public SGD(Map<String, Tensor> params, float lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
        super(params, lr);
        checkNonNegative("momentum", momentum);
        checkNonNegative("weight_decay", weightDecay);
        if (!Double.isFinite(dampening)) {
            throw new IllegalArgumentException("SGD: dampening must be finite, got " + dampening);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("SGD: nesterov needs momentum > 0 and dampening = 0, got momentum="
                    + momentum + " dampening=" + dampening);
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    /** Plain SGD: {@code p -= lr * g}. */
    public SGD(Map<String, Tensor> params, float lr) {
        this(params, lr, 0, 0, false, 0);
    }

    /** SGD with momentum. */
    public SGD(Map<String, Tensor> params, float lr, double momentum) {
        this(params, lr, momentum, 0, false, 0);
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
            float[] buf = buffers.get(e.getKey());
            boolean first = buf == null;
            if (momentum != 0 && first) {
                buf = new float[w.length];
                buffers.put(e.getKey(), buf);
            }
            // element-wise constants rounded to float as PyTorch's kernels do with Python scalars
            float damp = (float) (1.0 - dampening);
            float mom = (float) momentum;
            float wd = (float) weightDecay;
            float negLr = -lr;
            for (int i = 0; i < w.length; i++) {
                float d = weightDecay != 0 ? g[i] + wd * w[i] : g[i];
                if (momentum != 0) {
                    buf[i] = first ? d : buf[i] * mom + damp * d;
                    d = nesterov ? d + mom * buf[i] : buf[i];
                }
                w[i] = w[i] + negLr * d;
            }
        }
    }

    @Override
    public OptimizerState state() {
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("lr", (double) lr);
        scalars.put("momentum", momentum);
        scalars.put("dampening", dampening);
        scalars.put("nesterov", nesterov ? 1.0 : 0.0);
        scalars.put("weight_decay", weightDecay);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            float[] buf = buffers.get(e.getKey());
            if (buf != null) {
                tensors.put("momentum_buffer/" + e.getKey(), copyOf(buf, e.getValue()));
            }
        }
        return new OptimizerState(TYPE, scalars, tensors);
    }

    /** Restores lr and the momentum buffers; the hyper-parameters given at construction are kept. */
    @Override
    public void loadState(OptimizerState state) {
        checkType(state, TYPE);
        setLearningRate((float) scalar(state, "lr"));
        buffers.clear();
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            float[] buf = loadBuffer(state, "momentum_buffer/" + e.getKey(), e.getValue());
            if (buf != null) {
                buffers.put(e.getKey(), buf);
            }
        }
    }
}
