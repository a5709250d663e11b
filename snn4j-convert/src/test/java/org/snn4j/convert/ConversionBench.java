package org.snn4j.convert;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.snn4j.core.models.Activation;
import org.snn4j.core.models.AnnModels;
import org.snn4j.core.models.NeuronOptions;
import org.snn4j.core.models.SpikingVgg;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.ops.Ops;
import org.snn4j.core.optim.Adam;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * Trains a small ANN on a Fashion-MNIST subset, converts it and prints the SNN accuracy over T (not a unit test).
 * Arguments: {@code arch (vgg|vggmax|resnet8) activation (relu | qcfs:L=4,lambda=4) trainN epochs testN T width
 * [offset]}; {@code vgg} is {@link AnnModels#vgg28} (average pooling), {@code vggmax} the same layers with max
 * pooling ({@code conv-BN-act-MP2} stages). Data from {@code $SNN4J_DATA} or
 * {@code /usr/share/datasets/fashion-mnist}; {@code -Dsnn4j.threads=N} sets the thread count.
 */
public final class ConversionBench {
    public static void main(String[] a) throws IOException {
        String arch = a.length > 0 ? a[0] : "vgg";
        Activation act = Activation.parse(a.length > 1 ? a[1] : "relu");
        int trainN = a.length > 2 ? Integer.parseInt(a[2]) : 6000;
        int epochs = a.length > 3 ? Integer.parseInt(a[3]) : 1;
        int testN = a.length > 4 ? Integer.parseInt(a[4]) : 1000;
        int steps = a.length > 5 ? Integer.parseInt(a[5]) : 32;
        double width = a.length > 6 ? Double.parseDouble(a[6]) : 0.25;
        float offset = a.length > 7 ? Float.parseFloat(a[7]) : (act.kind() == Activation.Kind.QCFS ? 0.5f : 0f);
        Path dir = Path.of(System.getenv().getOrDefault("SNN4J_DATA", "/usr/share/datasets/fashion-mnist"));
        float[] trainX = images(dir.resolve("train-images-idx3-ubyte.gz"), trainN);
        int[] trainY = labels(dir.resolve("train-labels-idx1-ubyte.gz"), trainN);
        float[] testX = images(dir.resolve("t10k-images-idx3-ubyte.gz"), testN);
        int[] testY = labels(dir.resolve("t10k-labels-idx1-ubyte.gz"), testN);
        Rng rng = new Rng(1);
        Sequential ann;
        if (arch.equals("vggmax")) {
            SpikingVgg.Config c = SpikingVgg.Config.small28(1, 10, NeuronOptions.of(NeuronOptions.Kind.IF))
                    .withWidth(width).withPooling(SpikingVgg.Pooling.MAX);
            ann = AnnModels.vgg(c.withClassifier(c.hidden(), 0), act, rng);
        } else {
            ann = arch.equals("vgg") ? AnnModels.vgg28(1, 10, width, act, rng)
                    : AnnModels.resnet(8, 1, 10, width, act, rng);
        }
        Adam opt = new Adam(ann.namedParameters(), 1e-3f);
        int bs = 64;
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            int[] perm = new Rng(100 + e).permutation(trainN);
            for (int s = 0; s + bs <= trainN; s += bs) {
                float[] x = new float[bs * 784];
                int[] y = new int[bs];
                for (int i = 0; i < bs; i++) {
                    System.arraycopy(trainX, perm[s + i] * 784, x, i * 784, 784);
                    y[i] = trainY[perm[s + i]];
                }
                ann.zeroGrad();
                Ops.crossEntropy(ann.forward(Tensor.of(x, bs, 1, 28, 28)), y).backward();
                opt.step();
            }
        }
        double trainS = (System.nanoTime() - t0) / 1e9;
        List<Batch> test = batches(testX, testY, 100);
        double annAcc = Converter.annAccuracy(ann, test);
        List<Tensor> cal = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            float[] x = new float[64 * 784];
            System.arraycopy(trainX, i * 64 * 784, x, 0, x.length);
            cal.add(Tensor.of(x, 64, 1, 28, 28));
        }
        System.out.printf("%s %s width %.2f: trained %d images x %d epochs in %.1f s; ANN test accuracy %.4f (%d images)%n",
                arch, act, width, trainN, epochs, trainS, annAcc, testN);
        List<ConversionConfig> cfgs = new ArrayList<>(List.of(
                ConversionConfig.defaults().withMembraneOffset(offset),
                ConversionConfig.defaults().withPerChannel(true).withMembraneOffset(offset),
                ConversionConfig.defaults().withNormalization(Normalization.DATA_MAX).withMembraneOffset(offset)));
        if (arch.equals("vggmax")) {
            cfgs.add(ConversionConfig.defaults().withMaxPoolGate(MaxPoolGate.SPIKE_COUNT).withMembraneOffset(offset));
        }
        cfgs.add(ConversionConfig.defaults().withInput(InputEncoding.poisson(1)).withMembraneOffset(offset));
        for (ConversionConfig cfg : cfgs) {
            long c0 = System.nanoTime();
            ConvertedNetwork snn = Converter.convert(ann, cal, cfg);
            double[] acc = Converter.evaluate(snn, batches(testX, testY, 25), steps);
            StringBuilder sb = new StringBuilder();
            for (int t = 1; t <= steps; t *= 2) {
                sb.append(String.format(" T=%d %.4f", t, acc[t - 1]));
            }
            System.out.printf("  %s%s, offset %.1f%s%s:%s (%.1f s)%n", cfg.normalization(),
                    cfg.perChannel() ? " per channel" : "", offset,
                    cfg.maxPoolGate() == MaxPoolGate.SPIKE_COUNT ? ", spike-count pool gate" : "",
                    cfg.input().kind() == InputEncoding.Kind.POISSON ? ", " + cfg.input() + " input" : "", sb,
                    (System.nanoTime() - c0) / 1e9);
        }
    }

    private static List<Batch> batches(float[] x, int[] y, int bs) {
        List<Batch> out = new ArrayList<>();
        for (int s = 0; s + bs <= y.length; s += bs) {
            float[] xb = new float[bs * 784];
            System.arraycopy(x, s * 784, xb, 0, xb.length);
            out.add(new Batch(Tensor.of(xb, bs, 1, 28, 28), java.util.Arrays.copyOfRange(y, s, s + bs)));
        }
        return out;
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream in = new GZIPInputStream(Files.newInputStream(p));
        return new DataInputStream(new java.io.BufferedInputStream(in));
    }

    private static float[] images(Path p, int n) throws IOException {
        try (DataInputStream in = open(p)) {
            in.readInt();
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n > count || rows != 28 || cols != 28) {
                throw new IOException(p + ": " + count + " images of " + rows + "x" + cols + ", need " + n + " of 28x28");
            }
            byte[] b = new byte[n * 784];
            in.readFully(b);
            float[] x = new float[b.length];
            for (int i = 0; i < b.length; i++) {
                x[i] = (b[i] & 0xff) / 255f;
            }
            return x;
        }
    }

    private static int[] labels(Path p, int n) throws IOException {
        try (DataInputStream in = open(p)) {
            in.readInt();
            in.readInt();
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = in.readUnsignedByte();
            }
            return y;
        }
    }
}
