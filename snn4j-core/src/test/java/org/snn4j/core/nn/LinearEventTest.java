package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.kernel.LinearPath;
import org.snn4j.core.kernel.SpikeMatrix;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/** The event-driven Linear path against the dense one on random spike inputs. */
class LinearEventTest {
    @AfterEach
    void restore() {
        Kernels.setLinearPath(LinearPath.AUTO);
    }

    private record Run(float[] y, float[] gw, float[] gb, float[] gx) {
    }

    private static Run run(LinearPath path, Linear fc, float[] x, int[] shape, boolean timeStatic, float[] seed) {
        return run(path, fc, x, shape, timeStatic, seed, false);
    }

    private static Run run(LinearPath path, Linear fc, float[] x, int[] shape, boolean timeStatic, float[] seed,
            boolean bytes) {
        Kernels.setLinearPath(path);
        fc.zeroGrad();
        int[] stepShape = java.util.Arrays.copyOfRange(shape, 1, shape.length);
        Tensor in;
        if (bytes) {
            byte[] b = new byte[x.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (x[i] != 0f ? 1 : 0);
            }
            in = timeStatic ? Tensor.repeatTime(Tensor.ofSpikes(b, stepShape), shape[0]) : Tensor.ofSpikes(b, shape);
        } else {
            in = timeStatic ? Tensor.repeatTime(Tensor.of(x.clone(), stepShape), shape[0]) : Tensor.of(x.clone(), shape);
        }
        in.markBinary().requiresGrad(true);
        Tensor y = fc.forward(in);
        y.backward(Tensor.of(seed.clone(), y.isTimeStatic()
                ? java.util.Arrays.copyOfRange(y.shape(), 1, y.rank()) : y.shape()));
        Tensor gx = timeStatic ? null : in.grad();
        return new Run(y.data().clone(), fc.weight().grad().data().clone(), fc.bias().grad().data().clone(),
                gx == null ? new float[0] : gx.data().clone());
    }

    @Test
    void eventPathMatchesDenseAtSeveralDensities() {
        Rng rng = new Rng(2024);
        int t = 5, b = 8, in = 130, out = 12;
        Linear fc = new Linear(in, out, rng);
        for (double d : new double[] {0.0, 0.02, 0.1, 0.3, 0.8}) {
            float[] x = new float[t * b * in];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextDouble() < d ? 1f : 0f;
            }
            float[] seed = new float[t * b * out];
            for (int i = 0; i < seed.length; i++) {
                seed[i] = rng.uniform(-1, 1);
            }
            Run dense = run(LinearPath.DENSE, fc, x, new int[] {t, b, in}, false, seed);
            Run event = run(LinearPath.EVENT, fc, x, new int[] {t, b, in}, false, seed);
            String where = "density " + d;
            assertArrayEquals(dense.y(), event.y(), 1e-5f, where + " forward");
            assertArrayEquals(dense.gw(), event.gw(), 1e-4f, where + " weight gradient");
            assertArrayEquals(dense.gb(), event.gb(), 0f, where + " bias gradient");
            assertArrayEquals(dense.gx(), event.gx(), 0f, where + " input gradient (dense in both)");
            // auto takes the event path at low density and the dense one above the threshold
            Run auto = run(LinearPath.AUTO, fc, x, new int[] {t, b, in}, false, seed);
            Run expected = d <= SpikeMatrix.maxEventDensity(out) ? event : dense;
            assertArrayEquals(expected.y(), auto.y(), 0f, where + " auto forward");
            assertArrayEquals(expected.gw(), auto.gw(), 0f, where + " auto weight gradient");
        }
    }

    /** Byte-backed spikes (as neuron layers produce) give bitwise the results of the same spikes as floats. */
    @Test
    void byteBackedSpikesMatchFloatSpikes() {
        Rng rng = new Rng(77);
        int t = 4, b = 6, in = 150, out = 11;
        Linear fc = new Linear(in, out, rng);
        for (double d : new double[] {0.0, 0.05, 0.3, 0.9}) {
            float[] x = new float[t * b * in];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextDouble() < d ? 1f : 0f;
            }
            float[] seed = new float[t * b * out];
            for (int i = 0; i < seed.length; i++) {
                seed[i] = rng.uniform(-1, 1);
            }
            for (LinearPath path : LinearPath.values()) {
                for (boolean st : new boolean[] {false, true}) {
                    int[] shape = st ? new int[] {3, b, in} : new int[] {t, b, in};
                    float[] xs = st ? java.util.Arrays.copyOf(x, b * in) : x;
                    float[] sd = st ? java.util.Arrays.copyOf(seed, b * out) : seed;
                    // AUTO may choose differently for bytes (their dense path costs a conversion)
                    LinearPath floatPath = path;
                    if (path == LinearPath.AUTO) {
                        double ones = 0;
                        for (float v : xs) {
                            ones += v;
                        }
                        floatPath = ones / xs.length <= SpikeMatrix.maxEventDensity(out, true) ? LinearPath.EVENT
                                : LinearPath.DENSE;
                    }
                    Run f = run(floatPath, fc, xs, shape, st, sd, false);
                    Run y = run(path, fc, xs, shape, st, sd, true);
                    String where = "density " + d + " " + path + " static=" + st;
                    assertArrayEquals(f.y(), y.y(), 0f, where + " forward");
                    assertArrayEquals(f.gw(), y.gw(), 0f, where + " weight gradient");
                    assertArrayEquals(f.gb(), y.gb(), 0f, where + " bias gradient");
                    assertArrayEquals(f.gx(), y.gx(), 0f, where + " input gradient");
                }
            }
        }
    }

    @Test
    void timeStaticBinaryInput() {
        Rng rng = new Rng(5);
        Linear fc = new Linear(70, 9, rng);
        float[] x = new float[4 * 70];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(6) == 0 ? 1f : 0f;
        }
        float[] seed = new float[4 * 9];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = rng.uniform(-1, 1);
        }
        Run dense = run(LinearPath.DENSE, fc, x, new int[] {3, 4, 70}, true, seed);
        Run event = run(LinearPath.EVENT, fc, x, new int[] {3, 4, 70}, true, seed);
        assertArrayEquals(dense.y(), event.y(), 1e-5f);
        assertArrayEquals(dense.gw(), event.gw(), 1e-5f);
    }
}
