package org.snn4j.core.efficiency;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.snn4j.core.nn.Conv1d;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Module;
import org.snn4j.core.tensor.Tensor;

/**
 * Metrics of a model that need no data, as NeuroBench defines them.
 * <pre>
 *   footprint           = sum over parameters and buffers of (elements x bytes per element)
 *   connection sparsity = zero weights / weights, over the weights (not biases) of every connection layer
 *                         (Linear, Conv1d, Conv2d, including a neuron layer's recurrent Linear)
 * </pre>
 * Tensors here are float32, so the footprint counts 4 bytes per element unless a deployment width is given
 * ({@link #footprintBytes(Module, int)}: 2 for fp16, 1 for int8). A tensor shared by several modules is
 * counted once (PyTorch's {@code parameters()} deduplicates too). Only registered parameters and buffers
 * count: neuron constants that are not trained (a fixed beta or threshold) are not tensors of the model
 * here, whereas snnTorch registers them as buffers, so its footprint of the same network is a few floats
 * per neuron layer larger. NeuroBench rounds the connection sparsity to 4 decimals; this does not.
 */
public final class StaticMetrics {
    private StaticMetrics() {
    }

    /** Bytes of the parameters and buffers at 4 bytes (float32) per element. */
    public static long footprintBytes(Module model) {
        return footprintBytes(model, Float.BYTES);
    }

    /** Bytes of the parameters and buffers at {@code bytesPerElement} bytes per element. */
    public static long footprintBytes(Module model, int bytesPerElement) {
        if (bytesPerElement <= 0) {
            throw new IllegalArgumentException("footprint: bytes per element must be positive, got "
                    + bytesPerElement);
        }
        return elements(model) * bytesPerElement;
    }

    /** Elements of the distinct parameter and buffer tensors. */
    public static long elements(Module model) {
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long n = 0;
        for (Tensor t : model.namedParameters().values()) {
            if (seen.add(t)) {
                n += t.numel();
            }
        }
        for (Tensor t : model.namedBuffers().values()) {
            if (seen.add(t)) {
                n += t.numel();
            }
        }
        return n;
    }

    /** The connection layers of the model (depth first, each instance once). */
    public static List<Module> connectionLayers(Module model) {
        List<Module> out = new ArrayList<>();
        collect(model, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void collect(Module m, List<Module> out, Set<Module> seen) {
        if (!seen.add(m)) {
            return;
        }
        if (weightOf(m) != null) {
            out.add(m);
        }
        for (Map.Entry<String, Module> e : m.children().entrySet()) {
            collect(e.getValue(), out, seen);
        }
    }

    /** The weight of a connection layer, or null for any other module. */
    static Tensor weightOf(Module m) {
        if (m instanceof Linear l) {
            return l.weight();
        }
        if (m instanceof Conv2d c) {
            return c.weight();
        }
        if (m instanceof Conv1d c) {
            return c.weight();
        }
        return null;
    }

    /** Number of zeros in a tensor's stored values. */
    static long zeros(Tensor t) {
        long z = 0;
        for (float v : t.data()) {
            if (v == 0f) {
                z++;
            }
        }
        return z;
    }

    /** Zero weights / weights over all connection layers; 0 when the model has none. */
    public static double connectionSparsity(Module model) {
        long zeros = 0;
        long total = 0;
        for (Module m : connectionLayers(model)) {
            Tensor w = weightOf(m);
            zeros += zeros(w);
            total += w.numel();
        }
        return total == 0 ? 0.0 : (double) zeros / total;
    }
}
