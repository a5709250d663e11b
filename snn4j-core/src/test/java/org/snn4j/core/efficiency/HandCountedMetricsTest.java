package org.snn4j.core.efficiency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.snn4j.core.neuron.IF;
import org.snn4j.core.neuron.NeuronLayer;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * NeuroBench's metrics on small networks, every number worked out by hand in the comments: synaptic operations,
 * activation and connection sparsity, membrane updates, footprint and Horowitz energies, and the rule that spikes
 * of a neuron layer's fixed amplitude (a converted IF layer's threshold) are accumulates.
 */
class HandCountedMetricsTest {
    private static Linear linear(int in, int out, boolean bias, float... w) {
        Linear l = new Linear(in, out, bias, new Rng(1));
        System.arraycopy(w, 0, l.weight().data(), 0, w.length);
        if (bias) {
            Arrays.fill(l.bias().data(), 0f);
        }
        return l;
    }

    @Test
    void linearFourToThreeOnSpikesThenIfThenLinear() {
        // Linear(4,3) with bias 0, W1 = [[0.5, 0, 1, -1], [2, 1, 0, 0.5], [1, 1, 1, 1]]: zeros W1[0][1], W1[1][2].
        // Nonzero weights per input column: [3, 2, 2, 3].
        // -> IF (SpikingJelly: H = V + X, S = [H >= 1], hard reset to 0)
        // -> Linear(3,1) with bias 0, W2 = [[1, 0, 2]]: nonzero per column [1, 0, 1].
        Sequential net = new Sequential(
                linear(4, 3, true, 0.5f, 0, 1, -1, 2, 1, 0, 0.5f, 1, 1, 1, 1), new IF(),
                linear(3, 1, true, 1, 0, 2));
        // Input spikes [T=3, B=1, 4]: t0 [1, 0, 0, 1], t1 [0, 1, 1, 0], t2 [0, 0, 0, 0].
        byte[] x = {1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0};
        try (MetricsCollector mc = MetricsCollector.attach(net)) {
            Tensor y = mc.forward(Tensor.ofSpikes(x, 3, 1, 4));
            EfficiencyReport r = mc.report();
            assertEquals(1, r.samples());
            // Layer 0: effective ACs t0: columns 0 and 3: 3 + 3 = 6; t1: columns 1 and 2: 2 + 2 = 4; t2: 0 -> 10.
            // Dense: 3 steps x 4 inputs x 3 outputs = 36.
            LayerMetrics l0 = r.layer("0");
            assertEquals(10.0, l0.effectiveAcs(), 0);
            assertEquals(0.0, l0.effectiveMacs(), 0);
            assertEquals(36.0, l0.denseSynops(), 0);
            assertEquals(2.0 / 12, l0.connectionSparsity(), 1e-15);
            // Currents W1 x: t0 [0.5 - 1, 2 + 0.5, 1 + 1] = [-0.5, 2.5, 2]; t1 [0 + 1, 1 + 0, 1 + 1] = [1, 1, 2]; t2 0.
            // IF: a: H = -0.5, 0.5, 0.5 (no spike), V = -0.5, 0.5, 0.5
            //     b: H = 2.5 (spike, V = 0), 1 (spike, V = 0), 0           -> V = 0, 0, 0
            //     c: H = 2 (spike, V = 0), 2 (spike, V = 0), 0             -> V = 0, 0, 0
            // Spikes t0 [0, 1, 1], t1 [0, 1, 1], t2 [0, 0, 0]: 4 of 9 -> activation sparsity 5/9.
            LayerMetrics n = r.layer("1");
            assertEquals(5.0 / 9, n.activationSparsity(), 1e-15);
            assertEquals(5.0 / 9, r.activationSparsity(), 1e-15);
            // Membrane updates: t0 all 3; t1 only a (-0.5 -> 0.5); t2 none -> 4. Dense: 3 neurons x 3 steps = 9.
            assertEquals(4.0, n.membraneUpdates(), 0);
            assertEquals(9.0, n.denseMembraneUpdates(), 0);
            // Layer 2 on the IF spikes: t0 [0, 1, 1] -> 0 + 1 = 1, t1 -> 1, t2 -> 0: 2 ACs; dense 3 x 3 = 9.
            assertEquals(2.0, r.layer("2").effectiveAcs(), 0);
            assertEquals(9.0, r.layer("2").denseSynops(), 0);
            assertArrayEquals(new float[] {2, 2, 0}, y.data()); // W2 . [0, 1, 1] = 0 + 2
            // Totals: 12 ACs, 0 MACs, dense 45, 4 membrane updates.
            assertEquals(12.0, r.effectiveAcs(), 0);
            assertEquals(0.0, r.effectiveMacs(), 0);
            assertEquals(45.0, r.denseSynops(), 0);
            assertEquals(4.0, r.membraneUpdates(), 0);
            // Connection sparsity: zeros 2 (W1) + 1 (W2) of 12 + 3 weights = 3/15 = 0.2.
            assertEquals(0.2, r.connectionSparsity(), 1e-15);
            // Footprint: W1 12 + b1 3 + W2 3 + b2 1 = 19 floats x 4 bytes = 76 bytes (IF has no tensors).
            assertEquals(76, r.footprintBytes());
            assertEquals(19, StaticMetrics.footprintBytes(net, 1)); // int8: 1 byte each

            // Energy (Horowitz 45 nm). fp32: synaptic 12 ACs x 0.9 = 10.8 pJ; neuron 4 updates x (3.7 + 0.9) =
            // 18.4 pJ; total 29.2 pJ.
            EnergyEstimate fp32 = EnergyEstimate.of(r.opCounts(), EnergyProfile.HOROWITZ_45NM_FP32);
            assertEquals(10.8, fp32.synapticPj(), 1e-12);
            assertEquals(18.4, fp32.neuronPj(), 1e-12);
            assertEquals(29.2, fp32.totalPj(), 1e-12);
            // int8: 12 x 0.03 = 0.36; 4 x 0.23 = 0.92; total 1.28 pJ.
            assertEquals(1.28, EnergyEstimate.of(r.opCounts(), EnergyProfile.HOROWITZ_45NM_INT8).totalPj(), 1e-12);
            // Memory: 76 bytes fit the 8 KB SRAM (10 pJ/access); accesses 12 + 2 x 4 = 20 -> 200 pJ.
            MemoryAccessCost mem = MemoryAccessCost.forFootprint(r.footprintBytes());
            assertEquals(MemoryAccessCost.SRAM_8KB, mem);
            assertEquals(200.0, EnergyEstimate.of(r.opCounts(), EnergyProfile.HOROWITZ_45NM_FP32, mem).memoryPj(),
                    1e-12);
            // Per layer, the energies add up to the model's: layer 0: 10 x 0.9 = 9, IF: 4 x 4.6 = 18.4,
            // layer 2: 2 x 0.9 = 1.8 -> 29.2.
            double sum = 0;
            for (LayerMetrics l : r.layers()) {
                sum += EnergyEstimate.of(l.opCounts(), EnergyProfile.HOROWITZ_45NM_FP32).totalPj();
            }
            assertEquals(29.2, sum, 1e-12);
        }
    }

    @Test
    void convolutionDenseOperationsAreCoutCinKkHoutWout() {
        // Conv2d 2 -> 3, 3x3, stride 1, no padding, on 6x6: Hout = Wout = 6 - 3 + 1 = 4.
        // Dense per step and sample = Cout x Cin x k x k x Hout x Wout = 3 x 2 x 9 x 4 x 4 = 864.
        Conv2d conv = new Conv2d(2, 3, 3, new Rng(4));
        Arrays.fill(conv.weight().data(), 0.5f);
        // one zero weight: output channel 0, input channel 1, centre tap (weight [3, 2, 3, 3], index ((0*2+1)*3+1)*3+1)
        conv.weight().data()[((0 * 2 + 1) * 3 + 1) * 3 + 1] = 0f;
        // input [T=2, B=1, 2, 6, 6], every value 0.25 (real-valued: MACs)
        float[] x = new float[2 * 2 * 36];
        Arrays.fill(x, 0.25f);
        try (MetricsCollector mc = MetricsCollector.attach(conv)) {
            mc.forward(Tensor.of(x, 2, 1, 2, 6, 6));
            EfficiencyReport r = mc.report();
            assertEquals(2 * 864.0, r.denseSynops(), 0);
            // Every input is nonzero; the zero weight removes one product from each of the 4 x 4 outputs of
            // channel 0: 864 - 16 = 848 effective MACs per step, 2 steps -> 1696.
            assertEquals(1696.0, r.effectiveMacs(), 0);
            assertEquals(0.0, r.effectiveAcs(), 0);
            // 1 zero of 3 x 2 x 9 = 54 weights; footprint (54 + 3 biases) x 4 = 228 bytes
            assertEquals(1.0 / 54, r.connectionSparsity(), 1e-15);
            assertEquals(228, r.footprintBytes());
            // fp32: 1696 x 4.6 = 7801.6 pJ
            assertEquals(7801.6, EnergyEstimate.of(r.opCounts(), EnergyProfile.HOROWITZ_45NM_FP32).totalPj(), 1e-9);
        }
        // The same layer as an ANN on a batch [B=2, 2, 6, 6]: two samples, one step each: dense 864 per sample.
        try (MetricsCollector mc = MetricsCollector.attach(conv)) {
            mc.forward(Tensor.of(Arrays.copyOf(x, x.length), 2, 2, 6, 6), 2);
            assertEquals(864.0, mc.report().denseSynops(), 0);
            assertEquals(848.0, mc.report().effectiveMacs(), 0);
        }
    }

    /**
     * A neuron layer whose spikes carry fixed amplitudes (as a converted IF layer's carry its threshold): passes its
     * input on unchanged, and its membrane is its input.
     */
    static final class AmplitudeSpikes extends Module implements NeuronLayer {
        private final float[] values;
        private boolean record;
        private Tensor membrane;

        AmplitudeSpikes(float... values) {
            this.values = values;
        }

        @Override
        public Tensor forward(Tensor x) {
            membrane = record ? x : null;
            return x;
        }

        @Override
        public AmplitudeSpikes setRecordMembrane(boolean on) {
            record = on;
            if (!on) {
                membrane = null;
            }
            return this;
        }

        @Override
        public boolean isRecordingMembrane() {
            return record;
        }

        @Override
        public Tensor recordedMembrane() {
            return membrane;
        }

        @Override
        public float[] spikeValues() {
            return values.clone();
        }
    }

    /** Input [T=4, B=1, 2]: t0 [0.25, 0], t1 [0.25, 3], t2 [0.25, 0.5], t3 [-3, 1]. */
    private static Tensor amplitudeInput() {
        return Tensor.of(new float[] {0.25f, 0, 0.25f, 3, 0.25f, 0.5f, -3, 1}, 4, 1, 2);
    }

    @Test
    void spikesOfAFixedAmplitudeAreAccumulates() {
        // A neuron layer with spike amplitudes 0.25 and 3 (per channel), then Linear(2,2) W = [[1, 0], [2, -1]]:
        // nonzero weights per column [2, 1].
        AmplitudeSpikes spikes = new AmplitudeSpikes(0.25f, 3f);
        Linear l = linear(2, 2, false, 1, 0, 2, -1);
        Sequential net = new Sequential(spikes, l);
        try (MetricsCollector mc = MetricsCollector.attach(net)) {
            assertArrayEquals(new float[] {0.25f, 1f, 3f}, mc.spikeValues());
            mc.forward(amplitudeInput());
            EfficiencyReport r = mc.report();
            // t0 [0.25, 0]: every nonzero value is an amplitude -> ACs: 2
            // t1 [0.25, 3]: amplitudes (one per channel) -> ACs: 2 + 1 = 3
            // t2 [0.25, 0.5]: 0.5 is no amplitude -> MACs: 3
            // t3 [-3, 1]: |-3| = 3 is an amplitude, 1 is a binary spike -> ACs: 3
            assertEquals(8.0, r.layer("1").effectiveAcs(), 0);
            assertEquals(3.0, r.layer("1").effectiveMacs(), 0);
            assertEquals(16.0, r.layer("1").denseSynops(), 0); // 4 steps x 2 x 2
            // The neuron layer is counted as one: outputs 1 zero of 8; membrane (= input) updates: t0 2, t1 1
            // (0 -> 3), t2 1 (3 -> 0.5), t3 2 -> 6 of 8.
            assertEquals(1.0 / 8, r.layer("0").activationSparsity(), 0);
            assertEquals(6.0, r.layer("0").membraneUpdates(), 0);
            assertEquals(8.0, r.layer("0").denseMembraneUpdates(), 0);
        }
        assertFalse(spikes.isRecordingMembrane());
        assertNull(spikes.recordedMembrane());
        // Without the neuron layer the same values are not spikes: a value that repeats in the data (0.25 at t0,
        // the only nonzero input) is no constant of the network, so no weight can be pre-scaled by it:
        // MACs 2 + 3 + 3 + 3 = 11.
        try (MetricsCollector mc = MetricsCollector.attach(l)) {
            mc.forward(amplitudeInput());
            assertEquals(11.0, mc.report().effectiveMacs(), 0);
            assertEquals(0.0, mc.report().effectiveAcs(), 0);
        }
        // The counting function with the amplitudes given directly agrees.
        assertEquals(new SynapticOps(16, 3, 8), SynapticOps.linear(l, amplitudeInput(), new float[] {3f, 0.25f}));
        assertEquals(new SynapticOps(16, 11, 0), SynapticOps.linear(l, amplitudeInput()));
    }

    @Test
    void badAmplitudesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricsCollector.attach(new Sequential(new AmplitudeSpikes(0f))));
        assertEquals("neuron layer '0' gives spike value 0.0; spike values must be finite and nonzero", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SynapticOps.spikeValues(Float.NaN));
        assertArrayEquals(new float[] {0.5f, 1f}, SynapticOps.spikeValues(-0.5f, 0.5f, 1f));
    }

    @Test
    void profilesAndMemoriesByName() {
        assertEquals(EnergyProfile.HOROWITZ_45NM_FP16, EnergyProfile.parse(" FP16 "));
        assertEquals(EnergyProfile.HOROWITZ_45NM_INT8, EnergyProfile.parse("int8 45nm"));
        assertEquals(1, EnergyProfile.parse("int8").bytesPerValue());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnergyProfile.parse("fp64"));
        assertEquals("energy profile must be fp32, fp16, int32 or int8, got 'fp64'", e.getMessage());
        assertEquals(MemoryAccessCost.DRAM, MemoryAccessCost.parse("DRAM"));
        assertEquals(MemoryAccessCost.SRAM_32KB, MemoryAccessCost.parse("sram-32kb"));
        assertThrows(IllegalArgumentException.class, () -> MemoryAccessCost.parse("hbm"));
        // smallest memory holding the footprint: 8 KiB = 8192 bytes is the 8 KB SRAM's, one byte more is not
        assertEquals(MemoryAccessCost.SRAM_8KB, MemoryAccessCost.forFootprint(8192));
        assertEquals(MemoryAccessCost.SRAM_32KB, MemoryAccessCost.forFootprint(8193));
        assertEquals(MemoryAccessCost.SRAM_1MB, MemoryAccessCost.forFootprint(119_304)); // tutorial CSNN, fp32
        assertEquals(MemoryAccessCost.DRAM, MemoryAccessCost.forFootprint((1 << 20) + 1));
    }
}
