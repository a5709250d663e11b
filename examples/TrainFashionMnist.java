// A spiking network trained through the Java API, step by step. Run from the repository root:
//   ./snn4j --version >/dev/null   # builds snn4j-cli/target/snn4j.jar on first use
//   java --add-modules jdk.incubator.vector -cp snn4j-cli/target/snn4j.jar examples/TrainFashionMnist.java
// ($JAVA_HOME/bin/java must be Java 25.) Trains 784-500-10 Leaky neurons with rate-coded input for
// one epoch on the first 10,000 Fashion-MNIST images and prints the test accuracy.

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.encode.Decode;
import org.snn4j.core.encode.RateEncoder;
import org.snn4j.core.loss.CeRateLoss;
import org.snn4j.core.metrics.Accuracy;
import org.snn4j.core.neuron.Leaky;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.optim.Adam;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;
import org.snn4j.io.data.Batch;
import org.snn4j.io.data.DataLoader;
import org.snn4j.io.data.DataLocator;
import org.snn4j.io.data.DatasetFiles;
import org.snn4j.io.data.ImageDataset;
import org.snn4j.io.data.Layout;

public class TrainFashionMnist {
    public static void main(String[] args) throws Exception {
        DatasetFiles files = DataLocator.system().locate("fashion-mnist");
        ImageDataset train = files.loadTrain().subset(10_000);
        ImageDataset test = files.loadTest();

        Rng rng = new Rng(42);
        // snnTorch-style Leaky neurons: U[t] = beta*U[t-1] + I[t] - S[t-1]*threshold
        Sequential net = new Sequential(
                new Linear(784, 500, rng), Leaky.builder(0.9f).surrogate("fast_sigmoid:k=25").build(),
                new Linear(500, 10, rng), Leaky.builder(0.9f).surrogate("fast_sigmoid:k=25").build());
        Adam opt = new Adam(net.namedParameters(), 5e-4f, 0.9, 0.999, 1e-8, 0, false);
        RateEncoder encoder = new RateEncoder(1.0, 0.0, 0);   // Poisson spikes, p = pixel intensity
        CeRateLoss loss = new CeRateLoss();
        int steps = 25;

        DataLoader loader = DataLoader.builder(train).batchSize(128).shuffle(true).seed(42).layout(Layout.FLAT).build();
        long step = 0;
        try (DataLoader.Epoch epoch = loader.epoch(0)) {
            for (Batch b : epoch) {
                Tensor spikes = net.forward(encoder.encode(b.x(), steps, step++));
                Tensor l = loss.compute(spikes, b.labels());
                l.backward();
                opt.step();
                opt.zeroGrad();
                if (step % 20 == 0) {
                    System.out.printf("step %d  loss %.4f  batch accuracy %.3f%n", step, l.item(),
                            Accuracy.byRate(spikes, b.labels()));
                }
            }
        }
        int correct = 0;
        try (Autograd.NoGrad off = Autograd.noGrad()) {
            for (int from = 0; from < test.size(); from += 1000) {
                int[] idx = java.util.stream.IntStream.range(from, from + 1000).toArray();
                Batch b = test.batch(idx, Layout.FLAT);
                int[] pred = Decode.predictByCount(net.forward(encoder.encode(b.x(), steps, -1 - from)));
                correct += Accuracy.correct(pred, b.labels());
            }
        }
        System.out.printf("test accuracy %.4f%n", correct / (double) test.size());
    }
}
