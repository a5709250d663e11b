package org.snn4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.snn4j.io.data.Augmentation;

/**
 * Everything that defines a training run, as saved in the checkpoint so that {@code --resume}
 * rebuilds the same model, data order and optimiser.
 *
 * @param layers      layer sizes, input first ({@code 784-1000-10})
 * @param neuron      neuron spec: a {@code NeuronOptions} kind with optional options, {@code lif},
 *                    {@code synaptic:alpha=0.9}, {@code plif:per_channel} (see {@link Models#neuronOptions})
 * @param tau         membrane time constant (lif, plif initial tau, qif, eif, izhikevich)
 * @param beta        membrane decay factor (leaky, lapicque, synaptic, alpha, alif)
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
 * @param augment     augmentation of training batches ({@code none}, {@code crop:4,flip}; see {@link Augmentation#parse})
 * @param val         validation samples held out of the training set: a count ({@code 5000}, 0 = none)
 *                    or a fraction ({@code 0.1})
 * @param model       the network ({@code --model} and its builder options); {@link ModelSpec#fc()} uses
 *                    {@code layers}, the others ignore it
 */
public record RunConfig(String layers, String neuron, double tau, double beta, double threshold, String reset,
                        String surrogate, int steps, String encoder, String loss, String optimizer, double lr,
                        String schedule, int epochs, int batch, long seed, int limit, String dataset, String augment,
                        String val, ModelSpec model) {

    /** A fully-connected run ({@link ModelSpec#fc()}). */
    public RunConfig(String layers, String neuron, double tau, double beta, double threshold, String reset,
                     String surrogate, int steps, String encoder, String loss, String optimizer, double lr,
                     String schedule, int epochs, int batch, long seed, int limit, String dataset, String augment,
                     String val) {
        this(layers, neuron, tau, beta, threshold, reset, surrogate, steps, encoder, loss, optimizer, lr, schedule, epochs,
                batch, seed, limit, dataset, augment, val, ModelSpec.fc());
    }

    /** A run without augmentation or validation split. */
    public RunConfig(String layers, String neuron, double tau, double beta, double threshold, String reset,
                     String surrogate, int steps, String encoder, String loss, String optimizer, double lr,
                     String schedule, int epochs, int batch, long seed, int limit, String dataset) {
        this(layers, neuron, tau, beta, threshold, reset, surrogate, steps, encoder, loss, optimizer, lr, schedule, epochs,
                batch, seed, limit, dataset, "none", "0");
    }

    /** The parsed {@link #augment()}; a bad spec is a usage error naming {@code --augment}. */
    public Augmentation augmentation() {
        try {
            return Augmentation.parse(augment);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--augment " + augment + ": " + e.getMessage());
        }
    }

    /**
     * The number of samples {@link #val()} holds out of a training set of {@code n} (after
     * {@code --limit}): the count itself, or {@code round(fraction*n)}; 0 means no validation.
     * It must leave at least one training sample; a fraction must give at least one.
     */
    public int valCount(int n) {
        Number v = valNumber();
        int count;
        if (v instanceof Double f) {
            count = (int) Math.round(f * n);
            if (count == 0) {
                throw new Main.UsageException("--val " + val + " of " + n + " training samples is no sample at all");
            }
        } else {
            count = v.intValue();
        }
        if (count >= n) {
            throw new Main.UsageException("--val " + val + " must be smaller than the training set (" + n + " samples"
                    + (limit > 0 ? " with --limit " + limit : "") + ")");
        }
        return count;
    }

    /** {@link #val()} as an Integer count (>= 0) or a Double fraction in (0, 1). */
    private Number valNumber() {
        if (val == null || val.isEmpty()) {
            throw new Main.UsageException("--val needs a sample count (5000) or a fraction (0.1), got ''");
        }
        if (val.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            try {
                return Integer.parseInt(val);
            } catch (NumberFormatException e) {
                throw new Main.UsageException("--val " + val + " is too large");
            }
        }
        double f;
        try {
            f = Double.parseDouble(val);
        } catch (NumberFormatException e) {
            throw new Main.UsageException("--val needs a sample count (5000) or a fraction (0.1), got '" + val + "'");
        }
        if (!(f > 0 && f < 1)) {
            throw new Main.UsageException("--val " + val + ": needs a count >= 0 (digits only) or a fraction"
                    + " strictly between 0 and 1");
        }
        return f;
    }

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
        if (model == null) {
            throw new Main.UsageException("--model must be given");
        }
        model.validate();
        if (model.ann() && (steps != 1 || !encoder.equals("direct") || !loss.equals(LogitsCrossEntropy.NAME))) {
            throw new Main.UsageException("--model " + model.name() + " is an ANN: it runs without time steps or"
                    + " encoding (steps 1, direct input) and trains with cross-entropy on its logits (loss "
                    + LogitsCrossEntropy.NAME + "), got steps " + steps + ", encoder " + encoder + ", loss " + loss);
        }
        Models.neuronOptions(this);
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
        augmentation();
        valNumber();
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
        m.put("augment", augment);
        m.put("val", val);
        m.put("model", model.name());
        m.put("width", model.width());
        m.put("depth", model.depth());
        m.put("block", model.block());
        m.put("dropout", model.dropout());
        if (model.ann()) {
            m.put("activation", model.activation());
        }
        return m;
    }

    /** From the checkpoint's JSON map; names the missing key when there is one. */
    public static RunConfig fromMap(Map<String, ?> m, String source) {
        return new RunConfig(str(m, "layers", source), str(m, "neuron", source), num(m, "tau", source).doubleValue(),
                num(m, "beta", source).doubleValue(), num(m, "threshold", source).doubleValue(), str(m, "reset", source),
                str(m, "surrogate", source), num(m, "steps", source).intValue(), str(m, "encoder", source),
                str(m, "loss", source), str(m, "optimizer", source), num(m, "lr", source).doubleValue(),
                str(m, "schedule", source), num(m, "epochs", source).intValue(), num(m, "batch", source).intValue(),
                num(m, "seed", source).longValue(), num(m, "limit", source).intValue(), str(m, "dataset", source),
                // absent from checkpoints written before augmentation and validation existed
                m.containsKey("augment") ? str(m, "augment", source) : "none",
                m.containsKey("val") ? str(m, "val", source) : "0",
                // absent from checkpoints written before --model existed: those are fully connected
                m.containsKey("model") ? new ModelSpec(str(m, "model", source), num(m, "width", source).intValue(),
                        num(m, "depth", source).intValue(), str(m, "block", source),
                        num(m, "dropout", source).doubleValue(),
                        // written for the ANN models only
                        m.containsKey("activation") ? str(m, "activation", source) : "") : ModelSpec.fc());
    }

    /** The same run with another epoch count (to extend a resumed run). */
    public RunConfig withEpochs(int e) {
        return new RunConfig(layers, neuron, tau, beta, threshold, reset, surrogate, steps, encoder, loss, optimizer,
                lr, schedule, e, batch, seed, limit, dataset, augment, val, model);
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
