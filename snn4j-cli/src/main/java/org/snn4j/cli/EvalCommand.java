package org.snn4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.snn4j.core.encode.Encoder;
import org.snn4j.core.nn.Sequential;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code snn4j eval}: evaluates a checkpoint on the test set. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluates a trained checkpoint on the test set: accuracy, loss, inference samples/s, firing rates.")
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "A run directory or its checkpoint/ directory.")
    Path checkpoint;
    @Option(names = "--data", description = "Directory holding the IDX files.")
    Path data;
    @Mixin
    CommonOptions.Threads threads;

    @Override
    public Integer call() throws Exception {
        threads.apply();
        Path dir = Files.isDirectory(TrainingRun.checkpointDir(checkpoint)) ? TrainingRun.checkpointDir(checkpoint)
                : checkpoint;
        if (!Files.isDirectory(dir)) {
            throw new Main.UsageException("--checkpoint " + checkpoint + " is not a directory");
        }
        Checkpoints.Restored restored = Checkpoints.restore(dir);
        RunConfig config = restored.config();
        Sequential model = restored.model();
        TrainingRun.Data d = DataSets.load(config.dataset(), data);
        Evaluation ev = Evaluation.run(model, Encoder.parse(config.encoder()), Models.loss(config), d.test(),
                config);
        StringBuilder rates = new StringBuilder();
        for (int i = 0; i < ev.firingRates().length; i++) {
            rates.append(String.format(Locale.ROOT, " rate_layer%d=%.4f", i + 1, ev.firingRates()[i]));
        }
        System.out.printf(Locale.ROOT, "test_acc=%.4f test_loss=%.5f infer_sps=%.1f%s%n", ev.accuracy(), ev.loss(),
                ev.samplesPerSecond(), rates);
        return 0;
    }
}
