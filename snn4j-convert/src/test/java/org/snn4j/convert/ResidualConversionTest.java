package org.snn4j.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snn4j.core.models.Activation;
import org.snn4j.core.models.AnnModels;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.ReLU;
import org.snn4j.core.nn.Residual;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.nn.SewFunction;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/** Residual networks: the rate of a hand-set two-block network against its closed-form bound. */
class ResidualConversionTest {
    private static Linear linear(float[] w, float[] b) {
        return ConverterTest.linear(2, 2, w, b);
    }

    /*
     * x = [1/8, 1/16] -> L0 -> ReLU -> block 1 -> block 2 -> L5 = identity, all weights and biases >= 0:
     *   L0 = [[.5, .25], [.25, .5]]                 a0 = [.078125, .0625]
     *   block 1: branch L1 = [[.5, 0], [0, .5]], b1 = [1/64, 0] -> ReLU -> L2 = [[.5, .25], [0, .5]]; identity
     *            shortcut; post ReLU               a1 = [.0546875, .03125], p1 = L2 a1 + a0 = [.11328125, .078125]
     *   block 2: branch L3 = [[.5, 0], [0, .5]] -> ReLU -> L4 = [[.25, 0], [.25, .25]]
     *                                               a3 = [.056640625, .0390625],
     *                                               y = p2 = L4 a3 + p1 = [.12744140625, .10205078125]
     * Model-based max from the input range [0, 1/8] (interval arithmetic, the IF outputs in [0, theta]):
     *   theta0 = .75/8 = .09375; theta1 = .5 theta0 + 1/64 = .0625; post 1: .75 theta1 + theta0 = .140625;
     *   theta3 = .5 * .140625 = .0703125; post 2: .5 theta3 + .140625 = .17578125.
     * These bound every step's input (non-negative weights): each IF gets X[t] in [0, theta], so its membrane stays
     * in [0, theta) and its summed output theta*N_t is within [0, theta) below its summed input. The deficits add
     * up through the layers (e_l = W_l e_{l-1} + [0, theta_l), the shortcut passing e of the block input):
     *   E0 = .09375, E1 = .5 E0 + .0625 = .109375, E_post1 = .75 E1 + E0 + .140625 = .31640625,
     *   E3 = .5 E_post1 + .0703125 = .228515625, E_post2 = .5 E3 + E_post1 + .17578125 = .6064453125,
     * so the read-out M_t = sum of the output currents satisfies 0 <= y - M_t/t < .6064453125/t < 1/t at every t.
     * (All values are multiples of 2^-14 below 1: float sums are exact, the bound is checked without slack.)
     */
    private static Sequential twoBlocks() {
        return new Sequential(linear(new float[] {.5f, .25f, .25f, .5f}, null), new ReLU(),
                new Residual(new Sequential(linear(new float[] {.5f, 0, 0, .5f}, new float[] {1f / 64, 0}), new ReLU(),
                        linear(new float[] {.5f, .25f, 0, .5f}, null)), null, SewFunction.ADD, new ReLU()),
                new Residual(new Sequential(linear(new float[] {.5f, 0, 0, .5f}, null), new ReLU(),
                        linear(new float[] {.25f, 0, .25f, .25f}, null)), null, SewFunction.ADD, new ReLU()),
                linear(new float[] {1, 0, 0, 1}, null));
    }

    @Test
    void twoBlockRateIsWithinItsBoundOfTheAnn() {
        Sequential ann = twoBlocks();
        Tensor x = Tensor.of(new float[] {.125f, .0625f}, 1, 2);
        float[] y = ann.forward(x).data();
        assertArrayEquals(new float[] {.12744140625f, .10205078125f}, y, 0f);
        ConvertedNetwork snn = Converter.convert(ann, List.of(x),
                ConversionConfig.defaults().withNormalization(Normalization.MODEL_MAX));
        Map<String, float[]> th = snn.thresholds();
        assertEquals(List.of("1", "2.branch.1", "2.post", "3.branch.1", "3.post"), List.copyOf(th.keySet()));
        float[] expect = {.09375f, .0625f, .140625f, .0703125f, .17578125f};
        int i = 0;
        for (float[] v : th.values()) {
            assertArrayEquals(new float[] {expect[i++]}, v, 0f);
        }
        int steps = 2000;
        float[] out = snn.run(x, steps).data();
        for (int k = 0; k < 2; k++) {
            double m = 0;
            for (int t = 1; t <= steps; t++) {
                m += out[(t - 1) * 2 + k];
                double gap = y[k] - m / t;
                assertTrue(gap >= 0 && gap < .6064453125 / t, "output " + k + " t " + t + ": gap " + gap);
            }
            assertEquals(y[k], m / steps, 1.0 / steps);
        }
    }

    @Test
    void resnetRebuiltFromItsThresholdsIsTheSameNetwork() {
        // ResNet-8 (BN folded, three plain-add blocks), per-channel data max: the thresholds saved with the
        // network rebuild it from the ANN alone, bitwise
        Sequential ann = AnnModels.resnet(8, 1, 10, 0.25, Activation.relu(), new Rng(2));
        Rng rng = new Rng(3);
        float[] v = new float[2 * 784];
        for (int j = 0; j < v.length; j++) {
            v[j] = rng.uniform(0f, 1f);
        }
        Tensor cal = Tensor.of(v, 2, 1, 28, 28);
        ann.forward(cal); // move the BN running statistics
        ConversionConfig cfg = ConversionConfig.defaults().withNormalization(Normalization.DATA_MAX)
                .withPerChannel(true);
        ConvertedNetwork a = Converter.convert(ann, List.of(cal), cfg);
        ConvertedNetwork b = Converter.convert(ann, new int[] {1, 28, 28}, a.thresholds(), ConversionConfig.defaults());
        assertEquals(List.copyOf(a.thresholds().keySet()), List.copyOf(b.thresholds().keySet()));
        assertArrayEquals(a.run(cal, 6).data(), b.run(cal, 6).data(), 0f);
    }
}
