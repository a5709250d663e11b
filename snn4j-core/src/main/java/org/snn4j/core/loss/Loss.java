package org.snn4j.core.loss;

import org.snn4j.core.ops.Spec;
import org.snn4j.core.tensor.Tensor;

/**
 * A training criterion: maps the network's output sequence {@code [T, B, C]} (spikes or membrane
 * potentials; time-static allowed) and the integer class labels {@code [B]} to a scalar tensor in
 * the autograd graph, averaged over the batch.
 *
 * <p>{@link #parse} accepts (snnTorch's {@code _loss} suffix is optional):
 * {@code ce_rate}, {@code ce_count}, {@code ce_max_membrane}, {@code ce_membrane},
 * {@code mse_count[:correct_rate=1,incorrect_rate=0]},
 * {@code mse_membrane[:on_target=1,off_target=0]}, {@code mse_rate[:on=1,off=0]}.
 */
public interface Loss {
    /** The scalar loss; call {@code backward()} on it. */
    Tensor compute(Tensor output, int[] labels);

    /** The spec name ({@code "ce_rate"}, ...). */
    String name();

    /** Parses a CLI spec such as {@code "mse_count:correct_rate=0.8,incorrect_rate=0.2"}. */
    static Loss parse(String spec) {
        Spec s = Spec.parse("loss", spec);
        String n = s.name().endsWith("_loss") ? s.name().substring(0, s.name().length() - 5) : s.name();
        Loss loss = switch (n) {
            case "ce_rate" -> new CeRateLoss();
            case "ce_count" -> new CeCountLoss();
            case "ce_max_membrane" -> new CeMaxMembraneLoss();
            case "ce_membrane" -> new CeMembraneLoss();
            case "mse_count" -> new MseCountLoss(s.getDouble("correct_rate", 1.0), s.getDouble("incorrect_rate", 0.0));
            case "mse_membrane" -> new MseMembraneLoss((float) s.getDouble("on_target", 1.0),
                    (float) s.getDouble("off_target", 0.0));
            case "mse_rate" -> new MseRateLoss((float) s.getDouble("on", 1.0), (float) s.getDouble("off", 0.0));
            default -> throw new IllegalArgumentException("unknown loss '" + s.name() + "' in spec '" + spec
                    + "' (known: ce_rate, ce_count, ce_max_membrane, ce_membrane, mse_count, mse_membrane, mse_rate)");
        };
        s.finish();
        return loss;
    }

    /** Checks that {@code output} is {@code [T, B, C]} and {@code labels} has B entries. */
    static void checkOutput(String loss, Tensor output, int[] labels) {
        if (output.rank() != 3) {
            throw new IllegalArgumentException(loss + ": output must be [T, B, C], got shape " + output.shapeString());
        }
        if (labels == null || labels.length != output.size(1)) {
            throw new IllegalArgumentException(loss + ": labels has length " + (labels == null ? "null" : labels.length)
                    + " but output has batch size " + output.size(1) + " (shape " + output.shapeString() + ")");
        }
    }
}
