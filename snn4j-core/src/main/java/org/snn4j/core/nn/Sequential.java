package org.snn4j.core.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.snn4j.core.tensor.Tensor;

/**
 * Layers applied in order; children are named "0", "1", ... as in PyTorch. Segments of layers can be marked
 * for gradient checkpointing ({@link #checkpoint(int, int)}) without changing names or indices.
 */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();
    /** Checkpointed segments: first layer -> end (exclusive). */
    private final java.util.TreeMap<Integer, Integer> checkpointed = new java.util.TreeMap<>();

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

    /**
     * Runs layers {@code [from, to)} as one {@link Checkpoint}ed block when training with a graph: their
     * activations are not kept for backward but recomputed there. Segments may not overlap; layers added
     * later can be marked later. Returns this.
     */
    public Sequential checkpoint(int from, int to) {
        if (from < 0 || to > layers.size() || from >= to) {
            throw new IllegalArgumentException("Sequential.checkpoint: segment [" + from + ", " + to
                    + ") is not a non-empty range of the " + layers.size() + " layers");
        }
        java.util.Map.Entry<Integer, Integer> before = checkpointed.floorEntry(to - 1);
        if (before != null && before.getValue() > from) {
            throw new IllegalArgumentException("Sequential.checkpoint: segment [" + from + ", " + to
                    + ") overlaps the checkpointed segment [" + before.getKey() + ", " + before.getValue() + ")");
        }
        checkpointed.put(from, to);
        return this;
    }

    /** The checkpointed segments as {@code {from, to}} pairs, in order. */
    public List<int[]> checkpointSegments() {
        List<int[]> out = new ArrayList<>();
        checkpointed.forEach((from, to) -> out.add(new int[] {from, to}));
        return out;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (checkpointed.isEmpty()) {
            return run(0, layers.size(), input);
        }
        Tensor x = input;
        int i = 0;
        while (i < layers.size()) {
            Integer to = checkpointed.get(i);
            if (to == null) {
                x = run(i, i + 1, x);
                i++;
            } else {
                int from = i;
                x = Checkpoint.apply(layers.subList(from, to), y -> run(from, to, y), x,
                        "checkpoint[" + from + ".." + (to - 1) + "]");
                i = to;
            }
        }
        return x;
    }

    private Tensor run(int from, int to, Tensor input) {
        Tensor x = input;
        for (int i = from; i < to; i++) {
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
