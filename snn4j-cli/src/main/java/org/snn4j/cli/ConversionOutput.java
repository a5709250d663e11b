package org.snn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.snn4j.convert.ConversionConfig;
import org.snn4j.convert.ConvertedNetwork;
import org.snn4j.convert.Converter;
import org.snn4j.convert.InputEncoding;
import org.snn4j.convert.MaxPoolGate;
import org.snn4j.convert.Readout;
import org.snn4j.core.neuron.ResetMode;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.io.checkpoint.Checkpoint;
import org.snn4j.io.checkpoint.Provenance;

/**
 * A directory written by {@code snn4j convert}, read back as the spiking network it describes.
 * {@code conversion.json} names the ANN checkpoint (absolute, and relative to the directory as a fallback for a
 * tree moved as a whole), the SHA-256 of its {@code model.safetensors}, the settings and every IF layer's thresholds
 * by the activation's dotted path; with the ANN's weights, {@link Converter#convert(org.snn4j.core.nn.Module, int[],
 * Map, ConversionConfig)} rebuilds the same network without a calibration set (the normalisation settings do not
 * matter then; reset, membrane offset, max-pool gate, input encoding and read-out do).
 * <pre>
 *   keys read: checkpoint, checkpoint_relative (optional), checkpoint_sha256 (optional; checked when present),
 *              steps, reset, membrane_offset, max_pool_gate / input / input_seed / readout (optional: the
 *              defaults input_current / analog / membrane, which convert uses), test_samples (optional),
 *              normalization / percentile / per_channel (only to describe it), layers [{path, thresholds}]
 * </pre>
 * Errors name {@code conversion.json} (missing, not JSON, a key missing or of the wrong type), the ANN checkpoint
 * it names (gone, changed since the conversion) and the converter's own refusal (a threshold by its path).
 */
final class ConversionOutput {
    /** The file that makes a directory a conversion. */
    static final String FILE = "conversion.json";
    static final String CSV = "accuracy_vs_t.csv";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConversionOutput() {
    }

    /**
     * A conversion read back.
     *
     * @param dir           the conversion directory
     * @param annCheckpoint the ANN checkpoint directory it was made from
     * @param config        the ANN's training configuration
     * @param ann           the ANN with its trained weights
     * @param network       the rebuilt spiking network
     * @param settings      reset, offset, max-pool gate, input and read-out as stored (normalisation as stored too)
     * @param steps         T of the conversion's evaluation
     * @param testSamples   test images the conversion evaluated, or -1 when not stored
     * @param accuracy      {@code accuracy_vs_t.csv}: the accuracy at t = 1..T, or null when the file is absent
     */
    record Loaded(Path dir, Path annCheckpoint, RunConfig config, Sequential ann, ConvertedNetwork network,
                  ConversionConfig settings, int steps, int testSamples, double[] accuracy) {
        /** The model and how it was converted, in words. */
        String describe() {
            ConversionConfig c = settings;
            String th = switch (c.normalization()) {
                case PERCENTILE -> "percentile " + c.percentile();
                case DATA_MAX -> "max";
                case MODEL_MAX -> "model";
            };
            return config.model().describe() + " converted (" + th + (c.perChannel() ? " per channel" : "")
                    + " thresholds, reset by " + (c.reset() == ResetMode.SUBTRACT ? "subtraction" : "zero")
                    + ", offset " + c.membraneOffset() + ", " + c.readout().name().toLowerCase(Locale.ROOT)
                    + " read-out)";
        }
    }

    /** Whether {@code dir} holds a {@code conversion.json}. */
    static boolean isConversion(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /**
     * Whether {@code dir} holds one of the other files {@code convert} writes (so a missing {@code conversion.json}
     * is worth naming).
     */
    static boolean looksLikeConversion(Path dir) {
        return Files.isRegularFile(dir.resolve(CSV)) || Files.isRegularFile(dir.resolve("accuracy_vs_t.png"));
    }

    /** Reads {@code dir/conversion.json}, loads the ANN checkpoint it names and rebuilds the spiking network. */
    static Loaded load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing: " + dir + " is not a conversion (snn4j convert writes that"
                    + " file with the ANN checkpoint, the settings and the thresholds)");
        }
        JsonNode j;
        try {
            j = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (j == null || !j.isObject()) {
            throw new IOException(file + " is not a JSON object (written by snn4j convert)");
        }
        Path ann = annCheckpoint(file, dir, j);
        String sha = j.path("checkpoint_sha256").isTextual() ? j.get("checkpoint_sha256").asText() : null;
        if (sha != null) {
            String now = Provenance.sha256(ann.resolve(Checkpoint.MODEL_FILE));
            if (!now.equals(sha)) {
                throw new IOException(file + ": the ANN checkpoint " + ann + " has changed since the conversion ("
                        + Checkpoint.MODEL_FILE + " has SHA-256 " + now + ", the conversion was made from " + sha
                        + "); its thresholds belong to the old weights: run snn4j convert again");
            }
        }
        int steps = positiveInt(file, j, "steps");
        ResetMode reset = switch (text(file, j, "reset", null)) {
            case "subtract" -> ResetMode.SUBTRACT;
            case "zero" -> ResetMode.ZERO;
            default -> throw bad(file, "reset", j.get("reset"), "subtract or zero");
        };
        double offset = number(file, j, "membrane_offset");
        if (!(offset >= 0 && offset < 1)) {
            throw bad(file, "membrane_offset", j.get("membrane_offset"), "a number in [0, 1)");
        }
        MaxPoolGate gate = switch (text(file, j, "max_pool_gate", "input_current")) {
            case "input_current" -> MaxPoolGate.INPUT_CURRENT;
            case "spike_count" -> MaxPoolGate.SPIKE_COUNT;
            default -> throw bad(file, "max_pool_gate", j.get("max_pool_gate"), "input_current or spike_count");
        };
        InputEncoding input = switch (text(file, j, "input", "analog")) {
            case "analog" -> InputEncoding.analog();
            case "poisson" -> {
                if (!j.path("input_seed").canConvertToLong()) {
                    throw bad(file, "input_seed", j.get("input_seed"), "the seed (an integer) of the Poisson input");
                }
                yield InputEncoding.poisson(j.get("input_seed").asLong());
            }
            default -> throw bad(file, "input", j.get("input"), "analog or poisson");
        };
        Readout readout = switch (text(file, j, "readout", "membrane")) {
            case "membrane" -> Readout.MEMBRANE;
            case "spike_count" -> Readout.SPIKE_COUNT;
            default -> throw bad(file, "readout", j.get("readout"), "membrane or spike_count");
        };
        ConversionConfig cfg = describedNormalization(j).withReset(reset).withMembraneOffset((float) offset)
                .withMaxPoolGate(gate).withInput(input).withReadout(readout);
        Map<String, float[]> thresholds = thresholds(file, j);
        int testSamples = j.path("test_samples").canConvertToInt() ? j.get("test_samples").asInt() : -1;

        Checkpoints.Restored restored = Checkpoints.restore(ann);
        RunConfig rc = restored.config();
        Sequential model = restored.model();
        if (!rc.model().ann()) {
            throw new IOException(file + " names " + ann + ", whose model (" + rc.model().describe() + ") is not"
                    + " an ANN; a conversion is made from train --model ann-vgg or ann-resnet");
        }
        ConvertedNetwork net;
        try {
            net = Converter.convert(model, new int[] {Models.CHANNELS, Models.SIZE, Models.SIZE}, thresholds, cfg);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": cannot rebuild the spiking network from " + ann + " ("
                    + rc.model().describe() + ") and the stored thresholds: " + e.getMessage(), e);
        }
        return new Loaded(dir, ann, rc, model, net, cfg, steps, testSamples, accuracy(dir.resolve(CSV)));
    }

    /** The ANN checkpoint directory: {@code checkpoint}, else {@code checkpoint_relative} from the directory. */
    private static Path annCheckpoint(Path file, Path dir, JsonNode j) throws IOException {
        Path abs = Path.of(text(file, j, "checkpoint", null));
        if (Files.isRegularFile(abs.resolve(Checkpoint.STATE_FILE))) {
            return abs;
        }
        Path rel = null;
        if (j.path("checkpoint_relative").isTextual()) {
            rel = dir.toAbsolutePath().normalize().resolve(j.get("checkpoint_relative").asText()).normalize();
            if (Files.isRegularFile(rel.resolve(Checkpoint.STATE_FILE))) {
                return rel;
            }
        }
        throw new IOException(file + " names the ANN checkpoint " + abs + ", which is gone (no "
                + abs.resolve(Checkpoint.STATE_FILE) + (rel == null || rel.equals(abs) ? "" : ", nor "
                + rel.resolve(Checkpoint.STATE_FILE) + " relative to the conversion") + "); the spiking network is"
                + " rebuilt from the ANN's weights and the stored thresholds, so the ANN run must still be there");
    }

    /** The stored normalisation, for the description only (the defaults when absent or not understood). */
    private static ConversionConfig describedNormalization(JsonNode j) {
        ConversionConfig c = ConversionConfig.defaults();
        try {
            String n = j.path("normalization").asText("percentile");
            c = ConvertCommand.config(n.equals("percentile") && j.path("percentile").isNumber()
                    ? "percentile:" + j.get("percentile").asDouble() : n, j.path("per_channel").asBoolean(false),
                    "subtract", 0f);
        } catch (RuntimeException e) {
            // only a description: fall back to the defaults
        }
        return c;
    }

    /** {@code layers}: each activation's dotted path and its thresholds, in network order. */
    private static Map<String, float[]> thresholds(Path file, JsonNode j) throws IOException {
        JsonNode layers = j.get("layers");
        if (layers == null || !layers.isArray()) {
            throw bad(file, "layers", layers, "a list of {path, thresholds}");
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            JsonNode l = layers.get(i);
            String where = "layers[" + i + "]";
            if (!l.path("path").isTextual()) {
                throw bad(file, where + ".path", l.get("path"), "the activation's dotted path");
            }
            JsonNode th = l.get("thresholds");
            if (th == null || !th.isArray() || th.isEmpty()) {
                throw bad(file, where + ".thresholds", th, "a non-empty list of numbers");
            }
            float[] v = new float[th.size()];
            for (int k = 0; k < v.length; k++) {
                if (!th.get(k).isNumber()) {
                    throw bad(file, where + ".thresholds[" + k + "]", th.get(k), "a number");
                }
                v[k] = (float) th.get(k).asDouble();
            }
            if (out.put(l.get("path").asText(), v) != null) {
                throw new IOException(file + ": " + where + " repeats the path '" + l.get("path").asText() + "'");
            }
        }
        return out;
    }

    /** {@code accuracy_vs_t.csv} ({@code t,accuracy}, t = 1..T in order), or null when absent. */
    static double[] accuracy(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            return null;
        }
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty() || !lines.get(0).strip().equals("t,accuracy")) {
            throw new IOException(csv + ": expected the header 't,accuracy'");
        }
        List<Double> acc = new ArrayList<>();
        for (Iterator<String> it = lines.subList(1, lines.size()).iterator(); it.hasNext();) {
            String line = it.next().strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] p = line.split(",");
            try {
                if (p.length != 2 || Integer.parseInt(p[0]) != acc.size() + 1) {
                    throw new NumberFormatException("expected t = " + (acc.size() + 1));
                }
                acc.add(Double.parseDouble(p[1]));
            } catch (NumberFormatException e) {
                throw new IOException(csv + ": line " + (acc.size() + 2) + " '" + line + "' is not 't,accuracy' ("
                        + e.getMessage() + ")", e);
            }
        }
        double[] out = new double[acc.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = acc.get(i);
        }
        return out;
    }

    /**
     * The class per sample of a converted network's output current {@code [T, B, K]}, as {@link Converter#evaluate}
     * takes it at t = T: the current summed over the steps in order (the read-out membrane), then the argmax, ties
     * to the lowest index. The same float additions, so the same predictions.
     */
    static int[] predict(Tensor out) {
        Tensor y = out.isTimeStatic() ? out.materialize() : out;
        int steps = y.size(0);
        int batch = y.size(1);
        int k = y.numel() / steps / batch;
        float[] d = y.data();
        float[] mem = new float[batch * k];
        for (int t = 0; t < steps; t++) {
            int off = t * batch * k;
            for (int i = 0; i < batch * k; i++) {
                mem[i] += d[off + i];
            }
        }
        int[] pred = new int[batch];
        for (int s = 0; s < batch; s++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (mem[s * k + c] > mem[s * k + best]) {
                    best = c;
                }
            }
            pred[s] = best;
        }
        return pred;
    }

    private static String text(Path file, JsonNode j, String key, String fallback) throws IOException {
        JsonNode v = j.get(key);
        if (v == null || v.isNull()) {
            if (fallback != null) {
                return fallback;
            }
            throw new IOException(file + ": '" + key + "' is missing (the file is not a complete snn4j convert output)");
        }
        if (!v.isTextual()) {
            throw bad(file, key, v, "a string");
        }
        return v.asText();
    }

    private static double number(Path file, JsonNode j, String key) throws IOException {
        JsonNode v = j.get(key);
        if (v == null || !v.isNumber()) {
            throw bad(file, key, v, "a number");
        }
        return v.asDouble();
    }

    private static int positiveInt(Path file, JsonNode j, String key) throws IOException {
        JsonNode v = j.get(key);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
            throw bad(file, key, v, "a positive integer");
        }
        return v.asInt();
    }

    private static IOException bad(Path file, String key, JsonNode v, String want) {
        return new IOException(file + ": '" + key + "' " + (v == null ? "is missing" : "is " + v) + "; expected "
                + want);
    }
}
