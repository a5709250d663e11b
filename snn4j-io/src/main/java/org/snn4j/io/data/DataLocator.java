package org.snn4j.io.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Finds the four IDX files of a data set ({@code "mnist"}, {@code "fashion-mnist"}). Places are
 * tried in order: the explicit path, {@code $SNN4J_DATA/<name>}, {@code $SNN4J_DATA},
 * {@code $XDG_CACHE_HOME/snn4j/<name>} (or {@code ~/.cache/snn4j/<name>}), then system
 * directories such as {@code /usr/share/datasets/fashion-mnist} (Debian's
 * {@code dataset-fashion-mnist} package). In each, a file may be raw or end in {@code .gz}.
 *
 * <p>The environment, home directory and system directories are constructor arguments so tests
 * (and embedding applications) control them; {@link #system()} uses the real ones.
 */
public final class DataLocator {
    /** Environment variable naming a data root (holding the files, or one subdirectory per data set). */
    public static final String ENV_DATA = "SNN4J_DATA";

    /** The four file names, without the optional {@code .gz}. */
    public static final List<String> FILE_NAMES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /** Where distribution packages install data sets. */
    public static final Map<String, List<Path>> DEFAULT_SYSTEM_DIRS = Map.of(
            "fashion-mnist", List.of(Path.of("/usr/share/datasets/fashion-mnist")));

    /** One place searched; {@code dir} is null when the variable defining it is unset. */
    public record Candidate(String origin, Path dir) {
    }

    private final Function<String, String> env;
    private final Path userHome;
    private final Map<String, List<Path>> systemDirs;

    /**
     * @param env        environment lookup (returns null for unset variables)
     * @param userHome   home directory for the {@code ~/.cache} fallback, or null
     * @param systemDirs per data set name, system directories tried last
     */
    public DataLocator(Function<String, String> env, Path userHome, Map<String, List<Path>> systemDirs) {
        this.env = Objects.requireNonNull(env, "env");
        this.userHome = userHome;
        this.systemDirs = Map.copyOf(systemDirs);
    }

    /** A locator using the process environment, {@code user.home} and {@link #DEFAULT_SYSTEM_DIRS}. */
    public static DataLocator system() {
        String home = System.getProperty("user.home");
        return new DataLocator(System::getenv, home == null || home.isEmpty() ? null : Path.of(home),
                DEFAULT_SYSTEM_DIRS);
    }

    /** "Fashion_MNIST" -> "fashion-mnist", so the spellings users type all work. */
    public static String canonicalName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return n.equals("fashionmnist") ? "fashion-mnist" : n;
    }

    /** The places searched for {@code name}, in order; {@code explicit} may be null. */
    public List<Candidate> candidates(String name, Path explicit) {
        String n = canonicalName(name);
        List<Candidate> out = new ArrayList<>();
        if (explicit != null) {
            out.add(new Candidate("explicit path", explicit));
        }
        String data = nonEmpty(env.apply(ENV_DATA));
        if (data == null) {
            out.add(new Candidate("$" + ENV_DATA + " (not set)", null));
        } else {
            // The per-name subdirectory first: a root may hold several data sets, and files lying
            // directly in it could belong to a different one.
            out.add(new Candidate("$" + ENV_DATA + "/" + n, Path.of(data, n)));
            out.add(new Candidate("$" + ENV_DATA, Path.of(data)));
        }
        String xdg = nonEmpty(env.apply("XDG_CACHE_HOME"));
        if (xdg != null && Path.of(xdg).isAbsolute()) {
            out.add(new Candidate("$XDG_CACHE_HOME/snn4j/" + n, Path.of(xdg, "snn4j", n)));
        } else if (userHome != null) {
            out.add(new Candidate("~/.cache/snn4j/" + n, userHome.resolve(".cache").resolve("snn4j").resolve(n)));
        }
        for (Path p : systemDirs.getOrDefault(n, List.of())) {
            out.add(new Candidate("system data directory", p));
        }
        return out;
    }

    /** Locates {@code name} without an explicit path. */
    public DatasetFiles locate(String name) throws DataNotFoundException {
        return locate(name, null);
    }

    /** The first place holding all four files, or an error listing every place looked and why it failed. */
    public DatasetFiles locate(String name, Path explicit) throws DataNotFoundException {
        String n = canonicalName(name);
        StringBuilder looked = new StringBuilder();
        int i = 0;
        for (Candidate c : candidates(n, explicit)) {
            i++;
            looked.append("\n  ").append(i).append(". ").append(c.origin());
            if (c.dir() == null) {
                continue;
            }
            looked.append(": ").append(c.dir()).append(" -- ");
            if (!Files.isDirectory(c.dir())) {
                looked.append(Files.exists(c.dir()) ? "not a directory" : "does not exist");
                continue;
            }
            Path[] found = new Path[4];
            List<String> missing = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                found[k] = find(c.dir(), FILE_NAMES.get(k));
                if (found[k] == null) {
                    missing.add(FILE_NAMES.get(k) + "[.gz]");
                }
            }
            if (missing.isEmpty()) {
                return new DatasetFiles(n, c.origin(), c.dir(), found[0], found[1], found[2], found[3]);
            }
            looked.append(missing.size() == 4 ? "none of the four files" : "missing " + String.join(", ", missing));
        }
        throw new DataNotFoundException(n + " data set not found. Looked for " + String.join("[.gz], ", FILE_NAMES)
                + "[.gz] in:" + looked + "\n" + howToGet(n));
    }

    private static Path find(Path dir, String stem) {
        // Raw first: a user who decompressed the files did so to skip decompression on every run.
        for (String f : new String[] {stem, stem + ".gz"}) {
            Path p = dir.resolve(f);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static String howToGet(String n) {
        String download = "download the four IDX files"
                + (n.equals("fashion-mnist") ? " (https://github.com/zalandoresearch/fashion-mnist, data/fashion)"
                        : n.equals("mnist") ? " (for example from https://ossci-datasets.s3.amazonaws.com/mnist/)" : "")
                + " into a directory DIR and set " + ENV_DATA + "=DIR (or put them in DIR/" + n
                + " and set " + ENV_DATA + "=DIR), or pass DIR as the explicit data path.";
        if (n.equals("fashion-mnist")) {
            return "To get them: on Debian/Ubuntu run 'sudo apt-get install dataset-fashion-mnist' "
                    + "(installs into /usr/share/datasets/fashion-mnist), or " + download;
        }
        return "To get them: " + download;
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
