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
        Kernels.setLinearPath(path);
        fc.zeroGrad();
        Tensor in = timeStatic
                ? Tensor.repeatTime(Tensor.of(x.clone(), java.util.Arrays.copyOfRange(shape, 1, shape.length)), shape[0])
                : Tensor.of(x.clone(), shape);
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
