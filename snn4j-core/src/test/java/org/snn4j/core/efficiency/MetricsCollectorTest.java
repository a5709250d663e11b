package org.snn4j.core.efficiency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snn4j.core.nn.Add;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Flatten;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.MaxPool2d;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.neuron.IF;
import org.snn4j.core.neuron.Leaky;
import org.snn4j.core.neuron.RLeaky;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

class MetricsCollectorTest {
    private static Linear linear(int in, int out, float... w) {
        Linear l = new Linear(in, out, false, new Rng(1));
        System.arraycopy(w, 0, l.weight().data(), 0, w.length);
        return l;
    }

    /** Linear(2,2) W1 = [[2, 0], [0, 0.6]] -> Leaky(0.5) -> Linear(2,1) W2 = [[1.5, 1]] -> Leaky(0.5). */
    private static Sequential twoLayerSnn() {
        return new Sequential(linear(2, 2, 2f, 0f, 0f, 0.6f), Leaky.builder(0.5f).build(),
                linear(2, 1, 1.5f, 1f), Leaky.builder(0.5f).build());
    }

    @Test
    void twoLayerSnnOverThreeSteps() {
        // Input spikes [T=3, B=2, 2]: sample 0: t0 [1,0], t1 [0,0], t2 [0,1]; sample 1: all zero.
        byte[] x = {1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0};
        // snnTorch Leaky: U[t] = 0.5*U[t-1] + I[t] - S[t-1]*1, S[t] = U[t] > 1.
        // Sample 0, layer 1: I = [2,0], [0,0], [0,0.6]
        //   neuron a: U = 2, 0.5*2 - 1 = 0, 0   S = 1, 0, 0
        //   neuron b: U = 0, 0, 0.6             S = 0, 0, 0
        //   membrane updates: t0 all 2; t1 a changed (2 -> 0), b not (0 -> 0): 1; t2 a not, b changed: 1 -> 4
        // layer 2: I = 1.5*S_a + S_b = 1.5, 0, 0; U = 1.5, 0.75 - 1 = -0.25, -0.125; S = 1, 0, 0
        //   membrane updates: 1 + 1 + 1 = 3
        // Sample 1: every membrane stays 0: updates only at t0: layer 1: 2, layer 2: 1 -> 3
        // Membrane updates: (4 + 3 + 3) / 2 samples = 5 per sample; dense: (2 + 1) neurons x 3 steps = 9.
        Sequential net = twoLayerSnn();
        try (MetricsCollector mc = MetricsCollector.attach(net)) {
            Tensor out = mc.forward(Tensor.ofSpikes(x, 3, 2, 2));
            assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0}, out.data());
            EfficiencyReport r = mc.report();
            assertEquals(2, r.samples());
            assertEquals(5.0, r.membraneUpdates(), 0);
            assertEquals(9.0, r.denseMembraneUpdates(), 0);
            assertEquals((4 + 2) / 2.0, r.layer("1").membraneUpdates(), 0);
            assertEquals((3 + 1) / 2.0, r.layer("3").membraneUpdates(), 0);
            // Activation sparsity: layer 1 spikes zero in 5 of 6 (sample 0) and 6 of 6 (sample 1); layer 2 in
            // 2 of 3 and 3 of 3: (5 + 6 + 2 + 3) / (12 + 6) = 16/18.
            assertEquals(16.0 / 18, r.activationSparsity(), 1e-15);
            assertEquals(11.0 / 12, r.layer("1").activationSparsity(), 1e-15);
            assertEquals(5.0 / 6, r.layer("3").activationSparsity(), 1e-15);
            // Synaptic ops, all on spikes (ACs). Layer 0: nonzero weights per input column [1, 1]; sample 0
            // has one spike at t0 and one at t2 -> 2. Layer 2: columns [1, 1]; layer-1 spikes: one (t0) -> 1.
            // Dense: layer 0: 3 steps x 2 samples x 4 = 24, layer 2: 3 x 2 x 2 = 12. Per sample: 1.5 ACs, 18 dense.
            assertEquals(1.0, r.layer("0").effectiveAcs(), 0);
            assertEquals(0.5, r.layer("2").effectiveAcs(), 0);
            assertEquals(1.5, r.effectiveAcs(), 0);
            assertEquals(0.0, r.effectiveMacs(), 0);
            assertEquals(18.0, r.denseSynops(), 0);
            // static: 4 + 2 weights, 2 zero; 6 floats = 24 bytes (beta and threshold are constants, not tensors)
            assertEquals(2.0 / 6, r.connectionSparsity(), 1e-15);
            assertEquals(24, r.footprintBytes());
            assertEquals(List.of("0", "1", "2", "3"), r.layers().stream().map(LayerMetrics::name).toList());
        }
        // the collector turned membrane recording on for the pass only, and removed its hooks
        assertFalse(((Leaky) net.get(1)).isRecordingMembrane());
        for (Module m : List.of(net, net.get(0), net.get(1), net.get(2), net.get(3))) {
            assertNull(m.forwardHook());
        }
    }

    @Test
    void countsAccumulateOverBatches() {
        // The same batch twice: totals double, per-sample values do not change.
        byte[] x = {1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0};
        try (MetricsCollector mc = MetricsCollector.attach(twoLayerSnn())) {
            mc.forward(Tensor.ofSpikes(x, 3, 2, 2));
            EfficiencyReport once = mc.report();
            mc.forward(Tensor.ofSpikes(x, 3, 2, 2));
            EfficiencyReport twice = mc.report();
            assertEquals(4, twice.samples());
            assertEquals(once.membraneUpdates(), twice.membraneUpdates(), 0);
            assertEquals(once.effectiveAcs(), twice.effectiveAcs(), 0);
            mc.reset();
            assertEquals(0, mc.report().samples());
            assertEquals(0.0, mc.report().effectiveAcs(), 0);
        }
    }

    /** A test ReLU module (the class name is one of NeuroBench's default activations). */
    static final class ReLU extends Module {
        @Override
        public Tensor forward(Tensor x) {
            float[] d = x.data();
            float[] y = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                y[i] = Math.max(0f, d[i]);
            }
            return Tensor.of(y, x.shape());
        }
    }

    @Test
    void annCountsMacsAndReluSparsity() {
        // x = [4, -2, 0.5] (T=1, B=1). Layer 0: W = [[1, 1, 0], [0, 1, -1]], nonzero weights per column
        // [1, 2, 1]; all inputs nonzero and real -> 4 MACs, dense 6. Output [4 - 2, -2 - 0.5] = [2, -2.5].
        // ReLU -> [2, 0]: 1 zero of 2. Layer 2: W = [[0.5, 0.5]] on [2, 0] -> 1 MAC (2 is not a spike), dense 2.
        Sequential ann = new Sequential(linear(3, 2, 1, 1, 0, 0, 1, -1), new ReLU(), linear(2, 1, 0.5f, 0.5f));
        try (MetricsCollector mc = MetricsCollector.attach(ann)) {
            Tensor y = mc.forward(Tensor.of(new float[] {4, -2, 0.5f}, 1, 1, 3));
            assertEquals(1f, y.item(), 0);
            EfficiencyReport r = mc.report();
            assertEquals(5.0, r.effectiveMacs(), 0);
            assertEquals(0.0, r.effectiveAcs(), 0);
            assertEquals(8.0, r.denseSynops(), 0);
            assertEquals(0.5, r.activationSparsity(), 0);
            assertEquals(0.0, r.membraneUpdates(), 0);
            assertEquals(2.0 / 8, r.connectionSparsity(), 0); // zeros W0[0,2], W0[1,0] of 8 weights
            assertTrue(Double.isNaN(r.layer("0").activationSparsity()));
            Map<String, Object> m = r.toMap();
            assertEquals(5.0, m.get("effective_macs"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> layers = (List<Map<String, Object>>) m.get("layers");
            assertNull(layers.get(0).get("activation_sparsity"));
            assertEquals(0.5, layers.get(1).get("activation_sparsity"));
            String table = r.table();
            assertTrue(table.contains("ReLU") && table.contains("total"), table);
        }
    }

    @Test
    void recurrentLinearCountsThePreviousStepsSpikes() {
        // RLeaky(0.5), all-to-all recurrent Linear W = [[0, 0], [1, 0]], bias 0 (neuron b listens to a).
        // Input current [T=3, B=1, 2]: [2, 0], [0, 0], [0, 0].
        // t0: U = [2, 0], S = [1, 0]; t1: rec = S0 W^T = [0, 1]; U_a = 1 + 0 - 1 = 0, U_b = 0 + 1 = 1, S = [0, 0]
        // t2: rec = 0; U_a = 0, U_b = 0.5, S = [0, 0].
        // Recurrent synops on S[t-1] = [0,0], [1,0], [0,0]: column 0 has 1 nonzero weight -> 1 AC; dense 3 x 4.
        // Membrane updates: t0 2; t1 both change; t2 only b (1 -> 0.5) -> 5.
        RLeaky n = RLeaky.builder(0.5f).allToAll(2, 5).build();
        Linear rec = (Linear) n.children().get("recurrent");
        System.arraycopy(new float[] {0, 0, 1, 0}, 0, rec.weight().data(), 0, 4);
        java.util.Arrays.fill(rec.bias().data(), 0f);
        try (MetricsCollector mc = MetricsCollector.attach(n)) {
            Tensor s = mc.forward(Tensor.of(new float[] {2, 0, 0, 0, 0, 0}, 3, 1, 2));
            assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0}, s.data());
            EfficiencyReport r = mc.report();
            LayerMetrics l = r.layer("recurrent");
            assertEquals(1.0, l.effectiveAcs(), 0);
            assertEquals(12.0, l.denseSynops(), 0);
            assertEquals(5.0, r.layer("RLeaky").membraneUpdates(), 0);
            assertEquals(6.0, r.layer("RLeaky").denseMembraneUpdates(), 0);
        }
    }

    @Test
    void convolutionalSnnThroughPoolAndResidual() {
        // Conv2d 1->1 3x3 padding 1, weights 1, bias 0 -> IF (fires at >= 1) -> MaxPool 2x2 -> Flatten ->
        // Add(Linear(4,1) W = [1, 1, 1, 1], Linear(4,1) W = [0, 0, 0, 2]).
        // Input spikes at (0,0), (1,2), (3,1) of 4x4 (T=1, B=1): conv ACs 19, dense 100 (SynapticOpsTest).
        // Conv output = spikes in the 3x3 window around each position: nonzero everywhere except (3,3), which
        // no input reaches -> IF spikes at 15 of 16 positions (sparsity 1/16; 16 membrane updates at t0).
        // Max pool: every 2x2 window holds a spike -> [1, 1, 1, 1] (pools are not counted).
        // Add branch 0: 4 ACs (dense 4); branch 1: one nonzero weight -> 1 AC (dense 4). Totals: 24 ACs, dense 108.
        Conv2d conv = new Conv2d(1, 1, 3, 1, 1, 1, 1, true, new Rng(1));
        java.util.Arrays.fill(conv.weight().data(), 1f);
        conv.bias().data()[0] = 0;
        Linear a = linear(4, 1, 1, 1, 1, 1);
        Linear b = linear(4, 1, 0, 0, 0, 2);
        Sequential net = new Sequential(conv, new IF(), new MaxPool2d(2), new Flatten(), new Add(a, b));
        byte[] x = new byte[16];
        x[0] = 1;
        x[1 * 4 + 2] = 1;
        x[3 * 4 + 1] = 1;
        try (MetricsCollector mc = MetricsCollector.attach(net)) {
            Tensor y = mc.forward(Tensor.ofSpikes(x, 1, 1, 1, 4, 4));
            assertEquals(4f + 2f, y.item(), 0);
            EfficiencyReport r = mc.report();
            assertEquals(19.0, r.layer("0").effectiveAcs(), 0);
            assertEquals(100.0, r.layer("0").denseSynops(), 0);
            assertEquals(1.0 / 16, r.layer("1").activationSparsity(), 0);
            assertEquals(16.0, r.layer("1").membraneUpdates(), 0);
            assertEquals(4.0, r.layer("4.0").effectiveAcs(), 0);
            assertEquals(1.0, r.layer("4.1").effectiveAcs(), 0);
            assertEquals(24.0, r.effectiveAcs(), 0);
            assertEquals(108.0, r.denseSynops(), 0);
            assertEquals(List.of("0", "1", "4.0", "4.1"), r.layers().stream().map(LayerMetrics::name).toList());
        }
    }

    @Test
    void attachingTwiceIsRefused() {
        Sequential net = twoLayerSnn();
        try (MetricsCollector mc = MetricsCollector.attach(net)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> MetricsCollector.attach(net));
            assertTrue(e.getMessage().contains("already has a forward hook"), e.getMessage());
        }
        // after close the model can be observed again
        MetricsCollector.attach(net).close();
    }

    @Test
    void rankOneInputNeedsASampleCount() {
        try (MetricsCollector mc = MetricsCollector.attach(linear(2, 1, 1, 1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> mc.forward(Tensor.of(new float[] {1, 2}, 2)));
            assertTrue(e.getMessage().contains("[T, B, ...]"), e.getMessage());
            mc.forward(Tensor.of(new float[] {1, 2}, 2), 1);
            // a model that is one layer: named by its class; [1, 2] -> 2 MACs
            assertEquals(2.0, mc.report().layer("Linear").effectiveMacs(), 0);
        }
    }
}
