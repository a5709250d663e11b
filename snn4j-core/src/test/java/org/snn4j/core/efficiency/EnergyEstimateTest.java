package org.snn4j.core.efficiency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EnergyEstimateTest {
    /** 1000 effective MACs, 5000 effective ACs, 200 membrane updates per sample. */
    private static final OpCounts OPS = new OpCounts(1000, 5000, 200);

    @Test
    void horowitzProfiles() {
        // synaptic = MACs x (mult + add) + ACs x add; neuron = updates x (mult + add)
        // fp32: 1000 x 4.6 + 5000 x 0.9 = 4600 + 4500 = 9100; neuron 200 x 4.6 = 920; total 10020 pJ
        check(EnergyProfile.HOROWITZ_45NM_FP32, 9100, 920);
        // fp16: 1000 x 1.5 + 5000 x 0.4 = 1500 + 2000 = 3500; neuron 200 x 1.5 = 300
        check(EnergyProfile.HOROWITZ_45NM_FP16, 3500, 300);
        // int32: 1000 x 3.2 + 5000 x 0.1 = 3200 + 500 = 3700; neuron 200 x 3.2 = 640
        check(EnergyProfile.HOROWITZ_45NM_INT32, 3700, 640);
        // int8: 1000 x 0.23 + 5000 x 0.03 = 230 + 150 = 380; neuron 200 x 0.23 = 46
        check(EnergyProfile.HOROWITZ_45NM_INT8, 380, 46);
    }

    private static void check(EnergyProfile p, double synaptic, double neuron) {
        EnergyEstimate e = EnergyEstimate.of(OPS, p);
        assertEquals(synaptic, e.synapticPj(), 1e-9, p.name());
        assertEquals(neuron, e.neuronPj(), 1e-9, p.name());
        assertEquals(0, e.memoryPj(), 0);
        assertEquals(synaptic + neuron, e.totalPj(), 1e-9);
        assertNull(e.memory());
    }

    @Test
    void memoryTermChargesOneWeightReadPerOperationAndTwoAccessesPerUpdate() {
        // accesses = 1000 + 5000 + 2 x 200 = 6400; SRAM 8KB: 6400 x 10 = 64000 pJ; DRAM: 6400 x 1300 = 8.32e6 pJ
        EnergyEstimate sram = EnergyEstimate.of(OPS, EnergyProfile.HOROWITZ_45NM_FP32, MemoryAccessCost.SRAM_8KB);
        assertEquals(64000, sram.memoryPj(), 1e-9);
        assertEquals(9100 + 920 + 64000, sram.totalPj(), 1e-9);
        EnergyEstimate dram = EnergyEstimate.of(OPS, EnergyProfile.HOROWITZ_45NM_INT8, MemoryAccessCost.DRAM);
        assertEquals(8.32e6, dram.memoryPj(), 1e-6);
        assertEquals(20 * 6400, EnergyEstimate.of(OPS, EnergyProfile.HOROWITZ_45NM_FP16,
                MemoryAccessCost.SRAM_32KB).memoryPj(), 1e-9);
        assertEquals(100 * 6400, EnergyEstimate.of(OPS, EnergyProfile.HOROWITZ_45NM_FP16,
                MemoryAccessCost.SRAM_1MB).memoryPj(), 1e-9);
    }

    @Test
    void annAndSnnOnOneTable() {
        // ANN: 6000 MACs; SNN: 6000 ACs and 200 updates. fp32: ANN 6000 x 4.6 = 27600 pJ = 27.6000 nJ;
        // SNN 6000 x 0.9 + 200 x 4.6 = 5400 + 920 = 6320 pJ = 6.3200 nJ
        Map<String, OpCounts> models = new LinkedHashMap<>();
        models.put("ann", new OpCounts(6000, 0, 0));
        models.put("snn", new OpCounts(0, 6000, 200));
        String t = EnergyEstimate.compare(models, List.of(EnergyProfile.HOROWITZ_45NM_FP32), null);
        assertTrue(t.contains("27.6000") && t.contains("6.3200"), t);
        assertEquals(4, EnergyProfile.horowitz45nm().size());
    }

    @Test
    void badCostsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EnergyProfile("x", -1, 0.1, 4, "s"));
        assertThrows(IllegalArgumentException.class, () -> new MemoryAccessCost("m", Double.NaN, "s"));
        assertThrows(IllegalArgumentException.class, () -> new OpCounts(-1, 0, 0));
    }
}
