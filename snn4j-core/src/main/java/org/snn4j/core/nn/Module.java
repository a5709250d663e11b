package org.snn4j.core.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snn4j.core.tensor.Tensor;

/**
 * A layer or a container of layers. Multi-step: {@link #forward} takes a whole sequence
 * {@code [T, B, ...]} (or a time-static tensor) and returns a whole sequence, so a neuron layer
 * runs its time loop inside one kernel.
 *
 * <p>Parameters are registered by name; {@link #namedParameters()} walks children depth-first
 * with dotted names ({@code "0.weight"}, {@code "fc1.bias"}), the names checkpoints use.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private boolean training = true;
    private ForwardHook forwardHook;

    /** Runs the layer on a sequence. */
    public abstract Tensor forward(Tensor input);

    /**
     * {@link #forward} with this module's {@link ForwardHook} (if any) told before and after; containers run
     * their children through it, so a hook set on a child sees every pass through the parent.
     */
    public final Tensor call(Tensor input) {
        ForwardHook h = forwardHook;
        if (h == null) {
            return forward(input);
        }
        h.before(this, input);
        Tensor out = forward(input);
        h.after(this, input, out);
        return out;
    }

    /** Sets (or, with null, removes) the hook {@link #call} reports to; this module only, not its children. */
    public void setForwardHook(ForwardHook hook) {
        this.forwardHook = hook;
    }

    /** The hook set by {@link #setForwardHook}, or null. */
    public ForwardHook forwardHook() {
        return forwardHook;
    }

    /** Registers a trainable parameter under {@code name}; it is marked requiresGrad. */
    protected Tensor registerParameter(String name, Tensor p) {
        if (parameters.containsKey(name) || children.containsKey(name) || buffers.containsKey(name)) {
            throw new IllegalArgumentException("duplicate name '" + name + "' in " + getClass().getSimpleName());
        }
        p.requiresGrad(true).setName(name);
        parameters.put(name, p);
        return p;
    }

    /** Replaces the data of a registered parameter (used when loading checkpoints). */
    protected void replaceParameter(String name, Tensor p) {
        if (!parameters.containsKey(name)) {
            throw new IllegalArgumentException("no parameter '" + name + "' in " + getClass().getSimpleName());
        }
        p.requiresGrad(true).setName(name);
        parameters.put(name, p);
    }

    /**
     * Registers a state tensor that is not trained (batch-norm running statistics) under {@code name};
     * layers update its data in place. Listed by {@link #namedBuffers()}, not by {@link #parameters()}.
     */
    protected Tensor registerBuffer(String name, Tensor b) {
        if (parameters.containsKey(name) || children.containsKey(name) || buffers.containsKey(name)) {
            throw new IllegalArgumentException("duplicate name '" + name + "' in " + getClass().getSimpleName());
        }
        b.setName(name);
        buffers.put(name, b);
        return b;
    }

    /** All buffers (non-trained state), depth-first, with dotted names as {@link #namedParameters()}. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectBuffers("", out);
        return out;
    }

    private void collectBuffers(String prefix, Map<String, Tensor> out) {
        for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
            out.put(prefix + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collectBuffers(prefix + e.getKey() + ".", out);
        }
    }

    /** Registers a child module under {@code name}. */
    protected <M extends Module> M registerModule(String name, M m) {
        if (parameters.containsKey(name) || children.containsKey(name) || buffers.containsKey(name)) {
            throw new IllegalArgumentException("duplicate name '" + name + "' in " + getClass().getSimpleName());
        }
        children.put(name, m);
        return m;
    }

    /**
     * Replaces the child registered as {@code name} by {@code m} (for model surgery such as batch-norm
     * folding); the name keeps its place in the parameter order.
     */
    protected <M extends Module> M replaceModule(String name, M m) {
        if (!children.containsKey(name)) {
            throw new IllegalArgumentException("no child module '" + name + "' in " + getClass().getSimpleName());
        }
        children.put(name, m);
        return m;
    }

    /** This module's own parameters (not its children's). */
    public Map<String, Tensor> ownParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** Direct children by name. */
    public Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** All parameters, depth-first, with dotted names. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out) {
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            out.put(prefix + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collect(prefix + e.getKey() + ".", out);
        }
    }

    /** All parameters in {@link #namedParameters()} order. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /**
     * Copies values into parameters by dotted name; every parameter must be present with the
     * same element count.
     */
    public void loadParameters(Map<String, Tensor> values) {
        Map<String, Tensor> mine = namedParameters();
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            Tensor src = values.get(e.getKey());
            if (src == null) {
                throw new IllegalArgumentException("missing parameter '" + e.getKey() + "' (expected shape "
                        + e.getValue().shapeString() + ")");
            }
            if (!java.util.Arrays.equals(src.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' has shape " + src.shapeString()
                        + " but the model expects " + e.getValue().shapeString());
            }
            System.arraycopy(src.data(), 0, e.getValue().data(), 0, src.storedNumel());
        }
        for (String k : values.keySet()) {
            if (!mine.containsKey(k)) {
                throw new IllegalArgumentException("unexpected parameter '" + k + "' not in the model");
            }
        }
    }

    /**
     * Everything a checkpoint must keep: the parameters ({@link #namedParameters()} order), then the
     * buffers ({@link #namedBuffers()}), by dotted name (names are unique across both).
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = namedParameters();
        out.putAll(namedBuffers());
        return out;
    }

    /**
     * Copies parameters and buffers by dotted name, as saved from {@link #stateDict()}; every one must be
     * present with the model's shape, and no other name may appear.
     */
    public void loadStateDict(Map<String, Tensor> values) {
        Map<String, Tensor> params = new LinkedHashMap<>();
        Map<String, Tensor> buffers = namedBuffers();
        for (Map.Entry<String, Tensor> e : values.entrySet()) {
            if (!buffers.containsKey(e.getKey())) params.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
            Tensor src = values.get(e.getKey());
            if (src == null) {
                throw new IllegalArgumentException("missing buffer '" + e.getKey() + "' (expected shape "
                        + e.getValue().shapeString() + ")");
            }
            if (!java.util.Arrays.equals(src.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("buffer '" + e.getKey() + "' has shape " + src.shapeString()
                        + " but the model expects " + e.getValue().shapeString());
            }
        }
        loadParameters(params);
        for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
            Tensor src = values.get(e.getKey());
            System.arraycopy(src.data(), 0, e.getValue().data(), 0, src.storedNumel());
        }
    }

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        for (Tensor p : namedParameters().values()) {
            p.zeroGrad();
        }
    }

    /** Training mode (the default) or evaluation mode, for this module and its children. */
    public Module train(boolean on) {
        training = on;
        for (Module c : children.values()) {
            c.train(on);
        }
        return this;
    }

    public boolean isTraining() {
        return training;
    }

    /** A short description, one line per layer. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        describe("", sb);
        return sb.toString();
    }

    private void describe(String indent, StringBuilder sb) {
        sb.append(indent).append(this).append('\n');
        for (Map.Entry<String, Module> e : children.entrySet()) {
            sb.append(indent).append("  (").append(e.getKey()).append(")\n");
            e.getValue().describe(indent + "    ", sb);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
