package org.snn4j.core.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.snn4j.core.tensor.Tensor;

class DecodeTest {
    // T=3, B=2, C=3; sample 0: class0 fires at t=2, class1 at t=0 and t=1, class2 never
    //                sample 1: class0 at t=1, class1 at t=1 and t=2, class2 at t=0
    private static final Tensor S = Tensor.of(new float[] {
        0, 1, 0, 0, 0, 1,
        0, 1, 0, 1, 1, 0,
        1, 0, 0, 0, 1, 0}, 3, 2, 3);

    @Test
    void countsRatesAndFirstSpikes() {
        assertArrayEquals(new float[] {1, 2, 0, 1, 2, 1}, Decode.spikeCount(S).data());
        assertArrayEquals(new float[] {1f / 3, 2f / 3, 0, 1f / 3, 2f / 3, 1f / 3}, Decode.rate(S).data(), 1e-6f);
        // never firing -> T = 3
        assertArrayEquals(new float[] {2, 0, 3, 1, 1, 0}, Decode.firstSpikeTime(S).data());
        assertArrayEquals(new int[] {1, 1}, Decode.predictByCount(S));
        assertArrayEquals(new int[] {1, 2}, Decode.predictByFirstSpike(S));
    }

    @Test
    void tieRules() {
        // count ties -> lowest index: counts [1,1] -> 0
        Tensor a = Tensor.of(new float[] {1, 0, 0, 1}, 2, 1, 2);
        assertArrayEquals(new int[] {0}, Decode.predictByCount(a));
        // first-spike tie at t=0: class 1 has the higher count (2 vs 1) and wins
        Tensor b = Tensor.of(new float[] {1, 1, 0, 1}, 2, 1, 2);
        assertArrayEquals(new int[] {1}, Decode.predictByFirstSpike(b));
        // full tie -> lowest index; nothing fires -> class 0
        Tensor c = Tensor.of(new float[] {0, 1, 1, 0, 1, 1}, 2, 1, 3);
        assertArrayEquals(new int[] {1}, Decode.predictByFirstSpike(c));
        assertArrayEquals(new int[] {0}, Decode.predictByFirstSpike(Tensor.zeros(4, 1, 3)));
        assertArrayEquals(new float[] {4, 4, 4}, Decode.firstSpikeTime(Tensor.zeros(4, 1, 3)).data());
    }

    @Test
    void maxMembraneAndStaticInputs() {
        Tensor v = Tensor.of(new float[] {0.2f, -1f, 0.9f, -0.5f, 0.1f, 0.3f}, 3, 1, 2);
        assertArrayEquals(new float[] {0.9f, 0.3f}, Decode.maxMembrane(v).data());
        assertArrayEquals(new int[] {0}, Decode.predictByMaxMembrane(v));
        Tensor st = Tensor.staticOf(new float[] {1, 0}, 5, 1, 2);
        assertArrayEquals(new float[] {5, 0}, Decode.spikeCount(st).data());
        assertArrayEquals(new float[] {0, 5}, Decode.firstSpikeTime(st).data());
        assertArrayEquals(new float[] {1, 0}, Decode.maxMembrane(st).data());
        assertThrows(IllegalArgumentException.class, () -> Decode.spikeCount(Tensor.zeros(2, 3)));
    }
}
