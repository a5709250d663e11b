package org.snn4j.cli;

import java.util.List;
import java.util.Locale;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.loss.Loss;
import org.snn4j.core.models.AnnModels;
import org.snn4j.core.models.Csnn;
import org.snn4j.core.models.NeuronOptions;
import org.snn4j.core.models.PlifNet;
import org.snn4j.core.models.SpikingResNet;
import org.snn4j.core.models.SpikingVgg;
import org.snn4j.core.neuron.ResetMode;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.core.nn.Dropout;
import org.snn4j.core.nn.Flatten;
import org.snn4j.core.nn.Identity;
import org.snn4j.core.nn.Pool2d;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.SewFunction;
import org.snn4j.core.nn.VotingLayer;
import org.snn4j.core.ops.Spec;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * Builds the network of a {@link RunConfig}: {@code fc} is {@code Linear -> neuron} per {@code --layers} entry;
 * {@code csnn}, {@code plif}, {@code vgg} and {@code resnet} are the builders of {@code org.snn4j.core.models}
 * ({@link ModelSpec} lists their options) for 1x28x28 images and 10 classes. Every neuron layer comes from one
 * {@link NeuronOptions} ({@link #neuronOptions}). With a membrane loss, a neuron layer that ends the network
 * (csnn, fc; PlifNet's before its voting layer) is read out through its membrane potential; vgg and resnet end in
 * the linear layer's current, which every loss reads as it is. {@code ann-vgg} and {@code ann-resnet} are the ANN
 * builders ({@link AnnModels}: the same layers with the {@code --activation} where the spiking ones have neurons)
 * on {@code [B, 1, 28, 28]}, giving logits {@code [B, 10]}.
 */
final class Models {
    /** Classes of the data sets the CLI trains on (MNIST, Fashion-MNIST). */
    static final int CLASSES = 10;
    /** The image geometry the convolutional models take. */
    static final int CHANNELS = 1;
    static final int SIZE = 28;

    private Models() {
    }

    /**
     * Marks the blocks of a plif, vgg or resnet network for gradient checkpointing (the builders'
     * {@code checkpointBlocks}); other models are a usage error.
     */
    static void checkpointBlocks(Sequential s, RunConfig c) {
        checkCheckpointBlocks(c);
        switch (c.model().name()) {
            case "plif" -> PlifNet.checkpointBlocks(s);
            case "vgg" -> SpikingVgg.checkpointBlocks(s);
            case "resnet" -> SpikingResNet.checkpointBlocks(s);
            default -> throw new IllegalStateException("unreachable: " + c.model().name());
        }
    }

    /** Throws a usage error unless {@code c}'s model has blocks to checkpoint (plif, vgg, resnet). */
    static void checkCheckpointBlocks(RunConfig c) {
        if (!List.of("plif", "vgg", "resnet").contains(c.model().name())) {
            throw new Main.UsageException("--checkpoint-blocks applies to --model plif, vgg and resnet, not "
                    + c.model().name());
        }
    }

    static Sequential build(RunConfig c, Rng rng) {
        NeuronOptions n = neuronOptions(c);
        ModelSpec m = c.model();
        Sequential s = switch (m.name()) {
            case "fc" -> fc(c.layerSizes(), n, rng);
            case "csnn" -> Csnn.build(CHANNELS, SIZE, CLASSES, n, rng);
            case "plif" -> PlifNet.build(PlifNet.Config.paper().withNeuron(n).withWidth(m.width())
                    .withDropout(m.dropout()), rng);
            case "vgg" -> {
                SpikingVgg.Config v = SpikingVgg.Config.small28(CHANNELS, CLASSES, n).withWidth(m.width() / 32.0);
                yield SpikingVgg.build(v.withClassifier(v.hidden(), m.dropout()), rng);
            }
            case "resnet" -> {
                SpikingResNet.Config r = SpikingResNet.Config.depth(m.depth(), CHANNELS, CLASSES, n)
                        .withWidth(m.width() / (double) ModelSpec.resnetDefaultWidth(m.depth()));
                r = switch (m.block()) {
                    case "plain" -> r.withPlainBlocks();
                    case "sew-add" -> r.withSew(SewFunction.ADD);
                    case "sew-and" -> r.withSew(SewFunction.AND);
                    case "sew-iand" -> r.withSew(SewFunction.IAND);
                    default -> throw new Main.UsageException("--block must be plain, sew-add, sew-and or sew-iand,"
                            + " got '" + m.block() + "'");
                };
                yield SpikingResNet.build(r, rng);
            }
            case "ann-vgg" -> AnnModels.vgg28(CHANNELS, CLASSES, m.width() / 32.0, m.activationValue(), rng);
            case "ann-resnet" -> AnnModels.resnet(m.depth(), CHANNELS, CLASSES,
                    m.width() / (double) ModelSpec.resnetDefaultWidth(m.depth()), m.activationValue(), rng);
            default -> throw new Main.UsageException("--model must be " + ModelSpec.NAME_LIST + ", got '"
                    + m.name() + "'");
        };
        if (Predictions.membraneOutput(c.loss())) {
            int last = outputNeuron(s);
            if (last >= 0) {
                s.set(last, new MembraneReadout((SpikingNeuron) s.get(last)));
            }
        }
        return s;
    }

    /** The loss of a run: {@link LogitsCrossEntropy} for the ANN models, else {@code --loss}. */
    static Loss loss(RunConfig c) {
        return c.model().ann() ? new LogitsCrossEntropy() : Loss.parse(c.loss());
    }

    private static Sequential fc(int[] sizes, NeuronOptions n, Rng rng) {
        Sequential s = new Sequential();
        for (int i = 0; i + 1 < sizes.length; i++) {
            s.add(new Linear(sizes[i], sizes[i + 1], rng));
            s.add(n.create(sizes[i + 1]));
        }
        return s;
    }

    /**
     * The index of the neuron layer that gives the network's output (the last layer, or the last one before a
     * {@link VotingLayer}), or -1 when the output is a linear layer's current.
     */
    static int outputNeuron(Sequential s) {
        int i = s.size() - 1;
        if (i >= 0 && s.get(i) instanceof VotingLayer) {
            i--;
        }
        return i >= 0 && (s.get(i) instanceof SpikingNeuron || s.get(i) instanceof MembraneReadout) ? i : -1;
    }

    /**
     * The neuron options of a run. {@code --neuron} is a kind ({@link NeuronOptions.Kind}: lif, if, plif, leaky,
     * lapicque, synaptic, alpha, alif, qif, eif, izhikevich) with optional {@code key=value} options in
     * {@link Spec} syntax: {@code tau}, {@code beta}, {@code alpha}, {@code threshold}, {@code reset}
     * (hard, soft, none), {@code detach_reset}, {@code per_channel} (plif). The flags give the rest:
     * {@code --tau} (used by lif, plif, qif, eif, izhikevich), {@code --beta} (leaky, lapicque, synaptic, alpha,
     * alif; without --beta the command uses {@link #defaultBeta}), {@code --threshold}, {@code --reset},
     * {@code --surrogate}; a key in the spec overrides its flag. {@code alpha} (synaptic, alpha) defaults to the
     * library's 0.9. Errors name {@code --neuron} or the flag.
     */
    static NeuronOptions neuronOptions(RunConfig c) {
        Spec spec;
        NeuronOptions.Kind kind;
        try {
            spec = Spec.parse("neuron", c.neuron());
            kind = NeuronOptions.Kind.parse(spec.name());
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--neuron: " + e.getMessage());
        }
        NeuronOptions n;
        try {
            n = NeuronOptions.of(kind)
                    .withTau((float) spec.getDouble("tau", c.tau()))
                    .withBeta((float) spec.getDouble("beta", c.beta()))
                    .withThreshold((float) spec.getDouble("threshold", c.threshold()));
            if (spec.has("alpha")) {
                n = n.withAlpha((float) spec.getDouble("alpha", Double.NaN));
            }
            if (spec.has("detach_reset")) {
                n = n.withDetachReset(spec.getBool("detach_reset", false));
            }
            if (spec.has("per_channel")) {
                n = n.withPerChannel(spec.getBool("per_channel", false));
            }
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--neuron " + c.neuron() + ": " + e.getMessage());
        }
        String resetKey = spec.getString("reset", null);
        String reset = (resetKey == null ? c.reset() : resetKey).toLowerCase(Locale.ROOT);
        n = n.withReset(switch (reset) {
            case "hard", "zero" -> ResetMode.ZERO;
            case "soft", "subtract" -> ResetMode.SUBTRACT;
            case "none" -> ResetMode.NONE;
            default -> throw new Main.UsageException((resetKey == null ? "--reset" : "--neuron " + c.neuron()
                    + ": reset") + " must be hard, soft or none, got '" + reset + "'");
        });
        try {
            n = n.withSurrogate(c.surrogate());
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--surrogate " + c.surrogate() + ": " + e.getMessage());
        }
        try {
            spec.finish();
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--neuron: " + e.getMessage());
        }
        return n;
    }

    /**
     * The {@code --beta} a run uses when the user gives none: {@code cliDefault} (0.9) for leaky and lapicque as
     * always, the library defaults where 0.9 would not do: 0.8 for synaptic and alpha (whose alpha, 0.9, must exceed
     * beta), {@code exp(-1/20)} for alif (the LSNN paper's 20-step membrane time constant).
     */
    static double defaultBeta(String neuronSpec, double cliDefault) {
        NeuronOptions.Kind kind;
        try {
            kind = NeuronOptions.Kind.parse(Spec.parse("neuron", neuronSpec).name());
        } catch (IllegalArgumentException e) {
            return cliDefault; // reported by the validation with the option's name
        }
        return switch (kind) {
            case SYNAPTIC, ALPHA -> 0.8;
            case ALIF -> (float) Math.exp(-1.0 / 20.0);
            default -> cliDefault;
        };
    }

    /**
     * The encoded input as the model takes it: {@code [T, B, 784]} for fc, {@code [T, B, 1, 28, 28]} for the
     * convolutional models (a view: time-static, byte-backed and binary inputs stay so), {@code [B, 1, 28, 28]}
     * for the ANN models (their direct "encoding" with T = 1 is the image itself).
     */
    static Tensor input(RunConfig c, Tensor x) {
        if (!c.model().convolutional()) {
            return x;
        }
        int steps = x.size(0);
        int batch = x.size(1);
        long per = Tensor.numel(x.shape()) / steps / batch;
        if (x.rank() != 3 || per != (long) CHANNELS * SIZE * SIZE) {
            throw new Main.UsageException("--model " + c.model().name() + " takes one " + SIZE + "x" + SIZE
                    + " image per step but the " + c.encoder() + " encoding gives " + x.shapeString());
        }
        if (c.model().ann()) {
            if (steps != 1) {
                throw new IllegalArgumentException("--model " + c.model().name() + " is an ANN and takes one step, got "
                        + x.shapeString());
            }
            return Tensor.of(x.data(), batch, CHANNELS, SIZE, SIZE);
        }
        Tensor out;
        if (x.isTimeStatic()) {
            out = Tensor.repeatTime(view(x, batch, CHANNELS, SIZE, SIZE), steps);
        } else {
            out = view(x, steps, batch, CHANNELS, SIZE, SIZE);
        }
        if (x.isBinary()) {
            out.markBinary();
        }
        return out;
    }

    private static Tensor view(Tensor x, int... shape) {
        byte[] b = x.spikeBytes();
        Tensor t = b != null ? Tensor.ofSpikes(b, shape) : Tensor.of(x.data(), shape);
        return x.isBinary() ? t.markBinary() : t;
    }

    /**
     * Whether {@code out}, the output of top-level layer {@code layer}, counts as a spiking layer for firing
     * rates and rasters: binary, and not just a reshaped, pooled or masked copy of the previous layer's spikes
     * ({@code Flatten}, pools, {@code Dropout}, {@code Identity}).
     */
    static boolean spikingLayer(Module layer, Tensor out) {
        return out.isBinary() && !(layer instanceof Flatten || layer instanceof Pool2d || layer instanceof Dropout
                || layer instanceof Identity);
    }

    /** Sets every dropout layer's call counter (to the number of training steps already run, on resume). */
    static void setDropoutCalls(Module m, long calls) {
        if (m instanceof Dropout d) {
            d.setCalls(calls);
        }
        for (Module child : m.children().values()) {
            setDropoutCalls(child, calls);
        }
    }

    /**
     * The membrane of the output neuron layer for input {@code x} (already {@link #input shaped}), or null when the
     * network does not end in a neuron layer (vgg and resnet end in a current, PlifNet in its voting layer).
     */
    static Tensor outputMembrane(Sequential model, Tensor x) {
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            Tensor h = x;
            List<Module> layers = model.layers();
            int lastNeuron = outputNeuron(model);
            if (lastNeuron < 0 || lastNeuron != layers.size() - 1) {
                return null;
            }
            for (int i = 0; i < lastNeuron; i++) {
                h = layers.get(i).forward(h);
            }
            Module m = layers.get(lastNeuron);
            SpikingNeuron n = m instanceof MembraneReadout r ? r.neuron() : (SpikingNeuron) m;
            return n.forwardWithMembrane(h).membrane();
        }
    }

    /** Outputs a neuron layer's membrane potential instead of its spikes (for membrane losses). */
    static final class MembraneReadout extends Module {
        private final SpikingNeuron neuron;

        MembraneReadout(SpikingNeuron neuron) {
            this.neuron = registerModule("neuron", neuron);
        }

        SpikingNeuron neuron() {
            return neuron;
        }

        @Override
        public Tensor forward(Tensor x) {
            return neuron.forwardWithMembrane(x).membrane();
        }

        @Override
        public String toString() {
            return "MembraneReadout(" + neuron + ")";
        }
    }
}
