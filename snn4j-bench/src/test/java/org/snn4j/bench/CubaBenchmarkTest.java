package org.snn4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CubaBenchmarkTest {
    @Test
    void probabilityKeepsEightyInputsAboveFourThousand() {
        assertEquals(0.02, CubaBenchmark.probability(1000));
        assertEquals(0.02, CubaBenchmark.probability(4000));
        assertEquals(80.0 / 64000, CubaBenchmark.probability(64000));
    }

    @Test
    void buildsTheNetworkOfBrian2Cuba() {
        CubaBenchmark.Model m = CubaBenchmark.build(4000, 1);
        // 3200 x 4000 and 800 x 4000 pairs at p = 0.02: 256,000 and 64,000 synapses expected
        assertEquals(256_000, m.excitatory().size(), 2000);
        assertEquals(64_000, m.inhibitory().size(), 1000);
        // presynaptic indices count from each subgroup's start (Brian2's P[:3200], P[3200:])
        for (int i : m.excitatory().i()) assertTrue(i < 3200);
        for (int i : m.inhibitory().i()) assertTrue(i < 800);
        double[] v = m.group().get("v");
        for (double x : v) assertTrue(x >= -0.060 && x < -0.050, "v = " + x);
    }

    @Test
    void runsAndReportsEveryKey() {
        Map<String, Object> r = CubaBenchmark.run(new CubaBenchmark.Settings(2000, 0.2, 1, 1));
        for (String k : new String[] {"n", "sim_s", "build_s", "spikes", "rate_hz", "heap_mb", "heap_peak_mb",
                "bytes_per_synapse"}) assertTrue(r.containsKey(k), k);
        // static synapses: 4 bytes (the target index) plus the offsets, 4*(1600 + 1) + 4*(400 + 1) bytes over
        // about 0.02*2000*2000 = 80,000 synapses, so about 4.1 bytes each
        double bytes = ((Number) r.get("bytes_per_synapse")).doubleValue();
        long syn = ((Number) r.get("synapses")).longValue();
        assertEquals(4 + 4.0 * (1601 + 401) / syn, bytes, 1e-9);
        double rate = ((Number) r.get("rate_hz")).doubleValue();
        assertTrue(rate > 2 && rate < 15, "rate " + rate);
    }
}
