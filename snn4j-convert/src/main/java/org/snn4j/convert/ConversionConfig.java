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
 */
public record ConversionConfig(Normalization normalization, double percentile, boolean perChannel, ResetMode reset,
        float membraneOffset) {
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
    }

    /** Robust normalisation at the 99.9th percentile, per layer, reset by subtraction, no offset. */
    public static ConversionConfig defaults() {
        return new ConversionConfig(Normalization.PERCENTILE, 99.9, false, ResetMode.SUBTRACT, 0f);
    }

    public ConversionConfig withNormalization(Normalization n) {
        return new ConversionConfig(n, percentile, perChannel, reset, membraneOffset);
    }

    public ConversionConfig withPercentile(double p) {
        return new ConversionConfig(Normalization.PERCENTILE, p, perChannel, reset, membraneOffset);
    }

    public ConversionConfig withPerChannel(boolean on) {
        return new ConversionConfig(normalization, percentile, on, reset, membraneOffset);
    }

    public ConversionConfig withReset(ResetMode m) {
        return new ConversionConfig(normalization, percentile, perChannel, m, membraneOffset);
    }

    public ConversionConfig withMembraneOffset(float f) {
        return new ConversionConfig(normalization, percentile, perChannel, reset, f);
    }
}
