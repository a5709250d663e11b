package org.snn4j.core.kernel;

/**
 * A gradient handed from one op's backward to the next in a form its consumer can evaluate piece by piece
 * ({@link org.snn4j.core.tensor.Tensor#deferred}): a spiking layer's backward asks for one step's block of
 * elements at a time instead of reading a whole array. Implementations give exactly the floats the
 * materialised array would hold. {@link RowProduct} (a narrow linear layer's input gradient) and the max-pool
 * gradient on spikes are the two forms.
 */
public interface BlockGradient {
    /** Number of elements (the gradient's stored size). */
    long size();

    /** {@code dst[dOff + j] = element e0 + j} (flat, row-major) for {@code j < len}. */
    void fill(long e0, int len, float[] dst, int dOff);
}
