package org.snn4j.core.efficiency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Energy per sample from operation counts and per-operation costs, so an ANN and its SNN can be put on one
 * table:
 * <pre>
 *   synaptic = effective MACs x (multiply + add) + effective ACs x add
 *   neuron   = membrane updates x (multiply + add)     (each update of a linear charge a*V + b*X + c costs at
 *                                                        least one multiply-accumulate: a lower bound)
 *   memory   = (effective MACs + effective ACs + 2 x membrane updates) x access energy
 *              (one weight read per synaptic operation, a state read and write per membrane update;
 *               0 without a memory cost)
 *   total    = synaptic + neuron + memory
 * </pre>
 * Only effective operations are priced (sparsity-aware hardware); dense counts are in the report. The model
 * ignores data movement of activations, control and leakage, so the numbers compare networks under the
 * same assumptions; they are not a prediction for a chip.
 *
 * @param profile    the compute profile's name
 * @param memory     the memory cost's name, or null
 * @param synapticPj synaptic energy per sample, picojoules
 * @param neuronPj   neuron-update energy per sample
 * @param memoryPj   memory-access energy per sample
 */
public record EnergyEstimate(String profile, String memory, double synapticPj, double neuronPj, double memoryPj) {

    /** Compute energy only. */
    public static EnergyEstimate of(OpCounts ops, EnergyProfile profile) {
        return of(ops, profile, null);
    }

    /** Compute energy plus, when {@code memory} is not null, the memory-access term. */
    public static EnergyEstimate of(OpCounts ops, EnergyProfile profile, MemoryAccessCost memory) {
        if (ops == null || profile == null) {
            throw new IllegalArgumentException("EnergyEstimate: operation counts and profile must be given");
        }
        double synaptic = ops.effectiveMacs() * profile.macPj() + ops.effectiveAcs() * profile.acPj();
        double neuron = ops.membraneUpdates() * profile.macPj();
        double accesses = ops.effectiveMacs() + ops.effectiveAcs() + 2 * ops.membraneUpdates();
        double mem = memory == null ? 0 : accesses * memory.pjPerAccess();
        return new EnergyEstimate(profile.name(), memory == null ? null : memory.name(), synaptic, neuron, mem);
    }

    /** Synaptic + neuron + memory, picojoules per sample. */
    public double totalPj() {
        return synapticPj + neuronPj + memoryPj;
    }

    /** JSON-friendly map. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", profile);
        m.put("memory", memory);
        m.put("synaptic_pj", synapticPj);
        m.put("neuron_pj", neuronPj);
        m.put("memory_pj", memoryPj);
        m.put("total_pj", totalPj());
        return m;
    }

    /**
     * One table comparing models (ANN and SNN, by label) under each profile: operation counts, then energy
     * per sample in nanojoules.
     */
    public static String compare(Map<String, OpCounts> models, List<EnergyProfile> profiles, MemoryAccessCost memory) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"model", "profile", "eff. MACs", "eff. ACs", "mem. updates", "synaptic nJ",
                "neuron nJ", "memory nJ", "total nJ"});
        for (Map.Entry<String, OpCounts> m : models.entrySet()) {
            for (EnergyProfile p : profiles) {
                EnergyEstimate e = of(m.getValue(), p, memory);
                rows.add(new String[] {m.getKey(), p.name(), EfficiencyReport.count(m.getValue().effectiveMacs()),
                        EfficiencyReport.count(m.getValue().effectiveAcs()),
                        EfficiencyReport.count(m.getValue().membraneUpdates()), nj(e.synapticPj()), nj(e.neuronPj()),
                        memory == null ? "" : nj(e.memoryPj()), nj(e.totalPj())});
            }
        }
        StringBuilder sb = new StringBuilder();
        EfficiencyReport.appendTable(sb, rows);
        sb.append("energy per sample; ").append(memory == null ? "no memory term" : "memory: " + memory.name() + " "
                + memory.pjPerAccess() + " pJ/access").append("; ").append(EnergyProfile.HOROWITZ).append('\n');
        return sb.toString();
    }

    private static String nj(double pj) {
        return String.format(Locale.ROOT, "%.4f", pj / 1000.0);
    }
}
