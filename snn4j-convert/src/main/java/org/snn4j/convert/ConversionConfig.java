package org.snn4j.convert;

import org.snn4j.core.neuron.ResetMode;

/**
 * Settings of {@link Converter}. QCFS activations always use their lambda as the threshold (one per layer),
 * whatever the normalisation.
 *
 * @param normalization  how thresholds are chosen for ReLU and clipped-ReLU activations
 * @param percentile     PERCENTILE only: p in (0, 100]
 * @param perChannel     one threshold per channel (dimension 1 of the ANN activation {@code [B, C, ...]}) instead of
 *                       one per layer (data-based normalisations only)
 * @param reset          SUBTRACT (reset by subtraction, the default) or ZERO
 * @param membraneOffset initial membrane as a fraction of the threshold: 0, or 0.5 (Bu et al. 2022's shift)
 * @param maxPoolGate    what selects the input of a spiking max-pool window (default the IF input current)
 * @param input          how the converted network receives the ANN input (default analog)
 * @param readout        how the output is read (default the membrane of a non-firing output layer)
 */
public record ConversionConfig(Normalization normalization, double percentile, boolean perChannel, ResetMode reset,
        float membraneOffset, MaxPoolGate maxPoolGate, InputEncoding input, Readout readout) {
    public ConversionConfig {
        if (normalization == null) {
            throw new IllegalArgumentException("ConversionConfig: normalization must be given");
        }
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("ConversionConfig: percentile must be in (0, 100], got " + percentile);
        }
        if (perChannel && normalization == Normalization.MODEL_MAX) {
            throw new IllegalArgumentException("ConversionConfig: model-based normalisation is per layer only;"
                    + " per-channel thresholds need DATA_MAX or PERCENTILE");
        }
        if (reset != ResetMode.SUBTRACT && reset != ResetMode.ZERO) {
            throw new IllegalArgumentException("ConversionConfig: reset must be SUBTRACT or ZERO, got " + reset);
        }
        if (!(membraneOffset >= 0 && membraneOffset < 1)) {
            throw new IllegalArgumentException("ConversionConfig: membrane offset must be in [0, 1), got "
                    + membraneOffset);
        }
        if (maxPoolGate == null || input == null || readout == null) {
            throw new IllegalArgumentException("ConversionConfig: the max-pool gate, input encoding and read-out must"
                    + " be given");
        }
    }

    /** The first five settings; max pools gated by input current, analog input, membrane read-out. */
    public ConversionConfig(Normalization normalization, double percentile, boolean perChannel, ResetMode reset,
            float membraneOffset) {
        this(normalization, percentile, perChannel, reset, membraneOffset, MaxPoolGate.INPUT_CURRENT,
                InputEncoding.analog(), Readout.MEMBRANE);
    }

    /**
     * Robust normalisation at the 99.9th percentile, per layer, reset by subtraction, no offset, max pools gated by
     * the input current, analog input, membrane read-out.
     */
    public static ConversionConfig defaults() {
        return new ConversionConfig(Normalization.PERCENTILE, 99.9, false, ResetMode.SUBTRACT, 0f);
    }

    public ConversionConfig withNormalization(Normalization n) {
        return new ConversionConfig(n, percentile, perChannel, reset, membraneOffset, maxPoolGate, input, readout);
    }

    public ConversionConfig withPercentile(double p) {
        return new ConversionConfig(Normalization.PERCENTILE, p, perChannel, reset, membraneOffset, maxPoolGate, input,
                readout);
    }

    public ConversionConfig withPerChannel(boolean on) {
        return new ConversionConfig(normalization, percentile, on, reset, membraneOffset, maxPoolGate, input, readout);
    }

    public ConversionConfig withReset(ResetMode m) {
        return new ConversionConfig(normalization, percentile, perChannel, m, membraneOffset, maxPoolGate, input,
                readout);
    }

    public ConversionConfig withMembraneOffset(float f) {
        return new ConversionConfig(normalization, percentile, perChannel, reset, f, maxPoolGate, input, readout);
    }

    public ConversionConfig withMaxPoolGate(MaxPoolGate g) {
        return new ConversionConfig(normalization, percentile, perChannel, reset, membraneOffset, g, input, readout);
    }

    public ConversionConfig withInput(InputEncoding e) {
        return new ConversionConfig(normalization, percentile, perChannel, reset, membraneOffset, maxPoolGate, e,
                readout);
    }

    public ConversionConfig withReadout(Readout r) {
        return new ConversionConfig(normalization, percentile, perChannel, reset, membraneOffset, maxPoolGate, input,
                r);
    }
}
