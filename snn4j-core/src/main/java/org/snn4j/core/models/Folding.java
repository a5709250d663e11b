package org.snn4j.core.models;

import java.util.ArrayList;
import java.util.List;

import org.snn4j.core.nn.BatchNorm;
import org.snn4j.core.nn.BatchNorm1d;
import org.snn4j.core.nn.BatchNorm2d;
import org.snn4j.core.nn.BatchNormFolding;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Identity;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * Batch-norm folding of a whole model for inference. In every {@link Sequential} of the model (nested ones
 * included: residual branches, shortcuts, stages), a {@link Conv2d} directly followed by a {@link BatchNorm2d}, or
 * a {@link Linear} directly followed by a {@link BatchNorm1d}, is replaced by one layer of the same geometry with
 * a bias, whose weight and bias are {@link BatchNormFolding}'s
 * <pre>
 *   W'[o, :] = W[o, :] * gamma_o * k / sqrt(running_var_o + eps),   b'[o] = beta_o + (b[o] - running_mean_o) * ...
 * </pre>
 * and the batch norm by an {@link Identity}, so layer indices (and the names of the other parameters) stay the
 * same. The model is changed in place and left in evaluation mode; its output equals that of the unfolded model in
 * evaluation mode up to float rounding. Batch norms with statistics per time step ({@code BatchNormThroughTime})
 * or that do not follow a foldable layer are left as they are ({@link #batchNormLayers} lists what remains).
 */
public final class Folding {
    private Folding() {
    }

    /** Folds every foldable batch norm of {@code model} (in place) and returns the model, in evaluation mode. */
    public static <M extends Module> M foldBatchNorm(M model) {
        model.train(false);
        fold(model);
        model.train(false);
        return model;
    }

    private static void fold(Module m) {
        if (m instanceof Sequential seq) {
            for (int i = 0; i + 1 < seq.size(); i++) {
                Module a = seq.get(i);
                Module b = seq.get(i + 1);
                Module folded = null;
                if (a.getClass() == Conv2d.class && b instanceof BatchNorm2d bn) {
                    folded = foldConv((Conv2d) a, bn);
                } else if (a.getClass() == Linear.class && b instanceof BatchNorm1d bn) {
                    folded = foldLinear((Linear) a, bn);
                }
                if (folded != null) {
                    seq.set(i, folded);
                    seq.set(i + 1, new Identity());
                    i++;
                }
            }
        }
        for (Module c : m.children().values()) {
            fold(c);
        }
    }

    private static Conv2d foldConv(Conv2d conv, BatchNorm bn) {
        BatchNormFolding.Folded f = BatchNormFolding.fold(conv.weight().data(),
                conv.bias() == null ? null : conv.bias().data(), conv.outChannels(), bn);
        Conv2d out = new Conv2d(conv.inChannels(), conv.outChannels(), conv.kernelSize(), conv.stride(),
                conv.padding(), conv.dilation(), conv.groups(), true, new Rng(0));
        copy(f.weight(), out.weight());
        copy(f.bias(), out.bias());
        return out;
    }

    private static Linear foldLinear(Linear lin, BatchNorm bn) {
        int outF = lin.weight().size(0);
        int inF = lin.weight().size(1);
        BatchNormFolding.Folded f = BatchNormFolding.fold(lin.weight().data(),
                lin.bias() == null ? null : lin.bias().data(), outF, bn);
        Linear out = new Linear(inF, outF, true, new Rng(0));
        copy(f.weight(), out.weight());
        copy(f.bias(), out.bias());
        return out;
    }

    private static void copy(float[] src, Tensor dst) {
        System.arraycopy(src, 0, dst.data(), 0, src.length);
    }

    /** The dotted names of the batch-norm layers in {@code model} (after folding: those that could not be folded). */
    public static List<String> batchNormLayers(Module model) {
        List<String> out = new ArrayList<>();
        collect("", model, out);
        return out;
    }

    private static void collect(String name, Module m, List<String> out) {
        if (m instanceof BatchNorm) {
            out.add(name.isEmpty() ? "(root)" : name);
        }
        for (var e : m.children().entrySet()) {
            collect(name.isEmpty() ? e.getKey() : name + "." + e.getKey(), e.getValue(), out);
        }
    }
}
