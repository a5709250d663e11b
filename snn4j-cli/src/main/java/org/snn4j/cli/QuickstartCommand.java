package org.snn4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code snn4j quickstart}: one epoch of a 784-1000-10 LIF network on Fashion-MNIST, with its report. */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Trains a 784-1000-10 LIF SNN (T=25, direct encoding, ArcTan surrogate, Adam 1e-3, MSE on rates)",
                "for one epoch on Fashion-MNIST and writes its report to runs/quickstart/report.html."})
public final class QuickstartCommand implements Callable<Integer> {
    @Option(names = "--data", description = "Directory holding the Fashion-MNIST IDX files.")
    Path data;
    @Option(names = "--out", defaultValue = "runs/quickstart", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--epochs", defaultValue = "1", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Mixin
    CommonOptions.NoProgress progress;

    /** The quickstart configuration (the benchmark network of torch_fc.py). */
    static RunConfig config(int epochs) {
        return new RunConfig("784-1000-10", "lif", 2.0, 0.9, 1.0, "hard", "atan", 25, "direct", "mse_rate", "adam",
                1e-3, "constant", epochs, 128, 0, 0, "fashion-mnist");
    }

    @Override
    public Integer call() throws Exception {
        RunConfig config = config(epochs).validate();
        TrainingRun.Data d = DataSets.load(config.dataset(), data);
        new TrainingRun(config, out, System.out, progress.show(), 0).run(d, null);
        return 0;
    }
}
