package org.snn4j.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.snn4j.io.data.DataLocator;
import org.snn4j.io.data.DatasetFiles;

/** Finds and loads a data set by name for the commands. */
final class DataSets {
    private DataSets() {
    }

    static TrainingRun.Data load(String name, Path explicit) throws IOException {
        DatasetFiles files = DataLocator.system().locate(name, explicit);
        return new TrainingRun.Data(files.loadTrain(), files.loadTest(), files.all());
    }
}
