package org.snn4j.core.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.snn4j.core.tensor.Tensor;

/**
 * Shared plumbing for optimisers over named parameters: the parameter map (iteration order is the
 * map's), the learning rate, gradient clearing, and copying buffers in and out of
 * {@link OptimizerState}. Buffers are keyed {@code "<buffer>/<parameter name>"}; saved buffers are
 * copies, so a saved state is not changed by later steps.
 */
public abstract class AbstractOptimizer implements Optimizer {
    protected final Map<String, Tensor> params;
    protected float lr;

    protected AbstractOptimizer(Map<String, Tensor> params, float lr) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": params is empty");
        }
        checkNonNegative("lr", lr);
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.lr = lr;
    }

    protected final void checkNonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + what + " must be finite and >= 0, got " + v);
        }
    }

    /** The parameters by name (unmodifiable). */
    public Map<String, Tensor> parameters() {
        return params;
    }

    @Override
    public void zeroGrad() {
        for (Tensor p : params.values()) {
            p.zeroGrad();
        }
    }

    @Override
    public float learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(float lr) {
        checkNonNegative("lr", lr);
        this.lr = lr;
    }

    /** The parameter's gradient array, or null when it has none; checks its size. */
    protected final float[] gradOf(String name, Tensor p) {
        Tensor g = p.grad();
        if (g == null) {
            return null;
        }
        if (g.storedNumel() != p.storedNumel()) {
            throw new IllegalStateException(getClass().getSimpleName() + ": gradient of '" + name + "' has "
                    + g.storedNumel() + " elements but the parameter has shape " + p.shapeString());
        }
        return g.data();
    }

    protected static Tensor copyOf(float[] buf, Tensor like) {
        return Tensor.of(buf.clone(), like.shape());
    }

    /** Checks the type and returns the state's scalar {@code key}, which must be present. */
    protected final double scalar(OptimizerState s, String key) {
        Double v = s.scalars().get(key);
        if (v == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadState: scalar '" + key
                    + "' is missing (has " + s.scalars().keySet() + ")");
        }
        return v;
    }

    protected final void checkType(OptimizerState s, String type) {
        if (s == null || !type.equals(s.type())) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadState: state type is "
                    + (s == null ? "null" : "'" + s.type() + "'") + ", expected '" + type + "'");
        }
        for (String key : s.tensors().keySet()) {
            int slash = key.indexOf('/');
            String pname = slash < 0 ? key : key.substring(slash + 1);
            if (!params.containsKey(pname)) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ".loadState: buffer '" + key
                        + "' names no parameter of this optimiser (parameters: " + params.keySet() + ")");
            }
        }
    }

    /** A copy of buffer {@code key} from {@code s}, checked against parameter {@code p}, or null. */
    protected final float[] loadBuffer(OptimizerState s, String key, Tensor p) {
        Tensor t = s.tensors().get(key);
        if (t == null) {
            return null;
        }
        if (t.storedNumel() != p.storedNumel()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadState: buffer '" + key + "' has shape "
                    + t.shapeString() + " but the parameter has shape " + p.shapeString());
        }
        return t.data().clone();
    }
}
