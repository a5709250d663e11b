package org.snn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snn4j.cli.CliTestSupport.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.nn.BatchNorm;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.ReLU;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;
import org.snn4j.io.idx.IdxReader;

/**
 * {@code snn4j metrics} on {@code snn4j convert} outputs: an ann-vgg (width 4, ReLU) trained for one epoch on the
 * synthetic stripes (256 training, 64 test images), converted at T = 8; the SNN rebuilt from
 * {@code conversion.json} is measured (operation counts by hand, accuracy = convert's CSV), compared with its ANN
 * (ratios), refused with a clear error when its files are missing or changed; and {@code convert} adds exactly one
 * conversion section to the training run's report.
 */
class ConvertedMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TEST = 64;
    private static final int T = 8;
    @TempDir
    static Path tmp;
    static Path data;
    static Path ann;
    static Path conv;

    @BeforeAll
    static void trainAndConvert() throws IOException {
        data = tmp.resolve("data");
        Files.createDirectories(data);
        CliTestSupport.writeStripes(data, "train", 256, 1, 200, 56, 30);
        CliTestSupport.writeStripes(data, "t10k", TEST, 2, 200, 56, 30);
        ann = tmp.resolve("ann");
        CliTestSupport.Run t = run("train", "--data", data.toString(), "--batch", "32", "--no-progress", "--seed", "5",
                "--model", "ann-vgg", "--width", "4", "--lr", "1e-2", "--out", ann.toString());
        assertEquals(0, t.status(), t.out() + t.err());
        conv = tmp.resolve("snn8");
        CliTestSupport.Run c = run(convert(ann, conv, "--steps", Integer.toString(T)));
        assertEquals(0, c.status(), c.out() + c.err());
    }

    private static String[] convert(Path checkpoint, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("convert", "--checkpoint", checkpoint.toString(), "--data",
                data.toString(), "--no-progress", "--calibration", "64", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(new String[0]);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(Path f) throws IOException {
        return JSON.readValue(f.toFile(), Map.class);
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
    private static Map<String, Object> layer(Map<String, Object> report, String name) {
        for (Object o : (List<Object>) report.get("layers")) {
            if (((Map<String, Object>) o).get("name").equals(name)) {
                return (Map<String, Object>) o;
            }
        }
        throw new AssertionError("no layer " + name + " in " + report.get("layers"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> input(Map<String, Object> doc, int i) {
        return (Map<String, Object>) ((List<Object>) doc.get("inputs")).get(i);
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    /** The accuracy at t of {@code dir/accuracy_vs_t.csv}. */
    private static double csvAccuracy(Path dir, int t) throws IOException {
        String[] row = Files.readAllLines(dir.resolve("accuracy_vs_t.csv")).get(t).split(",");
        assertEquals(Integer.toString(t), row[0]);
        return Double.parseDouble(row[1]);
    }

    private static Sequential trainedAnn() throws IOException {
        Checkpoints.Loaded l = Checkpoints.load(ann.resolve("checkpoint"));
        Sequential model = Models.build(l.config(), new Rng(l.config().seed()));
        Checkpoints.loadModel(model, l.state().parameters(), ann.resolve("checkpoint"));
        return model;
    }

    /**
     * Effective synaptic operations per image of a 3x3 convolution, padding 1, on the 28x28 test images, with
     * every weight nonzero: a nonzero pixel (y, x) meets ry * rx taps inside the image (ry = 2 on the first and last
     * row, else 3; rx alike), each for every output channel.
     */
    private static double conv3x3Effective(int outChannels) throws IOException {
        byte[] px = IdxReader.read(data.resolve("t10k-images-idx3-ubyte.gz")).data();
        long taps = 0;
        for (int i = 0; i < px.length; i++) {
            if (px[i] != 0) {
                int y = i % 784 / 28;
                int x = i % 28;
                taps += (long) (y == 0 || y == 27 ? 2 : 3) * (x == 0 || x == 27 ? 2 : 3);
            }
        }
        return (double) outChannels * taps / TEST;
    }

    @Test
    void metricsOnAConversionMeasuresTheConvertedNetworkAtItsT() throws IOException {
        CliTestSupport.Run r = run("metrics", "--checkpoint", conv.toString(), "--data", data.toString(), "--limit",
                "0");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("ann-vgg SNN T=8: ") && r.out().contains("T=8, analog encoding"), r.out());
        // default output: the conversion directory itself
        Map<String, Object> doc = readJson(conv.resolve("efficiency.json"));
        Map<String, Object> rep = report(doc, 0);
        assertEquals(TEST, num(rep.get("samples")), 0);
        assertEquals("snn", input(doc, 0).get("kind"));
        assertEquals(T, input(doc, 0).get("steps"));
        assertEquals(ann.resolve("checkpoint").toAbsolutePath().normalize().toString(),
                input(doc, 0).get("ann_checkpoint"));

        // the accuracy is convert's at t = T on the same 64 images (its CSV), to the bit
        double convAcc = csvAccuracy(conv, T);
        assertEquals(convAcc, num(model(doc, 0).get("accuracy")), 0.0);
        assertEquals(convAcc, num(input(doc, 0).get("conversion_accuracy")), 0.0);
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "convert measured %.4f at t=8 on the same"
                + " 64 images", convAcc)), r.out());

        // layer 0: Conv2d(1 -> 4, 3x3, padding 1) with batch norm folded in, on the analog image at each of 8 steps.
        Sequential a = trainedAnn();
        Conv2d c0 = assertInstanceOf(Conv2d.class, a.get(0));
        assertEquals(1, c0.inChannels());
        assertEquals(4, c0.outChannels());
        assertArrayEquals(new int[] {3, 3}, c0.kernelSize());
        assertArrayEquals(new int[] {1, 1}, c0.padding());
        Map<String, Object> l0 = layer(rep, "0");
        // dense per step = Cout x Cin x (taps inside the image; those on the zero padding are not counted): output
        // rows 0 and 27 see 2 kernel rows, the 26 others 3, so 2 + 26 x 3 + 2 = 82, columns alike:
        // 4 x 1 x 82 x 82 = 26896 (not 4 x 9 x 784 = 28224); over T = 8 steps 215168
        assertEquals(4 * 1 * 82 * 82 * 8, num(l0.get("dense_synops")), 0);
        assertEquals(36, num(l0.get("weights")), 0);
        assertEquals(0, num(l0.get("zero_weights")), 0);
        // real-valued pixels: MACs, T times the nonzero pixels' in-image taps
        assertEquals(T * conv3x3Effective(4), num(l0.get("effective_macs")), 1e-9);
        assertEquals(0, num(l0.get("effective_acs")), 0);
        // the first IF layer (the ReLU at '2'): 4 x 28 x 28 neurons x 8 steps membrane updates at most
        Map<String, Object> if0 = layer(rep, "2");
        assertEquals("IFNeuron", if0.get("type"));
        assertEquals(4 * 28 * 28 * T, num(if0.get("dense_membrane_updates")), 0);
        assertTrue(num(if0.get("membrane_updates")) > 0
                && num(if0.get("membrane_updates")) <= 4 * 28 * 28 * T, if0.toString());
        // a convolution right after an IF layer reads its spikes theta*S: accumulations only
        int k = 1;
        while (!(a.get(k) instanceof Conv2d && a.get(k - 1) instanceof ReLU)) {
            k++;
        }
        Map<String, Object> spiking = layer(rep, Integer.toString(k));
        assertEquals(0, num(spiking.get("effective_macs")), 0);
        assertTrue(num(spiking.get("effective_acs")) > 0, spiking.toString());

        // the conversion's report got the Efficiency section; a new convert into the directory may replace it
        // (efficiency.json goes with it)
        String html = Files.readString(conv.resolve("report.html"));
        assertTrue(html.contains("<h2>ANN-to-SNN conversion</h2>") && html.contains("<h2>Efficiency</h2>"), html);
        Path again = tmp.resolve("snn-again");
        assertEquals(0, run(convert(ann, again, "--steps", "2", "--limit", "8")).status());
        assertEquals(0, run("metrics", "--checkpoint", again.toString(), "--data", data.toString(), "--limit", "8")
                .status());
        assertTrue(Files.isRegularFile(again.resolve("efficiency.json")));
        CliTestSupport.Run redo = run(convert(ann, again, "--steps", "2", "--limit", "8"));
        assertEquals(0, redo.status(), redo.err());
        assertFalse(Files.exists(again.resolve("efficiency.json")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void annAgainstItsConversionPairsTheLayersAndGivesRatiosSnnOverAnn() throws IOException {
        Path json = tmp.resolve("cmp.json");
        CliTestSupport.Run r = run("metrics", "--checkpoint", ann.toString(), "--compare", conv.toString(), "--data",
                data.toString(), "--limit", "0", "--steps", "4", "--json", json.toString(), "--out",
                tmp.resolve("cmp").toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("A = ann-vgg, B = ann-vgg SNN T=4; ratio = B / A"), r.out());
        Map<String, Object> doc = readJson(json);
        assertEquals("ann", input(doc, 0).get("kind"));
        assertEquals(1, input(doc, 0).get("steps"));
        assertEquals(4, input(doc, 1).get("steps"));
        // accuracies: the ANN's is convert's ann_accuracy, the SNN's convert's CSV at t = 4 (same 64 images)
        assertEquals(num(readJson(conv.resolve("conversion.json")).get("ann_accuracy")),
                num(model(doc, 0).get("accuracy")), 0.0);
        assertEquals(csvAccuracy(conv, 4), num(model(doc, 1).get("accuracy")), 0.0);

        // every total's ratio is SNN / ANN
        int checked = 0;
        for (Object o : (List<Object>) doc.get("totals")) {
            Map<String, Object> t = (Map<String, Object>) o;
            List<Object> v = (List<Object>) t.get("values");
            if (num(v.get(0)) == 0) {
                continue;
            }
            assertEquals(num(v.get(1)) / num(v.get(0)), num(t.get("ratio")), 0.0, t.toString());
            checked++;
        }
        assertTrue(checked >= 7, doc.get("totals").toString());   // accuracy, footprint, sparsity, dense, MACs, energies

        // the layers pair up: the ANN's k-th Conv2d/Linear with the SNN's (same path, BN folded in), its k-th
        // ReLU with the SNN's k-th IF layer; no layer is left over
        Sequential a = trainedAnn();
        List<Object> rows = (List<Object>) doc.get("layers");
        int expectedRows = 0;
        for (int i = 0; i < a.size(); i++) {
            Module m = a.get(i);
            expectedRows += m instanceof Conv2d || m instanceof Linear || m instanceof ReLU ? 1 : 0;
        }
        assertEquals(expectedRows, rows.size());
        for (Object o : rows) {
            List<Object> pair = (List<Object>) ((Map<String, Object>) o).get("layers");
            Map<String, Object> x = (Map<String, Object>) pair.get(0);
            Map<String, Object> y = (Map<String, Object>) pair.get(1);
            assertNotNull(x, o.toString());
            assertNotNull(y, o.toString());
            if (x.get("type").equals("ReLU")) {
                assertEquals("IFNeuron", y.get("type"));
            } else {
                assertEquals(x.get("type"), y.get("type"));
                assertEquals(x.get("name"), y.get("name"));
                assertEquals(num(x.get("weights")), num(y.get("weights")), 0);
                // one pass against T = 4 steps of the same connections
                assertEquals(4 * num(x.get("dense_synops")), num(y.get("dense_synops")), 0, x.get("name") + "");
            }
            // the row's energy ratio is the SNN layer's energy over the ANN layer's (fp32, no memory term:
            // 4.6 pJ per MAC and per membrane update, 0.9 pJ per AC)
            double ex = 4.6 * (num(x.get("effective_macs")) + num(x.get("membrane_updates")))
                    + 0.9 * num(x.get("effective_acs"));
            double ey = 4.6 * (num(y.get("effective_macs")) + num(y.get("membrane_updates")))
                    + 0.9 * num(y.get("effective_acs"));
            Object ratio = ((Map<String, Object>) o).get("energy_ratio");
            if (ex == 0) {
                continue;
            }
            assertEquals(ey / ex, num(ratio), 1e-12 * ey / ex, o.toString());
        }
        // the first convolution: the ANN's effective MACs by hand (one pass), the SNN's 4 times as many
        Map<String, Object> a0 = layer(report(doc, 0), "0");
        Map<String, Object> s0 = layer(report(doc, 1), "0");
        assertEquals(4 * 82 * 82, num(a0.get("dense_synops")), 0);
        assertEquals(conv3x3Effective(4), num(a0.get("effective_macs")), 1e-9);
        assertEquals(4 * num(a0.get("effective_macs")), num(s0.get("effective_macs")), 1e-9);
        // the ANN has no membrane; the SNN's dense membrane updates are its neurons x 4
        assertEquals(0, num(report(doc, 0).get("membrane_updates")), 0);

        // footprints: the ANN as its checkpoint holds it (batch norm with scale, shift and running mean and variance:
        // 4 values per channel), the SNN with batch norm folded into the convolution (1 bias per channel)
        long annElements = 0;
        long foldedAway = 0;
        for (Tensor t : a.stateDict().values()) {
            annElements += t.numel();
        }
        for (int i = 1; i < a.size(); i++) {
            if (a.get(i) instanceof BatchNorm bn && a.get(i - 1) instanceof Conv2d c) {
                long bnValues = 0;
                for (Tensor t : bn.stateDict().values()) {
                    bnValues += t.numel();
                }
                assertEquals(4L * c.outChannels(), bnValues);
                foldedAway += bnValues - (c.bias() == null ? c.outChannels() : 0);
            }
        }
        assertTrue(foldedAway > 0);
        assertEquals(4 * annElements, num(report(doc, 0).get("footprint_bytes")), 0);
        assertEquals(4 * (annElements - foldedAway), num(report(doc, 1).get("footprint_bytes")), 0);
    }

    @Test
    void aConversionWithoutItsJsonOrItsAnnIsNamed() throws IOException {
        // conversion.json missing: the other files are there
        Path noJson = copyOfConversion("no-json");
        Files.delete(noJson.resolve("conversion.json"));
        CliTestSupport.Run r = metrics(noJson);
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains(noJson.resolve("conversion.json") + " is missing"), r.err());

        // conversion.json not JSON, or without the thresholds
        Path corrupt = copyOfConversion("corrupt");
        Files.writeString(corrupt.resolve("conversion.json"), "{\"checkpoint\": ");
        r = metrics(corrupt);
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains(corrupt.resolve("conversion.json") + " is not valid JSON"), r.err());
        Path noLayers = copyOfConversion("no-layers");
        editJson(noLayers, j -> j.remove("layers"));
        r = metrics(noLayers);
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains(noLayers.resolve("conversion.json") + ": 'layers' is missing; expected a list"),
                r.err());

        // the ANN checkpoint it names is gone (neither the absolute nor the relative path holds it)
        Path gone = copyOfConversion("gone");
        Path missing = tmp.resolve("moved-away").resolve("checkpoint");
        editJson(gone, j -> {
            j.put("checkpoint", missing.toString());
            j.put("checkpoint_relative", "../moved-away/checkpoint");
        });
        r = metrics(gone);
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains(gone.resolve("conversion.json") + " names the ANN checkpoint " + missing
                + ", which is gone (no " + missing.resolve("checkpoint.json")), r.err());

        // the absolute path gone but the relative one (a tree moved as a whole) still there: measured
        Path moved = copyOfConversion("moved");
        editJson(moved, j -> j.put("checkpoint", missing.toString()));
        r = metrics(moved);
        assertEquals(0, r.status(), r.err());

        // the ANN's weights changed since the conversion
        Path changed = copyOfConversion("changed");
        editJson(changed, j -> j.put("checkpoint_sha256", "0".repeat(64)));
        r = metrics(changed);
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("has changed since the conversion") && r.err().contains("run snn4j convert again"),
                r.err());

        // a threshold the ANN has no activation for: the converter's error, prefixed with the file
        Path unknown = copyOfConversion("unknown");
        editJson(unknown, j -> {
            @SuppressWarnings("unchecked")
            List<Object> ls = (List<Object>) j.get("layers");
            ls.add(new LinkedHashMap<>(Map.of("path", "99", "thresholds", List.of(1.0))));
        });
        r = metrics(unknown);
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains(unknown.resolve("conversion.json") + ": cannot rebuild the spiking network")
                && r.err().contains("[99]"), r.err());
    }

    private static CliTestSupport.Run metrics(Path dir) {
        return run("metrics", "--checkpoint", dir.toString(), "--data", data.toString(), "--limit", "4", "--out",
                tmp.resolve("metrics-" + dir.getFileName()).toString());
    }

    /** A copy of the conversion next to it (so the relative path to the ANN stays valid). */
    private static Path copyOfConversion(String name) throws IOException {
        Path copy = tmp.resolve(name);
        Files.createDirectories(copy);
        for (String f : ConvertCommand.FILES) {
            Files.copy(conv.resolve(f), copy.resolve(f));
        }
        return copy;
    }

    private static void editJson(Path dir, java.util.function.Consumer<Map<String, Object>> edit) throws IOException {
        Map<String, Object> j = new LinkedHashMap<>(readJson(dir.resolve("conversion.json")));
        edit.accept(j);
        Files.write(dir.resolve("conversion.json"), JSON.writeValueAsBytes(j));
    }

    @Test
    void convertAddsOneConversionSectionToTheTrainingRunsReport() throws IOException {
        // @BeforeAll converted once; convert again at T = 2: still one section, now the second's
        Map<String, byte[]> before = otherFiles(ann);
        String htmlBefore = Files.readString(ann.resolve("report.html"));
        assertEquals(1, count(htmlBefore, "<!-- snn4j-section:conversion -->"), htmlBefore);
        Path second = tmp.resolve("snn2");
        CliTestSupport.Run c = run(convert(ann, second, "--steps", "2", "--limit", "16"));
        assertEquals(0, c.status(), c.err());
        assertTrue(c.err().contains("added the conversion section to " + ann.toAbsolutePath().normalize()
                .resolve("report.html")), c.err());
        String html = Files.readString(ann.resolve("report.html"));
        assertEquals(1, count(html, "<!-- snn4j-section:conversion -->"), html);
        assertEquals(1, count(html, "<!-- /snn4j-section:conversion -->"), html);
        assertTrue(html.contains(second.toAbsolutePath().normalize().toString()), "the second conversion's section");
        assertFalse(html.contains(conv.toAbsolutePath().normalize().toString()), "the first one's is replaced");
        // the rest of the report and every other file of the run are as they were
        assertEquals(withoutSection(htmlBefore), withoutSection(html));
        assertTrue(html.contains("Training curves"), html);
        Map<String, byte[]> after = otherFiles(ann);
        assertEquals(before.keySet(), after.keySet());
        for (String f : before.keySet()) {
            assertArrayEquals(before.get(f), after.get(f), f);
        }
        // the conversion's own report has it too, and the checkpoint was found through the run directory
        assertTrue(Files.readString(second.resolve("report.html")).contains("<h2>ANN-to-SNN conversion</h2>"));
    }

    private static int count(String s, String what) {
        return s.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    private static String withoutSection(String html) {
        int s = html.indexOf("<!-- snn4j-section:conversion -->");
        String end = "<!-- /snn4j-section:conversion -->\n";
        int e = html.indexOf(end);
        return html.substring(0, s) + html.substring(e + end.length());
    }

    /** Every file of the run directory but report.html, by relative path. */
    private static Map<String, byte[]> otherFiles(Path run) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = run.relativize(p).toString();
                if (!rel.equals("report.html")) {
                    out.put(rel, Files.readAllBytes(p));
                }
            }
        }
        return out;
    }
}
