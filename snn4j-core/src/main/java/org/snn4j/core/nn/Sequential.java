package org.snn4j.core.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.snn4j.core.tensor.Tensor;

/** Layers applied in order; children are named "0", "1", ... as in PyTorch. */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... layers) {
        for (Module m : layers) {
            add(m);
        }
    }

    public Sequential add(Module m) {
        registerModule(Integer.toString(layers.size()), m);
        layers.add(m);
        return this;
    }

    /** Replaces layer {@code i} (same name, same position), for model surgery such as batch-norm folding. */
    public Sequential set(int i, Module m) {
        if (i < 0 || i >= layers.size()) {
            throw new IndexOutOfBoundsException("Sequential.set: index " + i + " outside [0, " + layers.size() + ")");
        }
        replaceModule(Integer.toString(i), m);
        layers.set(i, m);
        return this;
    }

    public List<Module> layers() {
        return Collections.unmodifiableList(layers);
    }

    public Module get(int i) {
        return layers.get(i);
    }

    public int size() {
        return layers.size();
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            try {
                x = layers.get(i).call(x);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + i + " (" + layers.get(i) + "): " + e.getMessage(), e);
            }
        }
        return x;
    }

    /** Runs the layers one by one and returns every layer's output (for rasters and firing rates). */
    public List<Tensor> forwardAll(Tensor input) {
        List<Tensor> outs = new ArrayList<>();
        Tensor x = input;
        for (Module m : layers) {
            x = m.call(x);
            outs.add(x);
        }
        return outs;
    }
}
