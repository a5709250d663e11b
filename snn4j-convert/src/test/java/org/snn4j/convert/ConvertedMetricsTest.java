package org.snn4j.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.efficiency.EfficiencyComparison;
import org.snn4j.core.efficiency.EfficiencyReport;
import org.snn4j.core.efficiency.EnergyProfile;
import org.snn4j.core.efficiency.LayerMetrics;
import org.snn4j.core.efficiency.MetricsCollector;
import org.snn4j.core.neuron.ResetMode;
import org.snn4j.core.nn.ReLU;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;

/**
 * Efficiency metrics of an ANN and the SNN converted from it, counted by hand: the IF layer's membrane updates, and
 * its spikes, which carry the threshold, counted as accumulates in the next layer.
 */
class ConvertedMetricsTest {
    /** Linear(2,3) W1 = [[1, 0], [0.5, 1], [0, 0]] -> ReLU -> Linear(3,1) W2 = [[1, -1, 0.5]], biases 0. */
    private static Sequential ann() {
        return new Sequential(
                ConverterTest.linear(2, 3, new float[] {1, 0, 0.5f, 1, 0, 0}, new float[] {0, 0, 0}), new ReLU(),
                ConverterTest.linear(3, 1, new float[] {1, -1, 0.5f}, new float[] {0}));
    }

    @Test
    void annAndItsConvertedSnn() {
        // Calibration x = [2, 1]: hidden activations [2, 0.5*2 + 1, 0] = [2, 2, 0] -> data-based max theta = 2.
        ConvertedNetwork conv = Converter.convert(ann(), List.of(Tensor.of(new float[] {2, 1}, 1, 2)),
                ConversionConfig.defaults().withNormalization(Normalization.DATA_MAX).withReset(ResetMode.SUBTRACT));
        IFNeuron neuron = conv.layers().get(0).neuron();
        assertArrayEquals(new float[] {2f}, neuron.thresholds(), 0f);
        assertArrayEquals(new float[] {2f}, neuron.spikeValues(), 0f);

        // Test input x = [0.5, 1], T = 4 steps of the same analog input (time-static).
        Tensor x = Tensor.of(new float[] {0.5f, 1f}, 1, 2);
        EfficiencyReport snn;
        try (MetricsCollector mc = MetricsCollector.attach(conv.snn()); Autograd.NoGrad ng = Autograd.noGrad()) {
            Tensor out = mc.forward(Tensor.repeatTime(x, 4));
            snn = mc.report();
            // currents I = W1 x = [0.5, 0.25 + 1, 0] = [0.5, 1.25, 0] at every step; IF, theta 2, subtract:
            //   a (0.5):  V = 0.5, 1.0, 1.5, 2.0 -> spike at t3, V = 0        membrane 0.5, 1, 1.5, 0
            //   b (1.25): V = 1.25, 2.5 -> spike, 0.5; 1.75; 3.0 -> spike, 1   membrane 1.25, 0.5, 1.75, 1
            //   c (0):    V = 0 throughout                                    membrane 0, 0, 0, 0
            // spikes (value theta = 2): t1 [0, 2, 0], t3 [2, 2, 0]; output W2 y: t1 -2, t3 2 - 2 = 0
            assertArrayEquals(new float[] {0, -2, 0, 0}, out.data());
        }
        assertFalse(neuron.isRecordingMembrane());
        assertNull(neuron.recordedMembrane());
        assertEquals(1, snn.samples());
        List<LayerMetrics> layers = snn.layers();
        assertEquals(List.of("Linear", "IFNeuron", "Linear"), layers.stream().map(LayerMetrics::type).toList());
        // Layer 0 on the analog input (0.5 is no spike): nonzero weights per column [2, 1] -> 3 MACs per step,
        // 4 steps -> 12 MACs; dense 4 x 6 = 24.
        assertEquals(12.0, layers.get(0).effectiveMacs(), 0);
        assertEquals(0.0, layers.get(0).effectiveAcs(), 0);
        assertEquals(24.0, layers.get(0).denseSynops(), 0);
        // IF: membrane updates a 4, b 4, c 1 (t0 only) = 9 of 3 x 4 = 12; spikes 3 of 12 -> sparsity 9/12.
        assertEquals(9.0, layers.get(1).membraneUpdates(), 0);
        assertEquals(12.0, layers.get(1).denseMembraneUpdates(), 0);
        assertEquals(0.75, layers.get(1).activationSparsity(), 0);
        // Layer 2 on theta-valued spikes: accumulates (the weights pre-scaled by theta). Nonzero weights per column
        // [1, 1, 1]: t1 [0, 2, 0] -> 1, t3 [2, 2, 0] -> 2: 3 ACs; dense 4 x 3 = 12.
        assertEquals(3.0, layers.get(2).effectiveAcs(), 0);
        assertEquals(0.0, layers.get(2).effectiveMacs(), 0);
        assertEquals(12.0, layers.get(2).denseSynops(), 0);

        EfficiencyReport annReport;
        try (MetricsCollector mc = MetricsCollector.attach(ann()); Autograd.NoGrad ng = Autograd.noGrad()) {
            mc.forward(x, 1);
            annReport = mc.report();
        }
        // ANN on [0.5, 1]: layer 0: 3 MACs, dense 6; ReLU [0.5, 1.25, 0]: 1 zero of 3; layer 2: columns 0, 1 -> 2
        // MACs, dense 3. Total 5 MACs, dense 9; no membrane.
        assertEquals(5.0, annReport.effectiveMacs(), 0);
        assertEquals(9.0, annReport.denseSynops(), 0);
        assertEquals(1.0 / 3, annReport.activationSparsity(), 1e-15);
        assertEquals(0.0, annReport.membraneUpdates(), 0);

        // fp32: ANN 5 x 4.6 = 23 pJ. SNN: synaptic 12 x 4.6 + 3 x 0.9 = 55.2 + 2.7 = 57.9; neuron 9 x 4.6 = 41.4;
        // total 99.3 pJ; ratio 99.3 / 23 = 4.3174.
        EfficiencyComparison c = EfficiencyComparison.of(new EfficiencyComparison.Model("ann", annReport, null),
                new EfficiencyComparison.Model("snn T=4", snn, null), EnergyProfile.HOROWITZ_45NM_FP32);
        assertEquals(23.0, c.energy(0).totalPj(), 1e-9);
        assertEquals(99.3, c.energy(1).totalPj(), 1e-9);
        // Layers pair up: Linear 3 x 4.6 = 13.8 vs 55.2 (ratio 4); ReLU vs IF; Linear 2 x 4.6 = 9.2 vs 2.7.
        assertEquals(3, c.rows().size());
        assertEquals(13.8, c.layerEnergyPj(0, c.rows().get(0).layers().get(0)), 1e-9);
        assertEquals(2.7, c.layerEnergyPj(1, c.rows().get(2).layers().get(1)), 1e-9);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) c.toMap().get("layers");
        assertEquals(4.0, (double) rows.get(0).get("energy_ratio"), 1e-12);
        assertEquals(2.7 / 9.2, (double) rows.get(2).get("energy_ratio"), 1e-12);
    }

    @Test
    void perChannelThresholdsAreSpikeValuesToo() {
        // Per-channel data-based max on the calibration x = [2, 0.5]: hidden [2, 1 + 0.5, 0]; the silent channel
        // takes the layer's value, 2: thresholds [2, 1.5, 2].
        ConvertedNetwork conv = Converter.convert(ann(), List.of(Tensor.of(new float[] {2, 0.5f}, 1, 2)),
                ConversionConfig.defaults().withNormalization(Normalization.DATA_MAX).withPerChannel(true));
        assertArrayEquals(new float[] {2f, 1.5f, 2f}, conv.layers().get(0).neuron().thresholds(), 0f);
        // x = [1, 1]: I = [1, 1.5, 0]. a (theta 2): V = 1, 2 -> spike (0), 1, 2 -> spike: spikes at t1, t3.
        // b (theta 1.5): V = 1.5 -> spike (0) at every step.
        // Layer 2 inputs: t0 [0, 1.5, 0], t1 [2, 1.5, 0], t2 [0, 1.5, 0], t3 [2, 1.5, 0]: 1.5 and 2 are the
        // channels' spike values -> ACs 1 + 2 + 1 + 2 = 6, none as MACs (t1 and t3 hold two different values, so a
        // rule of one constant per step would have called them MACs).
        try (MetricsCollector mc = MetricsCollector.attach(conv.snn()); Autograd.NoGrad ng = Autograd.noGrad()) {
            mc.forward(Tensor.repeatTime(Tensor.of(new float[] {1, 1}, 1, 2), 4));
            LayerMetrics l2 = mc.report().layers().get(2);
            assertEquals(6.0, l2.effectiveAcs(), 0);
            assertEquals(0.0, l2.effectiveMacs(), 0);
        }
    }
}
