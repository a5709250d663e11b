package org.snn4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.snn4j.bench.FcBenchmark;
import org.snn4j.bench.KeyValues;
import org.snn4j.bench.ReferenceRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code snn4j bench}: benchmarks run side by side with the reference scripts. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks snn4j against the reference implementations in shared/anchors, side by side in one run.",
        subcommands = {BenchCommand.Fc.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code snn4j bench fc}: the 784-1000-10 LIF network of torch_fc.py. */
    @Command(name = "fc", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Trains and evaluates the network of shared/anchors/torch_fc.py (784-1000-10, LIF tau=2,",
                    "hard reset, ArcTan, T=25, static input, MSE on rates, Adam 1e-3, batch 128) on Fashion-MNIST,",
                    "then runs torch_fc.py with the same settings (when Debian's python3-torch is installed)",
                    "and prints both lines and their ratios."})
    public static final class Fc implements Callable<Integer> {
        @Option(names = "--limit", defaultValue = "0", description = "Train on the first N samples (default: all 60000).")
        int limit;
        @Option(names = {"-T", "--steps"}, defaultValue = "25", description = "Time steps (default: ${DEFAULT-VALUE}).")
        int steps;
        @Option(names = "--hidden", defaultValue = "1000", description = "Hidden neurons (default: ${DEFAULT-VALUE}).")
        int hidden;
        @Option(names = "--epochs", defaultValue = "1", description = "Epochs (default: ${DEFAULT-VALUE}).")
        int epochs;
        @Option(names = "--threads", defaultValue = "2", description = "Threads for both sides (default: ${DEFAULT-VALUE}).")
        int threads;
        @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--data", description = "Directory holding the Fashion-MNIST IDX files.")
        Path data;
        @Option(names = "--anchors", description = "Directory of the reference scripts (default: ../shared/anchors).")
        Path anchors;
        @Option(names = "--no-reference", description = "Run snn4j only.")
        boolean noReference;

        @Override
        public Integer call() throws Exception {
            if (steps <= 0 || hidden <= 0 || epochs <= 0 || threads <= 0 || limit < 0) {
                throw new Main.UsageException("--steps, --hidden, --epochs and --threads must be positive, --limit >= 0");
            }
            TrainingRun.Data d = DataSets.load("fashion-mnist", data);
            Map<String, Object> ours = FcBenchmark.run(d.train(), d.test(),
                    new FcBenchmark.Settings(hidden, steps, epochs, limit, 128, seed, threads), System.err);
            System.out.println("snn4j_fc " + KeyValues.format(ours));
            if (noReference) {
                return 0;
            }
            Optional<Path> dir = ReferenceRunner.locateAnchors(anchors);
            if (dir.isEmpty()) {
                System.out.println("reference skipped: no anchors directory (pass --anchors DIR or set SNN4J_ANCHORS)");
                return 0;
            }
            ReferenceRunner runner = new ReferenceRunner(dir.get(), ReferenceRunner.defaultPython());
            if (!runner.hasModule("torch")) {
                System.out.println("reference skipped: " + ReferenceRunner.defaultPython()
                        + " cannot import torch (apt-get install python3-torch)");
                return 0;
            }
            Map<String, String> env = new LinkedHashMap<>();
            env.put("THREADS", Integer.toString(threads));
            env.put("T", Integer.toString(steps));
            env.put("HIDDEN", Integer.toString(hidden));
            env.put("EPOCHS", Integer.toString(epochs));
            env.put("LIMIT", Integer.toString(limit > 0 ? limit : 60000));
            Map<String, String> ref = runner.run("torch_fc.py", env, 3600);
            Map<String, Object> refOut = new LinkedHashMap<>(ref);
            System.out.println("torch_fc " + KeyValues.format(refOut));
            double trainRatio = ((Number) ours.get("train_sps")).doubleValue() / Double.parseDouble(ref.get("train_sps"));
            double inferRatio = ((Number) ours.get("infer_sps")).doubleValue() / Double.parseDouble(ref.get("infer_sps"));
            double accDiff = ((Number) ours.get("test_acc")).doubleValue() - Double.parseDouble(ref.get("test_acc"));
            System.out.println(String.format(Locale.ROOT, "ratio train_sps_ratio=%.2f infer_sps_ratio=%.2f test_acc_diff=%+.4f",
                    trainRatio, inferRatio, accDiff));
            return 0;
        }
    }
}
