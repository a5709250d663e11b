package org.snn4j.viz;

import java.util.Objects;

/**
 * One named line of an XY chart. Arrays are copied, so later changes by the caller do not alter the plot.
 *
 * @param name legend label
 * @param x    x values (epochs, steps, time steps, ...)
 * @param y    y values, same length as {@code x}; NaN leaves a gap
 */
public record Series(String name, double[] x, double[] y) {
    public Series {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': x has " + x.length + " values, y has " + y.length);
        }
        x = x.clone();
        y = y.clone();
    }

    /** Series with x = 1, 2, ..., n: the natural axis for per-epoch metrics. */
    public static Series of(String name, double[] y) {
        return indexed(name, y, 1);
    }

    /** Series with x = first, first + 1, ...: e.g. {@code first = 0} for time steps or optimizer steps. */
    public static Series indexed(String name, double[] y, int first) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = first + i;
        }
        return new Series(name, x, y);
    }

    /** Series from float data (membrane potentials, weights), widened to double. */
    public static Series of(String name, float[] x, float[] y) {
        return new Series(name, widen(x), widen(y));
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    int size() {
        return x.length;
    }

    static double[] widen(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
