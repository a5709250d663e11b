package org.snn4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.encode.Encoder;
import org.snn4j.core.loss.Loss;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.optim.LrSchedule;
import org.snn4j.core.optim.Optimizer;
import org.snn4j.core.optim.Optimizers;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;
import org.snn4j.io.data.Batch;
import org.snn4j.io.data.DataLoader;
import org.snn4j.io.data.ImageDataset;
import org.snn4j.io.data.Layout;
import org.snn4j.io.data.Split;

/**
 * One training run: builds the model from a {@link RunConfig}, trains epoch by epoch with a
 * progress bar, evaluates on the test set after each epoch, checkpoints atomically after each
 * epoch (and every {@code checkpointEvery} batches), and writes metrics, plots and the report.
 *
 * <p>Reproducible: the initial weights come from the seed, the data order of epoch {@code e} from
 * (seed, e), and the encoding of global batch {@code s} from (seed, s); together with the saved
 * optimiser state this makes a resumed run end with the same weights as an uninterrupted one.
 * Augmentation ({@code --augment}) draws from (seed, epoch, sample) only, so it resumes exactly too.
 *
 * <p>With {@code --val}, {@link #validationSplit} holds a seeded choice of training samples out;
 * after each epoch the run measures validation accuracy and, when it beats the best so far
 * (strictly: ties keep the earlier epoch), writes that epoch's checkpoint to {@code best/}
 * before the regular one (so a crash never leaves a regular checkpoint naming a best epoch that
 * {@code best/} does not hold). The best so far is part of the checkpoint's progress; at the end
 * the run reloads {@code best/} and reports its test accuracy as {@code test_acc_selected}.
 */
public final class TrainingRun {
    /** Thrown when the loss stops being finite; the last good checkpoint is kept. */
    public static final class DivergedException extends RuntimeException {
        DivergedException(String message) {
            super(message);
        }
    }

    private final RunConfig config;
    private final Path outDir;
    private final PrintStream out;
    private final boolean progress;
    private final int checkpointEvery;
    private boolean checkpointBlocks;

    public TrainingRun(RunConfig config, Path outDir, PrintStream out, boolean progress, int checkpointEvery) {
        this.config = config.validate();
        this.outDir = outDir;
        this.out = out;
        this.progress = progress;
        this.checkpointEvery = checkpointEvery;
    }

    /**
     * Recompute each block's activations in backward instead of keeping them ({@code --checkpoint-blocks}): less
     * memory, a second forward per block, the same results. Not part of the run's configuration.
     */
    public TrainingRun withCheckpointBlocks(boolean on) {
        this.checkpointBlocks = on;
        return this;
    }

    /** Where the checkpoint of a run directory lives. */
    public static Path checkpointDir(Path runDir) {
        return runDir.resolve("checkpoint");
    }

    /** Where the checkpoint of the best validation epoch lives (runs with {@code --val}). */
    public static Path bestDir(Path runDir) {
        return runDir.resolve("best");
    }

    /**
     * The validation split of a (limited) training set: {@code config.valCount(n)} samples chosen
     * by {@link Split#seeded} with the run's seed; the rest train. Never touches the test set.
     */
    public static Split validationSplit(ImageDataset train, RunConfig config) {
        return Split.seeded(train, config.valCount(train.size()), config.seed());
    }

    /** Trains (resuming from {@code resume} when not null) and returns the final summary. */
    public Map<String, Object> run(Data data, RunState resume) throws IOException {
        Files.createDirectories(outDir);
        ImageDataset train = config.limit() > 0 ? data.train().subset(Math.min(config.limit(), data.train().size()))
                : data.train();
        ImageDataset test = data.test();
        ImageDataset validation = null;
        if (config.valCount(train.size()) > 0) {
            Split split = validationSplit(train, config);
            train = split.train();
            validation = split.validation();
            if (train.size() < config.batch()) {
                throw new Main.UsageException("--val " + config.val() + " leaves " + train.size()
                        + " training samples, fewer than one batch (--batch " + config.batch() + ")");
            }
        }
        Encoder encoder = Encoder.parse(config.encoder());
        // The encoder decides the input width (population coding multiplies it), so probe it on one sample.
        Tensor probe = encoder.encode(train.toTensor(new int[] {0}, Layout.FLAT), config.steps(), 0);
        int inputs = probe.size(-1);
        if (config.model().convolutional()) {
            if (train.rows() != Models.SIZE || train.cols() != Models.SIZE) {
                throw new Main.UsageException("--model " + config.model().name() + " takes " + Models.SIZE + "x"
                        + Models.SIZE + " images, " + train.name() + " has " + train.rows() + "x" + train.cols());
            }
            Models.input(config, probe);
        } else {
            int[] sizes = config.layerSizes();
            if (sizes[0] != inputs) {
                throw new Main.UsageException("--layers starts with " + sizes[0] + " inputs but the " + config.encoder()
                        + " encoding of " + train.name() + " images (" + train.imageSize() + " pixels) gives " + inputs
                        + " inputs per step");
            }
        }
        Sequential model = Models.build(config, new Rng(config.seed()));
        if (checkpointBlocks) {
            Models.checkpointBlocks(model, config);
        }
        Loss loss = Models.loss(config);
        Optimizer opt = Optimizers.parse(config.optimizer(), model.namedParameters(), (float) config.lr());
        LrSchedule schedule = LrSchedule.parse(config.schedule());
        Metrics metrics = new Metrics();
        int startEpoch = 0;
        int startBatch = 0;
        long globalStep = 0;
        Selection best = null;
        if (resume != null) {
            Checkpoints.loadModel(model, resume.parameters(), checkpointDir(outDir));
            opt.loadState(resume.optimizer());
            startEpoch = resume.epoch();
            startBatch = resume.batch();
            globalStep = resume.globalStep();
            // one training-mode forward per step so far: the dropout masks continue where they were
            Models.setDropoutCalls(model, globalStep);
            metrics = resume.metrics();
            best = resume.best();
            if (best != null && !Files.isDirectory(bestDir(outDir))) {
                throw new IOException("the checkpoint names epoch " + best.epoch() + " as the best validation epoch but "
                        + bestDir(outDir) + " is missing");
            }
            out.printf("snn4j: resuming at epoch %d, batch %d (step %d)%n", startEpoch + 1, startBatch, globalStep);
        }
        out.println(model.describe().strip());
        DataLoader.Builder lb = DataLoader.builder(train).batchSize(config.batch()).shuffle(true).seed(config.seed())
                .dropLast(true).layout(Layout.FLAT).prefetch(2);
        try {
            lb.augment(config.augmentation());
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--augment " + config.augment() + ": " + e.getMessage());
        }
        DataLoader loader = lb.build();
        Checkpoints ckpt = new Checkpoints(checkpointDir(outDir), config, data);
        Checkpoints bestCkpt = new Checkpoints(bestDir(outDir), config, data);
        long trainStart = System.nanoTime();
        long peakHeapMb = 0;
        for (int epoch = startEpoch; epoch < config.epochs(); epoch++) {
            float lr = (float) schedule.lr(config.lr(), epoch);
            opt.setLearningRate(lr);
            int nBatches = loader.batchesPerEpoch();
            int first = epoch == startEpoch ? startBatch : 0;
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            HeapPeak.reset();
            long epochStart = System.nanoTime();
            int window = Math.max(1, nBatches / 50);
            double windowLoss = 0;
            long windowCorrect = 0;
            long windowSeen = 0;
            try (Progress bar = Progress.start("epoch " + (epoch + 1) + "/" + config.epochs(),
                    (long) (nBatches - first) * config.batch(), progress, out);
                 DataLoader.Epoch batches = loader.epoch(epoch, first)) {
                int b = first;
                for (Batch batch : batches) {
                    Tensor x = Models.input(config,
                            encoder.encode(batch.x(), config.steps(), Rng.derive(config.seed(), globalStep).seed()));
                    Tensor output = model.forward(x);
                    Tensor l = loss.compute(output, batch.labels());
                    float lv = l.item();
                    if (!Float.isFinite(lv)) {
                        throw new DivergedException("loss became " + lv + " at epoch " + (epoch + 1) + ", batch " + b
                                + "; training stopped and the last good checkpoint in " + ckpt.dir() + " was kept");
                    }
                    l.backward();
                    opt.step();
                    opt.zeroGrad();
                    globalStep++;
                    b++;
                    int c = Predictions.correct(loss, output, batch.labels());
                    lossSum += lv * batch.size();
                    correct += c;
                    seen += batch.size();
                    bar.step(batch.size(), lossSum / seen, (double) correct / seen);
                    windowLoss += lv * batch.size();
                    windowCorrect += c;
                    windowSeen += batch.size();
                    if (b % window == 0 || b == nBatches) {
                        metrics.addStep(globalStep, windowLoss / windowSeen, (double) windowCorrect / windowSeen);
                        windowLoss = 0;
                        windowCorrect = 0;
                        windowSeen = 0;
                    }
                    if (checkpointEvery > 0 && b % checkpointEvery == 0 && b < nBatches) {
                        ckpt.save(model, opt, epoch, b, globalStep, metrics, best);
                    }
                }
            }
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            long peakHeap = HeapPeak.mb(); // training batches only: evaluation holds no graph
            peakHeapMb = Math.max(peakHeapMb, peakHeap);
            Evaluation ev = Evaluation.run(model, encoder, loss, test, config);
            Evaluation vev = validation == null ? null : Evaluation.run(model, encoder, loss, validation, config);
            boolean improved = vev != null && (best == null || vev.accuracy() > best.valAcc());
            if (improved) {
                best = new Selection(epoch + 1, vev.accuracy(), ev.accuracy());
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", epoch + 1);
            row.put("step", globalStep);
            row.put("lr", lr);
            row.put("train_loss", seen > 0 ? lossSum / seen : Double.NaN);
            row.put("train_acc", seen > 0 ? (double) correct / seen : Double.NaN);
            if (vev != null) {
                row.put("val_loss", vev.loss());
                row.put("val_acc", vev.accuracy());
            }
            row.put("test_loss", ev.loss());
            row.put("test_acc", ev.accuracy());
            row.put("train_sps", seen / seconds);
            row.put("infer_sps", ev.samplesPerSecond());
            row.put("peak_heap_mb", peakHeap);
            for (int i = 0; i < ev.firingRates().length; i++) {
                row.put("rate_layer" + (i + 1), ev.firingRates()[i]);
            }
            if (best != null) {
                // the selection so far: what this run would report if it stopped here
                row.put("selected_epoch", best.epoch());
                row.put("test_acc_selected", best.testAcc());
            }
            metrics.add(row);
            out.printf("epoch %d: train loss %.4f acc %.4f |%s test loss %.4f acc %.4f | %.0f samples/s, peak heap %d MiB%n",
                    epoch + 1,
                    (double) row.get("train_loss"), (double) row.get("train_acc"),
                    vev == null ? "" : String.format(" val loss %.4f acc %.4f%s |", vev.loss(), vev.accuracy(),
                            improved ? " (best)" : ""),
                    ev.loss(), ev.accuracy(), seen / seconds, peakHeap);
            if (improved) {
                bestCkpt.save(model, opt, epoch + 1, 0, globalStep, metrics, best);
            }
            ckpt.save(model, opt, epoch + 1, 0, globalStep, metrics, best);
            metrics.write(outDir);
        }
        double total = (System.nanoTime() - trainStart) / 1e9;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("test_acc", metrics.last("test_acc"));
        summary.put("epochs", config.epochs());
        summary.put("train_seconds", total);
        summary.put("peak_heap_mb", peakHeapMb);
        if (best != null) {
            // Test accuracy of the selected checkpoint as written to disk, not of the weights in memory.
            Sequential selected = Models.build(config, new Rng(config.seed()));
            Checkpoints.loadModel(selected, Checkpoints.load(bestDir(outDir)).state().parameters(), bestDir(outDir));
            double testSelected = Evaluation.run(selected, encoder, loss, test, config).accuracy();
            summary.put("val_samples", validation == null ? 0 : validation.size());
            summary.put("selected_epoch", best.epoch());
            summary.put("val_acc_selected", best.valAcc());
            summary.put("test_acc_selected", testSelected);
            for (String k : List.of("val_samples", "selected_epoch", "val_acc_selected", "test_acc_selected")) {
                metrics.putSummary(k, summary.get(k));
            }
            metrics.write(outDir);
            out.printf("selected epoch %d (validation accuracy %.4f): test accuracy %.4f; checkpoint: %s%n", best.epoch(),
                    best.valAcc(), testSelected, bestDir(outDir));
        }
        Reports.write(outDir, config, model, encoder, test, metrics, summary);
        out.printf("test accuracy %.4f; report: %s%n", (double) metrics.last("test_acc"), outDir.resolve("report.html"));
        return summary;
    }

    /** Train and test sets. */
    public record Data(ImageDataset train, ImageDataset test, List<Path> files) {
    }

    /** What a checkpoint restores. */
    public record RunState(Map<String, Tensor> parameters, org.snn4j.core.optim.OptimizerState optimizer, int epoch,
                           int batch, long globalStep, Metrics metrics, Selection best) {
    }

    /**
     * The best validation epoch so far (1-based), its validation accuracy and the test accuracy
     * measured after it.
     */
    public record Selection(int epoch, double valAcc, double testAcc) {
    }

    /** Runs inference without recording a graph. */
    static Tensor infer(Sequential model, Tensor x) {
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            return model.forward(x);
        }
    }

    static List<Tensor> inferAll(Sequential model, Tensor x) {
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            return new ArrayList<>(model.forwardAll(x));
        }
    }
}
