package org.snn4j.core.nn;

import org.snn4j.core.kernel.SpikeMatrix;
import org.snn4j.core.tensor.PackedBits;
import org.snn4j.core.tensor.Tensor;

/**
 * Helpers for layers that keep a spike input for backward: the input is packed to bits once the forward has
 * read it ({@link Tensor#packSpikes()}), and backward reads it back in the form it needs.
 */
final class SavedSpikes {
    private SavedSpikes() {
    }

    /** Packs {@code x} when it is byte-backed spikes; called by an op that keeps {@code x} in a graph node. */
    static void keep(Tensor x) {
        if (x.packedSpikes() == null && x.spikeBytes() != null) {
            x.packSpikes();
        }
    }

    /** The bitmap of spike tensor {@code x} as {@code rows x cols}, from its bits, bytes or floats. */
    static SpikeMatrix matrix(Tensor x, int rows, int cols) {
        PackedBits p = x.packedSpikes();
        if (p != null) {
            return SpikeMatrix.of(p, rows, cols);
        }
        byte[] b = x.spikeBytes();
        return b != null ? SpikeMatrix.of(b, rows, cols) : SpikeMatrix.of(x.data(), rows, cols);
    }

    /** The floats of {@code x}: for packed spikes a new array (not kept by the tensor), else {@link Tensor#data()}. */
    static float[] floats(Tensor x) {
        PackedBits p = x.packedSpikes();
        return p != null ? p.toFloats() : x.data();
    }
}
