package org.snn4j.core.neuron;

/**
 * Checks of scalar builder options shared by the neuron models; each returns the value it accepts and
 * otherwise throws an {@link IllegalArgumentException} of the form {@code "<model>: <option> must be ..., got <v>"}.
 */
final class OptionChecks {
    private OptionChecks() {
    }

    /** {@code v} when it is finite. */
    static float finite(String model, String what, float v) {
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException(model + ": " + what + " must be finite, got " + v);
        }
        return v;
    }

    /** {@code v} when it is finite and {@code > 0}. */
    static float positive(String model, String what, float v) {
        if (!(v > 0f) || !Float.isFinite(v)) {
            throw new IllegalArgumentException(model + ": " + what + " must be finite and > 0, got " + v);
        }
        return v;
    }

    /** {@code v} when it is finite and {@code > 1} (a time constant in steps). */
    static float aboveOne(String model, String what, float v) {
        if (!(v > 1f) || !Float.isFinite(v)) {
            throw new IllegalArgumentException(model + ": " + what + " must be finite and > 1, got " + v);
        }
        return v;
    }
}
