package org.snn4j.core.efficiency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.snn4j.core.nn.Conv1d;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * NeuroBench's synaptic operations: effective = pairs (nonzero weight, nonzero input), dense = all pairs the
 * layer multiplies. Every count is worked out by hand below (and agrees with NeuroBench's procedure, the
 * binarised layer run in PyTorch).
 */
class SynapticOpsTest {
    private static Linear linear(int in, int out, float... w) {
        Linear l = new Linear(in, out, true, new Rng(1));
        System.arraycopy(w, 0, l.weight().data(), 0, w.length);
        return l;
    }

    /** W = [[0.5, 0, -1], [2, 0.3, 0]]: nonzero weights per input column = [2, 1, 1]. */
    private static Linear linear3to2() {
        return linear(3, 2, 0.5f, 0f, -1f, 2f, 0.3f, 0f);
    }

    @Test
    void linearOnSparseSpikesCountsEffectiveAccumulates() {
        // [T=2, B=2, 3]: t0: [1,0,1], [0,1,0]; t1: [0,0,0], [1,1,1]
        byte[] s = {1, 0, 1, 0, 1, 0, 0, 0, 0, 1, 1, 1};
        // t0: (2 + 1) + 1 = 4; t1: 0 + (2 + 1 + 1) = 4  -> 8 ACs; dense = 4 rows x 3 inputs x 2 outputs = 24
        SynapticOps bytes = SynapticOps.linear(linear3to2(), Tensor.ofSpikes(s, 2, 2, 3));
        assertEquals(new SynapticOps(24, 0, 8), bytes);
        float[] f = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            f[i] = s[i];
        }
        assertEquals(bytes, SynapticOps.linear(linear3to2(), Tensor.of(f, 2, 2, 3)));
    }

    @Test
    void linearOnRealInputCountsEffectiveMacs() {
        // t0 holds 0.5: real-valued, MACs. [0.5, 0, -2] -> 2 + 1 = 3, [0, 1, 0] -> 1: 4 MACs.
        // t1 holds only -1, 0, 1: spikes, ACs. [-1, 0, 0] -> 2, [0, 0, 1] -> 1: 3 ACs.
        // dense = 4 rows x 6 = 24
        Tensor x = Tensor.of(new float[] {0.5f, 0, -2, 0, 1, 0, -1, 0, 0, 0, 0, 1}, 2, 2, 3);
        assertEquals(new SynapticOps(24, 4, 3), SynapticOps.linear(linear3to2(), x));
    }

    @Test
    void neuroBenchDocumentationExample() {
        // NeuroBench's docs: W = [[1.3, 0, -3.2], [0, 1.2, -5.1], [-1.1, 2.7, 0]], x = [0, 1.3, -1]:
        // binarised W x = [1, 2, 1] -> 4 effective operations (MACs: 1.3 is not a spike), dense 9
        Linear l = linear(3, 3, 1.3f, 0, -3.2f, 0, 1.2f, -5.1f, -1.1f, 2.7f, 0);
        assertEquals(new SynapticOps(9, 4, 0), SynapticOps.linear(l, Tensor.of(new float[] {0, 1.3f, -1}, 1, 1, 3)));
    }

    @Test
    void timeStaticInputCountsAtEveryStep() {
        // one stored step [B=1]: [0.5, 0, -2] -> 3 MACs, dense 6; over T = 4 steps: 12 MACs, dense 24
        Tensor x = Tensor.staticOf(new float[] {0.5f, 0, -2}, 4, 1, 3);
        assertEquals(new SynapticOps(24, 12, 0), SynapticOps.linear(linear3to2(), x));
    }

    private static Conv2d conv(int in, int out, int k, int stride, int pad, int groups) {
        Conv2d c = new Conv2d(in, out, k, stride, pad, 1, groups, true, new Rng(2));
        java.util.Arrays.fill(c.weight().data(), 1f);
        return c;
    }

    @Test
    void conv3x3Padding1CountsBorderTapsExactly() {
        // 4x4 input, 3x3 kernel, padding 1, stride 1: output 4x4. Input row iy reaches output rows
        // oy = iy + 1 - ky in [0, 4): rows 0 and 3 reach 2 (ky = 0,1 / 1,2), rows 1 and 2 reach 3; columns alike.
        // Spikes at (0,0): 2x2 = 4 taps, (1,2): 3x3 = 9, (3,1): 2x3 = 6 -> 19 ACs with every weight nonzero.
        // Dense: (2+3+3+2) x (2+3+3+2) = 100 (= 4 corners x 4 + 8 edges x 6 + 4 inner x 9 output-wise).
        float[] x = new float[16];
        x[0] = 1;
        x[1 * 4 + 2] = 1;
        x[3 * 4 + 1] = 1;
        Conv2d c = conv(1, 1, 3, 1, 1, 1);
        Tensor in = Tensor.of(x, 1, 1, 1, 4, 4);
        assertEquals(new SynapticOps(100, 0, 19), SynapticOps.conv2d(c, in));
        // Zero the corner tap W[0,0,0,0]: input (iy, ix) uses it for output (iy+1, ix+1), valid when iy, ix <= 2:
        // (0,0) and (1,2) lose one each, (3,1) does not -> 17; dense still 100 (it counts every weight).
        c.weight().data()[0] = 0;
        assertEquals(new SynapticOps(100, 0, 17), SynapticOps.conv2d(c, in));
    }

    @Test
    void stride2ConvLeavesUnreachedInputsUncounted() {
        // 6x6 input, 3x3 kernel, stride 2, no padding: output 2x2. Row iy is read by tap ky when
        // (iy - ky)/2 is an integer in [0, 2): rows 0..5 are read by 1, 1, 2, 1, 1, 0 taps (row 5 by none).
        // Dense = 6 x 6 = 36 = 4 outputs x 9. Nonzeros: (2,2)=0.5 -> 2x2 = 4, (4,1)=1 -> 1x1 = 1,
        // (5,0)=3 -> 0 (row 5), (0,5)=-2 -> 0 (column 5): 5 MACs (0.5 makes the step real-valued).
        float[] x = new float[36];
        x[2 * 6 + 2] = 0.5f;
        x[4 * 6 + 1] = 1;
        x[5 * 6] = 3;
        x[5] = -2;
        Conv2d c = conv(1, 1, 3, 2, 0, 1);
        assertEquals(new SynapticOps(36, 5, 0), SynapticOps.conv2d(c, Tensor.of(x, 1, 1, 1, 6, 6)));
    }

    @Test
    void groupedConvCountsOnlyTheGroupsOutputs() {
        // 4 -> 2 channels, groups 2 (channels 0,1 feed output 0; channels 2,3 feed output 1), 2x2 kernel on 3x3:
        // output 2x2; rows 0, 1, 2 are read by 1, 2, 1 taps, columns alike. Dense per channel (1+2+1)^2 = 16
        // x 1 output of its group -> 64 (= 2 outputs x 4 positions x 2 channels x 4 taps; 128 without groups).
        // W[1, 0] (output 1 from channel 2) is zero. Spikes: ch0 (1,1): 2x2 = 4; ch1 (2,1): 1x2 = 2;
        // ch2 (1,1): 0 (its weights are zero); ch3 (0,0): 1x1 = 1 -> 7 ACs.
        Conv2d c = conv(4, 2, 2, 1, 0, 2);
        java.util.Arrays.fill(c.weight().data(), 8, 12, 0f); // W[1, 0, :, :] = elements ((1*2 + 0)*2)*2 = 8..11
        float[] x = new float[4 * 9];
        x[0 * 9 + 1 * 3 + 1] = 1;
        x[1 * 9 + 2 * 3 + 1] = 1;
        x[2 * 9 + 1 * 3 + 1] = 1;
        x[3 * 9] = 1;
        assertEquals(new SynapticOps(64, 0, 7), SynapticOps.conv2d(c, Tensor.of(x, 1, 1, 4, 3, 3)));
    }

    @Test
    void dilatedConv1d() {
        // 1 -> 2 channels, kernel 2, dilation 2, length 5: output length 5 - 2 - 1 + 1 = 3. Position i is read by
        // tap 0 when i < 3 and by tap 1 when 2 <= i <= 4: 1, 1, 2, 1, 1 taps -> dense 6 x 2 outputs = 12.
        // W[1, 0, 1] = 0. Spike at 2: tap 0 (2 outputs) + tap 1 (1 nonzero) = 3; spike at 4: tap 1 -> 1. 4 ACs.
        Conv1d c = new Conv1d(1, 2, 2, 1, 0, 2, 1, true, new Rng(3));
        System.arraycopy(new float[] {0.3f, -0.2f, 0.7f, 0f}, 0, c.weight().data(), 0, 4);
        Tensor x = Tensor.of(new float[] {0, 0, 1, 0, 1}, 1, 1, 1, 5);
        assertEquals(new SynapticOps(12, 0, 4), SynapticOps.conv1d(c, x));
    }

    @Test
    void wrongInputIsRefusedWithTheLayerNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SynapticOps.linear(linear3to2(), Tensor.zeros(1, 1, 4)));
        assertEquals(true, e.getMessage().contains("Linear(3 -> 2)"), e.getMessage());
    }
}
