package org.snn4j.sim.codegen;

/** The plain loops of {@link Scan}: the reference the vector version is tested against. */
final class ScalarScan implements Scan.Impl {
    static final ScalarScan INSTANCE = new ScalarScan();

    @Override public int above(double[] a, int from, int to, double c) {
        for (int i = from; i < to; i++) if (a[i] > c) return i;
        return to;
    }

    @Override public int atLeast(double[] a, int from, int to, double c) {
        for (int i = from; i < to; i++) if (a[i] >= c) return i;
        return to;
    }

    @Override public int below(double[] a, int from, int to, double c) {
        for (int i = from; i < to; i++) if (a[i] < c) return i;
        return to;
    }

    @Override public int atMost(double[] a, int from, int to, double c) {
        for (int i = from; i < to; i++) if (a[i] <= c) return i;
        return to;
    }

    @Override public int above(float[] a, int from, int to, double c) {
        for (int i = from; i < to; i++) if (a[i] > c) return i;
        return to;
    }

    @Override public int atLeast(float[] a, int from, int to, double c) {
        for (int i = from; i < to; i++) if (a[i] >= c) return i;
        return to;
    }

    @Override public int below(float[] a, int from, int to, double c) {
        for (int i = from; i < to; i++) if (a[i] < c) return i;
        return to;
    }

    @Override public int atMost(float[] a, int from, int to, double c) {
        for (int i = from; i < to; i++) if (a[i] <= c) return i;
        return to;
    }
}
