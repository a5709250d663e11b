package org.snn4j.io.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where training stands, as stored in a checkpoint's {@code progress} map. {@code epoch} and
 * {@code batchIndex} name the next batch to run, so resuming is
 * {@code loader.epoch(epoch, batchIndex)}; {@code seeds} holds every seed the run draws from
 * (data order, initialisation, ...); {@code bestMetric} may be null before the first evaluation.
 */
public record TrainingProgress(int epoch, int batchIndex, long globalStep, Map<String, Long> seeds,
        String bestMetricName, Double bestMetric) {

    public TrainingProgress {
        seeds = seeds == null ? Map.of() : Map.copyOf(seeds);
    }

    /** The map stored in {@link CheckpointData#progress()}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("batchIndex", batchIndex);
        m.put("globalStep", globalStep);
        m.put("seeds", new java.util.TreeMap<>(seeds));
        m.put("bestMetricName", bestMetricName);
        m.put("bestMetric", bestMetric);
        return m;
    }

    /** Reads the map written by {@link #toMap()}; a missing or mistyped key is an error naming it. */
    public static TrainingProgress fromMap(Map<String, Object> m) {
        Map<String, Long> seeds = new LinkedHashMap<>();
        Object s = m.get("seeds");
        if (s instanceof Map<?, ?> sm) {
            for (Map.Entry<?, ?> e : sm.entrySet()) {
                seeds.put(String.valueOf(e.getKey()), number(m, "seeds." + e.getKey(), e.getValue()).longValue());
            }
        } else if (s != null) {
            throw new IllegalArgumentException("progress.seeds must be an object, found " + s);
        }
        Object best = m.get("bestMetric");
        Object bestName = m.get("bestMetricName");
        return new TrainingProgress(number(m, "epoch", m.get("epoch")).intValue(),
                number(m, "batchIndex", m.get("batchIndex")).intValue(),
                number(m, "globalStep", m.get("globalStep")).longValue(), seeds,
                bestName == null ? null : bestName.toString(),
                best == null ? null : number(m, "bestMetric", best).doubleValue());
    }

    private static Number number(Map<String, Object> m, String key, Object v) {
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("progress." + key + " must be a number, found "
                + (v == null ? "nothing" : v.getClass().getSimpleName() + " " + v) + " in " + m);
    }
}
