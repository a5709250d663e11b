package org.snn4j.core.nn;

import java.util.ArrayList;
import java.util.List;

import org.snn4j.core.nn.Steppable.Stepper;
import org.snn4j.core.tensor.Tensor;

/**
 * Steppers for any module a recurrent container can wrap:
 * <ul>
 * <li>a {@link Steppable} (the neuron layers) gives its own stepper;</li>
 * <li>a {@link Sequential} steps its layers in order, each with its own stepper;</li>
 * <li>layers without state over time (Linear, Conv1d, Conv2d, Flatten, Identity, the pools except
 * SpikingMaxPool2d, ReLU, ClippedReLU, QCFS, VotingLayer; BatchNorm1d/2d and Dropout in evaluation mode)
 * run their multi-step forward on the one-step sequence {@code [1, B, ...]}, which gives the same values.</li>
 * </ul>
 * Anything else is refused with the layer named: a batch norm in training mode (its statistics span all
 * {@code T*B} rows of a sequence), Dropout in training mode (one mask per sample shared by every step),
 * SpikingMaxPool2d and BatchNormThroughTime (state or parameters per step), residual joins and unknown modules.
 */
public final class StepModules {
    private StepModules() {
    }

    /** A fresh stepper for {@code m}; throws naming the first layer that cannot run step by step. */
    public static Stepper of(Module m) {
        return of(m, "");
    }

    private static Stepper of(Module m, String path) {
        if (m instanceof Steppable s) {
            return s.stepper();
        }
        if (m instanceof Sequential seq) {
            List<Stepper> parts = new ArrayList<>();
            for (int i = 0; i < seq.size(); i++) {
                parts.add(of(seq.get(i), path + i + "."));
            }
            return x -> {
                Tensor y = x;
                for (int i = 0; i < parts.size(); i++) {
                    y = parts.get(i).step(y);
                }
                return y;
            };
        }
        String refusal = refusal(m);
        if (refusal != null) {
            String where = path.isEmpty() ? "" : " at '" + path.substring(0, path.length() - 1) + "'";
            throw new IllegalArgumentException("cannot run " + m + where + " one time step at a time: " + refusal);
        }
        return m::call;
    }

    /** Why {@code m} cannot be stepped as a stateless layer, or null when it can. */
    private static String refusal(Module m) {
        if (m instanceof SpikingMaxPool2d) {
            return "its gate accumulates over time (no single-step mode)";
        }
        if (m instanceof BatchNormThroughTime) {
            return "it has statistics and parameters per time step";
        }
        if (m instanceof BatchNorm || m instanceof Dropout) {
            return m.isTraining() ? (m instanceof Dropout
                    ? "in training mode it draws one mask per sample for the whole sequence"
                    : "in training mode its statistics span all T*B rows of the sequence")
                    + "; use it outside the container or in evaluation mode" : null;
        }
        if (m instanceof Linear || m instanceof Conv2d || m instanceof Conv1d || m instanceof Flatten
                || m instanceof Identity || m instanceof Pool2d || m instanceof AdaptiveAvgPool2d
                || m instanceof PointwiseActivation || m instanceof VotingLayer) {
            return null;
        }
        return "it is not a Steppable module, a Sequential or a layer without state over time";
    }
}
