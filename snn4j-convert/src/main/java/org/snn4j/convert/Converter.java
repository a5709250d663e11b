package org.snn4j.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.nn.AdaptiveAvgPool2d;
import org.snn4j.core.nn.AvgPool2d;
import org.snn4j.core.nn.BatchNorm;
import org.snn4j.core.nn.BatchNorm1d;
import org.snn4j.core.nn.BatchNorm2d;
import org.snn4j.core.nn.BatchNormFolding;
import org.snn4j.core.nn.ClippedReLU;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Dropout;
import org.snn4j.core.nn.Flatten;
import org.snn4j.core.nn.ForwardHook;
import org.snn4j.core.nn.Identity;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.MaxPool2d;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.QCFS;
import org.snn4j.core.nn.ReLU;
import org.snn4j.core.nn.Residual;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.nn.SewFunction;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * ANN-to-SNN conversion (Cao et al. 2015, Diehl et al. 2015, Rueckauer et al. 2017; Bu et al. 2022 for QCFS). The
 * ANN is a tree of {@link Sequential}s and plain-add {@link Residual}s over these layers:
 * <pre>
 *   Conv2d, Linear                     copied (a bias is a constant input current at every step)
 *   Conv2d/Linear + BatchNorm2d/1d     folded into one layer (BatchNormFolding, evaluation statistics)
 *   AvgPool2d, AdaptiveAvgPool2d       kept: fixed weights on the spikes
 *   Flatten(d)                         Flatten(d + 1) (the SNN has a time dimension in front)
 *   Identity, Dropout                  Identity
 *   ReLU, ClippedReLU                  IFNeuron, threshold from the normalisation
 *   QCFS                               IFNeuron, threshold lambda
 *   Residual(branch, shortcut, ADD, post)   the same join on the converted parts
 * </pre>
 * Anything else (max pooling, an unfolded batch norm, SEW joins, spiking layers) is refused with its dotted name.
 * The SNN reads the analog input at every step (no encoding); its output is the last layer's current, whose sum
 * over steps is the membrane of a non-firing read-out, compared across classes at each step by {@link #evaluate}.
 *
 * <p>Spikes carry their threshold ({@link IFNeuron}), so every current is in ANN units and both inputs of a
 * residual add stay on the same scale: no rescaling of branches is needed, which is the consistent rescaling of
 * a weight-normalised network ({@code W_l * theta_{l-1} / theta_l}, unit thresholds) written the other way round.
 *
 * <p>Normalisation ({@link Normalization}): the calibration set runs through the ANN in evaluation mode, each
 * ReLU / clipped ReLU output is recorded; the threshold is its maximum or the p-th percentile of its non-zero
 * values, per layer or per channel (a channel that never fires takes the layer's value). Model-based max needs
 * no statistics: interval arithmetic over the (folded) weights from the calibration input range. The ANN itself
 * is not changed (its training mode is restored).
 */
public final class Converter {
    private Converter() {
    }

    /** Converts with {@link ConversionConfig#defaults()}. */
    public static ConvertedNetwork convert(Module ann, List<Tensor> calibration) {
        return convert(ann, calibration, ConversionConfig.defaults());
    }

    /**
     * Converts {@code ann}; {@code calibration} holds ANN input batches {@code [B, ...]} of one sample shape.
     *
     * @throws IllegalArgumentException for an empty calibration set, inconsistent calibration shapes, a layer that
     *                                  cannot be converted (named), or an activation never positive on the set
     */
    public static ConvertedNetwork convert(Module ann, List<Tensor> calibration, ConversionConfig cfg) {
        if (ann == null || cfg == null) {
            throw new IllegalArgumentException("Converter: the ANN and the configuration must be given");
        }
        if (calibration == null || calibration.isEmpty()) {
            throw new IllegalArgumentException("Converter: the calibration set is empty; at least one batch [B, ...]"
                    + " of ANN inputs is needed (thresholds come from it, and it fixes the input shape)");
        }
        int[] sample = null;
        float lo = 0f;
        float hi = 0f;
        for (int i = 0; i < calibration.size(); i++) {
            Tensor x = calibration.get(i);
            if (x == null || x.rank() < 2 || x.size(0) == 0 || x.isTimeStatic()) {
                throw new IllegalArgumentException("Converter: calibration batch " + i + " must be a non-empty ANN batch"
                        + " [B, ...] of rank >= 2, got " + (x == null ? "null" : x.shapeString()));
            }
            int[] s = Arrays.copyOfRange(x.shape(), 1, x.rank());
            if (sample == null) {
                sample = s;
            } else if (!Arrays.equals(sample, s)) {
                throw new IllegalArgumentException("Converter: calibration batch " + i + " has samples of shape "
                        + Arrays.toString(s) + " but batch 0 has " + Arrays.toString(sample));
            }
            for (float v : x.data()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        check(ann, "");
        boolean wasTraining = ann.isTraining();
        ann.train(false);
        try {
            Map<Module, ActivationStats> stats = cfg.normalization() == Normalization.MODEL_MAX
                    ? new IdentityHashMap<>() : calibrate(ann, calibration, cfg);
            Walk w = new Walk(cfg, stats);
            Module snn = w.convert(ann, "", new Range(lo, hi)).module;
            return new ConvertedNetwork(snn, sample, w.layers);
        } finally {
            ann.train(wasTraining);
        }
    }

    // ---- structure check (before any work) ----

    private static String name(String path) {
        return path.isEmpty() ? "(root)" : path;
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static void check(Module m, String path) {
        if (m instanceof Sequential seq) {
            for (int i = 0; i < seq.size(); i++) {
                Module c = seq.get(i);
                if (c instanceof BatchNorm && !(i > 0 && foldable(seq.get(i - 1), c))) {
                    throw new IllegalArgumentException("Converter: batch norm '" + child(path, Integer.toString(i))
                            + "' (" + c + ") does not directly follow a Conv2d (BatchNorm2d) or Linear (BatchNorm1d)"
                            + " and cannot be folded");
                }
                if (!(c instanceof BatchNorm)) {
                    check(c, child(path, Integer.toString(i)));
                }
            }
            return;
        }
        if (m instanceof Residual r) {
            if (r.join() != SewFunction.ADD) {
                throw new IllegalArgumentException("Converter: residual block '" + name(path) + "' joins with "
                        + r.join() + "; only the plain add converts");
            }
            check(r.branch(), child(path, "branch"));
            if (r.shortcut() != null) {
                check(r.shortcut(), child(path, "shortcut"));
            }
            if (r.post() != null) {
                check(r.post(), child(path, "post"));
            }
            return;
        }
        if (m instanceof MaxPool2d) {
            throw new IllegalArgumentException("Converter: layer '" + name(path) + "' (" + m + ") is a max pool, which"
                    + " has no rate-preserving IF form here; train the ANN with average pooling");
        }
        if (m instanceof BatchNorm) {
            throw new IllegalArgumentException("Converter: batch norm '" + name(path) + "' (" + m + ") does not follow"
                    + " a Conv2d or Linear in a Sequential and cannot be folded");
        }
        boolean known = m.getClass() == Conv2d.class || m.getClass() == Linear.class || m instanceof AvgPool2d
                || m instanceof AdaptiveAvgPool2d || m instanceof Flatten || m instanceof Identity
                || m instanceof Dropout || m instanceof ReLU || m instanceof ClippedReLU || m instanceof QCFS;
        if (!known) {
            throw new IllegalArgumentException("Converter: layer '" + name(path) + "' (" + m + ", "
                    + m.getClass().getSimpleName() + ") cannot be converted (supported: Conv2d, Linear, batch norm"
                    + " after them, AvgPool2d, AdaptiveAvgPool2d, Flatten, Identity, Dropout, ReLU, ClippedReLU, QCFS,"
                    + " Sequential, plain-add Residual)");
        }
    }

    private static boolean foldable(Module a, Module bn) {
        return (a.getClass() == Conv2d.class && bn instanceof BatchNorm2d)
                || (a.getClass() == Linear.class && bn instanceof BatchNorm1d);
    }

    // ---- calibration ----

    private static Map<Module, ActivationStats> calibrate(Module ann, List<Tensor> calibration, ConversionConfig cfg) {
        Map<Module, ActivationStats> stats = new IdentityHashMap<>();
        Map<Module, String> paths = new IdentityHashMap<>();
        collectActivations(ann, "", paths);
        Map<Module, ForwardHook> previous = new IdentityHashMap<>();
        boolean keep = cfg.normalization() == Normalization.PERCENTILE;
        for (Map.Entry<Module, String> e : paths.entrySet()) {
            Module m = e.getKey();
            ForwardHook prev = m.forwardHook();
            previous.put(m, prev);
            stats.put(m, new ActivationStats(keep));
            m.setForwardHook(new ForwardHook() {
                @Override
                public void before(Module module, Tensor input) {
                    if (prev != null) {
                        prev.before(module, input);
                    }
                }

                @Override
                public void after(Module module, Tensor input, Tensor output) {
                    if (prev != null) {
                        prev.after(module, input, output);
                    }
                    stats.get(module).add(paths.get(module), output);
                }
            });
        }
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (int i = 0; i < calibration.size(); i++) {
                Tensor x = calibration.get(i);
                try {
                    ann.call(x);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("Converter: the ANN rejects calibration batch " + i + " of shape "
                            + x.shapeString() + ": " + ex.getMessage(), ex);
                }
            }
        } finally {
            for (Map.Entry<Module, ForwardHook> e : previous.entrySet()) {
                e.getKey().setForwardHook(e.getValue());
            }
        }
        return stats;
    }

    private static void collectActivations(Module m, String path, Map<Module, String> out) {
        if (m instanceof ReLU || m instanceof ClippedReLU) {
            out.putIfAbsent(m, name(path));
        }
        for (Map.Entry<String, Module> e : m.children().entrySet()) {
            collectActivations(e.getValue(), child(path, e.getKey()), out);
        }
    }

    // ---- the conversion walk ----

    /** A closed interval holding every value a signal can take (for model-based normalisation). */
    private record Range(double lo, double hi) {
        Range plus(Range o) {
            return new Range(lo + o.lo, hi + o.hi);
        }
    }

    private record Converted(Module module, Range range) {
    }

    private static final class Walk {
        final ConversionConfig cfg;
        final Map<Module, ActivationStats> stats;
        final List<ConvertedNetwork.Layer> layers = new ArrayList<>();

        Walk(ConversionConfig cfg, Map<Module, ActivationStats> stats) {
            this.cfg = cfg;
            this.stats = stats;
        }

        Converted convert(Module m, String path, Range in) {
            if (m instanceof Sequential seq) {
                Sequential out = new Sequential();
                Range r = in;
                for (int i = 0; i < seq.size(); i++) {
                    Module c = seq.get(i);
                    String p = child(path, Integer.toString(i));
                    Converted k;
                    if (i + 1 < seq.size() && foldable(c, seq.get(i + 1))) {
                        k = affine(fold(c, (BatchNorm) seq.get(i + 1)), r);
                        out.add(k.module);
                        out.add(new Identity());
                        i++;
                    } else {
                        k = convert(c, p, r);
                        out.add(k.module);
                    }
                    r = k.range;
                }
                return new Converted(out, r);
            }
            if (m instanceof Residual res) {
                Converted a = convert(res.branch(), child(path, "branch"), in);
                Converted s = res.shortcut() == null ? new Converted(null, in)
                        : convert(res.shortcut(), child(path, "shortcut"), in);
                Range sum = a.range.plus(s.range);
                Converted post = res.post() == null ? new Converted(null, sum)
                        : convert(res.post(), child(path, "post"), sum);
                return new Converted(new Residual(a.module, s.module, SewFunction.ADD, post.module), post.range);
            }
            if (m.getClass() == Conv2d.class || m.getClass() == Linear.class) {
                return affine(copy(m), in);
            }
            if (m instanceof AvgPool2d || m instanceof AdaptiveAvgPool2d) {
                return new Converted(m, in);
            }
            if (m instanceof Flatten f) {
                return new Converted(new Flatten(f.startDim() + 1), in);
            }
            if (m instanceof Identity || m instanceof Dropout) {
                return new Converted(new Identity(), in);
            }
            if (m instanceof QCFS q) {
                return neuron(path, m.toString(), new float[] {q.lambda()}, in, q.lambda());
            }
            if (m instanceof ReLU || m instanceof ClippedReLU) {
                double cap = m instanceof ClippedReLU c ? c.max() : Double.POSITIVE_INFINITY;
                float[] th = cfg.normalization() == Normalization.MODEL_MAX
                        ? new float[] {(float) Math.min(in.hi, cap)} : fromStats(m, path);
                if (!(th[0] > 0)) {
                    throw new IllegalArgumentException("Converter: activation '" + name(path) + "' can never be"
                            + " positive (its input is at most " + in.hi + "), so it has no threshold");
                }
                return neuron(path, m.toString(), th, in, cap);
            }
            throw new IllegalArgumentException("Converter: layer '" + name(path) + "' (" + m + ") cannot be converted");
        }

        Converted neuron(String path, String what, float[] th, Range in, double cap) {
            IFNeuron n = new IFNeuron(th, cfg.reset(), cfg.membraneOffset());
            layers.add(new ConvertedNetwork.Layer(name(path), what, n));
            return new Converted(n, new Range(0, Math.max(0, Math.min(in.hi, cap))));
        }

        float[] fromStats(Module m, String path) {
            ActivationStats s = stats.get(m);
            if (s == null || s.channels() == 0) {
                throw new IllegalArgumentException("Converter: activation '" + name(path) + "' was not reached by the"
                        + " calibration pass");
            }
            boolean pct = cfg.normalization() == Normalization.PERCENTILE;
            float layer = pct ? s.percentile(cfg.percentile()) : s.max();
            if (!(layer > 0)) {
                throw new IllegalArgumentException("Converter: activation '" + name(path) + "' is never positive on the"
                        + " calibration set, so no threshold can be derived for it");
            }
            if (!cfg.perChannel()) {
                return new float[] {layer};
            }
            float[] th = new float[s.channels()];
            for (int c = 0; c < th.length; c++) {
                float v = pct ? s.percentile(c, cfg.percentile()) : s.max(c);
                th[c] = v > 0 ? v : layer;
            }
            return th;
        }
    }

    /** The interval of a Conv2d/Linear output given the input's (zero padding included in the input range). */
    private static Converted affine(Module m, Range in) {
        Tensor w = m instanceof Conv2d c ? c.weight() : ((Linear) m).weight();
        Tensor b = m instanceof Conv2d c ? c.bias() : ((Linear) m).bias();
        int outs = w.size(0);
        int fan = w.numel() / outs;
        float[] wd = w.data();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double inLo = Math.min(0, in.lo);
        double inHi = Math.max(0, in.hi);
        for (int o = 0; o < outs; o++) {
            double h = b == null ? 0 : b.data()[o];
            double l = h;
            for (int j = 0; j < fan; j++) {
                double v = wd[o * fan + j];
                h += v > 0 ? v * inHi : v * inLo;
                l += v > 0 ? v * inLo : v * inHi;
            }
            hi = Math.max(hi, h);
            lo = Math.min(lo, l);
        }
        // every input of a convolution window covers all of its weights only in the interior; the interval of the
        // full sum bounds the partial sums at the border as well, since every term's interval contains 0
        return new Converted(m, new Range(lo, hi));
    }

    private static Module fold(Module layer, BatchNorm bn) {
        if (layer instanceof Conv2d conv) {
            BatchNormFolding.Folded f = BatchNormFolding.fold(conv.weight().data(),
                    conv.bias() == null ? null : conv.bias().data(), conv.outChannels(), bn);
            return conv2d(conv, f.weight(), f.bias());
        }
        Linear lin = (Linear) layer;
        BatchNormFolding.Folded f = BatchNormFolding.fold(lin.weight().data(),
                lin.bias() == null ? null : lin.bias().data(), lin.outFeatures(), bn);
        return linear(lin, f.weight(), f.bias());
    }

    private static Module copy(Module m) {
        if (m instanceof Conv2d c) {
            return conv2d(c, c.weight().data(), c.bias() == null ? null : c.bias().data());
        }
        Linear l = (Linear) m;
        return linear(l, l.weight().data(), l.bias() == null ? null : l.bias().data());
    }

    private static Conv2d conv2d(Conv2d c, float[] w, float[] b) {
        Conv2d out = new Conv2d(c.inChannels(), c.outChannels(), c.kernelSize(), c.stride(), c.padding(), c.dilation(),
                c.groups(), b != null, new Rng(0));
        System.arraycopy(w, 0, out.weight().data(), 0, w.length);
        if (b != null) {
            System.arraycopy(b, 0, out.bias().data(), 0, b.length);
        }
        return out;
    }

    private static Linear linear(Linear l, float[] w, float[] b) {
        Linear out = new Linear(l.inFeatures(), l.outFeatures(), b != null, new Rng(0));
        System.arraycopy(w, 0, out.weight().data(), 0, w.length);
        if (b != null) {
            System.arraycopy(b, 0, out.bias().data(), 0, b.length);
        }
        return out;
    }

    // ---- evaluation ----

    /**
     * Accuracy of the converted network at every {@code t = 1..T} in one run per batch: the output current
     * {@code [T, B, K]} is summed over steps (the read-out membrane {@code M[t] = sum_{s<=t} I[s]}) and the
     * predicted class at t is the argmax of {@code M[t]} (ties to the lowest index). Returns {@code acc[t-1]}.
     */
    public static double[] evaluate(ConvertedNetwork snn, Iterable<Batch> data, int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("Converter.evaluate: T must be positive, got " + steps);
        }
        long[] correct = new long[steps];
        long total = 0;
        for (Batch b : data) {
            Tensor out = snn.run(b.x(), steps);
            int batch = b.labels().length;
            int k = out.numel() / steps / batch;
            float[] d = out.data();
            float[] mem = new float[batch * k];
            for (int t = 0; t < steps; t++) {
                int off = t * batch * k;
                for (int i = 0; i < batch * k; i++) {
                    mem[i] += d[off + i];
                }
                for (int s = 0; s < batch; s++) {
                    if (argmax(mem, s * k, k) == b.labels()[s]) {
                        correct[t]++;
                    }
                }
            }
            total += batch;
        }
        if (total == 0) {
            throw new IllegalArgumentException("Converter.evaluate: the evaluation set is empty");
        }
        double[] acc = new double[steps];
        for (int t = 0; t < steps; t++) {
            acc[t] = (double) correct[t] / total;
        }
        return acc;
    }

    /** Accuracy of the ANN itself (evaluation mode, restored afterwards) on {@code data}, for comparison. */
    public static double annAccuracy(Module ann, Iterable<Batch> data) {
        boolean wasTraining = ann.isTraining();
        ann.train(false);
        long correct = 0;
        long total = 0;
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (Batch b : data) {
                Tensor out = ann.forward(b.x());
                int batch = b.labels().length;
                int k = out.numel() / batch;
                float[] d = out.data();
                for (int s = 0; s < batch; s++) {
                    if (argmax(d, s * k, k) == b.labels()[s]) {
                        correct++;
                    }
                }
                total += batch;
            }
        } finally {
            ann.train(wasTraining);
        }
        if (total == 0) {
            throw new IllegalArgumentException("Converter.annAccuracy: the evaluation set is empty");
        }
        return (double) correct / total;
    }

    private static int argmax(float[] v, int off, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (v[off + j] > v[off + best]) {
                best = j;
            }
        }
        return best;
    }
}
