package org.snn4j.convert;

/** How the converter chooses each IF layer's threshold (the activation scale it represents). */
public enum Normalization {
    /**
     * Model-based (Diehl et al. 2015): the largest value the activation's input can take, from interval
     * arithmetic over the weights and biases, starting from the range of the calibration inputs (and 0); no
     * activation statistics. Per layer only.
     */
    MODEL_MAX,
    /** Data-based max (Diehl et al. 2015): the largest activation on the calibration set. */
    DATA_MAX,
    /**
     * Robust normalisation (Rueckauer et al. 2017): the p-th percentile (default 99.9) of the non-zero activations
     * on the calibration set, linear interpolation between order statistics as {@code numpy.percentile}.
     */
    PERCENTILE
}
