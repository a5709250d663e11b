package org.snn4j.convert;

import java.util.ArrayList;
import java.util.List;

import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Flatten;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.MaxPool2d;
import org.snn4j.core.nn.ReLU;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.ops.Ops;
import org.snn4j.core.optim.Adam;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * A tiny problem for conversion tests: 8x8 images in [0, 1] with uniform noise in [0, 0.3) and one bright
 * pattern at a random place: class 0 a horizontal bar of 4 pixels, class 1 a vertical bar of 4, class 2 a 2x2
 * square (pixels set to 1). The net {@code Conv2d(1, 4, 3, pad 1) - ReLU - MaxPool2d(2) - Conv2d(4, 8, 3, pad 1)
 * - MaxPool2d(2) - ReLU - Flatten - Linear(32, 3)} has both max-pool orders; trained with Adam 1e-2, batch 16.
 */
final class TinyBars {
    private TinyBars() {
    }

    static Batch batch(long seed, int n) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * 64];
        int[] y = new int[n];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < 64; i++) {
                x[s * 64 + i] = rng.uniform(0f, 0.3f);
            }
            int c = rng.nextInt(3);
            y[s] = c;
            int r = rng.nextInt(c == 1 ? 5 : c == 0 ? 8 : 7);
            int q = rng.nextInt(c == 0 ? 5 : c == 1 ? 8 : 7);
            for (int k = 0; k < 4; k++) {
                int rr = c == 0 ? r : c == 1 ? r + k : r + k / 2;
                int qq = c == 0 ? q + k : c == 1 ? q : q + k % 2;
                x[s * 64 + rr * 8 + qq] = 1f;
            }
        }
        return new Batch(Tensor.of(x, n, 1, 8, 8), y);
    }

    static Sequential net(Rng rng) {
        return new Sequential(new Conv2d(1, 4, 3, 1, 1, 1, 1, true, rng), new ReLU(), new MaxPool2d(2),
                new Conv2d(4, 8, 3, 1, 1, 1, 1, true, rng), new MaxPool2d(2), new ReLU(), new Flatten(1),
                new Linear(32, 3, rng));
    }

    private static Sequential trained;

    /** The net trained for 150 steps (shared by the tests; do not change it). */
    static synchronized Sequential trained() {
        if (trained == null) {
            Sequential net = net(new Rng(21));
            Adam opt = new Adam(net.namedParameters(), 1e-2f);
            for (int step = 0; step < 150; step++) {
                Batch b = batch(1000 + step, 16);
                net.zeroGrad();
                Ops.crossEntropy(net.forward(b.x()), b.labels()).backward();
                opt.step();
            }
            trained = net;
        }
        return trained;
    }

    static List<Batch> test() {
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            out.add(batch(5000 + i, 50));
        }
        return out;
    }
}
