package org.snn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.snn4j.io.AtomicFiles;

/**
 * An output directory that a command replaces as a whole, the way checkpoints are saved: every file is written
 * (fsynced) into a new sibling {@code .<name>.tmp-<id>}, the previous directory is moved aside to
 * {@code .<name>.old-<id>}, the new one renamed into place, and only then is the old one deleted. A run that fails
 * before {@link #publish} (or while writing the new files) leaves the previous directory as it was; a crash between
 * the two renames leaves {@code dir} absent and both complete siblings next to it.
 *
 * <p>Because the whole directory is replaced, {@link #checkReplaceable} refuses a directory holding anything the
 * command does not write (a training run's {@code checkpoint/}, say), before any work is done.
 */
final class OutputDirectory {
    private OutputDirectory() {
    }

    /**
     * Checks that {@code dir} is absent, or a directory holding only entries named in {@code own} (what an earlier
     * run of the command wrote); otherwise a usage error naming {@code option}, the directory and the entry.
     */
    static void checkReplaceable(Path dir, String option, Set<String> own) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new Main.UsageException(option + " " + dir + " exists and is not a directory");
        }
        try (var s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String f = p.getFileName().toString();
                if (!own.contains(f)) {
                    throw new Main.UsageException(option + " " + dir + " holds '" + f + "', which this command does not"
                            + " write; the directory is replaced as a whole, so give a new or empty directory (or one"
                            + " an earlier run of this command wrote)");
                }
            }
        }
    }

    /** Replaces {@code dir} by a directory holding exactly {@code files} (name to bytes), crash-safely. */
    static void publish(Path dir, Map<String, byte[]> files) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        String name = target.getFileName().toString();
        Files.createDirectories(parent);
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        Path tmp = parent.resolve("." + name + ".tmp-" + id);
        Path old = parent.resolve("." + name + ".old-" + id);
        Files.createDirectory(tmp);
        boolean published = false;
        try {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                AtomicFiles.write(tmp.resolve(e.getKey()), e.getValue());
            }
            AtomicFiles.fsyncDirectory(tmp);
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            published = true;
            AtomicFiles.fsyncDirectory(parent);
        } finally {
            if (!published) {
                if (Files.exists(old) && !Files.exists(target)) {
                    Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
                }
                AtomicFiles.deleteRecursively(tmp);
            }
        }
        AtomicFiles.deleteRecursively(old);
        // leftovers of runs that crashed between the renames
        List<Path> leftovers = new ArrayList<>();
        try (var s = Files.list(parent)) {
            for (Path p : s.toList()) {
                String f = p.getFileName().toString();
                if (f.startsWith("." + name + ".tmp-") || f.startsWith("." + name + ".old-")) {
                    leftovers.add(p);
                }
            }
        }
        for (Path p : leftovers) {
            AtomicFiles.deleteRecursively(p);
        }
    }
}
