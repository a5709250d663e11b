package org.snn4j.core.models;

import java.util.Locale;

import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.SewFunction;
import org.snn4j.core.ops.Ops;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * Quick timing of the model builders (not a test): one training step (forward + backward of {@code sum(out)}) on a
 * batch of static 28x28 images. Run with {@code java --add-modules jdk.incubator.vector
 * -cp target/classes:target/test-classes org.snn4j.core.models.ModelBench [T B]}.
 */
public final class ModelBench {
    private ModelBench() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        Rng rng = new Rng(1);
        float[] img = new float[batch * 28 * 28];
        for (int i = 0; i < img.length; i++) {
            img[i] = rng.nextFloat();
        }
        Tensor x = Tensor.repeatTime(Tensor.of(img, batch, 1, 28, 28), steps);
        NeuronOptions lif = NeuronOptions.of(NeuronOptions.Kind.LIF);
        row("csnn", Csnn.build(new Rng(2)), x);
        row("plifnet-w32", PlifNet.build(PlifNet.Config.paper().withWidth(32), new Rng(3)), x);
        row("vgg-small28-w0.5", SpikingVgg.build(SpikingVgg.Config.small28(1, 10, lif).withWidth(0.5), new Rng(4)),
                x);
        row("resnet8-plain", SpikingResNet.build(SpikingResNet.Config.depth(8, 1, 10, lif), new Rng(5)), x);
        row("resnet8-sew-add", SpikingResNet.build(SpikingResNet.Config.depth(8, 1, 10, lif)
                .withSew(SewFunction.ADD), new Rng(6)), x);
    }

    private static void row(String name, Module m, Tensor x) {
        Runnable step = () -> {
            m.zeroGrad();
            Ops.sum(m.forward(x)).backward();
        };
        for (int i = 0; i < 2; i++) {
            step.run();
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long s = System.nanoTime();
            step.run();
            best = Math.min(best, (System.nanoTime() - s) / 1e6);
        }
        System.out.printf(Locale.ROOT, "%-18s T=%d B=%d  train step %.0f ms  (%.0f samples/s)%n", name, x.size(0),
                x.size(1), best, x.size(1) * 1000.0 / best);
    }
}
