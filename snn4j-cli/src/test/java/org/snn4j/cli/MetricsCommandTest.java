package org.snn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snn4j.cli.CliTestSupport.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.ReLU;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.util.Rng;
import org.snn4j.io.data.DataLocator;
import org.snn4j.io.idx.IdxReader;

/**
 * {@code snn4j metrics} on two tiny trained fc checkpoints (784-32-10 and 784-16-10 LIF, T = 6, direct encoding) on
 * the synthetic stripes data: counts that follow from the architecture, cross-checks with {@code eval}, the JSON,
 * the report section and the errors.
 */
class MetricsCommandTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path fc32;
    static Path fc16;

    @BeforeAll
    static void trainTiny() throws IOException {
        data = tmp.resolve("data");
        Files.createDirectories(data);
        CliTestSupport.writeStripes(data, "train", 256, 1, 200, 56, 30);
        CliTestSupport.writeStripes(data, "t10k", 64, 2, 200, 56, 30);
        fc32 = tmp.resolve("fc32");
        fc16 = tmp.resolve("fc16");
        for (Object[] r : new Object[][] {{fc32, "784-32-10"}, {fc16, "784-16-10"}}) {
            CliTestSupport.Run t = run("train", "--data", data.toString(), "--layers", (String) r[1], "--steps", "6",
                    "--batch", "32", "--no-progress", "--seed", "3", "--out", r[0].toString());
            assertEquals(0, t.status(), t.err());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(Path f) throws IOException {
        return new ObjectMapper().readValue(f.toFile(), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> model(Map<String, Object> doc, int i) {
        return (Map<String, Object>) ((List<Object>) doc.get("models")).get(i);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> report(Map<String, Object> doc, int i) {
        return (Map<String, Object>) model(doc, i).get("report");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> layers(Map<String, Object> report) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        for (Object o : (List<Object>) report.get("layers")) {
            Map<String, Object> l = (Map<String, Object>) o;
            out.put((String) l.get("name"), l);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> total(Map<String, Object> doc, String metric) {
        for (Object o : (List<Object>) doc.get("totals")) {
            Map<String, Object> t = (Map<String, Object>) o;
            if (t.get("metric").equals(metric)) {
                return t;
            }
        }
        throw new AssertionError("no total " + metric);
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    private static double value(String text, String key) {
        Matcher m = Pattern.compile(key + "=([0-9.]+)").matcher(text);
        assertTrue(m.find(), text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    @SuppressWarnings("unchecked")
    void oneCheckpointOnTheWholeTestSet() throws IOException {
        CliTestSupport.Run r = run("metrics", "--checkpoint", fc32.toString(), "--data", data.toString(), "--limit",
                "0");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("fc 784-32-10 T=6: ") && r.out().contains("64 test images"), r.out());
        assertTrue(r.out().contains("per layer, per sample") && r.out().contains("total energy nJ"), r.out());
        // default output: the run directory (its training report gets the section), efficiency.json beside it
        Map<String, Object> doc = readJson(fc32.resolve("efficiency.json"));
        Map<String, Object> rep = report(doc, 0);
        assertEquals(64, num(rep.get("samples")), 0);
        Map<String, Map<String, Object>> l = layers(rep);
        // dense synops per sample: T x inputs x outputs: layer 0: 6 x 784 x 32 = 150528, layer 2: 6 x 32 x 10 = 1920
        assertEquals(150528, num(l.get("0").get("dense_synops")), 0);
        assertEquals(1920, num(l.get("2").get("dense_synops")), 0);
        assertEquals(150528 + 1920, num(rep.get("dense_synops")), 0);
        // neurons x steps: (32 + 10) x 6 = 252; footprint (784*32 + 32 + 32*10 + 10) x 4 bytes = 25450 x 4 = 101800
        assertEquals(252, num(rep.get("dense_membrane_updates")), 0);
        assertEquals(101800, num(rep.get("footprint_bytes")), 0);
        // Layer 0 reads the direct-encoded image (pixel / 255, real-valued: MACs) at each of the 6 steps; with no
        // zero weight every nonzero pixel costs 32 MACs: 6 x 32 x (nonzero pixels per image).
        assertEquals(0, num(l.get("0").get("zero_weights")), 0);
        byte[] px = IdxReader.read(data.resolve("t10k-images-idx3-ubyte.gz")).data();
        long nonzero = 0;
        for (byte b : px) {
            nonzero += b != 0 ? 1 : 0;
        }
        assertEquals(6 * 32 * nonzero / 64.0, num(l.get("0").get("effective_macs")), 1e-9);
        assertEquals(0, num(l.get("0").get("effective_acs")), 0);
        // Layer 2 reads layer 1's spikes (ACs), 10 nonzero weights per input: 1920 x (1 - activation sparsity of 1)
        assertEquals(0, num(l.get("2").get("zero_weights")), 0);
        double sparsity1 = num(l.get("1").get("activation_sparsity"));
        assertEquals(1920 * (1 - sparsity1), num(l.get("2").get("effective_acs")), 1e-6);
        assertEquals(0, num(l.get("2").get("effective_macs")), 0);
        // The same images through eval: the same accuracy and firing rates (rate = 1 - activation sparsity).
        CliTestSupport.Run ev = run("eval", "--checkpoint", fc32.toString(), "--data", data.toString());
        assertEquals(0, ev.status(), ev.err());
        assertEquals(value(ev.out(), "test_acc"), num(model(doc, 0).get("accuracy")), 5e-5 + 1e-12);
        assertEquals(value(ev.out(), "rate_layer1"), 1 - sparsity1, 5e-5 + 1e-12);
        assertEquals(value(ev.out(), "rate_layer2"), 1 - num(l.get("3").get("activation_sparsity")), 5e-5 + 1e-12);
        // fp32 without memory: total = 4.6 x (MACs + membrane updates) + 0.9 x ACs
        Map<String, Object> e = (Map<String, Object>) model(doc, 0).get("energy");
        assertEquals(4.6 * (num(rep.get("effective_macs")) + num(rep.get("membrane_updates")))
                + 0.9 * num(rep.get("effective_acs")), num(e.get("total_pj")), 1e-6);
        assertEquals(0, num(e.get("memory_pj")), 0);

        // the run's report.html keeps its training sections and gets one Efficiency section, also after a re-run
        assertEquals(0, run("metrics", "--checkpoint", fc32.toString(), "--data", data.toString(), "--limit", "8")
                .status());
        String html = Files.readString(fc32.resolve("report.html"));
        assertEquals(1, html.split("<!-- snn4j-section:efficiency -->", -1).length - 1, "one section");
        assertTrue(html.contains("Training curves") && html.contains("<h2>Efficiency</h2>"), html);
        assertTrue(html.contains("8 test images"), "the re-run replaced the section");
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoCheckpointsSideBySideInInt8WithMemory() throws IOException {
        Path json = tmp.resolve("cmp.json");
        Path out = tmp.resolve("cmp");
        CliTestSupport.Run r = run("metrics", "--checkpoint", fc32.toString(), "--compare", fc16.toString(), "--data",
                data.toString(), "--limit", "40", "--steps", "3", "--profile", "int8", "--memory", "--json",
                json.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("A = fc 784-32-10 T=3, B = fc 784-16-10 T=3; ratio = B / A"), r.out());
        Map<String, Object> doc = readJson(json);
        assertEquals("int8 45nm", ((Map<String, Object>) doc.get("profile")).get("name"));
        assertEquals(40, num(report(doc, 1).get("samples")), 0);
        // --steps 3: dense of layer 0 = 3 x 784 x 32 = 75264 and 3 x 784 x 16 = 37632
        assertEquals(75264, num(layers(report(doc, 0)).get("0").get("dense_synops")), 0);
        assertEquals(37632, num(layers(report(doc, 1)).get("0").get("dense_synops")), 0);
        // footprints 101800 and (784*16 + 16 + 16*10 + 10) x 4 = 12730 x 4 = 50920 bytes; in int8 25450 and 12730
        Map<String, Object> fp = total(doc, "footprint_bytes");
        assertEquals(List.of(101800.0, 50920.0), fp.get("values"));
        assertEquals(50920.0 / 101800, num(fp.get("ratio")), 1e-15);
        assertEquals(List.of(25450.0, 12730.0), total(doc, "footprint_bytes_int8").get("values"));
        // --memory (auto): both int8 footprints exceed 8 KiB and fit 32 KiB: SRAM 32KB, 20 pJ per access;
        // memory = 20 x (MACs + ACs + 2 x membrane updates)
        for (int i = 0; i < 2; i++) {
            assertEquals("SRAM 32KB", model(doc, i).get("memory"));
            Map<String, Object> rep = report(doc, i);
            double accesses = num(rep.get("effective_macs")) + num(rep.get("effective_acs"))
                    + 2 * num(rep.get("membrane_updates"));
            assertEquals(20 * accesses, num(((Map<String, Object>) model(doc, i).get("energy")).get("memory_pj")),
                    1e-6);
        }
        Map<String, Object> te = total(doc, "total_pj");
        List<Object> v = (List<Object>) te.get("values");
        assertEquals(num(v.get(1)) / num(v.get(0)), num(te.get("ratio")), 1e-12);
        // four rows pairing Linear/Linear, LIF/LIF, Linear/Linear, LIF/LIF
        assertEquals(4, ((List<Object>) doc.get("layers")).size());
        // a new report in --out
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<h1>snn4j efficiency metrics</h1>") && html.contains("<h2>Efficiency</h2>"), html);
        assertTrue(html.contains("memory of fc 784-16-10 T=3: SRAM 32KB"), html);
    }

    @Test
    void anAnnRunsAsOneBatchStep() throws IOException {
        // An ANN subject (what a checkpoint without neuron layers gives): Linear(784, 10) with every weight nonzero,
        // then ReLU, on the first 10 images as one batch [10, 784]: each nonzero pixel costs 10 MACs (a pixel / 255
        // is no spike), dense 7840 per image; no membrane updates.
        Linear l = new Linear(784, 10, new Rng(5));
        for (int i = 0; i < l.weight().data().length; i++) {
            l.weight().data()[i] = (i % 7 + 1) * 0.01f;
        }
        Sequential ann = new Sequential(l, new ReLU());
        MetricsCommand cmd = new MetricsCommand();
        cmd.limit = 10;
        MetricsCommand.Subject sub = new MetricsCommand.Subject("ann", tmp, ann, "ann", 1, null, "linear", "fashion-mnist",
                1000, (x, from) -> x, y -> new int[y.size(0)]);
        MetricsCommand.Measured m = cmd.measure(sub, DataLocator.system().locate("fashion-mnist", data).loadTest());
        byte[] px = IdxReader.read(data.resolve("t10k-images-idx3-ubyte.gz")).data();
        long nonzero = 0;
        for (int i = 0; i < 10 * 784; i++) {
            nonzero += px[i] != 0 ? 1 : 0;
        }
        assertEquals(10, m.samples());
        assertEquals(10 * nonzero / 10.0, m.report().effectiveMacs(), 1e-9);
        assertEquals(7840, m.report().denseSynops(), 0);
        assertEquals(0, m.report().membraneUpdates(), 0);
        // every prediction is class 0: the accuracy is the share of label 0 among the 10 images
        byte[] labels = IdxReader.read(data.resolve("t10k-labels-idx1-ubyte.gz")).data();
        long zeros = 0;
        for (int i = 0; i < 10; i++) {
            zeros += labels[i] == 0 ? 1 : 0;
        }
        assertEquals(zeros / 10.0, m.accuracy(), 1e-15);
        assertTrue(!MetricsCommand.hasNeuronLayer(ann));
    }

    @Test
    void errorsNameWhatIsWrong() throws IOException {
        CliTestSupport.Run help = run("metrics", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("Usage: snn4j metrics") && help.out().contains("--compare"), help.out());
        CliTestSupport.Run missing = run("metrics", "--checkpoint", tmp.resolve("nope").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("--checkpoint " + tmp.resolve("nope") + " is not a directory"),
                missing.err());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliTestSupport.Run noCkpt = run("metrics", "--checkpoint", empty.toString(), "--data", data.toString());
        assertEquals(1, noCkpt.status());
        assertTrue(noCkpt.err().contains(empty.getFileName().toString()), noCkpt.err());
        CliTestSupport.Run profile = run("metrics", "--checkpoint", fc32.toString(), "--profile", "fp64");
        assertEquals(2, profile.status());
        assertTrue(profile.err().contains("--profile must be fp32, fp16, int32 or int8, got 'fp64'"), profile.err());
        CliTestSupport.Run memory = run("metrics", "--checkpoint", fc32.toString(), "--memory=hbm");
        assertEquals(2, memory.status());
        assertTrue(memory.err().contains("--memory must be auto, sram-8kb, sram-32kb, sram-1mb or dram, got 'hbm'"),
                memory.err());
        CliTestSupport.Run limit = run("metrics", "--checkpoint", fc32.toString(), "--limit", "-1");
        assertEquals(2, limit.status());
        assertTrue(limit.err().contains("--limit must be >= 0"), limit.err());
        // a data directory whose test set holds no image
        Path noTest = Files.createDirectories(tmp.resolve("no-test"));
        CliTestSupport.writeStripes(noTest, "train", 8, 1, 200, 56, 30);
        CliTestSupport.writeStripes(noTest, "t10k", 0, 2, 200, 56, 30);
        CliTestSupport.Run nd = run("metrics", "--checkpoint", fc32.toString(), "--data", noTest.toString(), "--out",
                tmp.resolve("nd-out").toString());
        assertEquals(1, nd.status());
        assertTrue(nd.err().contains("test set holds no images"), nd.err());
    }
}
