package org.snn4j.io.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Builds the {@code provenance} map of a checkpoint: what data, code and platform produced it. */
public final class Provenance {
    private Provenance() {
    }

    /** The snn4j version this module was built as ("unknown" if the build resource is missing). */
    public static String snn4jVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("/org/snn4j/io/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // Fall through: provenance must never stop a checkpoint from being written.
        }
        return "unknown";
    }

    /**
     * Provenance for a run on {@code dataset}: the data files with their sizes (and SHA-256 when
     * {@code hashFiles}: about 0.1 s per 30 MB), the seed, and snn4j, Java and OS versions.
     */
    public static Map<String, Object> collect(String dataset, List<Path> dataFiles, long seed, boolean hashFiles)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        List<Map<String, Object>> files = new ArrayList<>();
        for (Path p : dataFiles) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("path", p.toAbsolutePath().toString());
            f.put("size", Files.size(p));
            if (hashFiles) {
                f.put("sha256", sha256(p));
            }
            files.add(f);
        }
        m.put("dataFiles", files);
        m.put("seed", seed);
        m.put("snn4jVersion", snn4jVersion());
        m.put("javaVersion", System.getProperty("java.version"));
        m.put("javaVendor", System.getProperty("java.vendor"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("timestamp", Instant.now().toString());
        return m;
    }

    /** Hex SHA-256 of a file, streamed. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Hex SHA-256 of bytes. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
