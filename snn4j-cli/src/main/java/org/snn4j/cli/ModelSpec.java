package org.snn4j.cli;

import java.util.List;
import java.util.Locale;

import org.snn4j.core.models.Activation;
import org.snn4j.core.ops.Spec;

/**
 * Which network a run trains ({@code train --model}) and the options of its builder, as stored in the checkpoint:
 * <pre>
 *   model   builder (org.snn4j.core.models)       --width (default)                --depth   --block     --dropout
 *   fc      Linear-neuron per --layers entry       -                                -         -           -
 *   csnn    Csnn (snnTorch tutorial 6)             -                                -         -           -
 *   plif    PlifNet (PLIF paper)                   conv channels c (128), FC 16c    -         -           0.5
 *   vgg     SpikingVgg.small28                     first-stage channels (32)        -         -           0.5
 *   resnet  SpikingResNet.depth(d)                 stem/first-stage channels (16)   8 (8, 14, 20, 10, 18, 34)
 *                                                                                             sew-add     -
 *   ann-vgg     AnnModels.vgg28 (ANN)              first-stage channels (32)        -         -           -
 *   ann-resnet  AnnModels.resnet(d) (ANN)          stem/first-stage channels (16)   8 (as resnet) plain   -
 * </pre>
 * For vgg and resnet (and their ANN twins), {@code --width w} scales every stage by {@code w / default} (the
 * builders' width multiplier, rounded per stage), so {@code --width 8} on resnet-8 gives 8-16-32. Unused options
 * hold 0 ({@code block} and {@code activation} ""). The ANN models ({@link #ann()}) take {@code [B, 1, 28, 28]}
 * without a time dimension and have an {@code --activation} ({@link #activationOf}): {@code relu},
 * {@code clipped:max=M} or {@code qcfs:L=n,lambda=x}, stored in its canonical form ({@code qcfs:L=8,lambda=8.0}).
 * ann-vgg is the small VGG with average pooling and no dropout (what converts to an SNN); ann-resnet has plain
 * blocks.
 *
 * @param name       fc, csnn, plif, vgg, resnet, ann-vgg or ann-resnet
 * @param width      the width described above (0 where it does not apply)
 * @param depth      ResNet depth preset (0 for other models)
 * @param block      ResNet block: plain, sew-add, sew-and or sew-iand ("" for other models; plain for ann-resnet)
 * @param dropout    dropout probability of plif and vgg (0 elsewhere)
 * @param activation the ANN models' activation in canonical form ("" for the spiking models)
 */
public record ModelSpec(String name, int width, int depth, String block, double dropout, String activation) {
    /** The model names {@code --model} accepts. */
    public static final List<String> NAMES = List.of("fc", "csnn", "plif", "vgg", "resnet", "ann-vgg", "ann-resnet");
    /** The names listed in errors. */
    static final String NAME_LIST = "fc, csnn, plif, vgg, resnet, ann-vgg or ann-resnet";
    /** The ResNet blocks {@code --block} accepts. */
    public static final List<String> BLOCKS = List.of("plain", "sew-add", "sew-and", "sew-iand");
    /** The ResNet depth presets {@code --depth} accepts. */
    public static final List<Integer> DEPTHS = List.of(8, 14, 20, 10, 18, 34);

    /** A spiking model (no activation). */
    public ModelSpec(String name, int width, int depth, String block, double dropout) {
        this(name, width, depth, block, dropout, "");
    }

    /** The fully-connected model (what runs without {@code --model} train, and old checkpoints hold). */
    public static ModelSpec fc() {
        return new ModelSpec("fc", 0, 0, "", 0);
    }

    /** {@link #of(String, Integer, Integer, String, Double, String)} without an activation. */
    public static ModelSpec of(String name, Integer width, Integer depth, String block, Double dropout) {
        return of(name, width, depth, block, dropout, null);
    }

    /**
     * The model {@code name} with the given options ({@code null}: the model's default); an option the model
     * does not have, or a bad value, is a usage error naming the option.
     */
    public static ModelSpec of(String name, Integer width, Integer depth, String block, Double dropout,
                               String activation) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new Main.UsageException("--model must be " + NAME_LIST + ", got '" + name + "'");
        }
        if (width != null && (n.equals("fc") || n.equals("csnn"))) {
            throw new Main.UsageException("--width applies to --model plif, vgg, resnet, ann-vgg and ann-resnet, not "
                    + n + (n.equals("fc") ? " (use --layers)" : " (its widths are fixed: 12 and 64 channels)"));
        }
        if (depth != null && !(n.equals("resnet") || n.equals("ann-resnet"))) {
            throw new Main.UsageException("--depth applies to --model resnet and ann-resnet only, not " + n);
        }
        if (block != null && !n.equals("resnet")) {
            throw new Main.UsageException("--block applies to --model resnet only, not " + n
                    + (n.equals("ann-resnet") ? " (its blocks are plain: the ones that convert)" : ""));
        }
        if (dropout != null && !(n.equals("plif") || n.equals("vgg"))) {
            throw new Main.UsageException("--dropout applies to --model plif and vgg only, not " + n);
        }
        boolean ann = n.startsWith("ann-");
        if (activation != null && !ann) {
            throw new Main.UsageException("--activation applies to --model ann-vgg and ann-resnet only, not " + n
                    + " (spiking models take --neuron)");
        }
        String act = ann ? activationSpec(activation == null ? "relu" : activation) : "";
        ModelSpec m = switch (n) {
            case "plif" -> new ModelSpec(n, width == null ? 128 : width, 0, "", dropout == null ? 0.5 : dropout);
            case "vgg" -> new ModelSpec(n, width == null ? 32 : width, 0, "", dropout == null ? 0.5 : dropout);
            case "ann-vgg" -> new ModelSpec(n, width == null ? 32 : width, 0, "", 0, act);
            case "resnet", "ann-resnet" -> {
                int d = depth == null ? 8 : depth;
                if (!DEPTHS.contains(d)) {
                    throw new Main.UsageException("--depth must be one of 8, 14, 20 (widths 16-32-64) or 10, 18, 34"
                            + " (widths 64-128-256-512), got " + d);
                }
                String b = ann ? "plain" : block == null ? "sew-add" : block.trim().toLowerCase(Locale.ROOT);
                yield new ModelSpec(n, width == null ? resnetDefaultWidth(d) : width, d, b, 0, act);
            }
            default -> new ModelSpec(n, 0, 0, "", 0);
        };
        return m.validate();
    }

    /**
     * The {@link Activation} of an {@code --activation} spec: {@code relu}, {@code clipped:max=M} (also
     * {@code clipped_relu}; M defaults to 6, ReLU6) or {@code qcfs:L=n,lambda=x} (L defaults to 8, the initial
     * lambda to 8, as Bu et al. on CIFAR). Errors name {@code --activation} and the culprit.
     */
    static Activation activationOf(String spec) {
        try {
            Spec s = Spec.parse("activation", spec);
            Activation a = switch (s.name()) {
                case "relu" -> Activation.relu();
                case "clipped", "clipped_relu" -> Activation.clippedRelu((float) s.getDouble("max", 6));
                case "qcfs" -> Activation.qcfs(s.getInt("L", 8), (float) s.getDouble("lambda", 8));
                default -> throw new IllegalArgumentException("unknown activation '" + s.name()
                        + "' (known: relu, clipped:max=M, qcfs:L=n,lambda=x)");
            };
            s.finish();
            return a;
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--activation " + spec + ": " + e.getMessage());
        }
    }

    /** The canonical form of an {@code --activation} spec ({@code qcfs:L=8,lambda=8.0}), checked. */
    static String activationSpec(String spec) {
        Activation a = activationOf(spec);
        return switch (a.kind()) {
            case RELU -> "relu";
            case CLIPPED_RELU -> "clipped:max=" + a.max();
            case QCFS -> "qcfs:L=" + a.levels() + ",lambda=" + a.initLambda();
        };
    }

    /** Whether this is an ANN (ann-vgg, ann-resnet): no time dimension, cross-entropy on the logits. */
    public boolean ann() {
        return name.startsWith("ann-");
    }

    /** The activation of an ANN model. */
    public Activation activationValue() {
        return activationOf(activation);
    }

    /** The first-stage width of the ResNet depth preset. */
    static int resnetDefaultWidth(int depth) {
        return depth == 8 || depth == 14 || depth == 20 ? 16 : 64;
    }

    /** Checks the values (also those read from a checkpoint); errors name the option. */
    public ModelSpec validate() {
        if (!NAMES.contains(name)) {
            throw new Main.UsageException("--model must be " + NAME_LIST + ", got '" + name + "'");
        }
        boolean hasWidth = !(name.equals("fc") || name.equals("csnn"));
        if (hasWidth && width <= 0) {
            throw new Main.UsageException("--width must be positive, got " + width);
        }
        if (ann()) {
            activationOf(activation);
            if (dropout != 0) {
                throw new Main.UsageException("--dropout applies to --model plif and vgg only, not " + name);
            }
            if (name.equals("ann-resnet") && !block.equals("plain")) {
                throw new Main.UsageException("--model ann-resnet has plain blocks only, got block '" + block + "'");
            }
        } else if (activation != null && !activation.isEmpty()) {
            throw new Main.UsageException("--activation applies to --model ann-vgg and ann-resnet only, not " + name);
        }
        if (name.equals("resnet") || name.equals("ann-resnet")) {
            if (!DEPTHS.contains(depth)) {
                throw new Main.UsageException("--depth must be one of 8, 14, 20 (widths 16-32-64) or 10, 18, 34"
                        + " (widths 64-128-256-512), got " + depth);
            }
            if (!BLOCKS.contains(block)) {
                throw new Main.UsageException("--block must be plain, sew-add, sew-and or sew-iand, got '" + block + "'");
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new Main.UsageException("--dropout must be in [0, 1), got " + dropout);
        }
        return this;
    }

    /**
     * Whether the model takes images (every model but fc): {@code [T, B, 1, 28, 28]}, or {@code [B, 1, 28, 28]} for
     * the ANN models.
     */
    public boolean convolutional() {
        return !name.equals("fc");
    }

    /** A one-line description for reports ({@code resnet-8 sew-add width 16}). */
    public String describe() {
        return switch (name) {
            case "plif" -> "plif width " + width + " dropout " + dropout;
            case "vgg" -> "vgg width " + width + " dropout " + dropout;
            case "resnet" -> "resnet-" + depth + " " + block + " width " + width;
            case "ann-vgg" -> "ann-vgg width " + width + " " + activation;
            case "ann-resnet" -> "ann-resnet-" + depth + " width " + width + " " + activation;
            default -> name;
        };
    }
}
