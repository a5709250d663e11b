package org.snn4j.io.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.snn4j.core.optim.OptimizerState;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.io.AtomicFiles;

/**
 * Saves and loads checkpoint directories:
 * <pre>
 *   model.safetensors      parameters (F32)
 *   optimizer.safetensors  optimiser buffers, keys as in OptimizerState.tensors() (only with an optimiser)
 *   checkpoint.json        config, optimiser type and scalars, progress, provenance
 *   manifest.json          size and SHA-256 of each file above; written last
 * </pre>
 *
 * <p>Crash safety: {@link #save} writes every file (fsynced) into a new sibling directory
 * {@code .<name>.tmp-<id>}, moves the existing checkpoint aside to {@code .<name>.old-<id>},
 * renames the new directory into place and only then deletes the old one. So at every instant
 * either {@code dir} is a complete checkpoint, or {@code dir} is absent and a complete sibling
 * exists, which {@link #load} then uses. {@code load} verifies the manifest and names any file
 * that is missing, truncated or altered. Concurrent saves to one directory are not supported.
 */
public final class Checkpoint {
    public static final String MODEL_FILE = "model.safetensors";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String STATE_FILE = "checkpoint.json";
    public static final String MANIFEST_FILE = "manifest.json";
    static final String FORMAT = "snn4j-checkpoint";
    static final int VERSION = 1;

    // NaN/Infinity are written as bare literals (Python's json reads them), not as strings
    // that would come back as text.
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** Called at each step of a save; tests throw from it to simulate a crash at that point. */
    @FunctionalInterface
    public interface SaveHook {
        SaveHook NONE = stage -> { };

        /** {@code stage}: "wrote model.safetensors", ..., "wrote manifest.json", "moved old aside", "renamed new into place", "deleted old". */
        void at(String stage) throws IOException;
    }

    private Checkpoint() {
    }

    /** Saves {@code data} as the checkpoint directory {@code dir}, replacing any previous one crash-safely. */
    public static void save(Path dir, CheckpointData data) throws IOException {
        save(dir, data, SaveHook.NONE);
    }

    /** {@link #save(Path, CheckpointData)} with a hook called after each step. */
    public static void save(Path dir, CheckpointData data, SaveHook hook) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        String name = target.getFileName().toString();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new CheckpointException("cannot save checkpoint to " + target + ": it exists and is not a directory");
        }
        Files.createDirectories(parent);
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        Path tmp = parent.resolve("." + name + ".tmp-" + id);
        Path old = parent.resolve("." + name + ".old-" + id);
        Files.createDirectory(tmp);
        boolean published = false;
        try {
            writeAll(tmp, data, hook);
            AtomicFiles.fsyncDirectory(tmp);
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                hook.at("moved old aside");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            published = true;
            AtomicFiles.fsyncDirectory(parent);
            hook.at("renamed new into place");
        } finally {
            if (!published) {
                // An ordinary failure (disk full, bad data): put the old checkpoint back if it was
                // moved aside, and drop the partial new one.
                if (Files.exists(old) && !Files.exists(target)) {
                    Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
                }
                AtomicFiles.deleteRecursively(tmp);
            }
        }
        AtomicFiles.deleteRecursively(old);
        hook.at("deleted old");
        removeLeftovers(parent, name);
    }

    private static void writeAll(Path tmp, CheckpointData data, SaveHook hook) throws IOException {
        Map<String, String> written = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("producer", "snn4j " + Provenance.snn4jVersion());
        meta.put("content", "parameters");
        writeFile(tmp, MODEL_FILE, SafeTensors.toBytes(data.parameters(), meta), written, hook);
        OptimizerState opt = data.optimizer();
        if (opt != null) {
            meta.put("content", "optimizer state (" + opt.type() + ")");
            writeFile(tmp, OPTIMIZER_FILE, SafeTensors.toBytes(opt.tensors() == null ? Map.of() : opt.tensors(), meta),
                    written, hook);
        }
        ObjectNode state = JSON.createObjectNode();
        state.put("format", FORMAT);
        state.put("version", VERSION);
        state.set("config", JSON.valueToTree(data.config()));
        if (opt != null) {
            ObjectNode o = state.putObject("optimizer");
            o.put("type", opt.type());
            ObjectNode sc = o.putObject("scalars");
            if (opt.scalars() != null) {
                opt.scalars().forEach((k, v) -> sc.put(k, v));
            }
            o.put("tensors", OPTIMIZER_FILE);
        } else {
            state.putNull("optimizer");
        }
        state.set("progress", JSON.valueToTree(data.progress()));
        state.set("provenance", JSON.valueToTree(data.provenance()));
        writeFile(tmp, STATE_FILE, JSON.writeValueAsBytes(state), written, hook);

        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", FORMAT);
        manifest.put("version", VERSION);
        manifest.put("createdAt", Instant.now().toString());
        ObjectNode files = manifest.putObject("files");
        for (Map.Entry<String, String> e : written.entrySet()) {
            ObjectNode f = files.putObject(e.getKey());
            f.put("size", Files.size(tmp.resolve(e.getKey())));
            f.put("sha256", e.getValue());
        }
        writeFile(tmp, MANIFEST_FILE, JSON.writeValueAsBytes(manifest), null, hook);
    }

    private static void writeFile(Path dir, String file, byte[] bytes, Map<String, String> written, SaveHook hook)
            throws IOException {
        AtomicFiles.write(dir.resolve(file), bytes);
        if (written != null) {
            written.put(file, Provenance.sha256(bytes));
        }
        hook.at("wrote " + file);
    }

    /** Deletes siblings left by saves that crashed; runs only after a successful save. */
    private static void removeLeftovers(Path parent, String name) throws IOException {
        for (Path p : siblings(parent, name)) {
            AtomicFiles.deleteRecursively(p);
        }
    }

    private static List<Path> siblings(Path parent, String name) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return out;
        }
        try (var s = Files.list(parent)) {
            for (Path p : s.toList()) {
                String f = p.getFileName().toString();
                if (f.startsWith("." + name + ".tmp-") || f.startsWith("." + name + ".old-")) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** Whether {@code dir} (or a complete sibling left by an interrupted save) holds a checkpoint. */
    public static boolean exists(Path dir) throws IOException {
        try {
            resolve(dir);
            return true;
        } catch (CheckpointException e) {
            return false;
        }
    }

    /**
     * The directory {@link #load} reads: {@code dir} itself, or, when a save was interrupted
     * between moving the old checkpoint aside and renaming the new one in, the newest complete
     * sibling.
     */
    public static Path resolve(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            return target;
        }
        if (Files.exists(target)) {
            throw new CheckpointException(target + " is not a checkpoint directory (it is a file)");
        }
        Path best = null;
        Instant bestTime = null;
        List<String> rejected = new ArrayList<>();
        for (Path p : siblings(target.getParent(), target.getFileName().toString())) {
            try {
                JsonNode m = verify(p, new LinkedHashMap<>());
                Instant t = Instant.parse(m.path("createdAt").asText());
                if (bestTime == null || t.isAfter(bestTime)) {
                    best = p;
                    bestTime = t;
                }
            } catch (IOException | RuntimeException e) {
                rejected.add(p.getFileName() + " (" + e.getMessage() + ")");
            }
        }
        if (best == null) {
            throw new CheckpointException("no checkpoint at " + target
                    + (rejected.isEmpty() ? "" : "; incomplete leftovers of interrupted saves: " + rejected));
        }
        return best;
    }

    /** Loads and verifies a checkpoint; every problem is reported with the file it concerns. */
    public static CheckpointData load(Path dir) throws IOException {
        Path d = resolve(dir);
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        verify(d, bytes);
        JsonNode state;
        try {
            state = JSON.readTree(bytes.get(STATE_FILE));
        } catch (IOException e) {
            throw new CheckpointException(d.resolve(STATE_FILE) + ": not valid JSON: " + e.getMessage(), e);
        }
        if (state == null || !FORMAT.equals(state.path("format").asText())) {
            throw new CheckpointException(d.resolve(STATE_FILE) + ": not an snn4j checkpoint state (format is not '"
                    + FORMAT + "')");
        }
        Map<String, Tensor> params = safetensors(d, MODEL_FILE, bytes);
        OptimizerState opt = null;
        JsonNode o = state.path("optimizer");
        if (o.isObject()) {
            Map<String, Double> scalars = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.path("scalars").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNumber()) {
                    throw new CheckpointException(d.resolve(STATE_FILE) + ": optimizer scalar '" + e.getKey()
                            + "' is not a number: " + e.getValue());
                }
                scalars.put(e.getKey(), e.getValue().doubleValue());
            }
            String file = o.path("tensors").asText(OPTIMIZER_FILE);
            if (!bytes.containsKey(file)) {
                throw new CheckpointException(d.resolve(STATE_FILE) + ": optimizer tensors file '" + file
                        + "' is not listed in " + MANIFEST_FILE);
            }
            opt = new OptimizerState(o.path("type").asText(), scalars, safetensors(d, file, bytes));
        }
        return new CheckpointData(params, opt, map(state, "config", d), map(state, "progress", d),
                map(state, "provenance", d));
    }

    private static Map<String, Tensor> safetensors(Path d, String file, Map<String, byte[]> bytes) throws IOException {
        byte[] b = bytes.get(file);
        if (b == null) {
            throw new CheckpointException("checkpoint " + d + " is incomplete: " + file + " is not listed in "
                    + MANIFEST_FILE);
        }
        return SafeTensors.parse(b, d.resolve(file).toString()).tensors();
    }

    private static Map<String, Object> map(JsonNode state, String key, Path d) throws CheckpointException {
        JsonNode n = state.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw new CheckpointException(d.resolve(STATE_FILE) + ": '" + key + "' must be an object, found "
                    + n.getNodeType());
        }
        return JSON.convertValue(n, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /**
     * Checks {@code dir}'s manifest against its files and returns the manifest; fills
     * {@code bytes} with each listed file's contents, read once for both hashing and parsing.
     */
    private static JsonNode verify(Path dir, Map<String, byte[]> bytes) throws IOException {
        Path mf = dir.resolve(MANIFEST_FILE);
        JsonNode m;
        try {
            m = JSON.readTree(Files.readAllBytes(mf));
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint " + dir + " is incomplete: " + MANIFEST_FILE
                    + " is missing (it is written last, so a save did not finish, or this is not a checkpoint)");
        } catch (IOException e) {
            throw new CheckpointException(mf + ": not valid JSON: " + e.getMessage(), e);
        }
        if (m == null || !FORMAT.equals(m.path("format").asText())) {
            throw new CheckpointException(mf + ": not an snn4j checkpoint manifest (format is not '" + FORMAT + "')");
        }
        int version = m.path("version").asInt(-1);
        if (version < 1 || version > VERSION) {
            throw new CheckpointException(mf + ": checkpoint format version " + m.path("version")
                    + " is not supported (this snn4j reads 1.." + VERSION + "; written by a newer snn4j?)");
        }
        JsonNode files = m.path("files");
        if (!files.isObject() || !files.has(STATE_FILE) || !files.has(MODEL_FILE)) {
            throw new CheckpointException(mf + ": must list at least " + MODEL_FILE + " and " + STATE_FILE);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String f = e.getKey();
            if (f.contains("/") || f.contains("\\") || f.startsWith(".")) {
                throw new CheckpointException(mf + ": file name '" + f + "' is not a plain file name");
            }
            byte[] b;
            try {
                b = Files.readAllBytes(dir.resolve(f));
            } catch (NoSuchFileException ex) {
                throw new CheckpointException("checkpoint " + dir + " is incomplete: " + f + " listed in "
                        + MANIFEST_FILE + " is missing");
            }
            long size = e.getValue().path("size").asLong(-1);
            if (b.length != size) {
                throw new CheckpointException("checkpoint " + dir + " is corrupt: " + f + " has " + b.length
                        + " bytes but " + MANIFEST_FILE + " records " + size);
            }
            String want = e.getValue().path("sha256").asText();
            String got = Provenance.sha256(b);
            if (!got.equalsIgnoreCase(want)) {
                throw new CheckpointException("checkpoint " + dir + " is corrupt: " + f + " has SHA-256 " + got
                        + " but " + MANIFEST_FILE + " records " + want);
            }
            bytes.put(f, b);
        }
        return m;
    }
}
