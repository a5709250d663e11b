package org.snn4j.cli;

import static org.snn4j.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.convert.Batch;
import org.snn4j.convert.ConversionConfig;
import org.snn4j.convert.ConvertedNetwork;
import org.snn4j.convert.Converter;
import org.snn4j.core.neuron.ResetMode;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.QCFS;
import org.snn4j.core.nn.ReLU;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;
import org.snn4j.io.checkpoint.Checkpoint;
import org.snn4j.io.checkpoint.CheckpointData;
import org.snn4j.io.data.ImageDataset;
import org.snn4j.io.data.Layout;

/**
 * {@code train --model ann-vgg | ann-resnet} and {@code convert} end to end on a small synthetic data set (class c
 * lights up row band c of a noisy 28x28 image; 256 training and 64 test images), with narrow widths, one epoch and
 * T = 8, plus the errors of {@code convert}, each naming its culprit.
 */
class ConvertCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TEST = 64;
    @TempDir
    static Path tmp;
    static Path data;
    /** An ann-vgg (width 4, ReLU) trained for one epoch, shared by the tests. */
    static Path vgg;
    static CliTestSupport.Run vggTrain;

    @BeforeAll
    static void writeDataAndTrain() throws IOException {
        data = tmp.resolve("data");
        Files.createDirectories(data);
        CliTestSupport.writeStripes(data, "train", 256, 1, 200, 56, 30);
        CliTestSupport.writeStripes(data, "t10k", TEST, 2, 200, 56, 30);
        vgg = tmp.resolve("ann-vgg");
        // lr 1e-2: with 8 batches the running statistics of batch norm need the larger steps to fit evaluation mode
        vggTrain = run(train(vgg, "--model", "ann-vgg", "--width", "4", "--lr", "1e-2"));
    }

    /** One epoch in batches of 32, seed 5, the given options appended. */
    private static String[] train(Path out, String... extra) {
        return concat(new String[] {"train", "--data", data.toString(), "--batch", "32", "--no-progress", "--seed", "5",
                "--out", out.toString()}, extra);
    }

    /** {@code convert} with T = 8 and 64 calibration images unless {@code extra} sets them. */
    private static String[] convert(Path checkpoint, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("convert", "--checkpoint", checkpoint.toString(), "--data",
                data.toString(), "--no-progress", "--out", out.toString()));
        if (!List.of(extra).contains("--steps")) {
            args.addAll(List.of("--steps", "8"));
        }
        if (!List.of(extra).contains("--calibration")) {
            args.addAll(List.of("--calibration", "64"));
        }
        args.addAll(List.of(extra));
        return args.toArray(new String[0]);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> layers(Path convOut) throws IOException {
        return (List<Map<String, Object>>) json(convOut.resolve("conversion.json")).get("layers");
    }

    private static double lastTestAcc(Path run) throws IOException {
        String[] lines = Files.readString(run.resolve("metrics.csv")).strip().split("\n");
        int col = List.of(lines[0].split(",")).indexOf("test_acc");
        return Double.parseDouble(lines[lines.length - 1].split(",")[col]);
    }

    private static Module at(Module root, String path) {
        Module m = root;
        for (String part : path.split("\\.")) {
            m = m.children().get(part);
        }
        return m;
    }

    /** The trained ANN of a run directory, rebuilt from its checkpoint as the commands do. */
    private static Sequential ann(Path run) throws IOException {
        Checkpoints.Loaded l = Checkpoints.load(run.resolve("checkpoint"));
        Sequential model = Models.build(l.config(), new Rng(l.config().seed()));
        Checkpoints.loadModel(model, l.state().parameters(), run.resolve("checkpoint"));
        return model;
    }

    private static ImageDataset images(String prefix) throws IOException {
        return ImageDataset.load(prefix, data.resolve(prefix + "-images-idx3-ubyte.gz"),
                data.resolve(prefix + "-labels-idx1-ubyte.gz"));
    }

    private static int[] first(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }

    @Test
    void annTrainsWithItsRecipeAndEvalReproducesItsAccuracy() throws IOException {
        assertEquals(0, vggTrain.status(), vggTrain.out() + vggTrain.err());
        for (String f : new String[] {"report.html", "metrics.csv", "metrics.json", "curves.png",
                "checkpoint/model.safetensors", "checkpoint/checkpoint.json"}) {
            assertTrue(Files.isRegularFile(vgg.resolve(f)), f + " missing:\n" + vggTrain.out() + vggTrain.err());
        }
        // an ANN has no spikes: no raster or membrane plot
        assertFalse(Files.exists(vgg.resolve("raster.png")));
        RunConfig c = Checkpoints.load(vgg.resolve("checkpoint")).config();
        assertEquals(new ModelSpec("ann-vgg", 4, 0, "", 0, "relu"), c.model());
        // the recipe: Adam, cosine over the run (lr as given); the ANN's fixed settings: one step, direct input,
        // cross-entropy
        assertEquals(1e-2, c.lr());
        assertEquals("adam", c.optimizer());
        assertEquals("cosine:t_max=1", c.schedule());
        assertEquals(1, c.steps());
        assertEquals("direct", c.encoder());
        assertEquals("ce", c.loss());
        // batch-norm running statistics are in the checkpoint (layer 1 is the first BatchNorm2d)
        Map<String, Tensor> state = Checkpoints.load(vgg.resolve("checkpoint")).state().parameters();
        assertTrue(state.containsKey("1.running_mean") && state.containsKey("1.running_var"), state.keySet().toString());
        // trained: well above chance (10 classes) on the easy stripes
        double acc = lastTestAcc(vgg);
        assertTrue(acc > 0.3, "test accuracy " + acc);
        CliTestSupport.Run ev = run("eval", "--checkpoint", vgg.toString(), "--data", data.toString());
        assertEquals(0, ev.status(), ev.err());
        double evAcc = Double.parseDouble(ev.out().replaceAll("(?s).*test_acc=([0-9.]+).*", "$1"));
        assertEquals(Math.round(acc * TEST), Math.round(evAcc * TEST), acc + " vs " + ev.out());
        assertFalse(ev.out().contains("rate_layer"), ev.out());
    }

    @Test
    void convertWritesTheAccuracyOfEveryStepAsTheConverterComputesIt() throws IOException {
        assertEquals(0, vggTrain.status(), vggTrain.err());
        Path out = tmp.resolve("conv-vgg");
        CliTestSupport.Run r = run(convert(vgg, out, "--threads", "2"));
        assertEquals(0, r.status(), r.out() + r.err());

        // accuracy_vs_t.csv: header and T = 8 rows t, accuracy with t = 1..8 and accuracies in [0, 1]
        List<String> csv = Files.readAllLines(out.resolve("accuracy_vs_t.csv"));
        assertEquals("t,accuracy", csv.get(0));
        assertEquals(9, csv.size(), csv.toString());
        double[] acc = new double[8];
        for (int t = 1; t <= 8; t++) {
            String[] p = csv.get(t).split(",");
            assertEquals(Integer.toString(t), p[0]);
            acc[t - 1] = Double.parseDouble(p[1]);
            assertTrue(acc[t - 1] >= 0 && acc[t - 1] <= 1, csv.get(t));
            // a count of the 64 test images
            assertEquals(acc[t - 1] * TEST, Math.rint(acc[t - 1] * TEST), 1e-9, csv.get(t));
        }

        // the same conversion through the library: the first 64 training images calibrate (one batch), the 64
        // test images run as one batch, 99.9th percentile per layer, reset by subtraction, no offset
        Sequential ann = ann(vgg);
        ImageDataset train = images("train");
        ImageDataset test = images("t10k");
        ConvertedNetwork snn = Converter.convert(ann, List.of(train.toTensor(first(64), Layout.NCHW)),
                ConversionConfig.defaults());
        List<Batch> batches = List.of(new Batch(test.toTensor(first(TEST), Layout.NCHW), test.labelsAsInts()));
        double[] expected = Converter.evaluate(snn, batches, 8);
        assertArrayEquals(expected, acc, 0.0);
        double annAcc = Converter.annAccuracy(ann, batches);

        // conversion.json: ANN accuracy, settings, accuracy at T = 1, 2, 4, 8, thresholds with their paths
        Map<String, Object> j = json(out.resolve("conversion.json"));
        assertEquals(annAcc, ((Number) j.get("ann_accuracy")).doubleValue(), 0.0);
        // the ANN accuracy is the training run's test accuracy (same network, same 64 images)
        assertEquals(Math.round(lastTestAcc(vgg) * TEST), Math.round(annAcc * TEST));
        assertEquals(8, j.get("steps"));
        assertEquals("percentile", j.get("normalization"));
        assertEquals(99.9, ((Number) j.get("percentile")).doubleValue());
        assertEquals("subtract", j.get("reset"));
        assertEquals(0.0, ((Number) j.get("membrane_offset")).doubleValue());
        assertEquals(64, j.get("calibration_samples"));
        assertEquals(TEST, j.get("test_samples"));
        @SuppressWarnings("unchecked")
        Map<String, Object> byT = (Map<String, Object>) j.get("snn_accuracy");
        assertEquals(List.of("1", "2", "4", "8"), new ArrayList<>(byT.keySet()));
        for (String t : byT.keySet()) {
            assertEquals(expected[Integer.parseInt(t) - 1], ((Number) byT.get(t)).doubleValue(), 0.0, t);
        }
        // VGG28: 5 convolutions and one hidden linear layer, each followed by a ReLU
        List<Map<String, Object>> ls = layers(out);
        assertEquals(6, ls.size());
        assertEquals(snn.layers().size(), ls.size());
        for (int i = 0; i < ls.size(); i++) {
            String path = (String) ls.get(i).get("path");
            assertInstanceOf(ReLU.class, at(ann, path), path);
            assertEquals(snn.layers().get(i).path(), path);
            @SuppressWarnings("unchecked")
            List<Number> th = (List<Number>) ls.get(i).get("thresholds");
            float[] want = snn.layers().get(i).neuron().thresholds();
            assertEquals(1, th.size(), path);
            assertTrue(th.get(0).doubleValue() > 0, path + ": " + th);
            assertEquals(want[0], th.get(0).floatValue(), 0f, path);
        }

        // the summary line
        String line = String.format(java.util.Locale.ROOT,
                "ann_acc=%.4f snn_acc_T1=%.4f snn_acc_T2=%.4f snn_acc_T4=%.4f snn_acc_T8=%.4f", annAcc, expected[0],
                expected[1], expected[3], expected[7]);
        assertEquals(line, r.out().strip());

        // the plot and the report
        byte[] png = Files.readAllBytes(out.resolve("accuracy_vs_t.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("ANN-to-SNN conversion") && html.contains("data:image/png;base64,"), html);

        // the same bytes with one thread (the run above used two)
        Path one = tmp.resolve("conv-vgg-1thread");
        assertEquals(0, run(convert(vgg, one, "--threads", "1")).status());
        assertArrayEquals(Files.readAllBytes(out.resolve("accuracy_vs_t.csv")),
                Files.readAllBytes(one.resolve("accuracy_vs_t.csv")));
        assertEquals(layers(out), layers(one));

        // a second run into the same directory replaces it: per-channel max thresholds, the others as before
        CliTestSupport.Run again = run(convert(vgg, out, "--norm", "max", "--per-channel", "--threads", "1"));
        assertEquals(0, again.status(), again.err());
        ConvertedNetwork perChannel = Converter.convert(ann, List.of(train.toTensor(first(64), Layout.NCHW)),
                ConversionConfig.defaults().withNormalization(org.snn4j.convert.Normalization.DATA_MAX)
                        .withPerChannel(true));
        double[] pcAcc = Converter.evaluate(perChannel, batches, 8);
        assertEquals(pcAcc[7], Double.parseDouble(Files.readAllLines(out.resolve("accuracy_vs_t.csv")).get(8).split(",")[1]),
                0.0);
        @SuppressWarnings("unchecked")
        List<Number> th0 = (List<Number>) layers(out).get(0).get("thresholds");
        assertEquals(4, th0.size());   // the first convolution's 4 channels
        for (int c = 0; c < 4; c++) {
            assertEquals(perChannel.layers().get(0).neuron().thresholds()[c], th0.get(c).floatValue(), 0f);
        }
        try (var s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".conv-vgg.")), "leftover siblings");
        }
    }

    @Test
    void qcfsThresholdsAreTheLearntLambdas() throws IOException {
        Path run = tmp.resolve("ann-vgg-qcfs");
        CliTestSupport.Run t = run(train(run, "--model", "ann-vgg", "--width", "4", "--activation", "qcfs:L=4,lambda=2",
                "--limit", "128"));
        assertEquals(0, t.status(), t.err());
        assertEquals("qcfs:L=4,lambda=2.0", Checkpoints.load(run.resolve("checkpoint")).config().model().activation());
        Path out = tmp.resolve("conv-qcfs");
        CliTestSupport.Run r = run(convert(run, out, "--steps", "4", "--limit", "16"));
        assertEquals(0, r.status(), r.err());
        Map<String, Tensor> state = Checkpoints.load(run.resolve("checkpoint")).state().parameters();
        Sequential ann = ann(run);
        List<Map<String, Object>> ls = layers(out);
        assertEquals(6, ls.size());
        for (Map<String, Object> l : ls) {
            String path = (String) l.get("path");
            assertInstanceOf(QCFS.class, at(ann, path), path);
            @SuppressWarnings("unchecked")
            List<Number> th = (List<Number>) l.get("thresholds");
            // the threshold is the layer's lambda as trained (saved as "<path>.lambda")
            assertEquals(state.get(path + ".lambda").item(), th.get(0).floatValue(), 0f, path);
        }
        // QCFS networks start half-way to the threshold (Bu et al. 2022) unless --offset says otherwise
        assertEquals(0.5, ((Number) json(out.resolve("conversion.json")).get("membrane_offset")).doubleValue());
        assertEquals(4, Files.readAllLines(out.resolve("accuracy_vs_t.csv")).size() - 1);
    }

    @Test
    void annResnetTrainsResumesExactlyAndConverts() throws IOException {
        String[] model = {"--model", "ann-resnet", "--width", "4", "--limit", "96", "--schedule", "cosine:t_max=2",
                "--val", "32"};
        Path full = tmp.resolve("resnet-full");
        CliTestSupport.Run f = run(train(full, concat(model, "--epochs", "2")));
        assertEquals(0, f.status(), f.out() + f.err());
        Path part = tmp.resolve("resnet-part");
        assertEquals(0, run(train(part, concat(model, "--epochs", "1"))).status());
        CliTestSupport.Run resumed = run("train", "--resume", part.toString(), "--epochs", "2", "--data",
                data.toString(), "--no-progress");
        assertEquals(0, resumed.status(), resumed.err());
        assertArrayEquals(Files.readAllBytes(full.resolve("checkpoint/model.safetensors")),
                Files.readAllBytes(part.resolve("checkpoint/model.safetensors")));
        assertEquals(new ModelSpec("ann-resnet", 4, 8, "plain", 0, "relu"),
                Checkpoints.load(full.resolve("checkpoint")).config().model());
        // the best-validation checkpoint converts too; the plain blocks' activations are named by their paths
        assertTrue(Files.isRegularFile(full.resolve("best/model.safetensors")), f.out());
        Path out = tmp.resolve("conv-resnet");
        CliTestSupport.Run r = run(convert(full.resolve("best"), out, "--steps", "4", "--limit", "16", "--norm",
                "percentile:99"));
        assertEquals(0, r.status(), r.err());
        List<Map<String, Object>> ls = layers(out);
        // ResNet-8: the stem's activation, then 3 stages of one block with two activations each
        assertEquals(7, ls.size(), ls.toString());
        assertEquals("2", ls.get(0).get("path"));
        assertEquals("3.0.branch.2", ls.get(1).get("path"));
        assertEquals(99.0, ((Number) json(out.resolve("conversion.json")).get("percentile")).doubleValue());
    }

    @Test
    void badAnnOptionsExitWith2AndNameTheOption() {
        String[][] cases = {
            {"--model", "ann-vgg", "--steps", "4"}, {"--steps applies to spiking models only: --model ann-vgg is an ANN"},
            {"--model", "ann-resnet", "--neuron", "lif"}, {"--neuron applies to spiking models only"},
            {"--model", "ann-vgg", "--loss", "ce_rate"}, {"--loss applies to spiking models only"},
            {"--model", "ann-vgg", "--activation", "gelu"}, {"--activation gelu: unknown activation 'gelu'"},
            {"--model", "ann-vgg", "--activation", "qcfs:L=4,lamda=2"}, {"--activation qcfs:L=4,lamda=2: ", "lamda"},
            {"--model", "ann-vgg", "--activation", "clipped:max=0"}, {"--activation clipped:max=0: "},
            {"--model", "ann-vgg", "--dropout", "0.2"}, {"--dropout applies to --model plif and vgg only, not ann-vgg"},
            {"--model", "ann-resnet", "--block", "sew-add"}, {"--block applies to --model resnet only, not ann-resnet"},
            {"--model", "vgg", "--activation", "relu"}, {"--activation applies to --model ann-vgg and ann-resnet only"},
        };
        for (int i = 0; i < cases.length; i += 2) {
            CliTestSupport.Run r = run(train(tmp.resolve("bad" + i), cases[i]));
            assertEquals(2, r.status(), String.join(" ", cases[i]) + "\n" + r.err());
            for (String expected : cases[i + 1]) {
                assertTrue(r.err().contains(expected), String.join(" ", cases[i]) + ": " + r.err());
            }
        }
    }

    @Test
    void convertErrorsNameTheCulpritAndLeaveThePreviousOutputAsItWas() throws IOException {
        assertEquals(0, vggTrain.status(), vggTrain.err());
        Path out = tmp.resolve("conv-kept");
        assertEquals(0, run(convert(vgg, out, "--limit", "16")).status());
        Map<String, byte[]> before = new LinkedHashMap<>();
        for (String f : ConvertCommand.FILES) {
            before.put(f, Files.readAllBytes(out.resolve(f)));
        }

        // an empty calibration set
        CliTestSupport.Run cal = run(convert(vgg, out, "--calibration", "0"));
        assertEquals(2, cal.status(), cal.err());
        assertTrue(cal.err().contains("--calibration 0 gives an empty calibration set"), cal.err());

        // a missing checkpoint directory
        Path missing = tmp.resolve("no-such-run");
        CliTestSupport.Run miss = run(convert(missing, out));
        assertEquals(2, miss.status(), miss.err());
        assertTrue(miss.err().contains("--checkpoint " + missing + ": no such directory"), miss.err());

        // an SNN checkpoint: the csnn's first spiking layer is '2' (conv, max pool, Leaky)
        Path csnn = tmp.resolve("csnn");
        assertEquals(0, run(train(csnn, "--model", "csnn", "--steps", "2", "--limit", "32")).status());
        CliTestSupport.Run snn = run(convert(csnn, out));
        assertEquals(1, snn.status(), snn.err());
        assertTrue(snn.err().contains(csnn.resolve("checkpoint").resolve("checkpoint.json").toString())
                && snn.err().contains("--model csnn is a spiking network, not an ANN")
                && snn.err().contains("layer '2' (Leaky") && snn.err().contains("is a spiking neuron layer"), snn.err());

        // a checkpoint whose tensors belong to another architecture: width 4 weights, a width 8 configuration
        CheckpointData d = Checkpoint.load(vgg.resolve("checkpoint"));
        Map<String, Object> config = new LinkedHashMap<>(d.config());
        config.put("width", 8);
        Path other = tmp.resolve("other-width").resolve("checkpoint");
        Checkpoint.save(other, new CheckpointData(d.parameters(), d.optimizer(), config, d.progress(), d.provenance()));
        CliTestSupport.Run fit = run(convert(other.getParent(), out));
        assertEquals(1, fit.status(), fit.err());
        assertTrue(fit.err().contains(other.resolve("model.safetensors").toString())
                && fit.err().contains("'1.running_mean' has shape [4] but the model expects [8]"), fit.err());

        // bad settings
        String[][] usage = {
            {"--norm", "median"}, {"--norm must be percentile[:P], max or model, got 'median'"},
            {"--norm", "percentile:101"}, {"--norm percentile:101: the percentile must be in (0, 100]"},
            {"--norm", "model", "--per-channel"}, {"--per-channel needs --norm percentile or max"},
            {"--reset", "hard"}, {"--reset must be subtract or zero, got 'hard'"},
            {"--offset", "1"}, {"--offset must be in [0, 1)"},
            {"--steps", "0"}, {"--steps must be positive, got 0"},
            {"--calibration", "100000"}, {"--calibration 100000 exceeds the 256 training images"},
        };
        for (int i = 0; i < usage.length; i += 2) {
            CliTestSupport.Run r = run(convert(vgg, out, usage[i]));
            assertEquals(2, r.status(), String.join(" ", usage[i]) + "\n" + r.err());
            assertTrue(r.err().contains(usage[i + 1][0]), String.join(" ", usage[i]) + ": " + r.err());
        }

        // --out may not be a directory holding anything else (it is replaced as a whole): a training run
        CliTestSupport.Run into = run(convert(vgg, vgg));
        assertEquals(2, into.status(), into.err());
        assertTrue(into.err().contains("--out " + vgg + " holds 'checkpoint', which this command does not write"),
                into.err());
        assertTrue(Files.isRegularFile(vgg.resolve("checkpoint/model.safetensors")));

        // none of the failed runs touched the earlier output
        for (String f : ConvertCommand.FILES) {
            assertArrayEquals(before.get(f), Files.readAllBytes(out.resolve(f)), f);
        }
        try (var s = Files.list(out)) {
            assertEquals(ConvertCommand.FILES.size(), s.count());
        }
    }
}
