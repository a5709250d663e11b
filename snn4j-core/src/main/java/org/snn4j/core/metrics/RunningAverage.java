package org.snn4j.core.metrics;

/**
 * A running mean for progress reporting: {@link #add(double, long)} folds in a batch value with a
 * weight (its sample count), {@link #mean()} is {@code sum(value * weight) / sum(weight)} (NaN
 * before anything was added). With {@code smoothing} in (0, 1) it also keeps an exponential moving
 * average of the batch values, {@code ema = smoothing * ema + (1 - smoothing) * value}, debiased as
 * {@code ema / (1 - smoothing^k)} after {@code k} updates (so the first value is reported as is).
 * Not thread-safe.
 */
public final class RunningAverage {
    private final double smoothing;
    private double sum;
    private long weight;
    private double ema;
    private long updates;
    private double last = Double.NaN;

    /** A plain running mean (no EMA). */
    public RunningAverage() {
        this(0);
    }

    public RunningAverage(double smoothing) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("RunningAverage: smoothing must lie in [0, 1), got " + smoothing);
        }
        this.smoothing = smoothing;
    }

    /** Adds {@code value} with weight 1. */
    public void add(double value) {
        add(value, 1);
    }

    /** Adds {@code value} (for example a batch's mean loss) weighted by {@code count} samples. */
    public void add(double value, long count) {
        if (count <= 0) {
            throw new IllegalArgumentException("RunningAverage: count must be positive, got " + count);
        }
        sum += value * count;
        weight += count;
        ema = smoothing * ema + (1 - smoothing) * value;
        updates++;
        last = value;
    }

    /** Weighted mean of everything added. */
    public double mean() {
        return weight == 0 ? Double.NaN : sum / weight;
    }

    /** Debiased exponential moving average (equals the last value when smoothing is 0). */
    public double smoothed() {
        return updates == 0 ? Double.NaN : ema / (1 - Math.pow(smoothing, updates));
    }

    public double last() {
        return last;
    }

    public long count() {
        return weight;
    }

    public void reset() {
        sum = 0;
        weight = 0;
        ema = 0;
        updates = 0;
        last = Double.NaN;
    }
}
