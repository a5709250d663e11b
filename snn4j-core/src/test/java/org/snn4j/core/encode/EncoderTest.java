package org.snn4j.core.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;

class EncoderTest {
    /** Spike steps of element {@code i} in a {@code [T, n]}-flattened output. */
    private static int[] column(Tensor s, int i) {
        int steps = s.size(0);
        int n = s.storedNumel() / steps;
        int[] c = new int[steps];
        for (int t = 0; t < steps; t++) {
            c[t] = (int) s.data()[t * n + i];
        }
        return c;
    }

    @Test
    void directIsTimeStaticAndSharesData() {
        Tensor x = Tensor.of(new float[] {0.1f, 0.7f, 0.3f, 0.9f}, 2, 2);
        Tensor e = new DirectEncoder().encode(x, 5, 0);
        assertTrue(e.isTimeStatic());
        assertArrayEquals(new int[] {5, 2, 2}, e.shape());
        assertSame(x.data(), e.data());
        assertEquals(0.9f, e.get(4, 1, 1));
    }

    @Test
    void rateSpikesWithClippedProbability() {
        // gain 2, offset -0.5: p = clip(2x - 0.5, 0, 1): x=0.1 -> 0, x=0.5 -> 0.5, x=0.9 -> 1
        RateEncoder enc = new RateEncoder(2, -0.5, 0);
        assertEquals(0f, enc.probability(0.1f));
        assertEquals(0.5f, enc.probability(0.5f));
        assertEquals(1f, enc.probability(0.9f));
        Tensor x = Tensor.of(new float[] {0.1f, 0.5f, 0.9f, 0.4f}, 2, 2);
        int steps = 4000;
        Tensor s = enc.encode(x, steps, 42);
        assertTrue(s.isBinary());
        assertArrayEquals(new int[] {steps, 2, 2}, s.shape());
        double[] rate = new double[4];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < 4; i++) {
                float v = s.data()[t * 4 + i];
                assertTrue(v == 0f || v == 1f);
                rate[i] += v / steps;
            }
        }
        assertEquals(0.0, rate[0]);
        assertEquals(1.0, rate[2], 1e-6);
        // binomial: sd = sqrt(p(1-p)/T) = 0.0079 for p=0.5, 0.0077 for p=0.3; allow 5 sd
        assertEquals(0.5, rate[1], 0.04);
        assertEquals(0.3, rate[3], 0.04);
    }

    @Test
    void rateIsSeededPerSampleAndThreadIndependent() {
        Tensor x = Tensor.full(0.5f, 8, 6);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Tensor a = new RateEncoder().encode(x, 10, 7);
            Parallel.setThreads(4);
            Tensor b = new RateEncoder().encode(x, 10, 7);
            assertArrayEquals(a.data(), b.data());
            Tensor c = new RateEncoder().encode(x, 10, 8);
            assertTrue(!java.util.Arrays.equals(a.data(), c.data()));
            // changing sample 0's values does not change sample 3's spikes
            Tensor x2 = Tensor.full(0.5f, 8, 6);
            x2.data()[0] = 0.9f;
            Tensor d = new RateEncoder().encode(x2, 10, 7);
            for (int i = 0; i < 6; i++) {
                assertArrayEquals(column(a, 3 * 6 + i), column(d, 3 * 6 + i));
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void rateFirstSpikeTimeSilencesEarlySteps() {
        Tensor s = new RateEncoder(1, 0, 3).encode(Tensor.full(1f, 1, 2), 5, 0);
        assertArrayEquals(new int[] {0, 0, 0, 1, 1}, column(s, 0));
        assertThrows(IllegalArgumentException.class, () -> new RateEncoder(1, 0, 5).encode(Tensor.full(1f, 1, 2), 5, 0));
    }

    @Test
    void latencyLinearNormalizeMatchesSnnTorchExample() {
        // snnTorch docs: latency_code([0.02, 0.5, 1], num_steps=5, normalize=True, linear=True)
        //   -> times [3.92, 2, 0]; latency(...) spikes at steps 4, 2, 0
        Tensor x = Tensor.of(new float[] {0.02f, 0.5f, 1f}, 1, 3);
        LatencyEncoder enc = new LatencyEncoder(1, 0.01, 1e-7, 0, true, true, false);
        assertArrayEquals(new float[] {3.92f, 2f, 0f}, enc.spikeTimes(x, 5), 1e-5f);
        Tensor s = enc.encode(x, 5, 0);
        assertTrue(s.isBinary());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1}, column(s, 0));
        assertArrayEquals(new int[] {0, 0, 1, 0, 0}, column(s, 1));
        assertArrayEquals(new int[] {1, 0, 0, 0, 0}, column(s, 2));
    }

    @Test
    void latencyLogModeByHand() {
        // tau=5, threshold 0.01: t = 5 ln(x / (x - 0.01))
        //   x=0.5 -> 5 ln(0.5/0.49) = 0.101 -> step 0; x=0.02 -> 5 ln 2 = 3.466 -> step 3
        //   x=0 -> clamped to 0.0100001 -> 5 ln(100001) = 57.6 > T-1: clipped to T-1 and, as in
        //   snnTorch, the whole last step is then cleared, so it never fires
        Tensor x = Tensor.of(new float[] {0.5f, 0.02f, 0f}, 1, 3);
        LatencyEncoder enc = new LatencyEncoder(5, 0.01, 1e-7, 0, false, false, false);
        float[] t = enc.spikeTimes(x, 10);
        assertEquals(5 * Math.log(0.5 / 0.49), t[0], 1e-5);
        assertEquals(5 * Math.log(2), t[1], 1e-5);
        // in float32 x' - threshold loses digits: torch gives 57.535621643066406 (not 57.5647 exactly)
        assertEquals(57.535621643066406, t[2], 1e-4);
        Tensor s = enc.encode(x, 10, 0);
        assertArrayEquals(new int[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, column(s, 0));
        assertArrayEquals(new int[] {0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, column(s, 1));
        assertArrayEquals(new int[10], column(s, 2));
    }

    @Test
    void latencyLogNormalizeAndClip() {
        // tau=1: times ln(1/0.99)=0.01005, ln(0.02/0.01)=0.6931, ln(0.0100001/1e-7)=11.507 (float32,
        // torch: 11.507123947143555); normalize to T-1=9: t * 9 / 11.507 -> 0.0079, 0.5421, 9 -> steps 0, 1, 9
        Tensor x = Tensor.of(new float[] {1f, 0.02f, 0f}, 1, 3);
        LatencyEncoder enc = new LatencyEncoder(1, 0.01, 1e-7, 0, true, false, false);
        assertArrayEquals(new float[] {0.007860572f, 0.5421272f, 9f}, enc.spikeTimes(x, 10), 1e-6f);
        Tensor s = enc.encode(x, 10, 0);
        assertEquals(1f, s.get(0, 0, 0));
        assertEquals(1f, s.get(1, 0, 1));
        assertEquals(1f, s.get(9, 0, 2));
        assertEquals(3f, Decode.spikeCount(s).data()[0] + Decode.spikeCount(s).data()[1] + Decode.spikeCount(s).data()[2]);
        // clip: the value below threshold does not fire
        Tensor c = new LatencyEncoder(1, 0.01, 1e-7, 0, true, false, true).encode(x, 10, 0);
        assertArrayEquals(new int[10], column(c, 2));
        assertEquals(1f, c.get(1, 0, 1));
    }

    @Test
    void latencyFirstSpikeTimeShiftsTheEarliest() {
        // log mode, f=2: t - min(t) + 2, so x=1 (earliest) fires at step 2
        Tensor x = Tensor.of(new float[] {1f, 0.02f}, 1, 2);
        float[] t = new LatencyEncoder(1, 0.01, 1e-7, 2, false, false, false).spikeTimes(x, 10);
        assertEquals(2f, t[0], 1e-6f);
        assertEquals(2 + Math.log(2) - Math.log(1 / 0.99), t[1], 1e-5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LatencyEncoder(1, 0.01, 1e-7, 0, false, true, false).encode(Tensor.full(2f, 1, 1), 5, 0));
        assertTrue(e.getMessage().contains("linear"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LatencyEncoder(1, 1.5, 1e-7, 0, false, false, false));
    }

    @Test
    void deltaMatchesSnnTorchSemantics() {
        // torch re-statement of spikegen.delta gives, for a=[1,2,2.9,3,3.9], threshold 1:
        // [1,1,0,0,0] (the snnTorch docstring's [1,1,0,1,0] disagrees with its own code: 3-2.9 < 1),
        // padding: [0,1,0,0,0]; b=[1,2,0,2,2.9] off_spike: [1,1,-1,1,0]; padding+off: [0,1,-1,1,0]
        Tensor a = Tensor.of(new float[] {1, 2, 2.9f, 3, 3.9f}, 5, 1);
        Tensor b = Tensor.of(new float[] {1, 2, 0, 2, 2.9f}, 5, 1);
        assertArrayEquals(new float[] {1, 1, 0, 0, 0}, new DeltaEncoder(1, false, false).encode(a, 0, 0).data());
        assertArrayEquals(new float[] {0, 1, 0, 0, 0}, new DeltaEncoder(1, false, true).encode(a, 5, 0).data());
        assertArrayEquals(new float[] {1, 1, -1, 1, 0}, new DeltaEncoder(1, true, false).encode(b, 0, 0).data());
        Tensor off = new DeltaEncoder(1, true, true).encode(b, 0, 0);
        assertArrayEquals(new float[] {0, 1, -1, 1, 0}, off.data());
        assertTrue(!off.isBinary());
        assertTrue(new DeltaEncoder(1, false, false).encode(a, 0, 0).isBinary());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DeltaEncoder().encode(a, 3, 0));
        assertTrue(e.getMessage().contains("steps=3"), e.getMessage());
    }

    @Test
    void populationGaussianFields() {
        // N=3 over [0,1]: centres 0, 0.5, 1; sigma = 1 * 0.5; x=0.5 -> [e^-0.5, 1, e^-0.5]
        // x=0 -> [1, e^-0.5, e^-2]
        PopulationEncoder enc = new PopulationEncoder(3, 0, 1, 1, false);
        assertEquals(0.5, enc.centre(1));
        assertEquals(0.5, enc.sigma());
        Tensor x = Tensor.of(new float[] {0.5f, 0f}, 1, 2);
        Tensor e = enc.encode(x, 4, 0);
        assertTrue(e.isTimeStatic());
        assertArrayEquals(new int[] {4, 1, 6}, e.shape());
        float h = (float) Math.exp(-0.5);
        assertArrayEquals(new float[] {h, 1, h, 1, h, (float) Math.exp(-2)}, e.data(), 1e-6f);
        // spikes mode: binary, rates close to the intensities
        PopulationEncoder sp = new PopulationEncoder(3, 0, 1, 1, true);
        int steps = 3000;
        Tensor s = sp.encode(x, steps, 3);
        assertTrue(s.isBinary());
        Tensor rates = Decode.rate(s);
        assertArrayEquals(new float[] {h, 1, h, 1, h, (float) Math.exp(-2)}, rates.data(), 0.05f);
    }

    @Test
    void parseSpecs() {
        assertTrue(Encoder.parse("direct") instanceof DirectEncoder);
        RateEncoder r = (RateEncoder) Encoder.parse("rate:gain=0.5");
        assertEquals(0.25f, r.probability(0.5f));
        Encoder l = Encoder.parse("latency:tau=5,linear,normalize");
        assertTrue(l instanceof LatencyEncoder);
        assertArrayEquals(new float[] {3.92f, 2f, 0f},
                ((LatencyEncoder) l).spikeTimes(Tensor.of(new float[] {0.02f, 0.5f, 1f}, 1, 3), 5), 1e-5f);
        assertTrue(Encoder.parse("delta:threshold=0.2,off_spike") instanceof DeltaEncoder);
        PopulationEncoder p = (PopulationEncoder) Encoder.parse("population:neurons=5,min=-1,max=1,spikes");
        assertEquals(5, p.neurons());
        assertEquals(-0.5, p.centre(1), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Encoder.parse("rate:gian=2"));
        assertTrue(e.getMessage().contains("gian"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Encoder.parse("burst"));
        assertThrows(IllegalArgumentException.class, () -> new RateEncoder().encode(Tensor.zeros(2, 2), 0, 0));
    }
}
