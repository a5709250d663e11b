package org.snn4j.cli;

import java.nio.file.Path;

import org.snn4j.core.util.Parallel;

import picocli.CommandLine.Option;

/**
 * Options that several commands take alike, as picocli mixins ({@code @Mixin}): each keeps its name, help text and
 * check in one place. A command declares the mixin field where the option stands in its help (with
 * {@code sortOptions = false} the options are listed in the order of the fields).
 */
final class CommonOptions {
    private CommonOptions() {
    }

    /** {@code --threads N}: the worker threads of {@link Parallel} (default: all cores). */
    static final class Threads {
        @Option(names = "--threads", description = "Worker threads (default: all cores).")
        Integer threads;

        /** Sets the worker threads when the option is given; fewer than one is a usage error. */
        void apply() {
            if (threads != null) {
                if (threads < 1) {
                    throw new Main.UsageException("--threads must be >= 1, got " + threads);
                }
                Parallel.setThreads(threads);
            }
        }
    }

    /** {@code --data DIR}: where the IDX files are, else the {@link org.snn4j.io.data.DataLocator} search path. */
    static final class Data {
        @Option(names = "--data", description = "Directory holding the IDX files (else $SNN4J_DATA, ~/.cache/snn4j/<dataset>, /usr/share/datasets/<dataset>).")
        Path data;
    }

    /** {@code --no-progress}: no progress bar. */
    static final class NoProgress {
        @Option(names = "--no-progress", description = "Do not draw the progress bar.")
        boolean noProgress;

        /** Whether to draw the progress bar. */
        boolean show() {
            return !noProgress;
        }
    }
}
