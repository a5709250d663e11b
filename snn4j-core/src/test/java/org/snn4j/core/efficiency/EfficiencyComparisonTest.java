package org.snn4j.core.efficiency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EfficiencyComparisonTest {
    private static LayerMetrics conn(String name, long weights, double dense, double macs, double acs) {
        return new LayerMetrics(name, "Linear", weights, 0, dense, macs, acs, 0, Double.NaN, 0, 0);
    }

    private static LayerMetrics act(String name, String type, double sparsity, double mem, double memDense) {
        return new LayerMetrics(name, type, 0, 0, 0, 0, 0, 100, sparsity, mem, memDense);
    }

    /** ANN per sample: Linear 600 MACs, ReLU, Linear 30 MACs; 120 floats = 480 bytes. */
    static EfficiencyReport ann() {
        return new EfficiencyReport(10, 480, 10.0 / 120, 0.4, 1100, 630, 0, 0, 0,
                List.of(conn("0", 100, 1000, 600, 0), act("1", "ReLU", 0.4, 0, 0), conn("2", 20, 100, 30, 0)));
    }

    /**
     * Its SNN, T = 4: Linear 2400 MACs (the analog input at 4 steps), IF 150 membrane updates, Linear 12 ACs, and an
     * extra output neuron layer with 4 updates.
     */
    static EfficiencyReport snn() {
        return new EfficiencyReport(10, 480, 10.0 / 120, 0.9, 4400, 2400, 12, 154, 204,
                List.of(conn("0", 100, 4000, 2400, 0), act("1", "IFNeuron", 0.9, 150, 200),
                        conn("2", 20, 400, 0, 12), act("3", "Leaky", 0.5, 4, 4)));
    }

    @Test
    void annAgainstSnnTotalsLayersAndRatios() {
        EfficiencyComparison c = EfficiencyComparison.of(new EfficiencyComparison.Model("ann", ann(), null, 0.875),
                new EfficiencyComparison.Model("snn", snn(), null, 0.85), EnergyProfile.HOROWITZ_45NM_FP32);
        // fp32: ANN 630 MACs x 4.6 = 2898 pJ.
        // SNN synaptic 2400 x 4.6 + 12 x 0.9 = 11040 + 10.8 = 11050.8; neuron 154 x 4.6 = 708.4; total 11759.2 pJ.
        assertEquals(2898, c.energy(0).totalPj(), 1e-9);
        assertEquals(11050.8, c.energy(1).synapticPj(), 1e-9);
        assertEquals(708.4, c.energy(1).neuronPj(), 1e-9);
        assertEquals(11759.2, c.energy(1).totalPj(), 1e-9);
        // Rows: Linear/Linear, ReLU/IFNeuron, Linear/Linear, then the SNN's extra neuron layer alone.
        List<EfficiencyComparison.Row> rows = c.rows();
        assertEquals(4, rows.size());
        assertEquals("ReLU", rows.get(1).layers().get(0).type());
        assertEquals("IFNeuron", rows.get(1).layers().get(1).type());
        assertNull(rows.get(3).layers().get(0));
        assertEquals("Leaky", rows.get(3).layers().get(1).type());
        // Layer energies: row 0: 600 x 4.6 = 2760 vs 2400 x 4.6 = 11040 (ratio 4); row 1: 0 vs 150 x 4.6 = 690;
        // row 2: 30 x 4.6 = 138 vs 12 x 0.9 = 10.8 (ratio 10.8 / 138 = 0.0783); row 3: 4 x 4.6 = 18.4.
        // The SNN's rows add up to its total: 11040 + 690 + 10.8 + 18.4 = 11759.2.
        double[] snnRows = {11040, 690, 10.8, 18.4};
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            double e = c.layerEnergyPj(1, rows.get(i).layers().get(1));
            assertEquals(snnRows[i], e, 1e-9, "row " + i);
            sum += e;
        }
        assertEquals(c.energy(1).totalPj(), sum, 1e-9);
        assertEquals(2760, c.layerEnergyPj(0, rows.get(0).layers().get(0)), 1e-9);

        Map<String, Object> m = c.toMap();
        assertEquals("snn / ann", m.get("ratio"));
        Map<String, Map<String, Object>> totals = byMetric(m);
        // total energy ratio 11759.2 / 2898 = 4.05769...; MACs 2400 / 630 = 3.8095...; ACs: ANN has none -> null
        assertEquals(11759.2 / 2898, (double) totals.get("total_pj").get("ratio"), 1e-12);
        assertEquals(2400.0 / 630, (double) totals.get("effective_macs").get("ratio"), 1e-12);
        assertNull(totals.get("effective_acs").get("ratio"));
        assertEquals(0.85 / 0.875, (double) totals.get("accuracy").get("ratio"), 1e-12);
        assertEquals(List.of(480.0, 480.0), totals.get("footprint_bytes").get("values"));
        assertTrue(!totals.containsKey("memory_pj"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> layers = (List<Map<String, Object>>) m.get("layers");
        assertEquals(4.0, (double) layers.get(0).get("energy_ratio"), 1e-12);
        assertEquals(10.8 / 138, (double) layers.get(2).get("energy_ratio"), 1e-12);
        assertNull(layers.get(1).get("energy_ratio")); // the ReLU costs nothing
        assertNull(((List<?>) layers.get(3).get("layers")).get(0));

        String t = c.table();
        // total energy in nJ: 2.8980 and 11.7592, ratio 4.0577; the layer ratio 0.0783
        assertTrue(t.contains("2.8980") && t.contains("11.7592") && t.contains("4.0577") && t.contains("0.0783"), t);
        assertTrue(t.contains("ReLU / IFNeuron") && t.contains("- / 3")
                && t.contains("A = ann, B = snn; ratio = B / A"), t);
        assertTrue(t.contains("memory ann: none"), t);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> byMetric(Map<String, Object> m) {
        Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        for (Map<String, Object> t : (List<Map<String, Object>>) m.get("totals")) {
            out.put((String) t.get("metric"), t);
        }
        return out;
    }

    @Test
    void memoryTermAndNarrowFormats() {
        // int8 with a 1 MB SRAM (100 pJ per access) for both:
        // ANN: compute 630 x 0.23 = 144.9; accesses 630 -> 63000; total 63144.9 pJ
        // SNN: compute 2400 x 0.23 + 12 x 0.03 + 154 x 0.23 = 552 + 0.36 + 35.42 = 587.78;
        //      accesses 2400 + 12 + 2 x 154 = 2720 -> 272000; total 272587.78 pJ
        MemoryAccessCost mem = MemoryAccessCost.SRAM_1MB;
        EfficiencyComparison c = EfficiencyComparison.of(new EfficiencyComparison.Model("ann", ann(), mem),
                new EfficiencyComparison.Model("snn", snn(), mem), EnergyProfile.HOROWITZ_45NM_INT8);
        assertEquals(63144.9, c.energy(0).totalPj(), 1e-9);
        assertEquals(272587.78, c.energy(1).totalPj(), 1e-9);
        // footprint of 120 values at 1 byte: 120 bytes
        assertEquals(120, c.footprintBytes(0));
        Map<String, Map<String, Object>> totals = byMetric(c.toMap());
        assertEquals(List.of(120.0, 120.0), totals.get("footprint_bytes_int8").get("values"));
        assertEquals(272000.0 / 63000, (double) totals.get("memory_pj").get("ratio"), 1e-12);
        assertTrue(c.table().contains("memory snn: SRAM 1MB 100 pJ/access"), c.table());
        assertTrue(c.table().contains("footprint bytes (int8)"), c.table());
    }

    @Test
    void oneModelHasNoRatios() {
        EfficiencyComparison c = new EfficiencyComparison(
                List.of(new EfficiencyComparison.Model("snn", snn(), null)), EnergyProfile.HOROWITZ_45NM_FP32);
        assertEquals(4, c.rows().size());
        assertTrue(!c.toMap().containsKey("ratio"));
        assertTrue(!c.table().contains("ratio"), c.table());
        assertTrue(!byMetric(c.toMap()).containsKey("accuracy"));
        assertThrows(IllegalArgumentException.class,
                () -> new EfficiencyComparison(List.of(), EnergyProfile.HOROWITZ_45NM_FP32));
        assertEquals(Double.NaN, EfficiencyComparison.ratio(0, 5));
        assertEquals(2.5, EfficiencyComparison.ratio(2, 5));
    }
}
