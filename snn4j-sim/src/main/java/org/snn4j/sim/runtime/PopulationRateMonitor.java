package org.snn4j.sim.runtime;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.snn4j.sim.units.Dimension;
import org.snn4j.sim.units.Quantity;

/**
 * Records the population rate of a group in each time step, as Brian2's
 * {@code PopulationRateMonitor}: in the {@code end} slot, {@code rate = spikes in the step / (N*dt)}
 * in Hz, with the time {@code t} at the start of the step.
 */
public final class PopulationRateMonitor implements Scheduled {
    private final NeuronGroup group;
    private double[] times = new double[1024];
    private double[] rates = new double[1024];
    private int size;
    private double dt = 1e-4;

    public PopulationRateMonitor(NeuronGroup group) { this.group = group; }

    public NeuronGroup group() { return group; }

    @Override
    public List<NeuronGroup> groups() { return List.of(group); }

    @Override
    public void prepare(double newDt) { this.dt = newDt; }

    @Override
    public void end(long step, double t) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            rates = Arrays.copyOf(rates, size * 2);
        }
        times[size] = t;
        rates[size] = group.compiled.spikeCount / (group.size() * dt);
        size++;
    }

    @Override
    public int size() { return size; }

    @Override
    public void truncate(int newSize) { size = Math.min(size, newSize); }

    /** The time of each recorded step, seconds. */
    public double[] t() { return Arrays.copyOf(times, size); }

    /** The population rate of each recorded step, Hz. */
    public double[] rate() { return Arrays.copyOf(rates, size); }

    /**
     * The rate smoothed by a normalised window, as Brian2's {@code smooth_rate}: {@code "flat"} (the
     * width rounded to the nearest odd number of steps, {@code 2*int(width/(2*dt)) + 1}) or
     * {@code "gaussian"} (standard deviation {@code width}, cut at {@code ±round(2*width/dt)} steps);
     * convolved with the rate keeping its length, zero beyond the recording.
     */
    public double[] smoothRate(String window, Quantity width) {
        if (!width.dimension().equals(Dimension.TIME) || !(width.value() > 0)) {
            throw new IllegalArgumentException("smoothRate: the width must be a positive time, got " + width);
        }
        double[] w;
        switch (window) {
            case "flat" -> {
                int len = (int) (width.value() / 2 / dt) * 2 + 1;
                w = new double[len];
                Arrays.fill(w, 1);
            }
            case "gaussian" -> {
                int half = (int) Math.round(2 * width.value() / dt);
                double sd = width.value() / dt;
                w = new double[2 * half + 1];
                for (int j = -half; j <= half; j++) w[j + half] = Math.exp(-(double) j * j / (2 * sd * sd));
            }
            default -> throw new IllegalArgumentException("smoothRate: unknown window '" + window
                    + "' (use \"flat\" or \"gaussian\")");
        }
        return smooth(w);
    }

    /** The rate convolved with a window of odd length (normalised to sum 1 here). */
    public double[] smooth(double[] window) {
        if (window.length % 2 == 0) {
            throw new IllegalArgumentException("smoothRate: a window needs an odd number of elements, got " + window.length);
        }
        double sum = 0;
        for (double x : window) sum += x;
        int half = window.length / 2;
        double[] out = new double[size];
        for (int k = 0; k < size; k++) {
            double acc = 0;
            for (int j = -half; j <= half; j++) {
                int s = k + j;
                if (s >= 0 && s < size) acc += rates[s] * window[half - j];
            }
            out[k] = acc / sum;
        }
        return out;
    }

    /** Plots the rate (and its 5 ms flat smoothing when that spans more than one step) against time as a PNG. */
    public Path plot(Path file) {
        double[] tMs = t();
        for (int k = 0; k < tMs.length; k++) tMs[k] *= 1e3;
        List<org.snn4j.viz.Series> series = new java.util.ArrayList<>();
        series.add(new org.snn4j.viz.Series("rate", tMs, rate()));
        if (5e-3 / dt >= 3 && size > 0) series.add(new org.snn4j.viz.Series("smoothed (5 ms flat)", tMs,
                smoothRate("flat", Quantity.of(5, "ms"))));
        try {
            return org.snn4j.viz.Png.write(org.snn4j.viz.LineChart.render(group.name() + " population rate", "t (ms)",
                    "rate (Hz)", series), file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code t,rate} (seconds, Hz), one row per step, atomically. */
    public void toCsv(Path file) {
        StringBuilder sb = new StringBuilder("t,rate\n");
        for (int k = 0; k < size; k++) sb.append(times[k]).append(',').append(rates[k]).append('\n');
        AtomicWrite.text(file, sb);
    }
}
