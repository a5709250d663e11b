package org.snn4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;


import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code snn4j train}: trains an SNN classifier on an image data set, or an ANN ({@code ann-vgg}, {@code ann-resnet})
 * to convert later. {@code --model} picks the network ({@link ModelSpec}); options the user does not give take the
 * model's {@link Recipe}. An ANN has no time dimension: it takes {@code [B, 1, 28, 28]} and trains with
 * cross-entropy on its logits, so the spiking options (--steps, --encoder, --loss, --neuron and its settings) are
 * usage errors with it.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a spiking network (fully connected, or csnn, plif, vgg, resnet) with surrogate gradients (BPTT),",
                "or an ANN (ann-vgg, ann-resnet; cross-entropy on the logits, no time steps) for `snn4j convert`.",
                "Options not given take the model's recipe (csnn: snnTorch tutorial 6; plif: the PLIF paper; vgg, resnet: T=4, ce_rate, cosine; ann-vgg, ann-resnet: Adam 1e-3, cosine).",
                "Writes metrics.csv/json, curves.png, raster.png, membrane.png, report.html and checkpoint/ to --out."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "fc", description = "Network: fc (--layers), csnn (snnTorch tutorial 6), plif (PLIF paper), vgg (small 28x28 VGG), resnet (CIFAR-style ResNet), ann-vgg, ann-resnet (their ANN twins, for snn4j convert) (default: ${DEFAULT-VALUE}).")
    String model;
    @Option(names = "--width", description = "plif: conv channels (128; FC 16x); vgg, ann-vgg: first-stage channels (32); resnet, ann-resnet: first-stage channels (16, or 64 for depth 10/18/34); later stages scale with it.")
    Integer width;
    @Option(names = "--depth", description = "resnet, ann-resnet depth: 8, 14, 20 (widths 16-32-64) or 10, 18, 34 (64-128-256-512) (default: 8).")
    Integer depth;
    @Option(names = "--activation", description = "ann-vgg, ann-resnet activation: relu, clipped:max=M (6), qcfs:L=n,lambda=x (L 8, initial lambda 8; lambda is learnt and becomes the converted threshold) (default: relu).")
    String activation;
    @Option(names = "--block", description = "resnet block: plain, sew-add, sew-and, sew-iand (default: sew-add).")
    String block;
    @Option(names = "--dropout", description = "Dropout probability of plif and vgg (default: 0.5).")
    Double dropout;
    @Option(names = "--layers", defaultValue = "784-1000-10", description = "fc layer sizes, input first (default: ${DEFAULT-VALUE}).")
    String layers;
    @Option(names = "--neuron", defaultValue = "lif", description = "Neuron: lif, if, plif, leaky, lapicque, synaptic, alpha, alif, qif, eif, izhikevich, with optional options kind:key=value,... (tau, beta, alpha, threshold, reset, detach_reset, per_channel), e.g. synaptic:alpha=0.8 (default: ${DEFAULT-VALUE}).")
    String neuron;
    @Option(names = "--tau", defaultValue = "2.0", description = "Membrane time constant of lif, plif (initial), qif, eif, izhikevich, in steps (default: ${DEFAULT-VALUE}).")
    double tau;
    @Option(names = "--beta", defaultValue = "0.9", description = "Membrane decay of leaky, lapicque, synaptic, alpha, alif (default: ${DEFAULT-VALUE}; synaptic, alpha: 0.8; alif: exp(-1/20)).")
    double beta;
    @Option(names = "--threshold", defaultValue = "1.0", description = "Firing threshold (default: ${DEFAULT-VALUE}).")
    double threshold;
    @Option(names = "--reset", defaultValue = "hard", description = "Reset: hard (to zero), soft (subtract threshold), none (default: ${DEFAULT-VALUE}).")
    String reset;
    @Option(names = "--surrogate", defaultValue = "atan", description = "Surrogate gradient: atan[:alpha=2], fast_sigmoid[:k=25], sigmoid[:k=..], triangle, straight_through (default: ${DEFAULT-VALUE}).")
    String surrogate;
    @Option(names = {"-T", "--steps"}, defaultValue = "25", description = "Time steps per sample (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--encoder", defaultValue = "direct", description = "Input encoding: direct, rate[:gain=1], latency[:tau=5,linear], delta, population (default: ${DEFAULT-VALUE}).")
    String encoder;
    @Option(names = "--loss", defaultValue = "mse_rate", description = "Loss: mse_rate, ce_rate, ce_count, mse_count, ce_membrane, ce_max_membrane, mse_membrane (default: ${DEFAULT-VALUE}).")
    String loss;
    @Option(names = "--optimizer", defaultValue = "adam", description = "Optimiser: adam, adamw, sgd[:momentum=0.9,nesterov] (default: ${DEFAULT-VALUE}).")
    String optimizer;
    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--schedule", defaultValue = "constant", description = "Learning-rate schedule: constant, step:step_size=N,gamma=0.1, cosine:t_max=N (default: ${DEFAULT-VALUE}).")
    String schedule;
    @Option(names = "--epochs", defaultValue = "1", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Mixin
    CommonOptions.Threads threads;
    @Option(names = "--limit", defaultValue = "0", description = "Train on the first N samples only (default: all).")
    int limit;
    @Option(names = "--augment", defaultValue = "none", description = "Augment training images: none, or crop:P (pad P zeros each side, crop back at a random offset) and/or flip[:PROB] (horizontal, PROB 0.5), e.g. crop:4,flip (default: ${DEFAULT-VALUE}).")
    String augment;
    @Option(names = "--val", defaultValue = "0", description = "Hold out N training samples (or a fraction, e.g. 0.1) for validation; keeps the best-validation checkpoint in best/ and reports its test accuracy (default: none).")
    String val;
    @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "Data set: fashion-mnist or mnist (default: ${DEFAULT-VALUE}).")
    String dataset;
    @Mixin
    CommonOptions.Data data;
    @Option(names = "--out", defaultValue = "runs/train", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--resume", description = "Continue the run in this output directory from its checkpoint (uses its saved configuration; --epochs may extend it).")
    Path resume;
    @Option(names = "--checkpoint-every", defaultValue = "0", description = "Also checkpoint every N batches (default: only after each epoch).")
    int checkpointEvery;
    @Option(names = "--checkpoint-blocks", description = "plif, vgg, resnet: recompute each block's activations in backward instead of keeping them (less memory, about one more forward pass per step, the same results).")
    boolean checkpointBlocks;
    @Mixin
    CommonOptions.NoProgress progress;

    @Override
    public Integer call() throws Exception {
        threads.apply();
        TrainingRun.RunState state = null;
        RunConfig config;
        Path outDir;
        if (resume != null) {
            Path ckDir = TrainingRun.checkpointDir(resume);
            if (!Files.isDirectory(ckDir)) {
                throw new Main.UsageException("--resume " + resume + ": no checkpoint directory " + ckDir);
            }
            Checkpoints.Loaded loaded = Checkpoints.load(ckDir);
            config = loaded.config();
            if (epochsGiven()) {
                config = config.withEpochs(epochs);
            }
            state = loaded.state();
            outDir = resume;
        } else {
            ModelSpec m = ModelSpec.of(model, width, depth, block, dropout, activation);
            if (m.convolutional() && given("--layers")) {
                throw new Main.UsageException("--layers applies to --model fc only, not " + m.name());
            }
            if (m.ann()) {
                for (String o : SPIKING_OPTIONS) {
                    if (given(o)) {
                        throw new Main.UsageException(o + " applies to spiking models only: --model " + m.name()
                                + " is an ANN (no time steps or encoding; it trains with cross-entropy on its logits)");
                    }
                }
            }
            Recipe r = Recipe.of(m.name(), epochs);
            String neuronSpec = r.value("--neuron", neuron, given("--neuron"));
            double betaValue = given("--beta") || r.options().containsKey("--beta") ? num(r, "--beta", beta)
                    : Models.defaultBeta(neuronSpec, beta);
            config = new RunConfig(layers, neuronSpec, num(r, "--tau", tau), betaValue, threshold, r.value("--reset", reset, given("--reset")),
                    r.value("--surrogate", surrogate, given("--surrogate")),
                    m.ann() ? 1 : (int) num(r, "--steps", steps), encoder,
                    m.ann() ? LogitsCrossEntropy.NAME : r.value("--loss", loss, given("--loss")), optimizer, num(r, "--lr", lr),
                    r.value("--schedule", schedule, given("--schedule")), epochs, batch, seed, limit, dataset, augment,
                    val, m).validate();
            outDir = out;
        }
        if (checkpointBlocks) {
            Models.checkCheckpointBlocks(config);
        }
        TrainingRun.Data d = DataSets.load(config.dataset(), data.data);
        new TrainingRun(config, outDir, System.out, progress.show(), checkpointEvery).withCheckpointBlocks(checkpointBlocks)
                .run(d, state);
        return 0;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Options of the spiking models that an ANN ({@code ann-vgg}, {@code ann-resnet}) refuses. */
    static final java.util.List<String> SPIKING_OPTIONS = java.util.List.of("--steps", "--encoder", "--loss", "--neuron",
            "--tau", "--beta", "--threshold", "--reset", "--surrogate");

    private boolean epochsGiven() {
        return given("--epochs");
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private double num(Recipe r, String option, double value) {
        return Double.parseDouble(r.value(option, Double.toString(value), given(option)));
    }
}
