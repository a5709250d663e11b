package org.snn4j.io.data;

import org.snn4j.core.tensor.Tensor;

/**
 * One batch: inputs scaled to [0,1], their labels, and their indices in the data set (for
 * per-sample bookkeeping and for checking shuffles).
 */
public record Batch(Tensor x, int[] labels, int[] indices) {
    /** Number of samples. */
    public int size() {
        return labels.length;
    }
}
