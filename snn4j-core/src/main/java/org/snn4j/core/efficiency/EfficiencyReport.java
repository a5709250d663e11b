package org.snn4j.core.efficiency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Efficiency metrics of a model over the samples a {@link MetricsCollector} observed (NeuroBench's
 * definitions; see {@link SynapticOps}, {@link StaticMetrics}, {@link MetricsCollector}). Counts are per
 * sample (totals divided by the number of samples; 0 before any sample, as NeuroBench).
 *
 * @param samples              samples observed
 * @param footprintBytes       parameters and buffers, float32
 * @param connectionSparsity   zero weights / weights over all connection layers
 * @param activationSparsity   zero outputs / outputs over all activation layers, steps and samples
 * @param denseSynops          dense synaptic operations per sample
 * @param effectiveMacs        effective MACs per sample
 * @param effectiveAcs         effective ACs per sample
 * @param membraneUpdates      membrane updates per sample (NeuroBench's count)
 * @param denseMembraneUpdates spiking neurons x steps per sample
 * @param layers               per-layer lines, connection and activation layers in model order
 */
public record EfficiencyReport(long samples, long footprintBytes, double connectionSparsity,
                               double activationSparsity, double denseSynops, double effectiveMacs,
                               double effectiveAcs, double membraneUpdates, double denseMembraneUpdates,
                               List<LayerMetrics> layers) {
    public EfficiencyReport {
        layers = List.copyOf(layers);
    }

    /** Effective MACs + ACs per sample. */
    public double effectiveSynops() {
        return effectiveMacs + effectiveAcs;
    }

    /** The operation counts an {@link EnergyEstimate} needs. */
    public OpCounts opCounts() {
        return new OpCounts(effectiveMacs, effectiveAcs, membraneUpdates);
    }

    /** The line of layer {@code name}. */
    public LayerMetrics layer(String name) {
        for (LayerMetrics l : layers) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("no layer '" + name + "' in the report; layers: "
                + layers.stream().map(LayerMetrics::name).toList());
    }

    /** JSON-friendly nested maps (numbers, strings, lists; NaN as null). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("footprint_bytes", footprintBytes);
        m.put("connection_sparsity", connectionSparsity);
        m.put("activation_sparsity", activationSparsity);
        m.put("dense_synops", denseSynops);
        m.put("effective_macs", effectiveMacs);
        m.put("effective_acs", effectiveAcs);
        m.put("membrane_updates", membraneUpdates);
        m.put("dense_membrane_updates", denseMembraneUpdates);
        List<Map<String, Object>> ls = new ArrayList<>();
        for (LayerMetrics l : layers) {
            ls.add(l.toMap());
        }
        m.put("layers", ls);
        return m;
    }

    static Object jsonNumber(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** A text table: one line per layer, a total line and the static metrics. */
    public String table() {
        String[] head = {"layer", "type", "weights", "conn.sparsity", "dense synops", "eff. MACs", "eff. ACs",
                "act.sparsity", "mem. updates"};
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        for (LayerMetrics l : layers) {
            rows.add(new String[] {l.name(), l.type(), l.weights() == 0 ? "" : Long.toString(l.weights()),
                    ratio(l.connectionSparsity()), count(l.denseSynops()), count(l.effectiveMacs()),
                    count(l.effectiveAcs()), ratio(l.activationSparsity()),
                    l.denseMembraneUpdates() == 0 ? "" : count(l.membraneUpdates())});
        }
        long weights = layers.stream().mapToLong(LayerMetrics::weights).sum();
        rows.add(new String[] {"total", "", Long.toString(weights), ratio(connectionSparsity), count(denseSynops),
                count(effectiveMacs), count(effectiveAcs), ratio(activationSparsity), count(membraneUpdates)});
        StringBuilder sb = new StringBuilder();
        appendTable(sb, rows);
        sb.append(String.format(Locale.ROOT, "footprint %d bytes; %d samples; counts are per sample%n",
                footprintBytes, samples));
        return sb.toString();
    }

    static String count(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String ratio(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** Left-aligned first two columns, right-aligned others, two spaces apart. */
    static void appendTable(StringBuilder sb, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                if (c > 0) {
                    line.append("  ");
                }
                String pad = " ".repeat(width[c] - r[c].length());
                line.append(c < 2 ? r[c] + pad : pad + r[c]);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
