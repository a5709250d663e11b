package org.snn4j.io.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {
    @TempDir
    Path root;
    final Map<String, String> env = new HashMap<>();
    Path home;
    Path system;
    DataLocator locator;

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createDirectories(root.resolve("home"));
        system = root.resolve("usr-share/fashion-mnist");
        locator = new DataLocator(env::get, home, Map.of("fashion-mnist", List.of(system)));
    }

    static Path fill(Path dir, String suffix) throws IOException {
        Files.createDirectories(dir);
        for (String f : DataLocator.FILE_NAMES) {
            Files.writeString(dir.resolve(f + suffix), "x");
        }
        return dir;
    }

    @Test
    void searchOrderExplicitThenEnvThenCacheThenSystem() throws IOException {
        Path explicit = fill(root.resolve("explicit"), ".gz");
        Path data = fill(root.resolve("data"), "");
        Path dataNamed = fill(root.resolve("data/fashion-mnist"), ".gz");
        Path cache = fill(home.resolve(".cache/snn4j/fashion-mnist"), "");
        fill(system, ".gz");
        env.put("SNN4J_DATA", data.toString());

        assertEquals(explicit, locator.locate("fashion-mnist", explicit).dir());
        DatasetFiles f = locator.locate("fashion-mnist");
        assertEquals(dataNamed, f.dir());
        assertEquals("$SNN4J_DATA/fashion-mnist", f.origin());
        assertEquals(dataNamed.resolve("t10k-labels-idx1-ubyte.gz"), f.testLabels());
        // The root itself is used for a name without a subdirectory there.
        assertEquals(data, locator.locate("mnist").dir());

        env.remove("SNN4J_DATA");
        assertEquals(cache, locator.locate("fashion-mnist").dir());
        Path xdg = fill(root.resolve("xdg/snn4j/fashion-mnist"), "");
        env.put("XDG_CACHE_HOME", root.resolve("xdg").toString());
        assertEquals(xdg, locator.locate("fashion-mnist").dir());
        env.remove("XDG_CACHE_HOME");

        Files.delete(cache.resolve("train-images-idx3-ubyte"));
        DatasetFiles s = locator.locate("fashion-mnist");
        assertEquals(system, s.dir());
        assertEquals("system data directory", s.origin());
    }

    @Test
    void rawFilesArePreferredAndMixedSuffixesWork() throws IOException {
        Path d = fill(root.resolve("d"), ".gz");
        Files.writeString(d.resolve("train-images-idx3-ubyte"), "raw");
        DatasetFiles f = locator.locate("mnist", d);
        assertEquals(d.resolve("train-images-idx3-ubyte"), f.trainImages());
        assertEquals(d.resolve("train-labels-idx1-ubyte.gz"), f.trainLabels());
    }

    @Test
    void failureListsEveryPlaceAndHowToGetTheFiles() throws IOException {
        Path explicit = root.resolve("nope");
        Path data = Files.createDirectories(root.resolve("data"));
        Path partial = Files.createDirectories(data.resolve("fashion-mnist"));
        Files.writeString(partial.resolve("train-images-idx3-ubyte.gz"), "x");
        Files.writeString(partial.resolve("train-labels-idx1-ubyte"), "x");
        env.put("SNN4J_DATA", data.toString());

        DataNotFoundException e = assertThrows(DataNotFoundException.class,
                () -> locator.locate("fashion-mnist", explicit));
        assertEquals("fashion-mnist data set not found. Looked for train-images-idx3-ubyte[.gz], "
                + "train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz] in:\n"
                + "  1. explicit path: " + explicit + " -- does not exist\n"
                + "  2. $SNN4J_DATA/fashion-mnist: " + partial
                + " -- missing t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]\n"
                + "  3. $SNN4J_DATA: " + data + " -- none of the four files\n"
                + "  4. ~/.cache/snn4j/fashion-mnist: " + home.resolve(".cache/snn4j/fashion-mnist") + " -- does not exist\n"
                + "  5. system data directory: " + system + " -- does not exist\n"
                + "To get them: on Debian/Ubuntu run 'sudo apt-get install dataset-fashion-mnist' (installs into "
                + "/usr/share/datasets/fashion-mnist), or download the four IDX files "
                + "(https://github.com/zalandoresearch/fashion-mnist, data/fashion) into a directory DIR and set "
                + "SNN4J_DATA=DIR (or put them in DIR/fashion-mnist and set SNN4J_DATA=DIR), or pass DIR as the "
                + "explicit data path.", e.getMessage());
    }

    @Test
    void unsetVariablesAreListedToo() {
        DataLocator bare = new DataLocator(k -> null, null, Map.of());
        DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> bare.locate("MNIST"));
        assertEquals("mnist data set not found. Looked for train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], "
                + "t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz] in:\n"
                + "  1. $SNN4J_DATA (not set)\n"
                + "To get them: download the four IDX files (for example from https://ossci-datasets.s3.amazonaws.com/mnist/)"
                + " into a directory DIR and set SNN4J_DATA=DIR (or put them in DIR/mnist and set SNN4J_DATA=DIR), "
                + "or pass DIR as the explicit data path.", e.getMessage());
    }
}
