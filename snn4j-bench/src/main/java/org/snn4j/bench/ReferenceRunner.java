package org.snn4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a reference script from {@code shared/anchors} with Debian's Python (which sees the
 * python3-torch and python3-brian packages) and returns the {@code key=value} pairs of its last
 * line that has any.
 *
 * <p>The anchors directory is {@code --anchors DIR}, else {@code $SNN4J_ANCHORS}, else
 * {@code <repo>/../shared/anchors}, else {@code shared/anchors} next to a further ancestor (a
 * worktree); the repository root is the system property {@code snn4j.home} set by the launcher,
 * else the working directory.
 */
public final class ReferenceRunner {
    private final Path anchors;
    private final String python;

    public ReferenceRunner(Path anchors, String python) {
        this.anchors = anchors;
        this.python = python;
    }

    /** Finds the anchors directory: explicit, then $SNN4J_ANCHORS, then ../shared/anchors. */
    public static Optional<Path> locateAnchors(Path explicit) {
        List<Path> candidates = new ArrayList<>();
        if (explicit != null) {
            candidates.add(explicit);
        }
        String env = System.getenv("SNN4J_ANCHORS");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        Path home = Path.of(System.getProperty("snn4j.home", System.getProperty("user.dir")));
        candidates.add(home.resolve("../shared/anchors").normalize());
        candidates.add(home.resolve("shared/anchors"));
        // a git worktree of the repository (e.g. <root>/wt/<branch>): shared/anchors next to an ancestor
        for (Path a = home.toAbsolutePath().normalize().getParent(); a != null; a = a.getParent()) {
            candidates.add(a.resolve("shared/anchors"));
        }
        for (Path p : candidates) {
            if (Files.isDirectory(p)) {
                return Optional.of(p.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** The Python that sees Debian's packages: /usr/bin/python3 if present, else python3 on the PATH. */
    public static String defaultPython() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Whether {@code python -c "import <module>"} succeeds. */
    public boolean hasModule(String module) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import " + module).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs {@code script} with the given environment additions, echoing its output to stderr,
     * and returns the key=value pairs of its last line containing any.
     */
    public Map<String, String> run(String script, Map<String, String> env, long timeoutSeconds) throws IOException {
        Path file = anchors.resolve(script);
        if (!Files.isRegularFile(file)) {
            throw new IOException("reference script not found: " + file);
        }
        ProcessBuilder pb = new ProcessBuilder(python, file.toString()).directory(anchors.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                System.err.println("  [" + script + "] " + line);
                if (line.contains("=") && !KeyValues.parse(line).isEmpty()) {
                    last = line;
                }
            }
        }
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(script + " did not finish within " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + script, e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(script + " exited with status " + p.exitValue());
        }
        if (last == null) {
            throw new IOException(script + " printed no key=value line");
        }
        return KeyValues.parse(last);
    }
}
