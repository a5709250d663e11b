package org.snn4j.core.efficiency;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.models.Csnn;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * Efficiency report of the tutorial CSNN (untrained, random 28x28 images, direct encoding) and of the ANN with
 * the same convolutions and linear layer (ReLU in place of the neurons, one step), with the energy table, and
 * the forward time with and without a collector attached (not a test). Run with {@code java --add-modules
 * jdk.incubator.vector -cp target/classes:target/test-classes org.snn4j.core.efficiency.EfficiencyBench [T B]}.
 */
public final class EfficiencyBench {
    private EfficiencyBench() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        Rng rng = new Rng(1);
        float[] img = new float[batch * 28 * 28];
        for (int i = 0; i < img.length; i++) {
            img[i] = rng.nextFloat() < 0.8f ? 0f : rng.nextFloat(); // MNIST-like: most pixels 0
        }
        Sequential snn = Csnn.build(new Rng(2));
        // the ANN shares the SNN's connection layers: conv, pool, ReLU, conv, pool, ReLU, flatten, linear
        Sequential ann = new Sequential(snn.get(0), snn.get(1), new MetricsCollectorTest.ReLU(), snn.get(3),
                snn.get(4), new MetricsCollectorTest.ReLU(), snn.get(6), snn.get(7));
        Tensor xs = Tensor.repeatTime(Tensor.of(img, batch, 1, 28, 28), steps);
        Tensor xa = Tensor.of(img.clone(), 1, batch, 1, 28, 28);
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            EfficiencyReport rs = measure(snn, xs);
            EfficiencyReport ra = measure(ann, xa);
            System.out.println("SNN (CSNN, T=" + steps + ")");
            System.out.print(rs.table());
            System.out.println("ANN (same weights, ReLU)");
            System.out.print(ra.table());
            Map<String, OpCounts> ops = new LinkedHashMap<>();
            ops.put("ann", ra.opCounts());
            ops.put("snn T=" + steps, rs.opCounts());
            System.out.print(EnergyEstimate.compare(ops, EnergyProfile.horowitz45nm(), MemoryAccessCost.SRAM_32KB));
            time("snn forward", snn, xs);
        }
    }

    private static EfficiencyReport measure(Module m, Tensor x) {
        try (MetricsCollector mc = MetricsCollector.attach(m)) {
            mc.forward(x);
            return mc.report();
        }
    }

    /** Best of 10 alternating rounds each, after 5 warm-up rounds. */
    private static void time(String name, Module m, Tensor x) {
        double plain = Double.MAX_VALUE;
        double observed = Double.MAX_VALUE;
        for (int round = 0; round < 15; round++) {
            double p = ms(() -> m.call(x));
            double o;
            try (MetricsCollector mc = MetricsCollector.attach(m)) {
                o = ms(() -> mc.forward(x));
            }
            if (round >= 5) {
                plain = Math.min(plain, p);
                observed = Math.min(observed, o);
            }
        }
        System.out.printf(Locale.ROOT, "%s: %.1f ms plain, %.1f ms with a collector (best of 10)%n", name, plain,
                observed);
    }

    private static double ms(Runnable r) {
        long s = System.nanoTime();
        r.run();
        return (System.nanoTime() - s) / 1e6;
    }
}
