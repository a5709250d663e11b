package org.snn4j.cli;

import static org.snn4j.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.bench.KeyValues;

/** {@code snn4j bench csnn} end to end on a small synthetic Fashion-MNIST-shaped data set, without the reference. */
class BenchCsnnCommandTest {
    @TempDir
    Path tmp;

    private void write(String prefix, int n, long seed) throws IOException {
        CliTestSupport.writeStripes(tmp, prefix, n, seed, 200, 56, 30);
    }


    @Test
    void printsOneLineWithThroughputAccuracyAndHeap() throws IOException {
        write("train", 300, 1);
        write("t10k", 100, 2);
        CliTestSupport.Run r = run("bench", "csnn", "--data", tmp.toString(), "--limit", "256", "--steps", "4", "--threads", "2",
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
        CliTestSupport.Run r = run("bench", "csnn", "--steps", "0", "--no-reference");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--steps, --epochs and --threads must be positive"), r.err());
        assertTrue(r.err().contains("--steps 0"), r.err());
    }
}
