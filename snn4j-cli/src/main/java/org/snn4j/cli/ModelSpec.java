package org.snn4j.cli;

import java.util.List;
import java.util.Locale;

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
 * </pre>
 * For vgg and resnet, {@code --width w} scales every stage by {@code w / default} (the builders' width multiplier,
 * rounded per stage), so {@code --width 8} on resnet-8 gives 8-16-32. Unused options hold 0 ({@code block} "").
 *
 * @param name    fc, csnn, plif, vgg or resnet
 * @param width   the width described above (0 where it does not apply)
 * @param depth   ResNet depth preset (0 for other models)
 * @param block   ResNet block: plain, sew-add, sew-and or sew-iand ("" for other models)
 * @param dropout dropout probability of plif and vgg (0 elsewhere)
 */
public record ModelSpec(String name, int width, int depth, String block, double dropout) {
    /** The model names {@code --model} accepts. */
    public static final List<String> NAMES = List.of("fc", "csnn", "plif", "vgg", "resnet");
    /** The ResNet blocks {@code --block} accepts. */
    public static final List<String> BLOCKS = List.of("plain", "sew-add", "sew-and", "sew-iand");
    /** The ResNet depth presets {@code --depth} accepts. */
    public static final List<Integer> DEPTHS = List.of(8, 14, 20, 10, 18, 34);

    /** The fully-connected model (what runs without {@code --model} train, and old checkpoints hold). */
    public static ModelSpec fc() {
        return new ModelSpec("fc", 0, 0, "", 0);
    }

    /**
     * The model {@code name} with the given options ({@code null}: the model's default); an option the model
     * does not have, or a bad value, is a usage error naming the option.
     */
    public static ModelSpec of(String name, Integer width, Integer depth, String block, Double dropout) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new Main.UsageException("--model must be fc, csnn, plif, vgg or resnet, got '" + name + "'");
        }
        if (width != null && (n.equals("fc") || n.equals("csnn"))) {
            throw new Main.UsageException("--width applies to --model plif, vgg and resnet, not " + n
                    + (n.equals("fc") ? " (use --layers)" : " (its widths are fixed: 12 and 64 channels)"));
        }
        if (depth != null && !n.equals("resnet")) {
            throw new Main.UsageException("--depth applies to --model resnet only, not " + n);
        }
        if (block != null && !n.equals("resnet")) {
            throw new Main.UsageException("--block applies to --model resnet only, not " + n);
        }
        if (dropout != null && !(n.equals("plif") || n.equals("vgg"))) {
            throw new Main.UsageException("--dropout applies to --model plif and vgg only, not " + n);
        }
        ModelSpec m = switch (n) {
            case "plif" -> new ModelSpec(n, width == null ? 128 : width, 0, "", dropout == null ? 0.5 : dropout);
            case "vgg" -> new ModelSpec(n, width == null ? 32 : width, 0, "", dropout == null ? 0.5 : dropout);
            case "resnet" -> {
                int d = depth == null ? 8 : depth;
                if (!DEPTHS.contains(d)) {
                    throw new Main.UsageException("--depth must be one of 8, 14, 20 (widths 16-32-64) or 10, 18, 34"
                            + " (widths 64-128-256-512), got " + d);
                }
                String b = block == null ? "sew-add" : block.trim().toLowerCase(Locale.ROOT);
                yield new ModelSpec(n, width == null ? resnetDefaultWidth(d) : width, d, b, 0);
            }
            default -> new ModelSpec(n, 0, 0, "", 0);
        };
        return m.validate();
    }

    /** The first-stage width of the ResNet depth preset. */
    static int resnetDefaultWidth(int depth) {
        return depth == 8 || depth == 14 || depth == 20 ? 16 : 64;
    }

    /** Checks the values (also those read from a checkpoint); errors name the option. */
    public ModelSpec validate() {
        if (!NAMES.contains(name)) {
            throw new Main.UsageException("--model must be fc, csnn, plif, vgg or resnet, got '" + name + "'");
        }
        boolean hasWidth = name.equals("plif") || name.equals("vgg") || name.equals("resnet");
        if (hasWidth && width <= 0) {
            throw new Main.UsageException("--width must be positive, got " + width);
        }
        if (name.equals("resnet")) {
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

    /** Whether the model takes images {@code [T, B, 1, 28, 28]} (every model but fc). */
    public boolean convolutional() {
        return !name.equals("fc");
    }

    /** A one-line description for reports ({@code resnet-8 sew-add width 16}). */
    public String describe() {
        return switch (name) {
            case "plif" -> "plif width " + width + " dropout " + dropout;
            case "vgg" -> "vgg width " + width + " dropout " + dropout;
            case "resnet" -> "resnet-" + depth + " " + block + " width " + width;
            default -> name;
        };
    }
}
