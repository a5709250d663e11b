package org.snn4j.cli;

import static org.snn4j.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.models.NeuronOptions;
import org.snn4j.core.neuron.ALIF;
import org.snn4j.core.neuron.Alpha;
import org.snn4j.core.neuron.EIF;
import org.snn4j.core.neuron.IF;
import org.snn4j.core.neuron.Izhikevich;
import org.snn4j.core.neuron.LIF;
import org.snn4j.core.neuron.Lapicque;
import org.snn4j.core.neuron.Leaky;
import org.snn4j.core.neuron.ParametricLIF;
import org.snn4j.core.neuron.QIF;
import org.snn4j.core.neuron.ResetMode;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.core.neuron.Synaptic;
import org.snn4j.core.nn.BatchNorm2d;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * {@code train --model} end to end on a small synthetic data set (class c lights up row band c of a noisy 28x28
 * image; 192 training and 64 test images), with narrow widths, T = 2 and one epoch, plus the neuron options of
 * {@code --neuron} checked against hand-computed membranes.
 */
class ModelsTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void writeData() throws IOException {
        data = tmp.resolve("data");
        Files.createDirectories(data);
        write("train", 192, 1);
        write("t10k", 64, 2);
    }

    private static void write(String prefix, int n, long seed) throws IOException {
        CliTestSupport.writeStripes(data, prefix, n, seed, 200, 56, 30);
    }


    /** A short run: T = 2, batches of 32, the given model options appended. */
    private static String[] train(Path out, String... extra) {
        String[] base = {"train", "--data", data.toString(), "--steps", "2", "--batch", "32", "--no-progress", "--seed",
                "5", "--out", out.toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    private static double lastTestAcc(Path out) throws IOException {
        String[] lines = Files.readString(out.resolve("metrics.csv")).strip().split("\n");
        int col = java.util.Arrays.asList(lines[0].split(",")).indexOf("test_acc");
        return Double.parseDouble(lines[lines.length - 1].split(",")[col]);
    }

    private static void trainsAndEvalReproduces(String name, int neuronLayers, String... model) throws IOException {
        Path out = tmp.resolve("model-" + name);
        CliTestSupport.Run r = run(train(out, model));
        assertEquals(0, r.status(), r.out() + r.err());
        for (String f : new String[] {"report.html", "metrics.csv", "metrics.json", "curves.png", "raster.png",
                "checkpoint/model.safetensors", "checkpoint/checkpoint.json"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), name + ": " + f + " missing; output:\n" + r.out() + r.err());
        }
        RunConfig saved = Checkpoints.load(out.resolve("checkpoint")).config();
        assertEquals(name, saved.model().name());
        double acc = lastTestAcc(out);
        CliTestSupport.Run ev = run("eval", "--checkpoint", out.toString(), "--data", data.toString());
        assertEquals(0, ev.status(), ev.err());
        double evAcc = Double.parseDouble(ev.out().replaceAll("(?s).*test_acc=([0-9.]+).*", "$1"));
        // eval prints 4 decimals, which tell the count of correct test images (steps of 1/64) exactly
        assertEquals(Math.round(acc * 64), Math.round(evAcc * 64), name + ": " + acc + " vs " + ev.out());
        assertEquals(acc, evAcc, 5e-5, name + ": " + ev.out());
        if (neuronLayers > 0) {
            // one firing rate per neuron layer: pooled, flattened or dropped-out copies of spikes are not layers
            assertTrue(ev.out().contains("rate_layer" + neuronLayers + "=")
                    && !ev.out().contains("rate_layer" + (neuronLayers + 1) + "="), name + ": " + ev.out());
        }
    }

    @Test
    void everyModelTrainsWritesItsReportAndEvalReproducesTheAccuracy() throws IOException {
        // csnn: 3 neuron layers (after each pool, at the output); plif: 4 (two conv, hidden FC, output FC)
        // and the voting layer's output is not spikes; vgg small28: 5 conv neurons + 1 hidden = 6
        trainsAndEvalReproduces("csnn", 3, "--model", "csnn");
        trainsAndEvalReproduces("plif", 4, "--model", "plif", "--width", "4");
        trainsAndEvalReproduces("vgg", 6, "--model", "vgg", "--width", "4", "--dropout", "0.2");
        trainsAndEvalReproduces("resnet", 0, "--model", "resnet", "--width", "4", "--block", "sew-iand");
    }

    @Test
    void convModelsWorkWithValidationAndAugmentation() throws IOException {
        Path out = tmp.resolve("plif-val-aug");
        CliTestSupport.Run r = run(train(out, "--model", "plif", "--width", "4", "--val", "32", "--augment", "crop:2,flip",
                "--epochs", "2"));
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(Files.isRegularFile(out.resolve("best/model.safetensors")), r.out());
        assertTrue(r.out().contains("selected epoch"), r.out());
        Map<?, ?> summary = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(out.resolve("metrics.json").toFile(), Map.class);
        assertTrue(summary.toString().contains("test_acc_selected"), summary.toString());
    }

    @Test
    void resumedConvRunEndsWithTheSameBytesAsAnUninterruptedOne() throws IOException {
        // plif: batch norm (running statistics are buffers), dropout (masks keyed by the step), PLIF's learnable w
        // (the recipe's cosine:t_max=EPOCHS would differ between a 1-epoch and a 2-epoch run: fix t_max)
        String[] model = {"--model", "plif", "--width", "4", "--limit", "128", "--schedule", "cosine:t_max=2"};
        Path full = tmp.resolve("resume-full");
        assertEquals(0, run(train(full, concat(model, "--epochs", "2"))).status());
        Path part = tmp.resolve("resume-part");
        assertEquals(0, run(train(part, concat(model, "--epochs", "1"))).status());
        CliTestSupport.Run resumed = run("train", "--resume", part.toString(), "--epochs", "2", "--data", data.toString(),
                "--no-progress");
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(resumed.out().contains("resuming at epoch 2"), resumed.out());
        assertArrayEquals(Files.readAllBytes(full.resolve("checkpoint/model.safetensors")),
                Files.readAllBytes(part.resolve("checkpoint/model.safetensors")));
        // the buffers are in the checkpoint: layer 1 is the first BatchNorm2d
        Map<String, Tensor> state = Checkpoints.load(full.resolve("checkpoint")).state().parameters();
        assertTrue(state.containsKey("1.running_mean") && state.containsKey("1.running_var"), state.keySet().toString());
    }

    @Test
    void convRunGivesTheSameBytesWithOneOrTwoThreads() throws IOException {
        String[] model = {"--model", "resnet", "--width", "4", "--block", "sew-add", "--limit", "64", "--encoder", "rate"};
        Path one = tmp.resolve("threads1");
        Path two = tmp.resolve("threads2");
        assertEquals(0, run(train(one, concat(model, "--threads", "1"))).status());
        assertEquals(0, run(train(two, concat(model, "--threads", "2"))).status());
        assertArrayEquals(Files.readAllBytes(one.resolve("checkpoint/model.safetensors")),
                Files.readAllBytes(two.resolve("checkpoint/model.safetensors")));
    }

    @Test
    void checkpointedBlocksGiveTheSameBytes() throws IOException {
        // recomputing each block in backward changes memory and time, not one bit of the trained weights
        String[][] models = {{"--model", "plif", "--width", "4"}, {"--model", "vgg", "--width", "4"},
            {"--model", "resnet", "--width", "4", "--block", "sew-add"}};
        for (String[] m : models) {
            String[] model = concat(m, "--limit", "64");
            Path plain = tmp.resolve("cp-plain-" + m[1]);
            Path blocks = tmp.resolve("cp-blocks-" + m[1]);
            assertEquals(0, run(train(plain, model)).status());
            CliTestSupport.Run r = run(train(blocks, concat(model, "--checkpoint-blocks")));
            assertEquals(0, r.status(), r.out() + r.err());
            assertArrayEquals(Files.readAllBytes(plain.resolve("checkpoint/model.safetensors")),
                    Files.readAllBytes(blocks.resolve("checkpoint/model.safetensors")), m[1]);
            // the epoch line and metrics.csv give the training's peak heap
            assertTrue(r.out().matches("(?s).*peak heap [0-9]+ MiB.*"), r.out());
            String[] lines = Files.readString(blocks.resolve("metrics.csv")).strip().split("\n");
            int col = java.util.Arrays.asList(lines[0].split(",")).indexOf("peak_heap_mb");
            assertTrue(col >= 0 && Long.parseLong(lines[1].split(",")[col]) > 0, lines[0] + "\n" + lines[1]);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void badModelOptionsExitWith2AndNameTheOption() {
        String[][] cases = {
            {"--model", "lenet"}, {"--model must be fc, csnn, plif, vgg, resnet, ann-vgg or ann-resnet, got 'lenet'"},
            {"--model", "resnet", "--block", "sew-or"}, {"--block must be plain, sew-add, sew-and or sew-iand, got 'sew-or'"},
            {"--model", "resnet", "--depth", "9"}, {"--depth must be one of 8, 14, 20"},
            {"--model", "vgg", "--depth", "8"}, {"--depth applies to --model resnet and ann-resnet only, not vgg"},
            {"--model", "csnn", "--width", "8"}, {"--width applies to --model plif, vgg, resnet, ann-vgg and ann-resnet, not csnn"},
            {"--model", "plif", "--width", "0"}, {"--width must be positive, got 0"},
            {"--model", "resnet", "--dropout", "0.1"}, {"--dropout applies to --model plif and vgg only, not resnet"},
            {"--model", "vgg", "--dropout", "1"}, {"--dropout must be in [0, 1), got 1.0"},
            {"--model", "csnn", "--layers", "784-10"}, {"--layers applies to --model fc only, not csnn"},
            {"--model", "csnn", "--checkpoint-blocks"}, {"--checkpoint-blocks applies to --model plif, vgg and resnet, not csnn"},
            {"--neuron", "hh"}, {"--neuron: unknown neuron kind 'hh' (known: lif, if, plif"},
            {"--neuron", "synaptic:gamma=1"}, {"--neuron: ", "gamma"},
            {"--neuron", "lif:per_channel"}, {"--neuron lif:per_channel: ", "perChannel applies to PLIF only"},
            {"--neuron", "lif:reset=up"}, {"--neuron lif:reset=up: reset must be hard, soft or none, got 'up'"},
            {"--reset", "up"}, {"--reset must be hard, soft or none, got 'up'"},
            {"--model", "csnn", "--encoder", "population:neurons=2"}, {"--model csnn takes one 28x28 image per step"},
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
    void recipeFillsOnlyTheOptionsNotGiven() throws IOException {
        Path out = tmp.resolve("recipe");
        // PLIF recipe: T 8, mse_rate, cosine over the run, PLIF with detached reset; --steps given keeps 2
        CliTestSupport.Run r = run(train(out, "--model", "plif", "--width", "2", "--limit", "64", "--epochs", "1"));
        assertEquals(0, r.status(), r.err());
        RunConfig c = Checkpoints.load(out.resolve("checkpoint")).config();
        assertEquals(2, c.steps());
        assertEquals("cosine:t_max=1", c.schedule());
        assertEquals("plif:detach_reset", c.neuron());
        assertEquals("mse_rate", c.loss());
        assertEquals(new ModelSpec("plif", 2, 0, "", 0.5), c.model());
        NeuronOptions n = Models.neuronOptions(c);
        assertEquals(NeuronOptions.Kind.PLIF, n.kind());
        assertEquals(Boolean.TRUE, n.detachReset());
        assertEquals(ResetMode.ZERO, n.reset());
        Path csnn = tmp.resolve("recipe-csnn");
        CliTestSupport.Run rc = run("train", "--data", data.toString(), "--model", "csnn", "--limit", "32", "--batch", "32",
                "--no-progress", "--out", csnn.toString(), "--lr", "0.005");
        assertEquals(0, rc.status(), rc.err());
        RunConfig cc = Checkpoints.load(csnn.resolve("checkpoint")).config();
        // snnTorch tutorial 6: Leaky beta 0.5, fast sigmoid slope 25, subtract reset, ce_rate, T 25; lr as given
        assertEquals(25, cc.steps());
        assertEquals("leaky", cc.neuron());
        assertEquals(0.5, cc.beta());
        assertEquals("fast_sigmoid:k=25", cc.surrogate());
        assertEquals("soft", cc.reset());
        assertEquals("ce_rate", cc.loss());
        assertEquals(0.005, cc.lr());
        Path alpha = tmp.resolve("alpha-neuron");
        CliTestSupport.Run ra = run(train(alpha, "--layers", "784-8-10", "--limit", "32", "--neuron", "alpha"));
        assertEquals(0, ra.status(), ra.err());
        assertEquals(0.8, Checkpoints.load(alpha.resolve("checkpoint")).config().beta());
    }

    @Test
    void oldCheckpointWithoutModelKeysLoadsAsFc() throws IOException {
        Path out = tmp.resolve("fc");
        assertEquals(0, run(train(out, "--layers", "784-8-10", "--limit", "64")).status());
        Checkpoints.Loaded loaded = Checkpoints.load(out.resolve("checkpoint"));
        assertEquals(ModelSpec.fc(), loaded.config().model());
        Map<String, Object> old = new LinkedHashMap<>(loaded.data().config());
        for (String k : new String[] {"model", "width", "depth", "block", "dropout"}) {
            assertTrue(old.remove(k) != null, k);
        }
        RunConfig fromOld = RunConfig.fromMap(old, "old");
        assertEquals(loaded.config(), fromOld);
        Sequential fc = Models.build(fromOld, new Rng(fromOld.seed()));
        Checkpoints.loadModel(fc, loaded.state().parameters(), out.resolve("checkpoint"));

        // the same weights do not fit a csnn: the error names the file and the tensor
        RunConfig asCsnn = new RunConfig(fromOld.layers(), fromOld.neuron(), fromOld.tau(), fromOld.beta(),
                fromOld.threshold(), fromOld.reset(), fromOld.surrogate(), fromOld.steps(), fromOld.encoder(),
                fromOld.loss(), fromOld.optimizer(), fromOld.lr(), fromOld.schedule(), fromOld.epochs(), fromOld.batch(),
                fromOld.seed(), fromOld.limit(), fromOld.dataset(), fromOld.augment(), fromOld.val(),
                ModelSpec.of("csnn", null, null, null, null));
        Sequential csnn = Models.build(asCsnn, new Rng(0));
        IOException e = assertThrows(IOException.class,
                () -> Checkpoints.loadModel(csnn, loaded.state().parameters(), out.resolve("checkpoint")));
        assertTrue(e.getMessage().contains(out.resolve("checkpoint/model.safetensors").toString())
                && e.getMessage().contains("parameter '0.weight' has shape [8, 784] but the model expects [12, 1, 5, 5]"),
                e.getMessage());
    }

    private static RunConfig fc(String neuron, double tau, double beta, double threshold, String reset) {
        RunConfig q = QuickstartCommand.config(1);
        return new RunConfig("3-1", neuron, tau, beta, threshold, reset, q.surrogate(), 3, q.encoder(), q.loss(),
                q.optimizer(), q.lr(), q.schedule(), 1, 4, 0, 0, q.dataset(), "none", "0", ModelSpec.fc());
    }

    /** The membrane of the fc model's neuron layer for 3 steps of constant input current 1. */
    private static float[] membrane(RunConfig c) {
        SpikingNeuron n = (SpikingNeuron) Models.build(c, new Rng(0)).get(1);
        return n.forwardWithMembrane(Tensor.of(new float[] {1, 1, 1}, 3, 1, 1)).membrane().toArray();
    }

    @Test
    void neuronSpecOptionsOverrideTheFlagsAndGiveTheHandComputedMembranes() {
        // LIF (decay_input, hard reset to 0): H[t] = V[t-1] + (1 - V[t-1])/tau; tau 5 from the spec, not --tau 2:
        // 0.2, 0.2 + 0.8/5 = 0.36, 0.36 + 0.64/5 = 0.488
        assertArrayEquals(new float[] {0.2f, 0.36f, 0.488f}, membrane(fc("lif:tau=5", 2, 0.9, 1, "hard")), 1e-6f);
        // --tau 4 without a spec key: 0.25, 0.25 + 0.75/4 = 0.4375, 0.4375 + 0.5625/4 = 0.578125
        assertArrayEquals(new float[] {0.25f, 0.4375f, 0.578125f}, membrane(fc("lif", 4, 0.9, 1, "hard")), 1e-6f);
        // snnTorch Leaky U = beta U + X, beta 0.5 from the spec (--beta 0.9 ignored), threshold 5 so no spike:
        // 1, 1.5, 1.75
        assertArrayEquals(new float[] {1f, 1.5f, 1.75f}, membrane(fc("leaky:beta=0.5", 2, 0.9, 5, "hard")), 1e-6f);
        // Synaptic: I = alpha I + X (alpha 0.8 from the spec), U = beta U + I (beta 0.7 from --beta):
        // I = 1, 1.8, 2.44; U = 1, 0.7 + 1.8 = 2.5, 1.75 + 2.44 = 4.19
        assertArrayEquals(new float[] {1f, 2.5f, 4.19f}, membrane(fc("synaptic:alpha=0.8", 2, 0.7, 5, "hard")), 1e-5f);
        // threshold 1.2 from the spec: Leaky beta 0.5 crosses it at step 2 (1.5) and, snnTorch's delayed reset,
        // subtracts it at step 3 with reset=soft: U3 = 0.5*1.5 + 1 - 1.2 = 0.55
        assertArrayEquals(new float[] {1f, 1.5f, 0.55f},
                membrane(fc("leaky:beta=0.5,threshold=1.2,reset=soft", 2, 0.9, 5, "hard")), 1e-6f);
        NeuronOptions o = Models.neuronOptions(fc("plif:per_channel,detach_reset=false,reset=none", 3, 0.9, 2, "hard"));
        assertEquals(NeuronOptions.Kind.PLIF, o.kind());
        assertEquals(3f, o.tau());
        assertEquals(2f, o.threshold());
        assertEquals(ResetMode.NONE, o.reset());
        assertEquals(Boolean.FALSE, o.detachReset());
        assertTrue(o.perChannel());
    }

    @Test
    void everyNeuronKindBuildsItsLayer() {
        Object[][] kinds = {{"lif", LIF.class}, {"if", IF.class}, {"plif", ParametricLIF.class}, {"leaky", Leaky.class},
            {"lapicque", Lapicque.class}, {"synaptic", Synaptic.class}, {"alpha", Alpha.class}, {"alif", ALIF.class},
            {"qif", QIF.class}, {"eif", EIF.class}, {"izhikevich", Izhikevich.class}};
        for (Object[] k : kinds) {
            String kind = (String) k[0];
            Sequential s = Models.build(fc(kind, 2, Models.defaultBeta(kind, 0.9), 1, "hard"), new Rng(0));
            assertInstanceOf((Class<?>) k[1], s.get(1), kind);
        }
        // without --beta: 0.9 (leaky, lapicque), 0.8 (synaptic, alpha: alpha 0.9 must exceed it), exp(-1/20) (alif)
        assertEquals(0.9, Models.defaultBeta("leaky", 0.9));
        assertEquals(0.8, Models.defaultBeta("alpha", 0.9));
        assertEquals((float) Math.exp(-0.05), (float) Models.defaultBeta("alif:threshold=2", 0.9));
        // conv models take the same options; PlifNet's first neuron follows its first batch norm
        RunConfig q = fc("eif", 2, 0.9, 1, "soft");
        RunConfig plif = new RunConfig(q.layers(), q.neuron(), q.tau(), q.beta(), q.threshold(), q.reset(), q.surrogate(),
                q.steps(), q.encoder(), q.loss(), q.optimizer(), q.lr(), q.schedule(), 1, 4, 0, 0, q.dataset(), "none",
                "0", ModelSpec.of("plif", 2, null, null, null));
        Sequential net = Models.build(plif, new Rng(0));
        assertInstanceOf(BatchNorm2d.class, net.get(1));
        assertInstanceOf(EIF.class, net.get(2));
    }
}
