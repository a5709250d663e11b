package org.snn4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.optim.Optimizer;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;
import org.snn4j.io.checkpoint.Checkpoint;
import org.snn4j.io.checkpoint.CheckpointData;
import org.snn4j.io.checkpoint.Provenance;
import org.snn4j.io.checkpoint.TrainingProgress;

/**
 * A run's checkpoint directory: weights, optimiser state, configuration, progress (the next
 * batch to run, the metrics so far, the best validation epoch so far) and provenance, saved
 * crash-safely by {@link Checkpoint}. The best epoch is stored as {@code bestMetricName = val_acc},
 * {@code bestMetric} (its validation accuracy), {@code best_epoch} and {@code best_test_acc}.
 */
final class Checkpoints {
    private final Path dir;
    private final RunConfig config;
    private final Map<String, Object> provenance;

    Checkpoints(Path dir, RunConfig config, TrainingRun.Data data) throws IOException {
        this.dir = dir;
        this.config = config;
        this.provenance = Provenance.collect(config.dataset(), data.files(), config.seed(), false);
    }

    Path dir() {
        return dir;
    }

    void save(Module model, Optimizer opt, int epoch, int batch, long globalStep, Metrics metrics,
              TrainingRun.Selection best) throws IOException {
        Map<String, Object> progress = new LinkedHashMap<>(new TrainingProgress(epoch, batch, globalStep,
                Map.of("seed", config.seed()), best == null ? "test_acc" : "val_acc",
                best == null ? null : best.valAcc()).toMap());
        if (best != null) {
            progress.put("best_epoch", best.epoch());
            progress.put("best_test_acc", best.testAcc());
        }
        progress.put("metrics", metrics.rows());
        progress.put("steps", metrics.steps());
        Checkpoint.save(dir, new CheckpointData(model.stateDict(), opt.state(), config.toMap(), progress,
                provenance));
    }

    /** A loaded checkpoint: the configuration and the state to resume from. */
    record Loaded(RunConfig config, TrainingRun.RunState state, CheckpointData data) {
    }

    /**
     * Loads saved parameters and buffers into {@code model}; a missing, extra or misshapen tensor is an error
     * naming {@code dir/model.safetensors} and the tensor (the checkpoint was written for another model).
     */
    static void loadModel(Module model, Map<String, Tensor> state, Path dir) throws IOException {
        Path file = dir.resolve(Checkpoint.MODEL_FILE);
        try {
            model.loadStateDict(state);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not fit the model its configuration describes: " + e.getMessage(), e);
        }
    }

    /** A saved network: the configuration of its checkpoint and the model built from it, holding the saved weights. */
    record Restored(RunConfig config, Sequential model) {
    }

    /**
     * Loads the checkpoint in {@code dir} and builds its network ({@link Models#build}, seeded with the configuration's
     * seed) with the saved parameters and buffers ({@link #loadModel}).
     */
    static Restored restore(Path dir) throws IOException {
        Loaded loaded = load(dir);
        RunConfig config = loaded.config();
        Sequential model = Models.build(config, new Rng(config.seed()));
        loadModel(model, loaded.state().parameters(), dir);
        return new Restored(config, model);
    }

    static Loaded load(Path dir) throws IOException {
        CheckpointData d = Checkpoint.load(dir);
        String source = dir.resolve(Checkpoint.STATE_FILE).toString();
        RunConfig config = RunConfig.fromMap(d.config(), source);
        TrainingProgress p = TrainingProgress.fromMap(d.progress());
        TrainingRun.Selection best = null;
        if (d.progress().get("best_epoch") instanceof Number e && p.bestMetric() != null
                && d.progress().get("best_test_acc") instanceof Number t) {
            best = new TrainingRun.Selection(e.intValue(), p.bestMetric(), t.doubleValue());
        }
        TrainingRun.RunState state = new TrainingRun.RunState(d.parameters(), d.optimizer(), p.epoch(), p.batchIndex(),
                p.globalStep(), Metrics.fromSaved(d.progress().get("metrics"), d.progress().get("steps")), best);
        return new Loaded(config, state, d);
    }
}
