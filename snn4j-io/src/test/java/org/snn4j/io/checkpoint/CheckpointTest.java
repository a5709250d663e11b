package org.snn4j.io.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.optim.OptimizerState;
import org.snn4j.core.tensor.Tensor;

class CheckpointTest {
    @TempDir
    Path root;

    static CheckpointData data(float w, int epoch) {
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("0.weight", Tensor.of(new float[] {w, 2, 3, 4, 5, 6}, 2, 3));
        params.put("0.bias", Tensor.of(new float[] {-1, 1}, 2));
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("lr", 1e-3);
        scalars.put("step", 120.0);
        scalars.put("weird", Double.NaN);
        OptimizerState opt = new OptimizerState("adam", scalars,
                Map.of("exp_avg/0.weight", Tensor.of(new float[] {.1f, .2f, .3f, .4f, .5f, .6f}, 2, 3),
                        "exp_avg_sq/0.bias", Tensor.of(new float[] {7, 8}, 2)));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model", Map.of("hidden", 128, "neuron", "lif"));
        config.put("steps", List.of(4, 8));
        config.put("dropout", 0.25);
        config.put("note", null);
        TrainingProgress progress = new TrainingProgress(epoch, 17, 1234567890123L, Map.of("data", 42L, "init", 7L),
                "accuracy", 0.875);
        return new CheckpointData(params, opt, config, progress.toMap(), Map.of("dataset", "fashion-mnist"));
    }

    static void assertSame(CheckpointData want, CheckpointData got) {
        assertEquals(want.parameters().keySet(), got.parameters().keySet());
        for (var e : want.parameters().entrySet()) {
            assertArrayEquals(e.getValue().shape(), got.parameters().get(e.getKey()).shape());
            assertArrayEquals(e.getValue().data(), got.parameters().get(e.getKey()).data());
        }
        assertEquals(want.optimizer().type(), got.optimizer().type());
        assertEquals(want.optimizer().scalars(), got.optimizer().scalars());
        assertEquals(want.optimizer().tensors().keySet(), got.optimizer().tensors().keySet());
        for (var e : want.optimizer().tensors().entrySet()) {
            assertArrayEquals(e.getValue().data(), got.optimizer().tensors().get(e.getKey()).data());
        }
        assertEquals(want.config(), got.config());
        assertEquals(TrainingProgress.fromMap(want.progress()), TrainingProgress.fromMap(got.progress()));
        assertEquals(want.provenance(), got.provenance());
    }

    static float firstWeight(CheckpointData d) {
        return d.parameters().get("0.weight").data()[0];
    }

    @Test
    void fullRoundTrip() throws IOException {
        Path dir = root.resolve("run/ckpt");
        CheckpointData d = data(1f, 3);
        Checkpoint.save(dir, d);
        assertSame(d, Checkpoint.load(dir));
        try (var s = Files.list(dir)) {
            assertEquals(List.of("checkpoint.json", "manifest.json", "model.safetensors", "optimizer.safetensors"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // The weights file is plain safetensors, sorted by name, readable without snn4j.
        SafeTensors.Contents model = SafeTensors.read(dir.resolve("model.safetensors"));
        assertEquals(List.of("0.bias", "0.weight"), List.copyOf(model.tensors().keySet()));
        String json = Files.readString(dir.resolve("checkpoint.json"));
        assertTrue(json.contains("\"weird\" : NaN"), json);
        assertTrue(json.contains("\"globalStep\" : 1234567890123"), json);
        TrainingProgress p = TrainingProgress.fromMap(Checkpoint.load(dir).progress());
        assertEquals(1234567890123L, p.globalStep());
        assertEquals(Map.of("data", 42L, "init", 7L), p.seeds());
    }

    @Test
    void checkpointWithoutOptimizer() throws IOException {
        Path dir = root.resolve("c");
        Checkpoint.save(dir, new CheckpointData(Map.of("w", Tensor.scalar(2f)), null, null, null, null));
        CheckpointData d = Checkpoint.load(dir);
        assertEquals(null, d.optimizer());
        assertEquals(2f, d.parameters().get("w").item());
        assertFalse(Files.exists(dir.resolve("optimizer.safetensors")));
    }

    @Test
    void provenanceRecordsDataFilesAndPlatform() throws IOException {
        Path f = Files.writeString(root.resolve("abc.idx"), "abc");
        Map<String, Object> p = Provenance.collect("toy", List.of(f), 5, true);
        assertEquals(List.of(Map.of("path", f.toAbsolutePath().toString(), "size", 3L,
                "sha256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")), p.get("dataFiles"));
        assertEquals(System.getProperty("java.version"), p.get("javaVersion"));
        assertEquals("0.1.0-SNAPSHOT", p.get("snn4jVersion"));
        Path dir = root.resolve("c");
        Checkpoint.save(dir, new CheckpointData(Map.of(), null, null, null, p));
        assertEquals(3, ((Map<?, ?>) ((List<?>) Checkpoint.load(dir).provenance().get("dataFiles")).get(0)).get("size"));
    }

    @Test
    void overwritingLeavesNoSiblings() throws IOException {
        Path dir = root.resolve("ckpt");
        Checkpoint.save(dir, data(1f, 1));
        Files.createDirectory(root.resolve(".ckpt.tmp-deadbeef")); // left by an earlier crash
        Checkpoint.save(dir, data(2f, 2));
        assertEquals(2f, firstWeight(Checkpoint.load(dir)));
        try (var s = Files.list(root)) {
            assertEquals(List.of("ckpt"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    static final List<String> STAGES = List.of("wrote model.safetensors", "wrote optimizer.safetensors",
            "wrote checkpoint.json", "wrote manifest.json", "moved old aside", "renamed new into place", "deleted old");

    @Test
    void failureAtAnyStageKeepsACompleteCheckpoint() throws IOException {
        for (int k = 0; k < STAGES.size(); k++) {
            Path dir = root.resolve("case" + k).resolve("ckpt");
            Checkpoint.save(dir, data(1f, 1));
            String stage = STAGES.get(k);
            IOException e = assertThrows(IOException.class, () -> Checkpoint.save(dir, data(2f, 2), s -> {
                if (s.equals(stage)) {
                    throw new IOException("simulated crash at " + s);
                }
            }));
            assertEquals("simulated crash at " + stage, e.getMessage());
            // Before the rename the old checkpoint must be back in place; after it, the new one.
            float want = k < STAGES.indexOf("renamed new into place") ? 1f : 2f;
            assertEquals(want, firstWeight(Checkpoint.load(dir)), stage);
        }
    }

    /** Copies the directory tree as it is at this instant: what a machine crash would leave. */
    static void snapshot(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    @Test
    void aCrashAtAnyInstantLeavesTheOldOrTheNewCheckpointLoadable() throws IOException {
        Path parent = Files.createDirectories(root.resolve("live"));
        Path dir = parent.resolve("ckpt");
        Checkpoint.save(dir, data(1f, 1));
        List<String> seen = new ArrayList<>();
        Checkpoint.save(dir, data(2f, 2), s -> {
            seen.add(s);
            snapshot(parent, root.resolve("snap" + seen.size()));
        });
        assertEquals(STAGES, seen);
        for (int k = 1; k <= seen.size(); k++) {
            Path snap = root.resolve("snap" + k).resolve("ckpt");
            float want = k <= STAGES.indexOf("moved old aside") ? 1f : 2f;
            assertEquals(want, firstWeight(Checkpoint.load(snap)), seen.get(k - 1));
        }
        // In the window between the two renames the directory itself is absent.
        Path gap = root.resolve("snap" + (STAGES.indexOf("moved old aside") + 1));
        assertFalse(Files.exists(gap.resolve("ckpt")));
        assertTrue(Checkpoint.resolve(gap.resolve("ckpt")).getFileName().toString().startsWith(".ckpt.tmp-"));
        // A later save from that state publishes normally and clears the leftovers.
        Checkpoint.save(gap.resolve("ckpt"), data(3f, 3));
        assertEquals(3f, firstWeight(Checkpoint.load(gap.resolve("ckpt"))));
        try (var s = Files.list(gap)) {
            assertEquals(List.of("ckpt"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void halfWrittenOrAlteredCheckpointsAreNamed() throws IOException {
        Path dir = root.resolve("ckpt");
        Checkpoint.save(dir, data(1f, 1));
        Path model = dir.resolve("model.safetensors");
        byte[] good = Files.readAllBytes(model);

        Files.write(model, java.util.Arrays.copyOf(good, 40));
        assertEquals("checkpoint " + dir + " is corrupt: model.safetensors has 40 bytes but manifest.json records "
                + good.length, assertThrows(CheckpointException.class, () -> Checkpoint.load(dir)).getMessage());

        byte[] flipped = good.clone();
        flipped[good.length - 1] ^= 1;
        Files.write(model, flipped);
        String m = assertThrows(CheckpointException.class, () -> Checkpoint.load(dir)).getMessage();
        assertTrue(m.startsWith("checkpoint " + dir + " is corrupt: model.safetensors has SHA-256 "), m);
        assertTrue(m.endsWith(" but manifest.json records " + Provenance.sha256(good)), m);

        Files.delete(model);
        assertEquals("checkpoint " + dir + " is incomplete: model.safetensors listed in manifest.json is missing",
                assertThrows(CheckpointException.class, () -> Checkpoint.load(dir)).getMessage());

        Files.write(model, good);
        Files.delete(dir.resolve("manifest.json"));
        assertEquals("checkpoint " + dir + " is incomplete: manifest.json is missing (it is written last, so a save "
                + "did not finish, or this is not a checkpoint)",
                assertThrows(CheckpointException.class, () -> Checkpoint.load(dir)).getMessage());
    }

    @Test
    void missingCheckpointMentionsIncompleteLeftovers() throws IOException {
        Path dir = root.resolve("ckpt");
        assertEquals("no checkpoint at " + dir,
                assertThrows(CheckpointException.class, () -> Checkpoint.load(dir)).getMessage());
        Files.createDirectory(root.resolve(".ckpt.tmp-1"));
        String m = assertThrows(CheckpointException.class, () -> Checkpoint.load(dir)).getMessage();
        assertTrue(m.startsWith("no checkpoint at " + dir + "; incomplete leftovers of interrupted saves: "
                + "[.ckpt.tmp-1 (checkpoint "), m);
        assertFalse(Checkpoint.exists(dir));
    }
}
