package org.snn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.bench.KeyValues;
import org.snn4j.core.util.Rng;
import org.snn4j.io.idx.IdxFile;
import org.snn4j.io.idx.IdxWriter;

/** {@code snn4j bench csnn} end to end on a small synthetic Fashion-MNIST-shaped data set, without the reference. */
class BenchCsnnCommandTest {
    @TempDir
    Path tmp;

    private void write(String prefix, int n, long seed) throws IOException {
        Rng rng = new Rng(seed);
        byte[] px = new byte[n * 784];
        byte[] lab = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(10);
            lab[i] = (byte) c;
            for (int p = 0; p < 784; p++) {
                px[i * 784 + p] = (byte) (p / 28 / 3 == c ? 200 + rng.nextInt(56) : rng.nextInt(30));
            }
        }
        IdxWriter.write(tmp.resolve(prefix + "-images-idx3-ubyte.gz"), IdxFile.ofUnsignedBytes(px, n, 28, 28), true);
        IdxWriter.write(tmp.resolve(prefix + "-labels-idx1-ubyte.gz"), IdxFile.ofUnsignedBytes(lab, n), true);
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void printsOneLineWithThroughputAccuracyAndHeap() throws IOException {
        write("train", 300, 1);
        write("t10k", 100, 2);
        Run r = run("bench", "csnn", "--data", tmp.toString(), "--limit", "256", "--steps", "4", "--threads", "2",
                "--no-reference");
        assertEquals(0, r.status(), r.err());
        String line = r.out().strip();
        assertEquals(1, line.lines().count(), line);
        // 256 samples in drop-last batches of 128: exactly two training steps
        assertTrue(line.startsWith("snn4j_csnn T=4 epochs=1 threads=2 train_samples=256 "), line);
        Map<String, String> kv = KeyValues.parse(line);
        for (String key : new String[] {"train_sps", "infer_sps", "test_acc", "peak_heap_mb"}) {
            assertTrue(kv.containsKey(key), key + " missing: " + line);
        }
        assertTrue(Double.parseDouble(kv.get("train_sps")) > 0 && Double.parseDouble(kv.get("infer_sps")) > 0, line);
        double acc = Double.parseDouble(kv.get("test_acc"));
        assertTrue(acc >= 0 && acc <= 1, line);
        // 100 test images: the accuracy is a whole number of hundredths
        assertEquals(Math.round(acc * 100), acc * 100, 1e-9, line);
    }

    @Test
    void badValuesExitWith2AndNameTheOption() {
        Run r = run("bench", "csnn", "--steps", "0", "--no-reference");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--steps, --epochs and --threads must be positive"), r.err());
        assertTrue(r.err().contains("--steps 0"), r.err());
    }
}
