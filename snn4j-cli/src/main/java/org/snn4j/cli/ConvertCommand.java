package org.snn4j.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.snn4j.convert.Batch;
import org.snn4j.convert.ConversionConfig;
import org.snn4j.convert.ConvertedNetwork;
import org.snn4j.convert.Converter;
import org.snn4j.convert.InputEncoding;
import org.snn4j.convert.MaxPoolGate;
import org.snn4j.convert.Normalization;
import org.snn4j.convert.Readout;
import org.snn4j.core.models.Activation;
import org.snn4j.core.neuron.ResetMode;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;
import org.snn4j.io.checkpoint.Checkpoint;
import org.snn4j.io.checkpoint.Provenance;
import org.snn4j.io.data.ImageDataset;
import org.snn4j.io.data.Layout;
import org.snn4j.viz.Png;
import org.snn4j.viz.report.RunReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code snn4j convert}: turns an ANN checkpoint ({@code train --model ann-vgg | ann-resnet}) into a spiking network
 * with {@link Converter} and measures it. The thresholds come from the first {@code --calibration} training images
 * (in batches of {@value #CALIBRATION_BATCH}); the first {@code --limit} test images are run once for
 * {@code --steps T} steps, which gives the accuracy at every {@code t = 1..T} (the argmax of the output current
 * summed up to t). Writes to {@code --out}, replaced as a whole and only once everything is computed
 * ({@link OutputDirectory}):
 * <pre>
 *   accuracy_vs_t.csv   t,accuracy for t = 1..T
 *   conversion.json     checkpoint, model, settings, ANN accuracy, SNN accuracy at t = 1, 2, 4, ..., T,
 *                       per-layer thresholds with the activation's dotted path in the ANN, wall times
 *   accuracy_vs_t.png   SNN accuracy over t, the ANN's accuracy as a horizontal line
 *   report.html         the conversion section (Reports.conversionSection)
 * </pre>
 * and prints {@code ann_acc=... snn_acc_T1=... snn_acc_T2=... ... snn_acc_T<T>=...}. {@code conversion.json} also
 * holds what rebuilds the network without calibrating again ({@link ConversionOutput}: the checkpoint's path, also
 * relative to {@code --out}, the SHA-256 of its weights, max-pool gate, input encoding, read-out), which
 * {@code snn4j metrics --checkpoint OUT} uses. When the checkpoint is a training run's, the conversion section is
 * also added to (or replaced in) that run's {@code report.html}.
 */
@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Converts a trained ANN checkpoint (train --model ann-vgg or ann-resnet) into a spiking network of",
                "integrate-and-fire neurons and measures its test accuracy at every time step t = 1..T.",
                "Writes accuracy_vs_t.csv, conversion.json, accuracy_vs_t.png and report.html to --out and prints",
                "ann_acc=... snn_acc_T1=... snn_acc_T2=... ... snn_acc_T<T>=..."})
public final class ConvertCommand implements Callable<Integer> {
    /** Calibration images per forward pass. */
    static final int CALIBRATION_BATCH = 128;
    /** The files a conversion writes (and the only entries {@code --out} may already hold). */
    static final Set<String> FILES = Set.of("accuracy_vs_t.csv", "conversion.json", "accuracy_vs_t.png", "report.html");
    /**
     * What {@code --out} may hold to be replaced: the files above and {@code snn4j metrics}' JSON of this conversion
     * (stale once the conversion is redone).
     */
    static final Set<String> REPLACEABLE = Set.of("accuracy_vs_t.csv", "conversion.json", "accuracy_vs_t.png",
            "report.html", "efficiency.json");

    @Option(names = "--checkpoint", required = true, description = "An ANN run directory, or its checkpoint/ or best/ directory.")
    Path checkpoint;
    @Option(names = {"-T", "--steps"}, defaultValue = "128", description = "Time steps T; the accuracy is measured at every t = 1..T (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--norm", defaultValue = "percentile:99.9", description = "Thresholds of ReLU/clipped-ReLU layers: percentile[:P] (P-th percentile of the positive calibration activations, default 99.9), max (largest activation), model (largest value from the weights) (default: ${DEFAULT-VALUE}). QCFS layers always take their lambda.")
    String norm;
    @Option(names = "--per-channel", description = "One threshold per channel instead of per layer (percentile and max only).")
    boolean perChannel;
    @Option(names = "--reset", defaultValue = "subtract", description = "IF reset after a spike: subtract (the threshold) or zero (default: ${DEFAULT-VALUE}).")
    String reset;
    @Option(names = "--offset", description = "Initial membrane as a fraction of the threshold, in [0, 1): 0, or 0.5 (default: 0.5 for QCFS networks, as Bu et al. 2022, else 0).")
    Float offset;
    @Option(names = "--calibration", defaultValue = "512", description = "Training images (the first N) that set the thresholds (default: ${DEFAULT-VALUE}).")
    int calibration;
    @Option(names = "--limit", defaultValue = "0", description = "Evaluate on the first N test images only (default: all).")
    int limit;
    @Mixin
    CommonOptions.Threads threads;
    @Mixin
    CommonOptions.Data data;
    @Option(names = "--out", required = true, description = "Output directory (replaced as a whole when the run succeeds).")
    Path out;
    @Mixin
    CommonOptions.NoProgress progress;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws Exception {
        threads.apply();
        if (steps <= 0) {
            throw new Main.UsageException("--steps must be positive, got " + steps);
        }
        if (calibration <= 0) {
            throw new Main.UsageException("--calibration " + calibration + " gives an empty calibration set: the"
                    + " thresholds come from the activations of at least one training image");
        }
        if (limit < 0) {
            throw new Main.UsageException("--limit must be >= 0, got " + limit);
        }
        if (offset != null && !(offset >= 0 && offset < 1)) {
            throw new Main.UsageException("--offset must be in [0, 1) (a fraction of the threshold), got " + offset);
        }
        ConversionConfig cfg = config(norm, perChannel, reset, 0f);
        if (!Files.isDirectory(checkpoint)) {
            throw new Main.UsageException("--checkpoint " + checkpoint + ": no such directory");
        }
        Path dir = Files.isDirectory(TrainingRun.checkpointDir(checkpoint)) ? TrainingRun.checkpointDir(checkpoint)
                : checkpoint;
        OutputDirectory.checkReplaceable(out, "--out", REPLACEABLE);

        Checkpoints.Loaded loaded = Checkpoints.load(dir);
        RunConfig rc = loaded.config();
        Sequential ann = Models.build(rc, new Rng(rc.seed()));
        requireAnn(ann, rc, dir);
        Checkpoints.loadModel(ann, loaded.state().parameters(), dir);
        float off = offset != null ? offset : rc.model().activationValue().kind() == Activation.Kind.QCFS ? 0.5f : 0f;
        cfg = cfg.withMembraneOffset(off);

        TrainingRun.Data d = DataSets.load(rc.dataset(), data.data);
        if (calibration > d.train().size()) {
            throw new Main.UsageException("--calibration " + calibration + " exceeds the " + d.train().size()
                    + " training images of " + d.train().name());
        }
        ImageDataset test = limit > 0 ? d.test().subset(Math.min(limit, d.test().size())) : d.test();
        List<Tensor> cal = calibrationBatches(d.train(), calibration);

        long t0 = System.nanoTime();
        double annAcc = Converter.annAccuracy(ann, batches(test, evalBatch(1), null));
        long t1 = System.nanoTime();
        ConvertedNetwork snn;
        try {
            snn = Converter.convert(ann, cal, cfg);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot convert the model of " + dir + " (" + rc.model().describe()
                    + "): " + e.getMessage(), e);
        }
        long t2 = System.nanoTime();
        System.err.printf(Locale.ROOT, "snn4j convert: %s, ANN test accuracy %.4f on %d images; %d IF layers;"
                + " evaluating T=%d%n", rc.model().describe(), annAcc, test.size(), snn.layers().size(), steps);
        double[] acc;
        try (Progress bar = Progress.start("T=" + steps, test.size(), progress.show(), System.err)) {
            acc = Converter.evaluate(snn, batches(test, evalBatch(steps), bar), steps);
        }
        long t3 = System.nanoTime();

        Map<String, Object> settings = new LinkedHashMap<>();
        Path annDir = dir.toAbsolutePath().normalize();
        settings.put("checkpoint", annDir.toString());
        settings.put("checkpoint_relative", relative(out, annDir));
        settings.put("checkpoint_sha256", Provenance.sha256(dir.resolve(Checkpoint.MODEL_FILE)));
        settings.put("model", rc.model().describe());
        settings.put("dataset", rc.dataset());
        settings.put("steps", steps);
        settings.put("normalization", normName(cfg.normalization()));
        if (cfg.normalization() == Normalization.PERCENTILE) {
            settings.put("percentile", cfg.percentile());
        }
        settings.put("per_channel", cfg.perChannel());
        settings.put("reset", cfg.reset() == ResetMode.SUBTRACT ? "subtract" : "zero");
        settings.put("membrane_offset", cfg.membraneOffset());
        // fixed here; stored so that the network can be rebuilt exactly (ConversionOutput)
        settings.put("max_pool_gate", cfg.maxPoolGate() == MaxPoolGate.INPUT_CURRENT ? "input_current" : "spike_count");
        settings.put("input", cfg.input().kind() == InputEncoding.Kind.ANALOG ? "analog" : "poisson");
        settings.put("readout", cfg.readout() == Readout.MEMBRANE ? "membrane" : "spike_count");
        settings.put("calibration_samples", calibration);
        settings.put("test_samples", test.size());
        Map<String, Object> seconds = new LinkedHashMap<>();
        seconds.put("ann_eval", (t1 - t0) / 1e9);
        seconds.put("convert", (t2 - t1) / 1e9);
        seconds.put("snn_eval", (t3 - t2) / 1e9);
        Map<String, byte[]> files = outputs(settings, annAcc, acc, snn.layers(), seconds);
        OutputDirectory.publish(out, files);
        addToRunReport(dir, settings, annAcc, acc, snn.layers(), seconds);
        System.out.println(summaryLine(annAcc, acc));
        return 0;
    }

    /**
     * When the checkpoint belongs to a training run (its parent holds {@code checkpoint/} and {@code report.html}),
     * adds the conversion section to that run's report, replacing an earlier one ({@link RunReport#appendSection}:
     * atomic, nothing else of the run is touched). The conversion's own output is already written by then, so a
     * report that cannot take the section is a note on standard error, not a failure.
     */
    private void addToRunReport(Path ckpt, Map<String, Object> settings, double annAcc, double[] acc,
                                List<ConvertedNetwork.Layer> layers, Map<String, Object> seconds) {
        Path run = ckpt.toAbsolutePath().normalize().getParent();
        if (run == null || !Files.isDirectory(TrainingRun.checkpointDir(run))) {
            return;
        }
        Path report = run.resolve(RunReport.FILE_NAME);
        if (!Files.isRegularFile(report)) {
            return;
        }
        Map<String, Object> s = new LinkedHashMap<>(settings);
        s.put("output", out.toAbsolutePath().normalize().toString());
        try {
            RunReport.appendSection(report, Reports.conversionSection(s, annAcc, acc, layers, seconds,
                    Reports.accuracyOverTime(annAcc, acc)));
            System.err.println("snn4j convert: added the conversion section to " + report);
        } catch (IOException | RuntimeException e) {
            System.err.println("snn4j convert: note: the conversion is in " + out + ", but the section could not be"
                    + " added to " + report + ": " + e.getMessage());
        }
    }

    /** {@code target} relative to the directory {@code out} (both absolute and normalised), or null if none. */
    private static String relative(Path out, Path target) {
        try {
            return out.toAbsolutePath().normalize().relativize(target).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The files of {@code --out}, rendered in memory before anything is written. */
    static Map<String, byte[]> outputs(Map<String, Object> settings, double annAcc, double[] acc,
                                       List<ConvertedNetwork.Layer> layers, Map<String, Object> seconds)
            throws IOException {
        StringBuilder csv = new StringBuilder("t,accuracy\n");
        for (int t = 1; t <= acc.length; t++) {
            csv.append(t).append(',').append(plain(acc[t - 1])).append('\n');
        }
        Map<String, Object> json = new LinkedHashMap<>(settings);
        json.put("ann_accuracy", annAcc);
        Map<String, Object> byT = new LinkedHashMap<>();
        for (int t : reportedSteps(acc.length)) {
            byT.put(Integer.toString(t), acc[t - 1]);
        }
        json.put("snn_accuracy", byT);
        List<Map<String, Object>> ls = new ArrayList<>();
        for (ConvertedNetwork.Layer l : layers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", l.path());
            m.put("activation", l.activation());
            m.put("thresholds", l.neuron().thresholds());
            ls.add(m);
        }
        json.put("layers", ls);
        json.put("seconds", seconds);
        BufferedImage plot = Reports.accuracyOverTime(annAcc, acc);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("accuracy_vs_t.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        files.put("conversion.json", JSON.writeValueAsBytes(json));
        files.put("accuracy_vs_t.png", Png.encode(plot));
        files.put("report.html", Reports.conversionReport(settings, annAcc, acc, layers, seconds, plot)
                .toHtml().getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** {@code ann_acc=... snn_acc_T1=... snn_acc_T2=... ... snn_acc_T<T>=...} (4 decimals). */
    static String summaryLine(double annAcc, double[] acc) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "ann_acc=%.4f", annAcc));
        for (int t : reportedSteps(acc.length)) {
            sb.append(String.format(Locale.ROOT, " snn_acc_T%d=%.4f", t, acc[t - 1]));
        }
        return sb.toString();
    }

    /** The steps reported in the summary: 1, 2, 4, ... up to T, and T itself. */
    static List<Integer> reportedSteps(int steps) {
        List<Integer> out = new ArrayList<>();
        for (int t = 1; t < steps; t *= 2) {
            out.add(t);
        }
        out.add(steps);
        return out;
    }

    /** A value as the shortest decimal that reads back as the same double, without an exponent. */
    private static String plain(double v) {
        return BigDecimal.valueOf(v).toPlainString();
    }

    /**
     * The converter's settings from the options; errors name the option. {@code --norm}: {@code percentile[:P]}
     * (PERCENTILE, P in (0, 100], default 99.9), {@code max} (DATA_MAX), {@code model} (MODEL_MAX);
     * {@code --reset}: {@code subtract} or {@code zero}.
     */
    static ConversionConfig config(String norm, boolean perChannel, String reset, float offset) {
        String n = norm.trim().toLowerCase(Locale.ROOT);
        String name = n.contains(":") ? n.substring(0, n.indexOf(':')) : n;
        String arg = n.contains(":") ? n.substring(n.indexOf(':') + 1).trim() : null;
        ConversionConfig c = ConversionConfig.defaults();
        switch (name) {
            case "percentile" -> {
                double p = 99.9;
                if (arg != null) {
                    try {
                        p = Double.parseDouble(arg);
                    } catch (NumberFormatException e) {
                        throw new Main.UsageException("--norm " + norm + ": the percentile '" + arg + "' is not a number");
                    }
                }
                if (!(p > 0 && p <= 100)) {
                    throw new Main.UsageException("--norm " + norm + ": the percentile must be in (0, 100], got " + p);
                }
                c = c.withPercentile(p);
            }
            case "max", "model" -> {
                if (arg != null) {
                    throw new Main.UsageException("--norm " + name + " takes no value, got '" + norm + "'");
                }
                c = c.withNormalization(name.equals("max") ? Normalization.DATA_MAX : Normalization.MODEL_MAX);
            }
            default -> throw new Main.UsageException("--norm must be percentile[:P], max or model, got '" + norm + "'");
        }
        if (perChannel && c.normalization() == Normalization.MODEL_MAX) {
            throw new Main.UsageException("--per-channel needs --norm percentile or max: model-based thresholds are"
                    + " per layer");
        }
        ResetMode r = switch (reset.trim().toLowerCase(Locale.ROOT)) {
            case "subtract" -> ResetMode.SUBTRACT;
            case "zero" -> ResetMode.ZERO;
            default -> throw new Main.UsageException("--reset must be subtract or zero, got '" + reset + "'");
        };
        return c.withPerChannel(perChannel).withReset(r).withMembraneOffset(offset);
    }

    static String normName(Normalization n) {
        return switch (n) {
            case PERCENTILE -> "percentile";
            case DATA_MAX -> "max";
            case MODEL_MAX -> "model";
        };
    }

    /**
     * Refuses a spiking network before any work: names {@code checkpoint.json}, the model and the first spiking
     * neuron layer by its dotted path. (A layer the converter cannot take in an ANN is named by
     * {@link Converter#convert} itself.)
     */
    static void requireAnn(Module model, RunConfig rc, Path dir) {
        if (rc.model().ann()) {
            return;
        }
        String path = firstSpiking(model, "");
        throw new IllegalArgumentException(dir.resolve(Checkpoint.STATE_FILE) + ": --model " + rc.model().name()
                + " is a spiking network, not an ANN: "
                + (path == null ? "it has no ANN activations to convert"
                : "layer '" + path + "' (" + at(model, path) + ") is a spiking neuron layer, which has no ANN"
                + " activation whose rate an IF neuron could reproduce")
                + "; convert takes checkpoints of train --model ann-vgg or ann-resnet");
    }

    private static String firstSpiking(Module m, String path) {
        if (m instanceof SpikingNeuron) {
            return path.isEmpty() ? "(root)" : path;
        }
        for (Map.Entry<String, Module> e : m.children().entrySet()) {
            String p = firstSpiking(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static Module at(Module root, String path) {
        Module m = root;
        if (!path.equals("(root)")) {
            for (String part : path.split("\\.")) {
                m = m.children().get(part);
            }
        }
        return m;
    }

    /** The first {@code n} training images as ANN batches {@code [b, 1, 28, 28]} of {@value #CALIBRATION_BATCH}. */
    static List<Tensor> calibrationBatches(ImageDataset train, int n) {
        List<Tensor> out = new ArrayList<>();
        for (int from = 0; from < n; from += CALIBRATION_BATCH) {
            out.add(train.toTensor(range(from, Math.min(n, from + CALIBRATION_BATCH)), Layout.NCHW));
        }
        return out;
    }

    /**
     * Test images per SNN evaluation batch at T steps: {@code clamp(2048 / T, 1, 100)}, so that a layer's output
     * {@code [T, B, C, H, W]} holds about 2048 images' worth of activations whatever T.
     */
    static int evalBatch(int steps) {
        return Math.max(1, Math.min(100, 2048 / steps));
    }

    /**
     * The images of {@code d} in order as batches of {@code size}, built as they are read. A batch counts as done on
     * {@code bar} when the next one is asked for (or the end is reached): the converter has run it by then.
     */
    static Iterable<Batch> batches(ImageDataset d, int size, Progress bar) {
        return () -> new Iterator<>() {
            int from;
            int pending;

            @Override
            public boolean hasNext() {
                boolean more = from < d.size();
                if (!more) {
                    done();
                }
                return more;
            }

            private void done() {
                if (bar != null && pending > 0) {
                    bar.step(pending);
                }
                pending = 0;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                done();
                int[] idx = range(from, Math.min(d.size(), from + size));
                from += idx.length;
                pending = idx.length;
                int[] labels = new int[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    labels[i] = d.label(idx[i]);
                }
                return new Batch(d.toTensor(idx, Layout.NCHW), labels);
            }
        };
    }

    private static int[] range(int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return idx;
    }
}
