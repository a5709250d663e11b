package org.snn4j.sim.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link Scan}: the vector version returns the index of the plain loop, for every comparison, at every offset. */
class ScanTest {

    interface DoubleScan { int find(double[] a, int from, int to, double c); }

    interface FloatScan { int find(float[] a, int from, int to, double c); }

    /** The first index passing {@code test}, the definition. */
    static int first(int from, int to, java.util.function.IntPredicate test) {
        for (int i = from; i < to; i++) if (test.test(i)) return i;
        return to;
    }

    @Test
    void doublesEveryComparisonEveryOffset() {
        // (300 values, 2% of them 0.5: long stretches with nothing above 0.25)
        SplittableRandom r = new SplittableRandom(3);
        double[] a = new double[300];
        for (int k = 0; k < a.length; k++) a[k] = r.nextDouble() < 0.98 ? -1 + 0.1 * r.nextDouble() : 0.5;
        a[10] = Double.NaN;
        a[11] = 0.25;   // equal to one of the constants: > fails, >= passes
        a[40] = Double.NEGATIVE_INFINITY;
        for (double c : new double[] {0.25, -0.95, Double.NaN, 2}) {
            for (int from = 0; from < a.length; from += 3) {
                for (int to : new int[] {from, from + 1, from + 9, from + 100, a.length}) {
                    if (to > a.length) continue;
                    final int f = from, t = to;
                    String where = "c=" + c + " [" + from + ", " + to + ")";
                    assertEquals(first(f, t, i -> a[i] > c), Scan.above(a, f, t, c), "> " + where);
                    assertEquals(first(f, t, i -> a[i] >= c), Scan.atLeast(a, f, t, c), ">= " + where);
                    assertEquals(first(f, t, i -> a[i] < c), Scan.below(a, f, t, c), "< " + where);
                    assertEquals(first(f, t, i -> a[i] <= c), Scan.atMost(a, f, t, c), "<= " + where);
                }
            }
        }
        // by hand: the first value above 0.25 at or after 0 is the first 0.5 (a[11] = 0.25 itself is not above)
        int firstHalf = 0;
        while (a[firstHalf] != 0.5) firstHalf++;
        assertEquals(Math.min(firstHalf, 11), Scan.atLeast(a, 0, a.length, 0.25));
        assertEquals(firstHalf, Scan.above(a, 0, a.length, 0.25));
    }

    @Test
    void floatsAgainstDoubleConstantsBetweenTwoFloats() {
        // 0.1 lies strictly between two floats: f = (float) 0.1 > 0.1, and nextDown(f) < 0.1
        float f = 0.1f;
        float below = Math.nextDown(f);
        assertEquals(true, f > 0.1 && below < 0.1);
        float[] a = {below, below, f, f, below};
        float[] pad = new float[37];
        System.arraycopy(a, 0, pad, 30, a.length);
        java.util.Arrays.fill(pad, 0, 30, -1f);
        for (float[] arr : new float[][] {a, pad}) {
            int base = arr == a ? 0 : 30;
            // (double) below < 0.1 < (double) f
            assertEquals(base + 2, Scan.above(arr, 0, arr.length, 0.1));
            assertEquals(base + 2, Scan.atLeast(arr, 0, arr.length, 0.1));
            assertEquals(0, Scan.below(arr, 0, arr.length, 0.1));
            assertEquals(base + 4, Scan.below(arr, base + 2, arr.length, 0.1));
            assertEquals(base + 4, Scan.atMost(arr, base + 2, arr.length, 0.1));
            // a constant that is a float: equality decides
            assertEquals(base + 2, Scan.atLeast(arr, base, arr.length, f));
            assertEquals(arr.length, Scan.above(arr, base, arr.length, f));
            assertEquals(base + 2, Scan.atMost(arr, base + 2, arr.length, f));
        }
        SplittableRandom r = new SplittableRandom(5);
        float[] b = new float[53];
        for (int k = 0; k < b.length; k++) b[k] = (float) (r.nextDouble() * 2 - 1);
        b[7] = Float.NaN;
        for (double c : new double[] {0.1, -0.3, 1e300, -1e300, b[20], Math.nextUp((double) b[20]), Double.NaN}) {
            for (int from = 0; from < b.length; from += 5) {
                final int fr = from;
                String where = "c=" + c + " from " + from;
                assertEquals(first(fr, b.length, i -> b[i] > c), Scan.above(b, fr, b.length, c), "> " + where);
                assertEquals(first(fr, b.length, i -> b[i] >= c), Scan.atLeast(b, fr, b.length, c), ">= " + where);
                assertEquals(first(fr, b.length, i -> b[i] < c), Scan.below(b, fr, b.length, c), "< " + where);
                assertEquals(first(fr, b.length, i -> b[i] <= c), Scan.atMost(b, fr, b.length, c), "<= " + where);
            }
        }
    }

    @Test
    void theVectorVersionIsUsedWhereTheModuleIsPresent() {
        assertEquals(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), Scan.vectorised());
    }

    @Test
    void boundsOfADoubleAsFloats() {
        assertEquals(Math.nextDown(0.1f), Scan.floorFloat(0.1));
        assertEquals(0.1f, Scan.ceilFloat(0.1));
        assertEquals(0.5f, Scan.floorFloat(0.5));
        assertEquals(0.5f, Scan.ceilFloat(0.5));
        assertEquals(Float.MAX_VALUE, Scan.floorFloat(1e300));
        assertEquals(Float.POSITIVE_INFINITY, Scan.ceilFloat(1e300));
    }
}
