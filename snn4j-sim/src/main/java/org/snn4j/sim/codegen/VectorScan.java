package org.snn4j.sim.codegen;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Scan} with the Vector API: one comparison per vector of values, then the first set lane.
 * Each method names its comparison operator as a constant so that C2 intrinsifies it.
 */
final class VectorScan implements Scan.Impl {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Override public int above(double[] a, int from, int to, double c) {
        int i = from;
        for (int end = to - D.length(); i <= end; i += D.length()) {
            VectorMask<Double> m = DoubleVector.fromArray(D, a, i).compare(VectorOperators.GT, c);
            if (m.anyTrue()) return i + m.firstTrue();
        }
        return ScalarScan.INSTANCE.above(a, i, to, c);
    }

    @Override public int atLeast(double[] a, int from, int to, double c) {
        int i = from;
        for (int end = to - D.length(); i <= end; i += D.length()) {
            VectorMask<Double> m = DoubleVector.fromArray(D, a, i).compare(VectorOperators.GE, c);
            if (m.anyTrue()) return i + m.firstTrue();
        }
        return ScalarScan.INSTANCE.atLeast(a, i, to, c);
    }

    @Override public int below(double[] a, int from, int to, double c) {
        int i = from;
        for (int end = to - D.length(); i <= end; i += D.length()) {
            VectorMask<Double> m = DoubleVector.fromArray(D, a, i).compare(VectorOperators.LT, c);
            if (m.anyTrue()) return i + m.firstTrue();
        }
        return ScalarScan.INSTANCE.below(a, i, to, c);
    }

    @Override public int atMost(double[] a, int from, int to, double c) {
        int i = from;
        for (int end = to - D.length(); i <= end; i += D.length()) {
            VectorMask<Double> m = DoubleVector.fromArray(D, a, i).compare(VectorOperators.LE, c);
            if (m.anyTrue()) return i + m.firstTrue();
        }
        return ScalarScan.INSTANCE.atMost(a, i, to, c);
    }

    @Override public int above(float[] a, int from, int to, double c) {
        final float f = Scan.floorFloat(c);
        int i = from;
        for (int end = to - F.length(); i <= end; i += F.length()) {
            VectorMask<Float> m = FloatVector.fromArray(F, a, i).compare(VectorOperators.GT, f);
            if (m.anyTrue()) return i + m.firstTrue();
        }
        return ScalarScan.INSTANCE.above(a, i, to, c);
    }

    @Override public int atLeast(float[] a, int from, int to, double c) {
        final float f = Scan.ceilFloat(c);
        int i = from;
        for (int end = to - F.length(); i <= end; i += F.length()) {
            VectorMask<Float> m = FloatVector.fromArray(F, a, i).compare(VectorOperators.GE, f);
            if (m.anyTrue()) return i + m.firstTrue();
        }
        return ScalarScan.INSTANCE.atLeast(a, i, to, c);
    }

    @Override public int below(float[] a, int from, int to, double c) {
        final float f = Scan.ceilFloat(c);
        int i = from;
        for (int end = to - F.length(); i <= end; i += F.length()) {
            VectorMask<Float> m = FloatVector.fromArray(F, a, i).compare(VectorOperators.LT, f);
            if (m.anyTrue()) return i + m.firstTrue();
        }
        return ScalarScan.INSTANCE.below(a, i, to, c);
    }

    @Override public int atMost(float[] a, int from, int to, double c) {
        final float f = Scan.floorFloat(c);
        int i = from;
        for (int end = to - F.length(); i <= end; i += F.length()) {
            VectorMask<Float> m = FloatVector.fromArray(F, a, i).compare(VectorOperators.LE, f);
            if (m.anyTrue()) return i + m.firstTrue();
        }
        return ScalarScan.INSTANCE.atMost(a, i, to, c);
    }
}
