package org.snn4j.core.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.neuron.IF;
import org.snn4j.core.neuron.SmoothSpikes;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.core.nn.Add;
import org.snn4j.core.nn.BatchNormConfig;
import org.snn4j.core.nn.Identity;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Residual;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.nn.SewFunction;
import org.snn4j.core.ops.Ops;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/** Residual containers and blocks: hand-computed joins, wiring, and finite-difference gradients. */
class ResidualBlocksTest {
    private static final NeuronOptions LIF = NeuronOptions.of(NeuronOptions.Kind.LIF);

    private static Tensor random(long seed, float lo, float hi, int... shape) {
        Rng rng = new Rng(seed);
        float[] d = new float[(int) Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.uniform(lo, hi);
        }
        return Tensor.of(d, shape);
    }

    /** Gradient check of {@code m} with respect to its input and every parameter, with smooth spikes. */
    private static void gradCheck(Module m, Tensor x) {
        SmoothSpikes.enable(m);
        x.requiresGrad(true);
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(x);
        inputs.addAll(m.parameters());
        // eps 2.5e-3: the truncation error of central differences through BN and the sigmoid spikes is about
        // 0.17 at eps 1e-2 on a gradient of 8.4 and quarters with each halving of eps (0.011 at 2.5e-3)
        GradCheck.Result r = GradCheck.check(in -> m.forward(in[0]), inputs.toArray(new Tensor[0]), 2.5e-3, 3e-3,
                1e-2);
        assertTrue(r.passed(), m + ": " + r);
    }

    @Test
    void residualAddsBranchToIdentityShortcut() {
        Linear lin = new Linear(2, 2, new Rng(1));
        System.arraycopy(new float[] {1, 2, 3, 4}, 0, lin.weight().data(), 0, 4);
        System.arraycopy(new float[] {0.5f, -1}, 0, lin.bias().data(), 0, 2);
        // x = [1, -1]: branch = [1 - 2 + 0.5, 3 - 4 - 1] = [-0.5, -2]; y = x + branch = [0.5, -3]
        Tensor y = new Residual(lin).forward(Tensor.of(new float[] {1, -1}, 1, 1, 2));
        assertArrayEquals(new float[] {0.5f, -3f}, y.data(), 0f);
    }

    @Test
    void residualJoinsSpikesOfAnIfBranchWithTheInput() {
        // x over T=2, one sample, 3 neurons: step 0 [2, 0.5, 1], step 1 [0, 0.7, 3].
        // IF (threshold 1, >=, hard reset to 0): neuron 0 fires at t0 (2), V=0, then 0 < 1;
        // neuron 1: 0.5, then 1.2 fires; neuron 2: 1 fires, then 3 fires. A = [1, 0, 1; 0, 1, 1].
        Tensor x = Tensor.of(new float[] {2, 0.5f, 1, 0, 0.7f, 3}, 2, 1, 3);
        float[] add = new Residual(new IF(), null, SewFunction.ADD, null).forward(x).data();
        float[] and = new Residual(new IF(), null, SewFunction.AND, null).forward(x).data();
        float[] iand = new Residual(new IF(), null, SewFunction.IAND, null).forward(x).data();
        assertArrayEquals(new float[] {3, 0.5f, 2, 0, 1.7f, 4}, add, 1e-6f);   // A + x
        assertArrayEquals(new float[] {2, 0, 1, 0, 0.7f, 3}, and, 0f);         // A * x
        assertArrayEquals(new float[] {0, 0.5f, 0, 0, 0, 0}, iand, 0f);        // (1 - A) * x
    }

    @Test
    void addSumsBranchesInOrder() {
        Linear lin = new Linear(2, 1, new Rng(2));
        System.arraycopy(new float[] {2, -1}, 0, lin.weight().data(), 0, 2);
        lin.bias().data()[0] = 0.25f;
        Linear lin2 = new Linear(2, 1, new Rng(3));
        System.arraycopy(new float[] {1, 1}, 0, lin2.weight().data(), 0, 2);
        lin2.bias().data()[0] = 0f;
        // x = [3, 1]: lin = 6 - 1 + 0.25 = 5.25, lin2 = 4; sum = 9.25
        Tensor y = new Add(lin, lin2).forward(Tensor.of(new float[] {3, 1}, 1, 1, 2));
        assertArrayEquals(new float[] {9.25f}, y.data(), 0f);
        // identity twice: 2x
        Tensor z = new Add(new Identity(), new Identity()).forward(Tensor.of(new float[] {1.5f, -2}, 1, 1, 2));
        assertArrayEquals(new float[] {3f, -4f}, z.data(), 0f);
    }

    @Test
    void addAndResidualGradientsMatchFiniteDifferences() {
        Rng rng = new Rng(5);
        // y = x + L1(x) + L2(SN(x)) nested in a residual with an AND join on a neuron layer: a small DAG
        Module dag = new Residual(new Sequential(new Add(new Identity(), new Linear(3, 3, rng),
                new Sequential(LIF.create(3), new Linear(3, 3, rng))), LIF.create(3)), new Linear(3, 3, rng),
                SewFunction.AND, null);
        gradCheck(dag, random(6, -1, 2, 2, 2, 3));
        // the plain-add form on its own: SN(BN(conv x) + x)
        Module plain = new Residual(new Sequential(new org.snn4j.core.nn.Conv2d(2, 2, 3, 1, 1, 1, 1, false, rng),
                new org.snn4j.core.nn.BatchNorm2d(2)), null, SewFunction.ADD, LIF.create(2));
        gradCheck(plain, random(7, -1, 2, 2, 2, 2, 3, 3));
    }

    @Test
    void tinyResNetsMatchFiniteDifferencesEndToEnd() {
        // stem 1->2, stage 1 (2 channels, 1 block), stage 2 (3 channels, stride 2 with downsample), pool, fc 3->3
        SpikingResNet.Config c = new SpikingResNet.Config(1, 3, new int[] {2, 3}, new int[] {1, 1},
                SpikingResNet.BlockKind.PLAIN, SewFunction.ADD, BatchNormConfig.defaults(), false, LIF);
        gradCheck(SpikingResNet.build(c, new Rng(20)), random(21, -1, 2, 2, 2, 1, 4, 4));
        gradCheck(SpikingResNet.build(c.withSew(SewFunction.IAND).withSpikingOutput(true), new Rng(22)),
                random(23, -1, 2, 2, 2, 1, 4, 4));
    }

    @Test
    void spikingBasicBlockIsPlainAddThenNeuron() {
        Rng rng = new Rng(7);
        SpikingBasicBlock b = new SpikingBasicBlock(2, 3, 2, LIF, BatchNormConfig.defaults(), rng);
        Tensor x = random(8, 0, 3, 2, 2, 2, 4, 4);
        Tensor y = b.forward(x);
        assertArrayEquals(new int[] {2, 2, 3, 2, 2}, y.shape());
        // the same computation from the children: SN(branch(x) + shortcut(x))
        Sequential branch = (Sequential) b.branch();
        Tensor expected = ((SpikingNeuron) b.post()).forward(Ops.add(branch.forward(x), b.shortcut().forward(x)));
        assertArrayEquals(expected.data(), y.data(), 0f);
        assertEquals(5, branch.size()); // conv, BN, SN, conv, BN
        // parameters: 9*2*3 + 9*3*3 + 2*3 + 2*3 (two BN) + 2*3 + 2*3 (1x1 conv, BN) = 54 + 81 + 12 + 6 + 6 = 159
        assertEquals(159, count(b));
        // identity shortcut when channels and stride stay
        assertNull(new SpikingBasicBlock(3, 3, 1, LIF, BatchNormConfig.defaults(), rng).shortcut());
    }

    @Test
    void sewBlockJoinsBranchSpikesWithShortcutSpikes() {
        for (SewFunction g : SewFunction.values()) {
            SewBasicBlock b = new SewBasicBlock(2, 3, 2, g, LIF, BatchNormConfig.defaults(), new Rng(9));
            Tensor x = random(10, 0, 3, 2, 2, 2, 4, 4);
            Tensor y = b.forward(x);
            Tensor a = b.branch().forward(x);
            Tensor s = b.shortcut().forward(x);
            assertTrue(a.isBinary() && s.isBinary(), "both paths end in neurons");
            assertArrayEquals(g.apply(a, s).data(), y.data(), 0f, g.name());
            // 9*2*3 + 9*3*3 + 4*3 + (2*3 + 2*3) = 54 + 81 + 12 + 12 = 159, neurons add nothing for LIF
            assertEquals(159, count(b));
            // six layers in the branch: conv, BN, SN, conv, BN, SN
            assertEquals(6, ((Sequential) b.branch()).size());
        }
    }

    @Test
    void spikingBasicBlockGradients() {
        gradCheck(new SpikingBasicBlock(2, 3, 2, LIF, BatchNormConfig.defaults(), new Rng(11)),
                random(12, -1, 2, 2, 2, 2, 4, 4));
        gradCheck(new SpikingBasicBlock(2, 2, 1, NeuronOptions.of(NeuronOptions.Kind.PLIF), BatchNormConfig.defaults(),
                new Rng(13)), random(14, -1, 2, 2, 2, 2, 3, 3));
    }

    @Test
    void sewBlockGradientsForEachFunction() {
        for (SewFunction g : SewFunction.values()) {
            gradCheck(new SewBasicBlock(2, 3, 2, g, LIF, BatchNormConfig.defaults(), new Rng(15)),
                    random(16, -1, 2, 2, 2, 2, 4, 4));
            // identity shortcut: the block input itself joins the branch spikes
            gradCheck(new SewBasicBlock(2, 2, 1, g, LIF, BatchNormConfig.defaults(), new Rng(17)),
                    random(18, 0, 1, 2, 2, 2, 3, 3));
        }
    }

    @Test
    void mismatchedShortcutIsAClearError() {
        Rng rng = new Rng(19);
        Residual r = new Residual(new Linear(3, 4, rng));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> r.forward(Tensor.zeros(2, 1, 3)));
        assertTrue(e.getMessage().contains("[2, 1, 4]") && e.getMessage().contains("[2, 1, 3]")
                && e.getMessage().contains("downsample"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> new Add(new Identity(), new Linear(3, 2, rng)).forward(Tensor.zeros(1, 1, 3)));
        assertTrue(e2.getMessage().contains("branch 1"), e2.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SpikingBasicBlock(0, 3, 1, LIF, BatchNormConfig.defaults(), rng));
    }

    static long count(Module m) {
        long n = 0;
        for (Tensor p : m.parameters()) {
            n += p.numel();
        }
        return n;
    }
}
