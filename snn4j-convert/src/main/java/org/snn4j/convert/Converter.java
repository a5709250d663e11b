package org.snn4j.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.core.nn.Add;
import org.snn4j.core.nn.AdaptiveAvgPool2d;
import org.snn4j.core.nn.AvgPool2d;
import org.snn4j.core.nn.BatchNorm;
import org.snn4j.core.nn.BatchNorm1d;
import org.snn4j.core.nn.BatchNorm2d;
import org.snn4j.core.nn.BatchNormFolding;
import org.snn4j.core.nn.BatchNormThroughTime;
import org.snn4j.core.nn.ClippedReLU;
import org.snn4j.core.nn.Conv1d;
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
import org.snn4j.core.nn.SpikingMaxPool2d;
import org.snn4j.core.nn.VotingLayer;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * ANN-to-SNN conversion (Cao et al. 2015, Diehl et al. 2015, Rueckauer et al. 2017; Bu et al. 2022 for QCFS). The
 * ANN is a tree of {@link Sequential}s and plain-add {@link Residual}s over these layers:
 * <pre>
 *   Conv2d, Linear                     copied (a bias is a constant input current at every step)
 *   Conv2d/Linear + BatchNorm2d/1d     folded into one layer (BatchNormFolding, evaluation statistics)
 *   AvgPool2d, AdaptiveAvgPool2d       kept: fixed weights on the spikes
 *   ReLU/ClippedReLU/QCFS + MaxPool2d  IFNeuron, then a spiking max pool gated by the IF input current or spike
 *   MaxPool2d + ReLU/ClippedReLU/QCFS  count (ConvertedMaxPool; the two orders are the same function)
 *   MaxPool2d elsewhere                spiking max pool gated by its own accumulated input
 *   Flatten(d)                         Flatten(d + 1) (the SNN has a time dimension in front)
 *   Identity, Dropout                  Identity
 *   ReLU, ClippedReLU                  IFNeuron, threshold from the normalisation
 *   QCFS                               IFNeuron, threshold lambda
 *   Residual(branch, shortcut, ADD, post)   the same join on the converted parts
 * </pre>
 * Anything else (an unfolded batch norm, SEW joins, spiking layers, ...) is refused with its dotted name and the
 * reason. The SNN reads the analog input at every step by default, or Poisson spikes ({@link InputEncoding}); its
 * output is the last layer's current, whose sum over steps is the membrane of a non-firing read-out, or an IF
 * read-out layer's spikes ({@link Readout}), compared across classes at each step by {@link #evaluate}.
 *
 * <p>Spikes carry their threshold ({@link IFNeuron}), so every current is in ANN units and both inputs of a
 * residual add stay on the same scale: no rescaling of branches is needed, which is the consistent rescaling of
 * a weight-normalised network ({@code W_l * theta_{l-1} / theta_l}, unit thresholds) written the other way round.
 *
 * <p>Normalisation ({@link Normalization}): the calibration set runs through the ANN in evaluation mode, each
 * ReLU / clipped ReLU output is recorded; the threshold is its maximum or the p-th percentile of its non-zero
 * values, per layer or per channel (a channel that never fires takes the layer's value). Model-based max needs
 * no statistics: interval arithmetic over the (folded) weights from the calibration input range. The ANN itself
 * is not changed (its training mode is restored). {@link #searchPercentile} compares percentiles on a validation
 * set; {@link #convert(Module, int[], Map, ConversionConfig)} rebuilds a network from thresholds saved with
 * {@link ConvertedNetwork#thresholds()}, without a calibration set.
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
        return convertEach(ann, calibration, cfg, null).get(0);
    }

    /**
     * One calibration pass, then one network per percentile ({@code cfg} as it is when {@code percentiles} is
     * null).
     */
    private static List<ConvertedNetwork> convertEach(Module ann, List<Tensor> calibration, ConversionConfig cfg,
            double[] percentiles) {
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
            boolean data = cfg.normalization() != Normalization.MODEL_MAX;
            ActivationStats output = data && cfg.readout() == Readout.SPIKE_COUNT
                    ? new ActivationStats(cfg.normalization() == Normalization.PERCENTILE) : null;
            Map<Module, ActivationStats> stats = data ? calibrate(ann, calibration, cfg, output)
                    : new IdentityHashMap<>();
            List<ConvertedNetwork> nets = new ArrayList<>();
            for (double p : percentiles == null ? new double[] {cfg.percentile()} : percentiles) {
                Walk w = new Walk(percentiles == null ? cfg : cfg.withPercentile(p), stats);
                w.output = output;
                nets.add(w.build(ann, sample, new Range(lo, hi)));
            }
            return nets;
        } finally {
            ann.train(wasTraining);
        }
    }

    /**
     * Converts {@code ann} with given thresholds instead of a calibration set: {@code thresholds} maps each
     * activation's dotted path ({@link ConvertedNetwork.Layer#path()}, as {@link ConvertedNetwork#thresholds()}
     * returns them) to one threshold or one per channel (dimension 1 of its ANN output), plus
     * {@link ConvertedNetwork#OUTPUT_PATH} for a {@link Readout#SPIKE_COUNT} read-out. A QCFS layer without an entry
     * takes its lambda. The normalisation settings of {@code cfg} are not used; reset, offset, max-pool gate, input
     * and read-out are. With the ANN of a checkpoint and the thresholds of an earlier conversion this gives the same
     * network. {@code sampleShape} is one input sample ({@code [C, H, W]}); a zero batch of it runs once through the
     * ANN to check the shape and count channels.
     *
     * @throws IllegalArgumentException naming the path for a missing, non-positive or wrongly sized threshold, and
     *                                  listing thresholds whose path is no activation of the ANN
     */
    public static ConvertedNetwork convert(Module ann, int[] sampleShape, Map<String, float[]> thresholds,
            ConversionConfig cfg) {
        if (ann == null || cfg == null || sampleShape == null || thresholds == null) {
            throw new IllegalArgumentException("Converter: the ANN, the sample shape, the thresholds and the"
                    + " configuration must be given");
        }
        if (sampleShape.length == 0) {
            throw new IllegalArgumentException("Converter: the sample shape must have at least one dimension");
        }
        for (int d : sampleShape) {
            if (d <= 0) {
                throw new IllegalArgumentException("Converter: sample shape " + Arrays.toString(sampleShape)
                        + " has a dimension that is not positive");
            }
        }
        check(ann, "");
        boolean wasTraining = ann.isTraining();
        ann.train(false);
        try {
            Walk w = new Walk(cfg, new IdentityHashMap<>());
            w.given = thresholds;
            w.channels = activationChannels(ann, sampleShape);
            return w.build(ann, sampleShape.clone(), new Range(0, 0));
        } finally {
            ann.train(wasTraining);
        }
    }

    /**
     * Accuracies of conversions at several percentiles (robust normalisation, Rueckauer et al. 2017): one
     * calibration pass, then for each candidate p the network of {@code cfg.withPercentile(p)} is evaluated on
     * {@code validation} ({@link #evaluate}); the best is the highest accuracy at {@code t = T}, ties to the
     * earlier candidate. Typical candidates: 99, 99.9, 99.99, 100 (the data-based max). Use a validation set that
     * is not the test set.
     */
    public static PercentileSearch searchPercentile(Module ann, List<Tensor> calibration, Iterable<Batch> validation,
            double[] percentiles, int steps, ConversionConfig cfg) {
        if (percentiles == null || percentiles.length == 0) {
            throw new IllegalArgumentException("Converter.searchPercentile: at least one candidate percentile is"
                    + " needed");
        }
        for (double p : percentiles) {
            if (!(p > 0 && p <= 100)) {
                throw new IllegalArgumentException("Converter.searchPercentile: percentile must be in (0, 100], got "
                        + p);
            }
        }
        if (steps <= 0) {
            throw new IllegalArgumentException("Converter.searchPercentile: T must be positive, got " + steps);
        }
        if (cfg == null) {
            throw new IllegalArgumentException("Converter.searchPercentile: the configuration must be given");
        }
        List<ConvertedNetwork> nets = convertEach(ann, calibration, cfg.withPercentile(percentiles[0]), percentiles);
        double[][] curves = new double[percentiles.length][];
        double[] acc = new double[percentiles.length];
        int best = 0;
        for (int k = 0; k < nets.size(); k++) {
            curves[k] = evaluate(nets.get(k), validation, steps);
            acc[k] = curves[k][steps - 1];
            if (acc[k] > acc[best]) {
                best = k;
            }
        }
        return new PercentileSearch(percentiles, acc, curves, best, nets.get(best));
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
                if (c instanceof BatchNormThroughTime) {
                    throw new IllegalArgumentException("Converter: batch norm '" + child(path, Integer.toString(i))
                            + "' (" + c + ") keeps statistics per time step, which an ANN does not have; use"
                            + " BatchNorm2d/BatchNorm1d after a Conv2d/Linear");
                }
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
        if (m instanceof BatchNorm) {
            throw new IllegalArgumentException("Converter: batch norm '" + name(path) + "' (" + m + ") does not follow"
                    + " a Conv2d or Linear in a Sequential and cannot be folded");
        }
        boolean known = m.getClass() == Conv2d.class || m.getClass() == Linear.class || m instanceof AvgPool2d
                || m instanceof AdaptiveAvgPool2d || m instanceof Flatten || m instanceof Identity
                || m instanceof Dropout || m instanceof ReLU || m instanceof ClippedReLU || m instanceof QCFS
                || m instanceof MaxPool2d;
        if (!known) {
            String type = m.getClass().getSimpleName().isEmpty() ? m.getClass().getName()
                    : m.getClass().getSimpleName();
            throw new IllegalArgumentException("Converter: layer '" + name(path) + "' (" + m + ", " + type
                    + ") cannot be converted: " + why(m) + " (supported: Conv2d, Linear,"
                    + " batch norm after them, AvgPool2d, AdaptiveAvgPool2d, MaxPool2d, Flatten, Identity, Dropout,"
                    + " ReLU, ClippedReLU, QCFS, Sequential, plain-add Residual)");
        }
    }

    /** Why a layer the converter does not know cannot be converted. */
    private static String why(Module m) {
        if (m instanceof SpikingNeuron || m instanceof IFNeuron) {
            return "it is a spiking neuron layer; the converter takes an ANN, with ReLU, ClippedReLU or QCFS where the"
                    + " SNN gets its IF neurons";
        }
        if (m instanceof SpikingMaxPool2d || m instanceof ConvertedMaxPool) {
            return "it is a spiking max pool; the ANN has a MaxPool2d there, which converts to one";
        }
        if (m instanceof VotingLayer) {
            return "it is a spiking read-out (votes of neuron groups); end the ANN with a Linear layer";
        }
        if (m instanceof Add) {
            return "a sum of several branches has no conversion here; write it as a plain-add Residual";
        }
        if (m instanceof Conv2d || m instanceof Linear) {
            return "it is a subclass of " + (m instanceof Conv2d ? "Conv2d" : "Linear") + ", whose forward may differ"
                    + " from the layer whose weights would be copied";
        }
        if (m instanceof Conv1d) {
            return "Conv1d (on [T, B, C, L] sequences) has no ANN form in the converter";
        }
        return "no IF form is known for it (not a linear layer, a pool or a rectifying activation)";
    }

    private static boolean foldable(Module a, Module bn) {
        return (a.getClass() == Conv2d.class && bn instanceof BatchNorm2d)
                || (a.getClass() == Linear.class && bn instanceof BatchNorm1d);
    }

    // ---- calibration ----

    private static Map<Module, ActivationStats> calibrate(Module ann, List<Tensor> calibration, ConversionConfig cfg,
            ActivationStats output) {
        Map<Module, ActivationStats> stats = new IdentityHashMap<>();
        Map<Module, String> paths = new IdentityHashMap<>();
        collectActivations(ann, "", paths);
        Map<Module, ForwardHook> previous = new IdentityHashMap<>();
        boolean keep = cfg.normalization() == Normalization.PERCENTILE;
        for (Module m : paths.keySet()) {
            stats.put(m, new ActivationStats(keep));
            chainHook(m, previous, (module, input, out) -> stats.get(module).add(paths.get(module), out));
        }
        if (output != null) {
            // the positive part of the ANN's output, for the threshold of a read-out IF layer
            chainHook(ann, previous, (module, input, out) -> {
                float[] d = out.data();
                float[] pos = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    pos[i] = Math.max(0f, d[i]);
                }
                output.add("the ANN output", Tensor.of(pos, out.shape()));
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
            restoreHooks(previous);
        }
        return stats;
    }

    /**
     * Sets on {@code m} a hook that runs the hook {@code m} had, then {@code then.after}; the hook {@code m} had
     * first is kept in {@code previous} (once per module) for {@link #restoreHooks}.
     */
    private static void chainHook(Module m, Map<Module, ForwardHook> previous, ForwardHook then) {
        ForwardHook prev = m.forwardHook();
        previous.putIfAbsent(m, prev);
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
                then.after(module, input, output);
            }
        });
    }

    /** Puts back the hooks {@link #chainHook} replaced. */
    private static void restoreHooks(Map<Module, ForwardHook> previous) {
        for (Map.Entry<Module, ForwardHook> e : previous.entrySet()) {
            e.getKey().setForwardHook(e.getValue());
        }
    }

    private static void collectActivations(Module m, String path, Map<Module, String> out) {
        if (m instanceof ReLU || m instanceof ClippedReLU) {
            out.putIfAbsent(m, name(path));
        }
        for (Map.Entry<String, Module> e : m.children().entrySet()) {
            collectActivations(e.getValue(), child(path, e.getKey()), out);
        }
    }

    private static boolean activation(Module m) {
        return m instanceof ReLU || m instanceof ClippedReLU || m instanceof QCFS;
    }

    /** Channels (dimension 1 of the output) of every activation by path, from one zero batch of {@code sample}. */
    private static Map<String, Integer> activationChannels(Module ann, int[] sample) {
        Map<Module, List<String>> paths = new IdentityHashMap<>();
        collectAll(ann, "", paths);
        Map<String, Integer> channels = new LinkedHashMap<>();
        Map<Module, ForwardHook> previous = new IdentityHashMap<>();
        for (Module m : paths.keySet()) {
            chainHook(m, previous, (module, input, output) -> {
                for (String p : paths.get(module)) {
                    channels.putIfAbsent(p, output.rank() >= 2 ? output.size(1) : 1);
                }
            });
        }
        int[] shape = new int[sample.length + 1];
        shape[0] = 1;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            ann.call(Tensor.zeros(shape));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("Converter: the ANN rejects inputs of sample shape "
                    + Arrays.toString(sample) + ": " + ex.getMessage(), ex);
        } finally {
            restoreHooks(previous);
        }
        return channels;
    }

    private static void collectAll(Module m, String path, Map<Module, List<String>> out) {
        if (activation(m)) {
            out.computeIfAbsent(m, k -> new ArrayList<>()).add(name(path));
        }
        for (Map.Entry<String, Module> e : m.children().entrySet()) {
            collectAll(e.getValue(), child(path, e.getKey()), out);
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
        /** Statistics of the ANN output's positive part (a spike-count read-out with data-based thresholds). */
        ActivationStats output;
        /** Given thresholds by path (instead of the statistics), the keys used so far, channels by path. */
        Map<String, float[]> given;
        final Set<String> used = new HashSet<>();
        Map<String, Integer> channels;

        Walk(ConversionConfig cfg, Map<Module, ActivationStats> stats) {
            this.cfg = cfg;
            this.stats = stats;
        }

        /** The whole network: the converted tree, then the read-out IF layer of a spike-count read-out. */
        ConvertedNetwork build(Module ann, int[] sample, Range in) {
            Converted body = convert(ann, "", in);
            Module snn = body.module;
            if (cfg.readout() == Readout.SPIKE_COUNT) {
                float[] th = outputThreshold(body.range);
                IFNeuron n = new IFNeuron(th, cfg.reset(), cfg.membraneOffset());
                layers.add(new ConvertedNetwork.Layer(ConvertedNetwork.OUTPUT_PATH, "read-out", n));
                snn = new Sequential(snn, n);
            }
            if (given != null && !used.containsAll(given.keySet())) {
                List<String> unknown = new ArrayList<>();
                for (String k : given.keySet()) {
                    if (!used.contains(k)) {
                        unknown.add(k);
                    }
                }
                throw new IllegalArgumentException("Converter: thresholds were given for " + unknown + ", which are not"
                        + " activations of the ANN" + (cfg.readout() == Readout.SPIKE_COUNT ? ""
                        : " (" + ConvertedNetwork.OUTPUT_PATH + " needs the spike-count read-out)") + "; its"
                        + " activations are " + layers.stream().map(ConvertedNetwork.Layer::path).toList());
            }
            return new ConvertedNetwork(snn, sample, layers, cfg.input());
        }

        /** One threshold for the read-out IF layer, from the positive outputs (one per layer). */
        float[] outputThreshold(Range range) {
            String where = ConvertedNetwork.OUTPUT_PATH;
            if (given != null) {
                float[] th = givenFor(where, 1);
                if (th.length != 1) {
                    throw new IllegalArgumentException("Converter: the read-out layer '" + where + "' takes one"
                            + " threshold, got " + th.length);
                }
                return th;
            }
            float th;
            if (cfg.normalization() == Normalization.MODEL_MAX) {
                th = (float) range.hi;
            } else {
                th = cfg.normalization() == Normalization.PERCENTILE ? output.percentile(cfg.percentile())
                        : output.max();
            }
            if (!(th > 0)) {
                throw new IllegalArgumentException("Converter: the ANN output is never positive on the calibration set"
                        + " (or by its weights), so the spike-count read-out has no threshold; use the membrane"
                        + " read-out");
            }
            return new float[] {th};
        }

        /** The given thresholds of {@code key}, checked: present, positive and finite, one or one per channel. */
        float[] givenFor(String key, int fallbackChannels) {
            float[] th = given.get(key);
            if (th == null) {
                throw new IllegalArgumentException("Converter: no threshold was given for '" + key + "'"
                        + " (thresholds were given for " + given.keySet() + ")");
            }
            used.add(key);
            for (int c = 0; c < th.length; c++) {
                if (!(th[c] > 0) || Float.isInfinite(th[c])) {
                    throw new IllegalArgumentException("Converter: the threshold of '" + key + "'"
                            + (th.length > 1 ? " for channel " + c : "") + " must be positive and finite, got "
                            + th[c]);
                }
            }
            int ch = channels.getOrDefault(key, fallbackChannels);
            if (th.length == 0 || (th.length != 1 && th.length != ch)) {
                throw new IllegalArgumentException("Converter: " + th.length + " thresholds were given for '" + key
                        + "', which has " + ch + " channels (dimension 1 of its ANN output): give one, or one per"
                        + " channel");
            }
            return th.clone();
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
                    } else if (i + 1 < seq.size() && activation(c) && seq.get(i + 1) instanceof MaxPool2d mp) {
                        k = pooled(c, p, mp, r);
                        out.add(k.module);
                        out.add(new Identity());
                        i++;
                    } else if (i + 1 < seq.size() && c instanceof MaxPool2d mp && activation(seq.get(i + 1))) {
                        // max pool then activation = activation then max pool (the activation is non-decreasing)
                        k = pooled(seq.get(i + 1), child(path, Integer.toString(i + 1)), mp, r);
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
            if (m instanceof MaxPool2d mp) {
                return new Converted(new ConvertedMaxPool(null, mp, cfg.maxPoolGate()), in);
            }
            if (m instanceof Flatten f) {
                return new Converted(new Flatten(f.startDim() + 1), in);
            }
            if (m instanceof Identity || m instanceof Dropout) {
                return new Converted(new Identity(), in);
            }
            if (m instanceof QCFS q) {
                float[] th = given != null && given.containsKey(name(path)) ? givenFor(name(path), 1)
                        : new float[] {q.lambda()};
                return neuron(path, m.toString(), th, in, q.lambda());
            }
            if (m instanceof ReLU || m instanceof ClippedReLU) {
                double cap = m instanceof ClippedReLU c ? c.max() : Double.POSITIVE_INFINITY;
                float[] th = given != null ? givenFor(name(path), 1) : cfg.normalization() == Normalization.MODEL_MAX
                        ? new float[] {(float) Math.min(in.hi, cap)} : fromStats(m, path);
                if (!(th[0] > 0)) {
                    throw new IllegalArgumentException("Converter: activation '" + name(path) + "' can never be"
                            + " positive (its input is at most " + in.hi + "), so it has no threshold");
                }
                return neuron(path, m.toString(), th, in, cap);
            }
            throw new IllegalArgumentException("Converter: layer '" + name(path) + "' (" + m + ") cannot be converted");
        }

        /** An activation next to a max pool: its IF layer, then the spiking max pool. */
        Converted pooled(Module act, String path, MaxPool2d mp, Range in) {
            Converted n = convert(act, path, in);
            return new Converted(new ConvertedMaxPool((IFNeuron) n.module, mp, cfg.maxPoolGate()), n.range);
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
     * Samples are numbered across batches (the Poisson streams of {@link InputEncoding}), so the result does not
     * depend on the batch size.
     */
    public static double[] evaluate(ConvertedNetwork snn, Iterable<Batch> data, int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("Converter.evaluate: T must be positive, got " + steps);
        }
        long[] correct = new long[steps];
        long total = 0;
        for (Batch b : data) {
            Tensor out = snn.run(b.x(), steps, total);
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
