package org.snn4j.convert;

/**
 * A batch of ANN inputs {@code [B, ...]} with their labels.
 *
 * @param x      inputs, the batch first
 * @param labels one class index per sample
 */
public record Batch(org.snn4j.core.tensor.Tensor x, int[] labels) {
    public Batch {
        if (x == null || labels == null) {
            throw new IllegalArgumentException("Batch: inputs and labels must be given");
        }
        if (x.rank() < 1 || x.size(0) != labels.length) {
            throw new IllegalArgumentException("Batch: " + labels.length + " labels for inputs of shape "
                    + x.shapeString() + " (the batch is dimension 0)");
        }
    }
}
