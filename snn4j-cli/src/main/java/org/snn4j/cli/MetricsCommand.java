package org.snn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.efficiency.EfficiencyComparison;
import org.snn4j.core.efficiency.EfficiencyReport;
import org.snn4j.core.efficiency.EnergyProfile;
import org.snn4j.core.efficiency.MemoryAccessCost;
import org.snn4j.core.efficiency.MetricsCollector;
import org.snn4j.core.encode.Encoder;
import org.snn4j.core.loss.Loss;
import org.snn4j.core.neuron.NeuronLayer;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;
import org.snn4j.io.AtomicFiles;
import org.snn4j.io.checkpoint.Checkpoint;
import org.snn4j.io.data.DataLocator;
import org.snn4j.io.data.ImageDataset;
import org.snn4j.io.data.Layout;
import org.snn4j.viz.report.ReportSection;
import org.snn4j.viz.report.RunReport;
import org.snn4j.viz.report.Table;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code snn4j metrics}: NeuroBench's efficiency metrics of a trained checkpoint on the first N test images
 * ({@code org.snn4j.core.efficiency}): footprint, connection and activation sparsity, synaptic operations (dense,
 * effective MACs and ACs), membrane updates, per layer and per sample, and an energy estimate under one
 * Horowitz profile. {@code --compare} measures a second checkpoint on the same images and puts both side by side
 * with ratios (second / first), so {@code --checkpoint ANN --compare SNN} gives SNN / ANN. Prints the tables, writes
 * the JSON and adds (or replaces) an "Efficiency" section in {@code OUT/report.html}.
 *
 * <p>A network without neuron layers ({@link NeuronLayer}) is an ANN: it takes the images as one batch
 * {@code [B, 1, 28, 28]} ({@code [B, 784]} for fc), one step, and predicts by the largest output. A spiking network
 * takes its checkpoint's encoding over T steps (the same encodings as {@code eval}) and predicts as its loss does.
 * A directory written by {@code snn4j convert} is the converted spiking network, rebuilt from the ANN checkpoint
 * and the thresholds its {@code conversion.json} names ({@link ConversionOutput}), run as {@code convert} runs it
 * (default T: the conversion's), so {@code --checkpoint ANN_RUN --compare CONVERSION} puts an ANN and its SNN side
 * by side. The ANN is measured as its checkpoint holds it: batch norm is a layer of its own, with no synaptic
 * operations (NeuroBench counts none for normalisation) and its scale, shift and running statistics in the
 * footprint; in the SNN it is folded into the convolution before it (scaled weights and a bias).
 */
@Command(name = "metrics", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Efficiency metrics of a trained checkpoint (NeuroBench definitions), per layer and per sample: "
                + "footprint, connection and activation sparsity, synaptic operations (dense, effective MACs and ACs), "
                + "membrane updates, and the energy under a Horowitz 45 nm profile.",
                "--checkpoint (or --compare) may be a convert output directory: the converted SNN, rebuilt from its conversion.json.",
                "--compare puts a second checkpoint (e.g. the ANN and its SNN) side by side with ratios second / first.",
                "Prints the tables, writes the JSON and an \"Efficiency\" section of OUT/report.html."})
public final class MetricsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The id of the report section this command writes (replaced on a re-run). */
    static final String SECTION_ID = "efficiency";

    @Option(names = "--checkpoint", required = true, description = "A run directory or its checkpoint/ (or best/) directory, or a convert output directory (the converted SNN).")
    Path checkpoint;
    @Option(names = "--compare", description = "A second checkpoint (or convert output) measured on the same images, shown beside the first with ratios second / first.")
    Path compare;
    @Option(names = {"-T", "--steps"}, description = "Time steps of the spiking networks (default: each checkpoint's own; a conversion's T).")
    Integer steps;
    @Option(names = "--limit", defaultValue = "1000", description = "Test images to run, the first N (0: all) (default: ${DEFAULT-VALUE}).")
    int limit;
    @Option(names = "--profile", defaultValue = "fp32", description = "Energy per operation: fp32, fp16, int32, int8 (Horowitz 2014, 45 nm) (default: ${DEFAULT-VALUE}).")
    String profile;
    @Option(names = "--memory", arity = "0..1", fallbackValue = "auto", paramLabel = "KIND",
            description = "Add the memory-access energy: auto (each model the smallest of Horowitz's memories holding its footprint), sram-8kb, sram-32kb, sram-1mb or dram (default without the option: none; --memory alone: auto).")
    String memory;
    @Option(names = "--json", description = "Where to write the JSON (default: OUT/efficiency.json).")
    Path json;
    @Option(names = "--out", description = "Directory whose report.html gets the Efficiency section (created if absent) (default: the run directory of --checkpoint, or the convert output itself).")
    Path out;
    @Mixin
    CommonOptions.Data data;
    @Mixin
    CommonOptions.Threads threads;

    /**
     * A network to measure and how it takes the test images: a {@code train} checkpoint ({@link #load}); another
     * source (a converted network) only has to give one of these.
     *
     * @param label    short name for the tables
     * @param dir      where it was loaded from
     * @param model    the network, in evaluation mode while measured
     * @param kind     {@code ann} or {@code snn}
     * @param steps    time steps (1 for an ANN)
     * @param encoder  the input encoding of a spiking network, or null
     * @param describe the architecture in words
     * @param dataset  the data set whose test images it runs
     * @param chunk    images per forward pass
     * @param input    images {@code [B, 784]} and the index of the first -> the model's input
     * @param predict  the model's output -> one class per image
     * @param conversion the {@code snn4j convert} output it was rebuilt from, or null for a {@code train} checkpoint
     */
    record Subject(String label, Path dir, Module model, String kind, int steps, String encoder, String describe,
                   String dataset, int chunk, BiFunction<Tensor, Integer, Tensor> input,
                   Function<Tensor, int[]> predict, ConversionOutput.Loaded conversion) {
        Subject(String label, Path dir, Module model, String kind, int steps, String encoder, String describe,
                String dataset, int chunk, BiFunction<Tensor, Integer, Tensor> input, Function<Tensor, int[]> predict) {
            this(label, dir, model, kind, steps, encoder, describe, dataset, chunk, input, predict, null);
        }

        boolean ann() {
            return kind.equals("ann");
        }

        Subject withLabel(String l) {
            return new Subject(l, dir, model, kind, steps, encoder, describe, dataset, chunk, input, predict,
                    conversion);
        }

        /** "ANN, one step" or "T=8, direct encoding". */
        String how() {
            return ann() ? "ANN, one step" : "T=" + steps + ", " + encoder + " encoding";
        }
    }

    /** What a subject measured: its report and its accuracy on the images. */
    record Measured(Subject subject, int samples, double accuracy, EfficiencyReport report) {
        String label() {
            return subject.label();
        }
    }

    @Override
    public Integer call() throws Exception {
        threads.apply();
        if (limit < 0) {
            throw new Main.UsageException("--limit must be >= 0 (0: all test images), got " + limit);
        }
        if (steps != null && steps < 1) {
            throw new Main.UsageException("--steps must be positive, got " + steps);
        }
        EnergyProfile energy;
        try {
            energy = EnergyProfile.parse(profile);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--profile must be fp32, fp16, int32 or int8, got '" + profile + "'");
        }
        MemoryAccessCost fixedMemory = null;
        boolean autoMemory = false;
        if (memory != null) {
            if (memory.trim().equalsIgnoreCase("auto")) {
                autoMemory = true;
            } else {
                try {
                    fixedMemory = MemoryAccessCost.parse(memory);
                } catch (IllegalArgumentException e) {
                    throw new Main.UsageException("--memory must be auto, sram-8kb, sram-32kb, sram-1mb or dram, got '"
                            + memory + "'");
                }
            }
        }
        Path firstDir = checkpointDir(checkpoint, "--checkpoint");
        Path secondDir = compare == null ? null : checkpointDir(compare, "--compare");
        Path outDir = out != null ? out : reportDirectory(firstDir);
        Path jsonFile = json != null ? json : outDir.resolve("efficiency.json");

        List<Subject> subjects = new ArrayList<>();
        subjects.add(load(firstDir));
        if (secondDir != null) {
            subjects.add(load(secondDir));
        }
        if (subjects.size() == 2 && subjects.get(0).label().equals(subjects.get(1).label())) {
            String l = subjects.get(0).label();
            subjects.set(0, subjects.get(0).withLabel(l + " #1"));
            subjects.set(1, subjects.get(1).withLabel(l + " #2"));
        }
        Map<String, ImageDataset> testSets = new HashMap<>();
        List<Measured> measured = new ArrayList<>();
        for (Subject sub : subjects) {
            ImageDataset test = testSets.get(sub.dataset());
            if (test == null) {
                test = DataLocator.system().locate(sub.dataset(), data.data).loadTest();
                testSets.put(sub.dataset(), test);
            }
            measured.add(measure(sub, test));
        }
        if (measured.size() == 2 && measured.get(0).samples() != measured.get(1).samples()) {
            System.out.printf(Locale.ROOT, "note: the test sets differ in size: %d and %d images measured%n",
                    measured.get(0).samples(), measured.get(1).samples());
        }
        List<EfficiencyComparison.Model> models = new ArrayList<>();
        for (Measured m : measured) {
            MemoryAccessCost mem = fixedMemory;
            if (autoMemory) {
                mem = MemoryAccessCost.forFootprint(m.report().footprintBytes() / Float.BYTES * energy.bytesPerValue());
            }
            models.add(new EfficiencyComparison.Model(m.label(), m.report(), mem, m.accuracy()));
        }
        EfficiencyComparison cmp = new EfficiencyComparison(models, energy);

        for (Measured m : measured) {
            System.out.printf(Locale.ROOT, "%s: %s, %s, %d test images, accuracy %.4f%n", m.label(),
                    m.subject().dir(), m.subject().how(), m.samples(), m.accuracy());
            Double conv = conversionAccuracy(m);
            if (conv != null) {
                System.out.printf(Locale.ROOT, "  (convert measured %.4f at t=%d on the same %d images: %s)%n", conv,
                        m.subject().steps(), m.samples(), m.subject().dir().resolve(ConversionOutput.CSV));
            }
        }
        System.out.println();
        System.out.print(cmp.table());

        Map<String, Object> doc = new LinkedHashMap<>();
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (Measured m : measured) {
            Map<String, Object> in = new LinkedHashMap<>();
            Subject sub = m.subject();
            in.put("label", sub.label());
            in.put("checkpoint", sub.dir().toString());
            in.put("model", sub.describe());
            in.put("kind", sub.kind());
            in.put("steps", sub.steps());
            in.put("encoder", sub.encoder());
            in.put("dataset", sub.dataset());
            in.put("test_samples", m.samples());
            if (sub.conversion() != null) {
                in.put("ann_checkpoint", sub.conversion().annCheckpoint().toString());
                in.put("conversion_steps", sub.conversion().steps());
                in.put("conversion_accuracy", conversionAccuracy(m));
            }
            inputs.add(in);
        }
        doc.put("inputs", inputs);
        doc.putAll(cmp.toMap());
        if (jsonFile.toAbsolutePath().getParent() != null) {
            Files.createDirectories(jsonFile.toAbsolutePath().getParent());
        }
        AtomicFiles.write(jsonFile, JSON.writeValueAsBytes(doc));
        Files.createDirectories(outDir);
        Path report = writeReport(outDir, cmp, measured);
        System.out.println();
        System.out.println("wrote " + jsonFile + " and the Efficiency section of " + report);
        return 0;
    }

    /**
     * The checkpoint directory of {@code p}: {@code p/checkpoint} when {@code p} is a run directory, else {@code p}.
     * A path that does not exist is a usage error naming the option.
     */
    static Path checkpointDir(Path p, String option) {
        if (!Files.isDirectory(p)) {
            throw new Main.UsageException(option + " " + p + " is not a directory");
        }
        if (ConversionOutput.isConversion(p)) {
            return p;
        }
        Path c = TrainingRun.checkpointDir(p);
        return Files.isDirectory(c) ? c : p;
    }

    /** The run directory holding checkpoint directory {@code dir}: its parent (the directory itself at a root). */
    static Path runDirectory(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        return abs.getParent() == null ? abs : abs.getParent();
    }

    /**
     * Where the report goes by default: a conversion directory itself (its report gets the section), else the run
     * directory holding checkpoint directory {@code dir}.
     */
    static Path reportDirectory(Path dir) {
        return ConversionOutput.isConversion(dir) ? dir : runDirectory(dir);
    }

    /**
     * The accuracy {@code convert} wrote for this subject's T ({@code accuracy_vs_t.csv}), when the subject is a
     * conversion measured on the images the conversion evaluated (the same count, which are the first ones) at a T
     * the file covers; else null.
     */
    static Double conversionAccuracy(Measured m) {
        ConversionOutput.Loaded c = m.subject().conversion();
        if (c == null || c.accuracy() == null || c.testSamples() != m.samples()
                || m.subject().steps() > c.accuracy().length) {
            return null;
        }
        return c.accuracy()[m.subject().steps() - 1];
    }

    /**
     * The network of the {@code train} checkpoint in {@code dir}: spiking with the checkpoint's encoding (the same
     * encodings as {@code eval}: chunk {@code from} drawn from {@code (seed, from)}) and its loss's prediction, or,
     * without neuron layers, an ANN.
     */
    private Subject load(Path dir) throws IOException {
        if (ConversionOutput.isConversion(dir)) {
            return loadConversion(dir);
        }
        if (!Files.isRegularFile(dir.resolve(Checkpoint.STATE_FILE))) {
            if (ConversionOutput.looksLikeConversion(dir)) {
                throw new IOException(dir.resolve(ConversionOutput.FILE) + " is missing: " + dir + " looks like an"
                        + " snn4j convert output, but without that file (the ANN checkpoint, the settings and the"
                        + " thresholds) the spiking network cannot be rebuilt; run snn4j convert again");
            }
            throw new IOException(dir + " holds neither a training checkpoint (" + Checkpoint.STATE_FILE + ", in it"
                    + " or in its checkpoint/) nor a conversion (" + ConversionOutput.FILE + ")");
        }
        Checkpoints.Restored restored = Checkpoints.restore(dir);
        RunConfig config = restored.config();
        Sequential model = restored.model();
        String describe = config.model().convolutional() ? config.model().describe() : "fc " + config.layers();
        String base = config.model().name() + (config.model().convolutional() ? "" : " " + config.layers());
        int chunk = Evaluation.chunk(config);
        if (!hasNeuronLayer(model)) {
            return new Subject(base, dir, model, "ann", 1, null, describe, config.dataset(), chunk,
                    (x, from) -> annInput(config, x), MetricsCommand::argmax);
        }
        int t = steps != null ? steps : config.steps();
        Encoder encoder = Encoder.parse(config.encoder());
        Loss loss = Loss.parse(config.loss());
        return new Subject(base + " T=" + t, dir, model, "snn", t, config.encoder(), describe, config.dataset(), chunk,
                (x, from) -> Models.input(config,
                        encoder.encode(x, t, Rng.derive(config.seed() ^ 0x7E57L, from).seed())),
                y -> Predictions.predict(loss, y));
    }

    /**
     * The spiking network of an {@code snn4j convert} output ({@link ConversionOutput}): the ANN it names with the
     * stored thresholds and settings, over {@code --steps} (default: the conversion's T) on the test images encoded
     * as the conversion does (analog: the image at every step; Poisson: sample {@code from + b}'s stream), in
     * batches of {@link ConvertCommand#evalBatch}, predicting as {@link org.snn4j.convert.Converter#evaluate} does
     * at t = T. So its accuracy is the conversion's {@code accuracy_vs_t.csv} at T on the same images.
     */
    private Subject loadConversion(Path dir) throws IOException {
        ConversionOutput.Loaded c = ConversionOutput.load(dir);
        int t = steps != null ? steps : c.steps();
        var net = c.network();
        RunConfig config = c.config();
        return new Subject(config.model().name() + " SNN T=" + t, dir, net.snn(), "snn", t, net.input().toString(),
                c.describe(), config.dataset(), ConvertCommand.evalBatch(t),
                (x, from) -> net.input().encode(annInput(config, x), t, from), ConversionOutput::predict, c);
    }

    /** Runs the first test images through the subject's model with a collector attached. */
    Measured measure(Subject sub, ImageDataset test) throws IOException {
        if (test.size() == 0) {
            throw new IOException("the " + sub.dataset() + " test set holds no images; nothing to measure for "
                    + sub.dir());
        }
        int n = limit == 0 ? test.size() : Math.min(limit, test.size());
        long correct = 0;
        Module model = sub.model();
        boolean wasTraining = model.isTraining();
        model.train(false);
        try (MetricsCollector mc = MetricsCollector.attach(model); Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (int from = 0; from < n; from += sub.chunk()) {
                int b = Math.min(sub.chunk(), n - from);
                int[] idx = new int[b];
                for (int i = 0; i < b; i++) {
                    idx[i] = from + i;
                }
                Tensor in = sub.input().apply(test.toTensor(idx, Layout.FLAT), from);
                int[] pred = sub.predict().apply(mc.forward(in, b));
                for (int i = 0; i < b; i++) {
                    if (pred[i] == test.label(from + i)) {
                        correct++;
                    }
                }
            }
            return new Measured(sub, n, (double) correct / n, mc.report());
        } finally {
            model.train(wasTraining);
        }
    }

    /** Whether the model has a neuron layer anywhere in its tree. */
    static boolean hasNeuronLayer(Module m) {
        if (m instanceof NeuronLayer) {
            return true;
        }
        for (Module c : m.children().values()) {
            if (hasNeuronLayer(c)) {
                return true;
            }
        }
        return false;
    }

    /** Images {@code [B, 784]} as an ANN takes them: {@code [B, 1, 28, 28]} for a convolutional model. */
    private static Tensor annInput(RunConfig config, Tensor x) {
        if (!config.model().convolutional()) {
            return x;
        }
        return Tensor.of(x.data(), x.size(0), Models.CHANNELS, Models.SIZE, Models.SIZE);
    }

    /** The index of the largest output per sample of {@code [B, classes]} (the first on ties). */
    private static int[] argmax(Tensor y) {
        int b = y.size(0);
        int classes = (int) (y.numel() / b);
        float[] d = y.toArray();
        int[] out = new int[b];
        for (int i = 0; i < b; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (d[i * classes + c] > d[i * classes + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Adds the Efficiency section to {@code dir/report.html}, creating a report when there is none. */
    private static Path writeReport(Path dir, EfficiencyComparison cmp, List<Measured> measured) throws IOException {
        ReportSection s = section(cmp, measured);
        Path file = dir.resolve(RunReport.FILE_NAME);
        if (Files.exists(file)) {
            return RunReport.appendSection(file, s);
        }
        RunReport r = new RunReport("snn4j efficiency metrics");
        r.subtitle(String.join(" vs ", measured.stream().map(Measured::label).toList()));
        r.add(s);
        return r.writeToDirectory(dir);
    }

    /** The report section: what was measured, the totals and the per-layer table. */
    @SuppressWarnings("unchecked")
    static ReportSection section(EfficiencyComparison cmp, List<Measured> measured) {
        ReportSection s = new ReportSection(SECTION_ID, "Efficiency");
        List<String> what = new ArrayList<>();
        for (Measured m : measured) {
            what.add(m.label() + ": " + m.subject().dir() + " (" + m.subject().how() + ", " + m.samples()
                    + " test images)");
        }
        s.text(String.join("; ", what) + ". Counts are per sample, as NeuroBench defines them (effective operations"
                + " pair a nonzero weight with a nonzero input; ACs when the inputs are spikes, of value 1 or of a"
                + " neuron layer's fixed amplitude). Energy: " + cmp.profile().name() + ", multiply "
                + cmp.profile().multiplyPj() + " pJ, add " + cmp.profile().addPj() + " pJ (" + cmp.profile().source()
                + ")" + memoryText(cmp) + (measured.size() == 2 ? "; ratio = " + measured.get(1).label() + " / "
                + measured.get(0).label() : "") + ".");
        Map<String, Object> map = cmp.toMap();
        boolean ratios = measured.size() == 2;
        List<String> th = new ArrayList<>(List.of("metric"));
        for (Measured m : measured) {
            th.add(m.label());
        }
        if (ratios) {
            th.add("ratio");
        }
        Table.Builder totals = Table.builder(th);
        for (Map<String, Object> t : (List<Map<String, Object>>) map.get("totals")) {
            String key = (String) t.get("metric");
            List<Object> cells = new ArrayList<>();
            cells.add(EfficiencyComparison.label(key));
            for (Object v : (List<Object>) t.get("values")) {
                cells.add(v != null && key.endsWith("_pj") ? ((Number) v).doubleValue() / 1000.0 : v);
            }
            if (ratios) {
                cells.add(t.get("ratio"));
            }
            totals.row(cells.toArray());
        }
        s.table(totals.build());
        List<String> lh = new ArrayList<>(List.of("layer", "type"));
        for (Measured m : measured) {
            String l = " " + m.label();
            lh.addAll(List.of("weights" + l, "conn. sparsity" + l, "dense" + l, "MACs" + l, "ACs" + l,
                    "act. sparsity" + l, "mem. updates" + l, "nJ" + l));
        }
        if (ratios) {
            lh.add("nJ ratio");
        }
        Table.Builder layers = Table.builder(lh);
        for (Map<String, Object> row : (List<Map<String, Object>>) map.get("layers")) {
            List<Object> ls = (List<Object>) row.get("layers");
            List<String> names = new ArrayList<>();
            List<String> types = new ArrayList<>();
            List<Object> cells = new ArrayList<>();
            for (Object o : ls) {
                Map<String, Object> l = (Map<String, Object>) o;
                if (l == null) {
                    names.add("-");
                    types.add("-");
                    cells.addAll(Collections.nCopies(8, null));
                    continue;
                }
                names.add((String) l.get("name"));
                types.add((String) l.get("type"));
                long weights = ((Number) l.get("weights")).longValue();
                boolean neuron = ((Number) l.get("dense_membrane_updates")).doubleValue() > 0;
                cells.add(weights == 0 ? null : weights);
                cells.add(l.get("connection_sparsity"));
                cells.add(weights == 0 ? null : l.get("dense_synops"));
                cells.add(weights == 0 ? null : l.get("effective_macs"));
                cells.add(weights == 0 ? null : l.get("effective_acs"));
                cells.add(l.get("activation_sparsity"));
                cells.add(neuron ? l.get("membrane_updates") : null);
                cells.add(((Number) l.get("energy_pj")).doubleValue() / 1000.0);
            }
            List<Object> all = new ArrayList<>();
            all.add(distinct(names));
            all.add(distinct(types));
            all.addAll(cells);
            if (ratios) {
                all.add(row.get("energy_ratio"));
            }
            layers.row(all.toArray());
        }
        s.table(layers.build());
        return s;
    }

    private static String memoryText(EfficiencyComparison cmp) {
        StringBuilder sb = new StringBuilder();
        for (EfficiencyComparison.Model m : cmp.models()) {
            if (m.memory() != null) {
                sb.append("; memory of ").append(m.label()).append(": ").append(m.memory().name()).append(", ")
                        .append(m.memory().pjPerAccess()).append(" pJ per access");
            }
        }
        return sb.length() == 0 ? "; no memory term" : sb.toString();
    }

    private static String distinct(List<String> parts) {
        return parts.stream().distinct().count() == 1 ? parts.get(0) : String.join(" / ", parts);
    }
}
