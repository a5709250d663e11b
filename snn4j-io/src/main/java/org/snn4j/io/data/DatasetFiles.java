package org.snn4j.io.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The four IDX files of an MNIST-style data set, found by {@link DataLocator}; {@code origin}
 * says which search location supplied them (for example {@code "$SNN4J_DATA/fashion-mnist"}).
 */
public record DatasetFiles(String name, String origin, Path dir, Path trainImages, Path trainLabels,
        Path testImages, Path testLabels) {

    /** The four files in the order train images, train labels, test images, test labels. */
    public List<Path> all() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }

    /** Loads the training split (60000 images for MNIST and Fashion-MNIST). */
    public ImageDataset loadTrain() throws IOException {
        return ImageDataset.load(name + "/train", trainImages, trainLabels);
    }

    /** Loads the test split (10000 images for MNIST and Fashion-MNIST). */
    public ImageDataset loadTest() throws IOException {
        return ImageDataset.load(name + "/test", testImages, testLabels);
    }
}
