package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;

/** Batch norm through time: hand-computed statistics, running statistics, gradients, folding. */
class BatchNormTest {
    private static final double EPS = 1e-5;

    private static Tensor random(long seed, float lo, float hi, int... shape) {
        Rng rng = new Rng(seed);
        float[] d = new float[(int) Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.uniform(lo, hi);
        }
        return Tensor.of(d, shape).requiresGrad(true);
    }

    private static void randomize(Tensor p, long seed, float lo, float hi) {
        Rng rng = new Rng(seed);
        for (int i = 0; i < p.storedNumel(); i++) {
            p.data()[i] = rng.uniform(lo, hi);
        }
    }

    private static float n(double x, double mean, double var) {
        return (float) ((x - mean) / Math.sqrt(var + EPS));
    }

    @Test
    void batchNorm1dStatisticsOverTimeAndBatchAndRunningStatisticsAfterTwoSteps() {
        BatchNorm1d bn = new BatchNorm1d(2);
        // [T=2, B=1, F=2]; feature 0 takes 1, 3 (mean 2, biased var 1), feature 1 takes 2, 2 (mean 2, var 0)
        Tensor y = bn.forward(Tensor.of(new float[] {1, 2, 3, 2}, 2, 1, 2));
        assertArrayEquals(new float[] {n(1, 2, 1), 0, n(3, 2, 1), 0}, y.data(), 1e-6f);
        // running_mean = 0.9*0 + 0.1*2 = 0.2; running_var = 0.9*1 + 0.1*unbiased var (1*2/1 = 2, resp. 0)
        assertArrayEquals(new float[] {0.2f, 0.2f}, bn.runningMean().data(), 1e-7f);
        assertArrayEquals(new float[] {1.1f, 0.9f}, bn.runningVar().data(), 1e-7f);
        // second batch: feature 0 takes 5, 9 (mean 7, unbiased var 8), feature 1 takes -1, 1 (mean 0, unbiased 2)
        bn.forward(Tensor.of(new float[] {5, -1, 9, 1}, 2, 1, 2));
        // running_mean = 0.9*0.2 + 0.1*7 = 0.88 and 0.9*0.2 + 0 = 0.18
        // running_var = 0.9*1.1 + 0.1*8 = 1.79 and 0.9*0.9 + 0.1*2 = 1.01
        assertArrayEquals(new float[] {0.88f, 0.18f}, bn.runningMean().data(), 1e-6f);
        assertArrayEquals(new float[] {1.79f, 1.01f}, bn.runningVar().data(), 1e-6f);
        // evaluation uses the running statistics, with gamma and beta
        System.arraycopy(new float[] {2, -1}, 0, bn.weight().data(), 0, 2);
        System.arraycopy(new float[] {0.5f, 0}, 0, bn.bias().data(), 0, 2);
        bn.train(false);
        Tensor e = bn.forward(Tensor.of(new float[] {1, 1}, 1, 1, 2));
        assertArrayEquals(new float[] {2 * n(1, 0.88, 1.79) + 0.5f, -n(1, 0.18, 1.01)}, e.data(), 1e-6f);
        // evaluation leaves the running statistics alone
        assertArrayEquals(new float[] {0.88f, 0.18f}, bn.runningMean().data(), 1e-6f);
    }

    @Test
    void batchNorm2dPerChannelOverTimeBatchAndSpace() {
        BatchNorm2d bn = new BatchNorm2d(2);
        // [T=2, B=1, C=2, H=1, W=2]: channel 0 holds 1, 2 (t0) and 3, 4 (t1): mean 2.5, biased var 1.25;
        // channel 1 holds 7 everywhere: var 0
        Tensor x = Tensor.of(new float[] {1, 2, 7, 7, 3, 4, 7, 7}, 2, 1, 2, 1, 2);
        Tensor y = bn.forward(x);
        float a = n(1, 2.5, 1.25), b = n(2, 2.5, 1.25);
        assertArrayEquals(new float[] {a, b, 0, 0, -b, -a, 0, 0}, y.data(), 1e-6f);
        // unbiased var with M = T*B*H*W = 4: 1.25*4/3; running_var = 0.9 + 0.1*5/3
        assertArrayEquals(new float[] {0.9f + 0.5f / 3, 0.9f}, bn.runningVar().data(), 1e-6f);
        assertArrayEquals(new float[] {0.25f, 0.7f}, bn.runningMean().data(), 1e-6f);
    }

    @Test
    void tdBnScalesTheNormalisedValueByAlphaTimesVth() {
        BatchNorm2d bn = BatchNorm2d.tdBN(2, 0.5, 0.4);
        System.arraycopy(new float[] {2, 1}, 0, bn.weight().data(), 0, 2);
        System.arraycopy(new float[] {0.1f, -0.3f}, 0, bn.bias().data(), 0, 2);
        Tensor y = bn.forward(Tensor.of(new float[] {1, 2, 7, 7, 3, 4, 7, 7}, 2, 1, 2, 1, 2));
        // y = gamma * (alpha*vth = 0.2) * xhat + beta
        float a = 0.4f * n(1, 2.5, 1.25) + 0.1f, b = 0.4f * n(2, 2.5, 1.25) + 0.1f;
        float c = 0.4f * n(3, 2.5, 1.25) + 0.1f, d = 0.4f * n(4, 2.5, 1.25) + 0.1f;
        assertArrayEquals(new float[] {a, b, -0.3f, -0.3f, c, d, -0.3f, -0.3f}, y.data(), 1e-6f);
        assertTrue(bn.toString().startsWith("tdBN2d"), bn.toString());
    }

    @Test
    void bnttHasStatisticsAndGammaPerStep() {
        BatchNormThroughTime bn = new BatchNormThroughTime(2, 1);
        assertNull(bn.bias());
        assertArrayEquals(new int[] {2, 1}, bn.weight().shape());
        System.arraycopy(new float[] {2, 3}, 0, bn.weight().data(), 0, 2);
        // [T=2, B=2, F=1]: t0 holds 1, 3 (mean 2, var 1); t1 holds 10, 20 (mean 15, var 25)
        Tensor y = bn.forward(Tensor.of(new float[] {1, 3, 10, 20}, 2, 2, 1));
        assertArrayEquals(new float[] {2 * n(1, 2, 1), 2 * n(3, 2, 1), 3 * n(10, 15, 25), 3 * n(20, 15, 25)}, y.data(),
                1e-6f);
        // per-step running statistics: mean 0.1*2, 0.1*15; var 0.9 + 0.1*2, 0.9 + 0.1*50 (unbiased, B = 2)
        assertArrayEquals(new float[] {0.2f, 1.5f}, bn.runningMean().data(), 1e-6f);
        assertArrayEquals(new float[] {1.1f, 5.9f}, bn.runningVar().data(), 1e-6f);
        bn.train(false);
        Tensor e = bn.forward(Tensor.of(new float[] {0, 0, 1, 1}, 2, 2, 1));
        assertArrayEquals(new float[] {2 * n(0, 0.2, 1.1), 2 * n(0, 0.2, 1.1), 3 * n(1, 1.5, 5.9), 3 * n(1, 1.5, 5.9)},
                e.data(), 1e-6f);
        IllegalArgumentException wrongT = assertThrows(IllegalArgumentException.class,
                () -> bn.forward(Tensor.zeros(3, 2, 1)));
        assertTrue(wrongT.getMessage().contains("2 time steps") && wrongT.getMessage().contains("[3, 2, 1]"),
                wrongT.getMessage());
    }

    private static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, inputs, 1e-2, 2e-3, 1e-2);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void trainingGradientsOfInputGammaAndBeta() {
        BatchNorm2d bn2 = new BatchNorm2d(3);
        randomize(bn2.weight(), 1, 0.5f, 1.5f);
        randomize(bn2.bias(), 2, -0.5f, 0.5f);
        check(a -> bn2.forward(a[0]), random(3, -1, 2, 3, 2, 3, 2, 3), bn2.weight(), bn2.bias());
        BatchNorm1d bn1 = new BatchNorm1d(4);
        randomize(bn1.weight(), 4, 0.5f, 1.5f);
        check(a -> bn1.forward(a[0]), random(5, -2, 1, 3, 3, 4), bn1.weight(), bn1.bias());
        BatchNorm2d td = BatchNorm2d.tdBN(2, 1 / Math.sqrt(2), 0.5);
        randomize(td.weight(), 6, 0.5f, 1.5f);
        check(a -> td.forward(a[0]), random(7, -1, 1, 2, 3, 2, 2, 2), td.weight(), td.bias());
        BatchNormThroughTime bntt = new BatchNormThroughTime(3, 2, BatchNormConfig.defaults(), true);
        randomize(bntt.weight(), 8, 0.5f, 1.5f);
        randomize(bntt.bias(), 9, -0.5f, 0.5f);
        check(a -> bntt.forward(a[0]), random(10, -1, 1, 3, 4, 2, 2, 2), bntt.weight(), bntt.bias());
        check(a -> bntt.forward(a[0]), random(11, -1, 1, 3, 5, 2), bntt.weight(), bntt.bias());
    }

    @Test
    void evaluationGradients() {
        BatchNorm2d bn = new BatchNorm2d(2);
        randomize(bn.weight(), 1, 0.5f, 1.5f);
        randomize(bn.bias(), 2, -0.5f, 0.5f);
        randomize(bn.runningMean(), 3, -0.5f, 0.5f);
        randomize(bn.runningVar(), 4, 0.5f, 2f);
        bn.train(false);
        check(a -> bn.forward(a[0]), random(5, -1, 1, 2, 2, 2, 3, 3), bn.weight(), bn.bias());
        // by hand: dx = g * gamma / sqrt(running_var + eps)
        Tensor x = random(6, -1, 1, 1, 1, 2, 1, 1);
        bn.zeroGrad();
        bn.forward(x).backward(Tensor.full(1f, 1, 1, 2, 1, 1));
        for (int c = 0; c < 2; c++) {
            assertEquals(bn.weight().data()[c] / Math.sqrt(bn.runningVar().data()[c] + EPS), x.grad().data()[c], 1e-6);
        }
    }

    @Test
    void timeStaticInputMatchesItsMaterialisedSequence() {
        BatchNorm2d a = new BatchNorm2d(3);
        BatchNorm2d b = new BatchNorm2d(3);
        randomize(a.weight(), 1, 0.5f, 1.5f);
        randomize(b.weight(), 1, 0.5f, 1.5f);
        Tensor step = random(2, -1, 1, 2, 3, 2, 2);
        Tensor ys = a.forward(Tensor.repeatTime(step, 4));
        assertTrue(ys.isTimeStatic());
        Tensor leaf = random(2, -1, 1, 2, 3, 2, 2);
        Tensor yf = b.forward(Tensor.repeatTime(leaf, 4).materialize());
        assertArrayEquals(yf.data(), ys.toArray(), 1e-6f);
        // the running variance counts all T copies: M = 4*2*2*2
        assertArrayEquals(b.runningVar().data(), a.runningVar().data(), 1e-7f);
        Tensor g = random(3, -1, 1, 4, 2, 3, 2, 2);
        ys.backward(g.sumOverTime());
        yf.backward(g.detach());
        assertArrayEquals(leaf.grad().data(), step.grad().data(), 1e-5f);
        assertArrayEquals(b.weight().grad().data(), a.weight().grad().data(), 1e-5f);
        assertArrayEquals(b.bias().grad().data(), a.bias().grad().data(), 1e-5f);
        // BNTT expands a static input: each step has its own gamma
        BatchNormThroughTime bntt = new BatchNormThroughTime(4, 3);
        assertFalse(bntt.forward(Tensor.repeatTime(step.detach(), 4)).isTimeStatic());
    }

    @Test
    void layoutsAgree() {
        // BatchNorm1d on [T, B, C, L] normalises per channel over T*B*L, as BatchNorm2d on [T, B, C, L, 1]
        Tensor x = random(1, -1, 1, 2, 3, 4, 5);
        BatchNorm1d one = new BatchNorm1d(4);
        BatchNorm2d two = new BatchNorm2d(4);
        assertArrayEquals(two.forward(x.detach().reshape(2, 3, 4, 5, 1)).data(), one.forward(x.detach()).data(), 0f);
        assertArrayEquals(two.runningVar().data(), one.runningVar().data(), 0f);
        // [N, F] is the flattened [T, B, F]
        BatchNorm1d flat = new BatchNorm1d(5);
        BatchNorm1d seq = new BatchNorm1d(5);
        Tensor z = random(2, -1, 1, 3, 4, 5);
        assertArrayEquals(seq.forward(z.detach()).data(), flat.forward(z.detach().reshape(12, 5)).data(), 0f);
        // evaluation keeps a time-static input time-static
        two.train(false);
        Tensor st = two.forward(Tensor.repeatTime(random(3, -1, 1, 3, 4, 2, 2).detach(), 5));
        assertTrue(st.isTimeStatic());
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        int before = Parallel.threads();
        try {
            List<float[]> runs = new java.util.ArrayList<>();
            for (int k = 1; k <= 2; k++) {
                Parallel.setThreads(k);
                BatchNorm2d bn = new BatchNorm2d(16);
                randomize(bn.weight(), 1, 0.5f, 1.5f);
                // 8*16 rows of 16*8*8 values: 4 chunks of 32 rows
                Tensor x = random(2, -1, 3, 8, 16, 16, 8, 8);
                Tensor y = bn.forward(x);
                y.backward(random(3, -1, 1, 8, 16, 16, 8, 8).detach());
                runs.add(y.data());
                runs.add(x.grad().data());
                runs.add(bn.weight().grad().data());
                runs.add(bn.runningVar().data());
            }
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(runs.get(i), runs.get(4 + i), 0f);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void foldedLinearEqualsLinearFollowedByBatchNorm() {
        Rng rng = new Rng(5);
        for (BatchNormConfig cfg : new BatchNormConfig[] {BatchNormConfig.defaults(), BatchNormConfig.tdBN(0.7, 1.5)}) {
            for (boolean withBias : new boolean[] {true, false}) {
                Linear fc = new Linear(4, 3, withBias, rng);
                BatchNorm1d bn = new BatchNorm1d(3, cfg);
                randomize(bn.weight(), 6, 0.5f, 1.5f);
                randomize(bn.bias(), 7, -0.5f, 0.5f);
                // running statistics from two training batches
                bn.forward(fc.forward(random(8, -1, 1, 2, 5, 4)));
                bn.forward(fc.forward(random(9, -1, 2, 2, 5, 4)));
                bn.train(false);
                Tensor x = random(10, -1, 1, 3, 2, 4);
                Tensor ref = bn.forward(fc.forward(x));
                BatchNormFolding.Folded f = BatchNormFolding.fold(fc.weight().data(),
                        withBias ? fc.bias().data() : null, 3, bn);
                Tensor folded = Linear.apply(x, Tensor.of(f.weight(), 3, 4), Tensor.of(f.bias(), 3));
                assertArrayEquals(ref.data(), folded.data(), 1e-5f, cfg + " bias=" + withBias);
            }
        }
        // by hand, one output: W' = 2 * 3/sqrt(4 + eps) ... with eps = 0: W' = 3, b' = 0.5 + (1 - 2)*1.5 = -1
        BatchNormFolding.Folded h = BatchNormFolding.fold(new float[] {2}, new float[] {1}, 1, new float[] {3},
                new float[] {0.5f}, new float[] {2}, new float[] {4}, 0, 1);
        assertArrayEquals(new float[] {3}, h.weight(), 0f);
        assertArrayEquals(new float[] {-1}, h.bias(), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchNormFolding.fold(new float[8], null, 2, new BatchNormThroughTime(2, 2)));
        assertTrue(e.getMessage().contains("per time step"), e.getMessage());
    }

    @Test
    void buffersAreListedAndErrorsNameTheShape() {
        Sequential net = new Sequential(new BatchNorm2d(2), new BatchNorm1d(3));
        assertEquals(List.of("0.running_mean", "0.running_var", "1.running_mean", "1.running_var"),
                List.copyOf(net.namedBuffers().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), List.copyOf(net.namedParameters().keySet()));
        IllegalArgumentException ch = assertThrows(IllegalArgumentException.class,
                () -> new BatchNorm2d(4).forward(Tensor.zeros(2, 2, 3, 2, 2)));
        assertTrue(ch.getMessage().contains("4 channels") && ch.getMessage().contains("[2, 2, 3, 2, 2]"), ch.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> new BatchNorm1d(3).forward(Tensor.zeros(1, 1, 3)));
        assertTrue(one.getMessage().contains("more than one value"), one.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> new BatchNorm2d(3).forward(Tensor.zeros(2, 3)));
        assertTrue(rank.getMessage().contains("[2, 3]"), rank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BatchNormConfig.defaults().withMomentum(0));
        assertTrue(Arrays.equals(new int[] {3}, new BatchNorm1d(3).runningVar().shape()));
    }
}
