package org.snn4j.core.nn;

import java.util.Locale;

import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/**
 * Quick timing of the CNN layers (not a test): forward + backward on one {@code [T, B, C, H, W]} activation
 * of a small spiking CNN, against a plain copy of the same array as the memory-traffic floor. Run with
 * {@code java -cp target/classes:target/test-classes org.snn4j.core.nn.CnnLayerBench [T B C H W]}.
 */
public final class CnnLayerBench {
    private CnnLayerBench() {
    }

    /** Minimum milliseconds of {@code reps} runs after 300 ms of warm-up. */
    static double time(Runnable r, int reps) {
        long until = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < until) {
            r.run();
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - s) / 1e6);
        }
        return best; // the machine is shared: the minimum says most about the code
    }

    private static void row(String name, Module m, Tensor x, Tensor gradLike) {
        double fwd = time(() -> m.forward(x), 30);
        Tensor probe = m.forward(x);
        Tensor g = Tensor.of(new float[probe.storedNumel()], probe.isTimeStatic()
                ? java.util.Arrays.copyOfRange(probe.shape(), 1, probe.rank()) : probe.shape());
        double both = time(() -> {
            x.zeroGrad();
            m.forward(x).backward(g);
        }, 30);
        System.out.printf(Locale.ROOT, "%-34s forward %7.2f ms   forward+backward %7.2f ms%n", name, fwd, both);
    }

    public static void main(String[] args) {
        int[] s = args.length == 5 ? java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {4, 16, 32, 32, 32};
        int n = (int) Tensor.numel(s);
        Rng rng = new Rng(1);
        float[] cur = new float[n];
        byte[] spk = new byte[n];
        for (int i = 0; i < n; i++) {
            cur[i] = rng.uniform(-1, 1);
            spk[i] = (byte) (rng.nextFloat() < 0.15f ? 1 : 0);
        }
        System.out.printf(Locale.ROOT, "shape %s (%d elements, %.1f MB float), %d threads%n",
                java.util.Arrays.toString(s), n, n * 4 / 1e6, Parallel.threads());
        float[] dst = new float[n];
        System.out.printf(Locale.ROOT, "%-34s %7.2f ms%n", "copy (floor)", time(() -> System.arraycopy(cur, 0, dst, 0, n), 10));
        Tensor x = Tensor.of(cur, s).requiresGrad(true);
        Tensor spikes = Tensor.ofSpikes(spk, s).requiresGrad(true);
        row("BatchNorm2d (train)", new BatchNorm2d(s[2]), x, null);
        row("BatchNormThroughTime (train)", new BatchNormThroughTime(s[0], s[2]), x, null);
        row("MaxPool2d(2) on currents", new MaxPool2d(2), x, null);
        row("MaxPool2d(2) on byte spikes", new MaxPool2d(2), spikes, null);
        row("AvgPool2d(2) on currents", new AvgPool2d(2), x, null);
        row("AvgPool2d(2) on byte spikes", new AvgPool2d(2), spikes, null);
        row("SpikingMaxPool2d(2) byte spikes", new SpikingMaxPool2d(2), spikes, null);
        row("AdaptiveAvgPool2d(1)", new AdaptiveAvgPool2d(1), x, null);
        row("Dropout(0.2)", new Dropout(0.2, 1), x, null);
    }
}
