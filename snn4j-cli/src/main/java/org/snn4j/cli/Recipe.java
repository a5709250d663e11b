package org.snn4j.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The training settings each {@code --model} is known to train with, applied by {@code snn4j train} to every
 * option the user did not give (the other options keep the command's defaults: T = 25, direct encoding,
 * {@code mse_rate}, Adam lr 1e-3, constant schedule, LIF tau 2, hard reset, ATan):
 * <pre>
 *   fc      (none: the command's defaults)
 *   csnn    snnTorch tutorial 6: --neuron leaky --beta 0.5 --surrogate fast_sigmoid:k=25 --reset soft
 *           (snnTorch's subtract reset) --loss ce_rate --lr 1e-2 (Adam), T = 25
 *   plif    PLIF paper (Fashion-MNIST): --neuron plif:detach_reset --tau 2 (initial) --reset hard
 *           --surrogate atan:alpha=2 --steps 8 --loss mse_rate --lr 1e-3 (Adam) --schedule cosine:t_max=EPOCHS
 *   vgg     SpikingJelly's setting for its VGG/ResNet examples: LIF tau 2, hard reset, ATan, --steps 4
 *   resnet  --loss ce_rate (on the output current at every step) --lr 1e-3 (Adam) --schedule cosine:t_max=EPOCHS
 *   ann-vgg     --lr 1e-3 (Adam) --schedule cosine:t_max=EPOCHS; cross-entropy on the logits, no time steps
 *   ann-resnet  (those two are fixed for an ANN, not options)
 * </pre>
 * {@code EPOCHS} is the run's {@code --epochs}. The batch size stays {@code --batch} (the PLIF paper used 16).
 *
 * @param model   the model name
 * @param options option name ({@code --steps}) to value, in the command's string form
 */
public record Recipe(String model, Map<String, String> options) {
    public Recipe {
        options = Map.copyOf(options);
    }

    /** The recipe of {@code model} for a run of {@code epochs} epochs (fc and unknown names: no options). */
    public static Recipe of(String model, int epochs) {
        String m = model == null ? "" : model.trim().toLowerCase(Locale.ROOT);
        Map<String, String> o = new LinkedHashMap<>();
        switch (m) {
            case "csnn" -> {
                o.put("--neuron", "leaky");
                o.put("--beta", "0.5");
                o.put("--surrogate", "fast_sigmoid:k=25");
                o.put("--reset", "soft");
                o.put("--loss", "ce_rate");
                o.put("--lr", "1e-2");
                o.put("--steps", "25");
            }
            case "plif" -> {
                o.put("--neuron", "plif:detach_reset");
                o.put("--tau", "2");
                o.put("--reset", "hard");
                o.put("--surrogate", "atan:alpha=2");
                o.put("--steps", "8");
                o.put("--loss", "mse_rate");
                o.put("--lr", "1e-3");
                o.put("--schedule", "cosine:t_max=" + epochs);
            }
            case "vgg", "resnet" -> {
                o.put("--steps", "4");
                o.put("--loss", "ce_rate");
                o.put("--lr", "1e-3");
                o.put("--schedule", "cosine:t_max=" + epochs);
            }
            case "ann-vgg", "ann-resnet" -> {
                o.put("--lr", "1e-3");
                o.put("--schedule", "cosine:t_max=" + epochs);
            }
            default -> {
            }
        }
        return new Recipe(m, o);
    }

    /** The recipe's value of {@code option}, or {@code given} when the user gave it or the recipe has none. */
    String value(String option, String given, boolean userGave) {
        return userGave || !options.containsKey(option) ? given : options.get(option);
    }
}
