package org.snn4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that defines a training run, as saved in the checkpoint so that {@code --resume}
 * rebuilds the same model, data order and optimiser.
 *
 * @param layers      layer sizes, input first ({@code 784-1000-10})
 * @param neuron      neuron model: lif, if, leaky, plif, lapicque
 * @param tau         membrane time constant (lif, plif initial tau)
 * @param beta        decay factor (leaky)
 * @param threshold   firing threshold
 * @param reset       reset: hard (to zero), soft (subtract threshold), none
 * @param surrogate   surrogate-gradient spec (atan, fast_sigmoid:k=25, ...)
 * @param steps       time steps T
 * @param encoder     encoder spec (direct, rate, latency, ...)
 * @param loss        loss spec (mse_rate, ce_rate, ce_count, ...)
 * @param optimizer   optimiser spec (adam, adamw, sgd:momentum=0.9)
 * @param lr          learning rate
 * @param schedule    learning-rate schedule spec (none, step:step_size=1,gamma=0.5, cosine)
 * @param epochs      number of epochs
 * @param batch       batch size
 * @param seed        random seed (initialisation, data order, encodings)
 * @param limit       number of training samples used (0 = all)
 * @param dataset     data set name
 */
public record RunConfig(String layers, String neuron, double tau, double beta, double threshold, String reset,
                        String surrogate, int steps, String encoder, String loss, String optimizer, double lr,
                        String schedule, int epochs, int batch, long seed, int limit, String dataset) {

    /** Layer sizes parsed from {@link #layers()}. */
    public int[] layerSizes() {
        String[] parts = layers.split("[-,x]");
        if (parts.length < 2) {
            throw new Main.UsageException("--layers needs at least an input and an output size, e.g. 784-1000-10, got '"
                    + layers + "'");
        }
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new Main.UsageException("--layers: '" + parts[i] + "' in '" + layers + "' is not a number");
            }
            if (sizes[i] <= 0) {
                throw new Main.UsageException("--layers: sizes must be positive, got '" + layers + "'");
            }
        }
        return sizes;
    }

    /** Checks values that picocli cannot check by type. */
    public RunConfig validate() {
        layerSizes();
        if (steps <= 0) {
            throw new Main.UsageException("--steps must be positive, got " + steps);
        }
        if (epochs <= 0) {
            throw new Main.UsageException("--epochs must be positive, got " + epochs);
        }
        if (batch <= 0) {
            throw new Main.UsageException("--batch must be positive, got " + batch);
        }
        if (!(lr > 0)) {
            throw new Main.UsageException("--lr must be positive, got " + lr);
        }
        if (limit < 0) {
            throw new Main.UsageException("--limit must be >= 0, got " + limit);
        }
        return this;
    }

    /** As a map for the checkpoint's JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layers", layers);
        m.put("neuron", neuron);
        m.put("tau", tau);
        m.put("beta", beta);
        m.put("threshold", threshold);
        m.put("reset", reset);
        m.put("surrogate", surrogate);
        m.put("steps", steps);
        m.put("encoder", encoder);
        m.put("loss", loss);
        m.put("optimizer", optimizer);
        m.put("lr", lr);
        m.put("schedule", schedule);
        m.put("epochs", epochs);
        m.put("batch", batch);
        m.put("seed", seed);
        m.put("limit", limit);
        m.put("dataset", dataset);
        return m;
    }

    /** From the checkpoint's JSON map; names the missing key when there is one. */
    public static RunConfig fromMap(Map<String, ?> m, String source) {
        return new RunConfig(str(m, "layers", source), str(m, "neuron", source), num(m, "tau", source).doubleValue(),
                num(m, "beta", source).doubleValue(), num(m, "threshold", source).doubleValue(), str(m, "reset", source),
                str(m, "surrogate", source), num(m, "steps", source).intValue(), str(m, "encoder", source),
                str(m, "loss", source), str(m, "optimizer", source), num(m, "lr", source).doubleValue(),
                str(m, "schedule", source), num(m, "epochs", source).intValue(), num(m, "batch", source).intValue(),
                num(m, "seed", source).longValue(), num(m, "limit", source).intValue(), str(m, "dataset", source));
    }

    /** The same run with another epoch count (to extend a resumed run). */
    public RunConfig withEpochs(int e) {
        return new RunConfig(layers, neuron, tau, beta, threshold, reset, surrogate, steps, encoder, loss, optimizer,
                lr, schedule, e, batch, seed, limit, dataset);
    }

    private static String str(Map<String, ?> m, String k, String source) {
        Object v = m.get(k);
        if (v == null) {
            throw new IllegalArgumentException(source + ": config has no '" + k + "'");
        }
        return v.toString();
    }

    private static Number num(Map<String, ?> m, String k, String source) {
        Object v = m.get(k);
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException(source + ": config key '" + k + "' must be a number, got " + v);
    }
}
