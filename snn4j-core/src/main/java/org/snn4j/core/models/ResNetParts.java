package org.snn4j.core.models;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.snn4j.core.nn.BatchNorm2d;
import org.snn4j.core.nn.BatchNormConfig;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.util.Rng;

/** Argument checks and layer stacks shared by the residual blocks. */
final class ResNetParts {
    private ResNetParts() {
    }

    static void check(String block, int in, int out, int stride) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException(block + ": channel counts must be positive, got in=" + in
                    + " out=" + out);
        }
        if (stride <= 0) {
            throw new IllegalArgumentException(block + ": stride must be positive, got " + stride);
        }
    }

    /**
     * The residual branch {@code conv3x3(in, out, stride) - BN - mid - conv3x3(out, out) - BN [- tail]}
     * (convolutions without bias, padding 1), its layers built, and the convolutions drawn from {@code rng},
     * in that order.
     *
     * @param tail the layer after the second BN, or null for none
     */
    static Sequential branch(int in, int out, int stride, BatchNormConfig bn, Rng rng, Supplier<? extends Module> mid,
            Supplier<? extends Module> tail) {
        List<Module> layers = new ArrayList<>();
        layers.add(new Conv2d(in, out, 3, stride, 1, 1, 1, false, rng));
        layers.add(new BatchNorm2d(out, bn));
        layers.add(mid.get());
        layers.add(new Conv2d(out, out, 3, 1, 1, 1, 1, false, rng));
        layers.add(new BatchNorm2d(out, bn));
        if (tail != null) {
            layers.add(tail.get());
        }
        return new Sequential(layers.toArray(new Module[0]));
    }

    /**
     * The downsample shortcut {@code conv1x1(in, out, stride) - BN [- tail]} (no bias) when
     * {@code stride != 1 || in != out}, else null (the identity).
     *
     * @param tail the layer after the BN, or null for none
     */
    static Sequential downsample(int in, int out, int stride, BatchNormConfig bn, Rng rng,
            Supplier<? extends Module> tail) {
        if (stride == 1 && in == out) {
            return null;
        }
        Conv2d conv = new Conv2d(in, out, 1, stride, 0, 1, 1, false, rng);
        BatchNorm2d norm = new BatchNorm2d(out, bn);
        return tail == null ? new Sequential(conv, norm) : new Sequential(conv, norm, tail.get());
    }
}
