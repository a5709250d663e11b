package org.snn4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.snn4j.bench.CsnnBenchmark;
import org.snn4j.bench.CubaBenchmark;
import org.snn4j.bench.FcBenchmark;
import org.snn4j.bench.KeyValues;
import org.snn4j.bench.ReferenceRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code snn4j bench}: benchmarks run side by side with the reference scripts. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks snn4j against the reference implementations in shared/anchors, side by side in one run.",
        subcommands = {BenchCommand.Fc.class, BenchCommand.Csnn.class, BenchCommand.Cuba.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * The runner for the reference scripts, or null (after printing why the reference is skipped)
     * when there is no anchors directory or Debian's Python cannot import {@code module}.
     */
    static ReferenceRunner reference(Path anchors, String module, String debianPackage) {
        Optional<Path> dir = ReferenceRunner.locateAnchors(anchors);
        if (dir.isEmpty()) {
            System.out.println("reference skipped: no anchors directory (pass --anchors DIR or set SNN4J_ANCHORS)");
            return null;
        }
        ReferenceRunner runner = new ReferenceRunner(dir.get(), ReferenceRunner.defaultPython());
        if (!runner.hasModule(module)) {
            System.out.println("reference skipped: " + ReferenceRunner.defaultPython() + " cannot import " + module
                    + " (apt-get install " + debianPackage + ")");
            return null;
        }
        return runner;
    }

    /** {@code snn4j bench fc}: the 784-1000-10 LIF network of torch_fc.py. */
    @Command(name = "fc", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Trains and evaluates the network of shared/anchors/torch_fc.py (784-1000-10, LIF tau=2,",
                    "hard reset, ArcTan, T=25, static input, MSE on rates, Adam 1e-3, batch 128) on Fashion-MNIST,",
                    "then runs torch_fc.py with the same settings (when Debian's python3-torch is installed)",
                    "and prints both lines and their ratios."})
    public static final class Fc implements Callable<Integer> {
        @Mixin
        TrainingOptions o;
        @Option(names = "--hidden", defaultValue = "1000", description = "Hidden neurons (default: ${DEFAULT-VALUE}).")
        int hidden;

        @Override
        public Integer call() throws Exception {
            if (o.steps <= 0 || hidden <= 0 || o.epochs <= 0 || o.threads <= 0 || o.limit < 0) {
                throw new Main.UsageException("--steps, --hidden, --epochs and --threads must be positive, --limit >= 0");
            }
            TrainingRun.Data d = DataSets.load("fashion-mnist", o.data);
            Map<String, Object> ours = FcBenchmark.run(d.train(), d.test(),
                    new FcBenchmark.Settings(hidden, o.steps, o.epochs, o.limit, 128, o.seed, o.threads));
            System.out.println("snn4j_fc " + KeyValues.format(ours));
            if (o.noReference) {
                return 0;
            }
            Map<String, String> env = o.referenceEnv();
            env.put("HIDDEN", Integer.toString(hidden));
            compareWithTorch(o.anchors, "torch_fc", env, 3600, ours);
            return 0;
        }
    }

    /** The options both training benchmarks (fc, csnn) take. */
    static final class TrainingOptions {
        @Option(names = "--limit", defaultValue = "0", description = "Train on the first N samples (default: all 60000).")
        int limit;
        @Option(names = {"-T", "--steps"}, defaultValue = "25", description = "Time steps (default: ${DEFAULT-VALUE}).")
        int steps;
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

        /** THREADS, T, EPOCHS and LIMIT for the reference script. */
        Map<String, String> referenceEnv() {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("THREADS", Integer.toString(threads));
            env.put("T", Integer.toString(steps));
            env.put("EPOCHS", Integer.toString(epochs));
            env.put("LIMIT", Integer.toString(limit > 0 ? limit : 60000));
            return env;
        }
    }

    /**
     * Runs the PyTorch reference script {@code name}.py with {@code env} (at most {@code timeoutSeconds}),
     * prints its line under {@code name} and then the ratios of {@code ours} over it; when the reference
     * cannot run, prints why and returns.
     */
    static void compareWithTorch(Path anchors, String name, Map<String, String> env, int timeoutSeconds,
            Map<String, Object> ours) throws IOException {
        ReferenceRunner runner = reference(anchors, "torch", "python3-torch");
        if (runner == null) {
            return;
        }
        Map<String, String> ref = runner.run(name + ".py", env, timeoutSeconds);
        System.out.println(name + " " + KeyValues.format(new LinkedHashMap<String, Object>(ref)));
        printRatios(ours, ref);
    }

    /** Prints {@code ratio train_sps_ratio= infer_sps_ratio= test_acc_diff=} (snn4j over the reference). */
    static void printRatios(Map<String, Object> ours, Map<String, String> ref) {
        double trainRatio = ((Number) ours.get("train_sps")).doubleValue() / Double.parseDouble(ref.get("train_sps"));
        double inferRatio = ((Number) ours.get("infer_sps")).doubleValue() / Double.parseDouble(ref.get("infer_sps"));
        double accDiff = ((Number) ours.get("test_acc")).doubleValue() - Double.parseDouble(ref.get("test_acc"));
        System.out.println(String.format(Locale.ROOT, "ratio train_sps_ratio=%.2f infer_sps_ratio=%.2f test_acc_diff=%+.4f",
                trainRatio, inferRatio, accDiff));
    }

    /** {@code snn4j bench csnn}: the convolutional network of torch_csnn.py. */
    @Command(name = "csnn", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Trains and evaluates the network of shared/anchors/torch_csnn.py (12C5-MP2-LIF-64C5-MP2-LIF-",
                    "FC10-LIF; LIF tau=2, hard reset, ArcTan, static input: conv1 and the first pool run once per",
                    "sample; MSE on rates, Adam 1e-3, batch 128) on Fashion-MNIST, then runs torch_csnn.py with the",
                    "same settings (when Debian's python3-torch is installed) and prints both lines and their ratios."})
    public static final class Csnn implements Callable<Integer> {
        @Mixin
        TrainingOptions o;

        @Override
        public Integer call() throws Exception {
            if (o.steps <= 0 || o.epochs <= 0 || o.threads <= 0 || o.limit < 0) {
                throw new Main.UsageException("--steps, --epochs and --threads must be positive and --limit >= 0, got --steps "
                        + o.steps + " --epochs " + o.epochs + " --threads " + o.threads + " --limit " + o.limit);
            }
            TrainingRun.Data d = DataSets.load("fashion-mnist", o.data);
            Map<String, Object> ours = CsnnBenchmark.run(d.train(), d.test(),
                    new CsnnBenchmark.Settings(o.steps, o.epochs, o.limit, 128, o.seed, o.threads));
            System.out.println("snn4j_csnn " + KeyValues.format(ours));
            if (o.noReference) {
                return 0;
            }
            compareWithTorch(o.anchors, "torch_csnn", o.referenceEnv(), 7200, ours);
            return 0;
        }
    }

    /** {@code snn4j bench cuba}: the CUBA network of brian2_cuba.py. */
    @Command(name = "cuba", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Simulates the CUBA network of shared/anchors/brian2_cuba.py (Brette et al. 2007: N LIF",
                    "neurons, 80%% excitatory, p = 0.02 or 80/N, exponential current synapses, dt 0.1 ms) with snn4j-sim,",
                    "then runs brian2_cuba.py (when /usr/bin/python3 can import brian2; cpp_standalone with 1 and 2",
                    "OpenMP threads, the best taken) and prints both lines and their ratios.",
                    "sim_s: wall seconds of run() per simulated second (snn4j: code generation included);",
                    "build_s: connection + code generation + compilation."})
    public static final class Cuba implements Callable<Integer> {
        @Option(names = "--n", defaultValue = "4000", description = "Neurons (default: ${DEFAULT-VALUE}).")
        int n;
        @Option(names = "--duration", defaultValue = "1", description = "Simulated seconds (default: ${DEFAULT-VALUE}).")
        double duration;
        @Option(names = "--threads", description = "snn4j threads (default: the best of 1 and all cores, as for the reference).")
        Integer threads;
        @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--device", defaultValue = "cpp_standalone",
                description = "Brian2 device of the reference: cpp_standalone (1 and 2 threads) or runtime (default: ${DEFAULT-VALUE}).")
        String device;
        @Option(names = "--anchors", description = "Directory of the reference scripts (default: ../shared/anchors).")
        Path anchors;
        @Option(names = "--no-reference", description = "Run snn4j only.")
        boolean noReference;

        @Override
        public Integer call() throws Exception {
            if (n < 10 || !(duration > 0) || (threads != null && threads <= 0)) {
                throw new Main.UsageException("--n must be at least 10, --duration and --threads positive");
            }
            if (!device.equals("cpp_standalone") && !device.equals("runtime")) {
                throw new Main.UsageException("--device must be cpp_standalone or runtime, got " + device);
            }
            int cores = Runtime.getRuntime().availableProcessors();
            int[] counts = threads != null ? new int[] {threads} : cores > 1 ? new int[] {1, cores} : new int[] {1};
            Map<String, Object> ours = null;
            for (int t : counts) {
                Map<String, Object> line = CubaBenchmark.run(new CubaBenchmark.Settings(n, duration, t, seed));
                System.out.println("snn4j_cuba " + KeyValues.format(line));
                if (ours == null || ((Number) line.get("sim_s")).doubleValue() < ((Number) ours.get("sim_s")).doubleValue()) {
                    ours = line;
                }
            }
            if (noReference) {
                return 0;
            }
            ReferenceRunner runner = reference(anchors, "brian2", "python3-brian");
            if (runner == null) {
                return 0;
            }
            Map<String, String> best = null;
            String timeKey = device.equals("runtime") ? "wall_s" : "sim_s";
            for (int t : device.equals("runtime") ? new int[] {1} : new int[] {1, 2}) {
                Map<String, String> env = new LinkedHashMap<>();
                env.put("N", Integer.toString(n));
                env.put("DEVICE", device);
                env.put("DURATION_S", Double.toString(duration));
                env.put("THREADS", Integer.toString(t));
                Map<String, String> ref = runner.run("brian2_cuba.py", env, 3600);
                Map<String, Object> line = new LinkedHashMap<>();
                if (!device.equals("runtime")) line.put("threads", t);
                line.putAll(ref);
                System.out.println("brian2_cuba " + KeyValues.format(line));
                if (best == null || Double.parseDouble(ref.get(timeKey)) < Double.parseDouble(best.get(timeKey))) {
                    best = ref;
                }
            }
            double ratio = ((Number) ours.get("sim_s")).doubleValue() / (Double.parseDouble(best.get(timeKey)) / duration);
            double refRate = Double.parseDouble(best.get("rate_hz"));
            double rateDiff = 100 * (((Number) ours.get("rate_hz")).doubleValue() - refRate) / refRate;
            System.out.println(String.format(Locale.ROOT, "ratio sim_s_ratio=%.3g rate_diff_pct=%+.1f", ratio, rateDiff));
            return 0;
        }
    }
}
