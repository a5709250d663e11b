package org.snn4j.io.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Reads the real Fashion-MNIST where Debian's dataset-fashion-mnist package installed it. */
class FashionMnistTest {
    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void readsTheRealDataSet() throws IOException {
        assumeTrue(Files.isRegularFile(DIR.resolve("train-labels-idx1-ubyte.gz")), "dataset-fashion-mnist not installed");
        DatasetFiles files = new DataLocator(k -> null, null, DataLocator.DEFAULT_SYSTEM_DIRS).locate("Fashion_MNIST");
        assertEquals(DIR, files.dir());
        assertEquals("system data directory", files.origin());

        ImageDataset train = files.loadTrain();
        ImageDataset test = files.loadTest();
        assertEquals(60000, train.size());
        assertEquals(10000, test.size());
        assertEquals(28, train.rows());
        assertEquals(28, train.cols());
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, train.labelCounts());
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, test.labelCounts());
        // Checked independently with Python's gzip module: first train label 9 (ankle boot), first
        // test labels 9 2 1 1, first train image's pixels sum to 76247.
        assertEquals(9, train.label(0));
        assertArrayEquals(new int[] {9, 2, 1, 1}, new int[] {test.label(0), test.label(1), test.label(2), test.label(3)});
        long sum = 0;
        for (int i = 0; i < 784; i++) {
            sum += train.pixels()[i] & 0xFF;
        }
        assertEquals(76247, sum);
    }
}
