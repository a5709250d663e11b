package org.snn4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One epoch of the quickstart network on all of Fashion-MNIST (about a minute; {@code ./run-tests -Pslow}).
 * torch_fc.py, the PyTorch reference of the same recipe, reaches 0.835 after one epoch.
 */
@Tag("slow")
class FullEpochTest {
    @Test
    void quickstartNetworkReachesTheReferenceAccuracy(@TempDir Path out) throws Exception {
        RunConfig config = QuickstartCommand.config(1);
        TrainingRun.Data data = DataSets.load("fashion-mnist", null);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Map<String, Object> summary = new TrainingRun(config, out, new PrintStream(log, true, StandardCharsets.UTF_8),
                false, 0).run(data, null);
        double acc = ((Number) summary.get("test_acc")).doubleValue();
        assertTrue(acc >= 0.83, "test accuracy after one epoch " + acc + "\n" + log);
    }
}
