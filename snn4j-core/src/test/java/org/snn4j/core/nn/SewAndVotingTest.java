package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/** SEW connect functions and the voting layer. */
class SewAndVotingTest {
    // all four spike pairs (a, s): (0,0) (0,1) (1,0) (1,1)
    private static final float[] A = {0, 0, 1, 1};
    private static final float[] S = {0, 1, 0, 1};

    private static Tensor random(long seed, int... shape) {
        Rng rng = new Rng(seed);
        float[] d = new float[(int) Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.uniform(-1, 1);
        }
        return Tensor.of(d, shape).requiresGrad(true);
    }

    @Test
    void truthTablesAndGradientsByHand() {
        float[][] expected = {{0, 1, 1, 2}, {0, 0, 0, 1}, {0, 1, 0, 0}};
        // with dy = 1: ADD da = ds = 1; AND da = s, ds = a; IAND da = -s, ds = 1 - a
        float[][] da = {{1, 1, 1, 1}, {0, 1, 0, 1}, {0, -1, 0, -1}};
        float[][] ds = {{1, 1, 1, 1}, {0, 0, 1, 1}, {1, 1, 0, 0}};
        for (SewFunction f : SewFunction.values()) {
            Tensor a = Tensor.of(A.clone(), 1, 1, 4).markBinary().requiresGrad(true);
            Tensor s = Tensor.of(S.clone(), 1, 1, 4).markBinary().requiresGrad(true);
            Tensor y = f.apply(a, s);
            assertArrayEquals(expected[f.ordinal()], y.data(), 0f, f.name());
            assertEquals(f != SewFunction.ADD, y.isBinary(), f.name());
            y.backward(Tensor.full(1f, 1, 1, 4));
            assertArrayEquals(da[f.ordinal()], a.grad().data(), 0f, f.name());
            assertArrayEquals(ds[f.ordinal()], s.grad().data(), 0f, f.name());
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (SewFunction f : SewFunction.values()) {
            Tensor a = random(1, 3, 2, 5);
            Tensor s = random(2, 3, 2, 5);
            GradCheck.Result r = GradCheck.check(t -> f.apply(t[0], t[1]), new Tensor[] {a, s}, 1e-2, 1e-4, 1e-3);
            assertTrue(r.passed(), f + ": " + r);
        }
    }

    @Test
    void byteSpikesAndStaticInputs() {
        byte[] ab = {0, 0, 1, 1};
        byte[] sb = {0, 1, 0, 1};
        Tensor y = SewFunction.IAND.apply(Tensor.ofSpikes(ab, 1, 4), Tensor.ofSpikes(sb, 1, 4));
        assertNotNull(y.spikeBytes());
        assertArrayEquals(new float[] {0, 1, 0, 0}, y.data(), 0f);
        Tensor st = SewFunction.ADD.apply(Tensor.staticOf(A.clone(), 3, 4), Tensor.staticOf(S.clone(), 3, 4));
        assertTrue(st.isTimeStatic());
        assertArrayEquals(new float[] {0, 1, 1, 2}, st.data(), 0f);
        // one static, one not: the result is a full sequence
        Tensor mixed = SewFunction.AND.apply(Tensor.staticOf(A.clone(), 2, 4), Tensor.of(new float[] {1, 1, 1, 1, 0, 0, 1, 1}, 2, 4));
        assertFalse(mixed.isTimeStatic());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 1, 1}, mixed.data(), 0f);
        assertEquals(SewFunction.IAND, SewFunction.parse("iand"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SewFunction.parse("or"));
        assertTrue(e.getMessage().contains("'or'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SewFunction.ADD.apply(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
    }

    @Test
    void votingAveragesConsecutiveGroups() {
        // F = 6, groups of 3: (1+2+3)/3 = 2, (4+5+9)/3 = 6
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 9, 0, 0, 3, 1, 1, 1}, 2, 1, 6).requiresGrad(true);
        Tensor y = new VotingLayer(3).forward(x);
        assertArrayEquals(new int[] {2, 1, 2}, y.shape());
        assertArrayEquals(new float[] {2, 6, 1, 1}, y.data(), 0f);
        y.backward(Tensor.of(new float[] {3, 6, 9, 12}, 2, 1, 2));
        assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4}, x.grad().data(), 0f);
        GradCheck.Result r = GradCheck.check(t -> new VotingLayer(5).forward(t[0]), new Tensor[] {random(3, 4, 2, 20)},
                1e-2, 1e-4, 1e-3);
        assertTrue(r.passed(), r.toString());
        // spikes as bytes: the firing fraction of each group
        Tensor v = new VotingLayer(4).forward(Tensor.ofSpikes(new byte[] {1, 0, 1, 1, 0, 0, 0, 1}, 1, 1, 8));
        assertArrayEquals(new float[] {0.75f, 0.25f}, v.data(), 0f);
        assertTrue(new VotingLayer(2).forward(Tensor.staticOf(new float[] {1, 3}, 4, 1, 2)).isTimeStatic());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VotingLayer(4).forward(Tensor.zeros(2, 1, 10)));
        assertTrue(e.getMessage().contains("[2, 1, 10]") && e.getMessage().contains("4"), e.getMessage());
    }
}
