package org.snn4j.cli;

import java.io.PrintStream;
import java.util.Locale;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar showing samples/s, running loss and accuracy; silent when disabled. */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final long start = System.nanoTime();
    private long done;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    public static Progress start(String task, long samples, boolean enabled, PrintStream out) {
        if (!enabled) {
            return new Progress(null);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(samples)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setMaxRenderedLength(150)
                .setConsumer(new ConsoleProgressBarConsumer(out)).continuousUpdate().build();
        return new Progress(bar);
    }

    /** Records {@code n} more samples with the running loss and accuracy. */
    public void step(long n, double loss, double accuracy) {
        done += n;
        if (bar != null) {
            double sps = done / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
            bar.stepBy(n);
            bar.setExtraMessage(String.format(Locale.ROOT, "%.0f samples/s, loss %.4f, acc %.3f", sps, loss, accuracy));
        }
    }

    /** Records {@code n} more samples (no loss or accuracy to show). */
    public void step(long n) {
        done += n;
        if (bar != null) {
            double sps = done / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
            bar.stepBy(n);
            bar.setExtraMessage(String.format(Locale.ROOT, "%.0f samples/s", sps));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
