package org.snn4j.cli;

import static org.snn4j.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line end to end, on a small synthetic data set: class c lights up row band c of a
 * 28x28 image, so a tiny network learns it in one epoch.
 */
class MainTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void writeData() throws IOException {
        data = tmp.resolve("data");
        Files.createDirectories(data);
        write("train", 512, 1);
        write("t10k", 128, 2);
    }

    private static void write(String prefix, int n, long seed) throws IOException {
        CliTestSupport.writeStripes(data, prefix, n, seed, 200, 56, 30);
    }


    private static String[] train(Path out, String... extra) {
        String[] base = {"train", "--data", data.toString(), "--layers", "784-32-10", "--steps", "6", "--batch", "32",
                "--no-progress", "--seed", "3", "--out", out.toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void unknownOptionPrintsUsageAndExitsWith2() {
        CliTestSupport.Run r = run("train", "--bogus");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("Unknown option: '--bogus'"), r.err());
        assertTrue(r.err().contains("Usage: snn4j train"), r.err());
    }

    @Test
    void badValuesExitWith2AndNameTheOption() {
        CliTestSupport.Run notNumber = run("train", "--steps", "many");
        assertEquals(2, notNumber.status());
        assertTrue(notNumber.err().contains("--steps"), notNumber.err());
        CliTestSupport.Run zero = run("train", "--steps", "0", "--data", data.toString());
        assertEquals(2, zero.status());
        assertTrue(zero.err().contains("--steps must be positive, got 0"), zero.err());
        CliTestSupport.Run neuron = run(train(tmp.resolve("bad-neuron"), "--neuron", "hh"));
        assertEquals(2, neuron.status());
        assertTrue(neuron.err().contains("--neuron: unknown neuron kind 'hh' (known: lif, if, plif, leaky,"), neuron.err());
        // population coding widens the input: 784 pixels x 4 neurons = 3136
        CliTestSupport.Run width = run(train(tmp.resolve("bad-width"), "--encoder", "population:neurons=4"));
        assertEquals(2, width.status());
        assertTrue(width.err().contains("--layers starts with 784 inputs but the population:neurons=4 encoding")
                && width.err().contains("gives 3136 inputs per step"), width.err());
    }

    @Test
    void helpOnEveryCommand() {
        for (String cmd : new String[] {"train", "eval", "convert", "quickstart", "bench"}) {
            CliTestSupport.Run r = run(cmd, "--help");
            assertEquals(0, r.status(), cmd);
            assertTrue(r.out().contains("Usage: snn4j " + cmd), r.out());
        }
    }

    @Test
    void benchCubaPrintsOneLine() {
        CliTestSupport.Run r = run("bench", "cuba", "--n", "1000", "--duration", "0.1", "--no-reference");
        assertEquals(0, r.status(), r.err());
        String line = r.out().strip();
        assertTrue(line.startsWith("snn4j_cuba n=1000 "), line);
        for (String key : new String[] {"sim_s=", "build_s=", "spikes=", "rate_hz=", "heap_mb="}) {
            assertTrue(line.contains(key), line);
        }
        CliTestSupport.Run bad = run("bench", "cuba", "--n", "4000", "--device", "gpu", "--no-reference");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--device must be cpp_standalone or runtime"), bad.err());
    }

    @Test
    void missingDataNamesEveryPlaceLooked() {
        CliTestSupport.Run r = run("train", "--dataset", "mnist", "--data", tmp.resolve("nowhere").toString(), "--no-progress",
                "--out", tmp.resolve("nodata").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains(tmp.resolve("nowhere").toString()), r.err());
        assertTrue(r.err().contains("SNN4J_DATA"), r.err());
    }

    @Test
    void trainsWritesEverythingAndEvaluates() throws IOException {
        Path out = tmp.resolve("run");
        CliTestSupport.Run r = run(train(out, "--epochs", "2"));
        assertEquals(0, r.status(), r.err());
        for (String f : new String[] {"report.html", "metrics.csv", "steps.csv", "metrics.json", "curves.png", "raster.png",
                "membrane.png", "checkpoint/model.safetensors", "checkpoint/optimizer.safetensors",
                "checkpoint/checkpoint.json"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " missing; output:\n" + r.out() + r.err());
        }
        String csv = Files.readString(out.resolve("metrics.csv"));
        assertEquals(3, csv.strip().split("\n").length, csv); // header + 2 epochs
        int col = java.util.Arrays.asList(csv.strip().split("\n")[0].split(",")).indexOf("test_acc");
        double acc = Double.parseDouble(csv.strip().split("\n")[2].split(",")[col]);
        assertTrue(acc > 0.8, "the band task is easy; test accuracy after 2 epochs was " + acc + "\n" + csv);
        CliTestSupport.Run ev = run("eval", "--checkpoint", out.toString(), "--data", data.toString());
        assertEquals(0, ev.status(), ev.err());
        // eval reproduces the accuracy the run reported for its last epoch
        double evAcc = Double.parseDouble(ev.out().replaceAll("(?s).*test_acc=([0-9.]+).*", "$1"));
        assertEquals(acc, evAcc, 1e-9, ev.out());
    }

    @Test
    void resumedRunEndsWithTheSameWeightsAsAnUninterruptedOne() throws IOException {
        Path full = tmp.resolve("full");
        assertEquals(0, run(train(full, "--epochs", "2")).status());
        Path part = tmp.resolve("part");
        assertEquals(0, run(train(part, "--epochs", "1")).status());
        CliTestSupport.Run resumed = run("train", "--resume", part.toString(), "--epochs", "2", "--data", data.toString(), "--no-progress");
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(resumed.out().contains("resuming at epoch 2"), resumed.out());
        assertArrayEquals(Files.readAllBytes(full.resolve("checkpoint/model.safetensors")),
                Files.readAllBytes(part.resolve("checkpoint/model.safetensors")));
    }

    @Test
    void divergingLossStopsAndKeepsTheLastGoodCheckpoint() throws IOException {
        Path out = tmp.resolve("nan");
        CliTestSupport.Run r = run(train(out, "--loss", "mse_membrane", "--lr", "1e30", "--optimizer", "sgd", "--checkpoint-every", "1"));
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("loss became"), r.err());
        assertTrue(r.err().contains("last good checkpoint"), r.err());
        // the checkpoint that is left loads and holds finite weights
        Checkpoints.Loaded ck = Checkpoints.load(out.resolve("checkpoint"));
        for (var p : ck.state().parameters().values()) {
            for (float v : p.data()) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalWeightsWithOneOrTwoThreads() throws IOException {
        Path one = tmp.resolve("threads1");
        Path two = tmp.resolve("threads2");
        assertEquals(0, run(train(one, "--threads", "1", "--encoder", "rate")).status());
        assertEquals(0, run(train(two, "--threads", "2", "--encoder", "rate")).status());
        assertArrayEquals(Files.readAllBytes(one.resolve("checkpoint/model.safetensors")),
                Files.readAllBytes(two.resolve("checkpoint/model.safetensors")));
    }
}
