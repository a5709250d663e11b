package org.snn4j.core.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snn4j.core.neuron.Leaky;
import org.snn4j.core.neuron.ParametricLIF;
import org.snn4j.core.nn.Dropout;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.nn.SewFunction;
import org.snn4j.core.nn.VotingLayer;
import org.snn4j.core.ops.Ops;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.surrogate.FastSigmoid;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/** Model builders: parameter counts by hand, shapes, forward + backward, determinism, T-agnostic input. */
class ModelBuildersTest {
    private static final NeuronOptions LIF = NeuronOptions.of(NeuronOptions.Kind.LIF);
    /**
     * LIF with threshold 0.25, for the forward + backward checks: with T = 2 a LIF (tau 2, H = X/2 at the first
     * step) behind a batch norm fires only where X >= 2 at threshold 1, and a silent layer leaves the weights after
     * it without gradient; at 0.25 every layer fires, so every parameter must get a non-zero gradient.
     */
    private static final NeuronOptions ACTIVE = LIF.withThreshold(0.25f);

    static Tensor random(long seed, float lo, float hi, int... shape) {
        Rng rng = new Rng(seed);
        float[] d = new float[(int) Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.uniform(lo, hi);
        }
        return Tensor.of(d, shape);
    }

    static long count(Module m) {
        long n = 0;
        for (Tensor p : m.parameters()) {
            n += p.numel();
        }
        return n;
    }

    /**
     * Runs forward and backward of {@code loss = sum(out * r)} on {@code x} and checks the output shape and that
     * every parameter gets a finite gradient of its own shape with at least one non-zero entry.
     */
    static Tensor forwardBackward(Module m, Tensor x, int... expectedShape) {
        m.zeroGrad();
        Tensor out = m.forward(x);
        assertArrayEquals(expectedShape, out.shape(), "output shape");
        Tensor r = random(99, -1, 1, out.shape());
        Ops.sum(Ops.mul(out, r)).backward();
        for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            assertNotNull(g, "no gradient for " + e.getKey());
            assertEquals(e.getValue().storedNumel(), g.storedNumel(), e.getKey());
            boolean nonZero = false;
            for (float v : g.data()) {
                assertTrue(Float.isFinite(v), e.getKey() + " has a non-finite gradient");
                nonZero |= v != 0f;
            }
            assertTrue(nonZero, "gradient of " + e.getKey() + " is all zero");
        }
        return out;
    }

    // ---- Csnn ----

    @Test
    void csnnMatchesTheTutorial() {
        Sequential net = Csnn.build(new Rng(1));
        // conv1 12*1*5*5 + 12 = 312; conv2 64*12*5*5 + 64 = 19264; fc 64*4*4*10 + 10 = 10250; Leaky beta is fixed
        assertEquals(312 + 19264 + 10250, count(net));
        assertEquals(29826, count(net));
        assertEquals(9, net.size());
        Leaky out = assertInstanceOf(Leaky.class, net.get(8));
        assertEquals(0.5f, out.beta());
        assertEquals(new FastSigmoid(25f), out.config().surrogate());
        forwardBackward(Csnn.build(1, 28, 10, Csnn.tutorialNeuron().withThreshold(0.25f), new Rng(1)),
                random(2, 0, 1, 2, 2, 1, 28, 28), 2, 2, 10);
    }

    @Test
    void csnnIsTimeAgnosticAndComputesAStaticImageOnce() {
        Sequential net = Csnn.build(1, 28, 10, LIF.withTau(1.5f), new Rng(3));
        Tensor img = random(4, 0, 2, 2, 1, 28, 28);
        for (int steps : new int[] {1, 3}) {
            Tensor stat = Tensor.repeatTime(img, steps);
            assertTrue(stat.isTimeStatic());
            Tensor full = stat.materialize();
            assertFalse(full.isTimeStatic());
            Tensor a = net.forward(stat);
            Tensor b = net.forward(full);
            assertArrayEquals(new int[] {steps, 2, 10}, a.shape());
            assertArrayEquals(b.data(), a.data(), 0f, "static vs materialised input, T=" + steps);
        }
        assertThrows(IllegalArgumentException.class, () -> Csnn.build(1, 15, 10, LIF, new Rng(1)));
    }

    // ---- PlifNet ----

    @Test
    void plifNetPaperSizeAndStructure() {
        Sequential net = PlifNet.build(PlifNet.Config.paper(), new Rng(5));
        // conv1 128*1*3*3 = 1152 (no bias); BN 2*128; conv2 128*128*9 = 147456; BN 2*128;
        // fc1 128*7*7*2048 = 12845056 (no bias); fc2 2048*100 = 204800; one PLIF w per neuron layer: 4
        assertEquals(1152 + 256 + 147456 + 256 + 12845056L + 204800 + 4, count(net));
        assertEquals(13198980L, count(net));
        assertEquals(16, net.size());
        // dropout 0.5 before each fully-connected layer, voting over 10
        assertEquals(0.5f, assertInstanceOf(Dropout.class, net.get(9)).p());
        assertEquals(0.5f, assertInstanceOf(Dropout.class, net.get(12)).p());
        assertInstanceOf(Linear.class, net.get(10));
        assertInstanceOf(Linear.class, net.get(13));
        assertEquals(10, assertInstanceOf(VotingLayer.class, net.get(15)).groupSize());
        ParametricLIF plif = assertInstanceOf(ParametricLIF.class, net.get(2));
        assertEquals(new ATan(2f), plif.config().surrogate());
        assertTrue(plif.config().detachReset());
        assertEquals(0f, plif.w().data()[0], 1e-7f); // init tau 2: w = -ln(2 - 1) = 0
    }

    @Test
    void plifNetSmallWidthTrains() {
        PlifNet.Config c = PlifNet.Config.paper().withWidth(32);
        // conv1 32*9 = 288; BN 64; conv2 32*32*9 = 9216; BN 64; fc1 32*49*512 = 802816; fc2 512*100 = 51200; w 4
        assertEquals(288 + 64 + 9216 + 64 + 802816 + 51200 + 4, count(PlifNet.build(c, new Rng(6))));
        // with biases (SpikingJelly's copy): + 512 + 100
        assertEquals(863652 + 612, count(PlifNet.build(c.withFcBias(true), new Rng(6))));
        Sequential tiny = PlifNet.build(PlifNet.Config.paper().withWidth(4).withDropout(0.25)
                .withNeuron(PlifNet.paperNeuron().withThreshold(0.25f)), new Rng(7));
        Tensor out = forwardBackward(tiny, random(8, -1, 2, 2, 2, 1, 28, 28), 2, 2, 10);
        for (float v : out.data()) {
            // mean of 10 spikes: a multiple of 0.1 in [0, 1]
            assertEquals(Math.round(v * 10) / 10f, v, 1e-6f);
        }
    }

    // ---- SpikingVgg ----

    @Test
    void vggParameterCounts() {
        SpikingVgg.Config small = SpikingVgg.Config.small28(1, 10, LIF);
        assertEquals("32C3-BN-MP2-64C3-BN-64C3-BN-MP2-128C3-BN-128C3-BN-MP2-FC256-DP-FC10", small.architecture());
        // convs without bias (BN follows): 9*1*32 + 2*32 = 352; 9*32*64 + 128 = 18560; 9*64*64 + 128 = 36992;
        // 9*64*128 + 256 = 73984; 9*128*128 + 256 = 147712; fc 128*3*3*256 + 256 = 295168; fc 256*10 + 10 = 2570
        assertEquals(352 + 18560 + 36992 + 73984 + 147712 + 295168 + 2570, count(SpikingVgg.build(small, new Rng(1))));
        assertEquals(575338, count(SpikingVgg.build(small, new Rng(1))));
        SpikingVgg.Config vgg11 = SpikingVgg.Config.vgg11(3, 32, 10, LIF);
        // 9*3*64 + 128 = 1856; 9*64*128 + 256 = 73984; 9*128*256 + 512 = 295424; 9*256*256 + 512 = 590336;
        // 9*256*512 + 1024 = 1180672; three 9*512*512 + 1024 = 2360320; fc 512*10 + 10 = 5130
        assertEquals(1856 + 73984 + 295424 + 590336 + 1180672 + 3 * 2360320 + 5130,
                count(SpikingVgg.build(vgg11, new Rng(1))));
        assertEquals(9228362, count(SpikingVgg.build(vgg11, new Rng(1))));
        // without batch norm the convolutions get biases: 9*1*32 + 32 = 320 instead of 352, and so on
        SpikingVgg.Config noBn = small.withBatchNorm(false);
        assertEquals(575338 - (32 + 64 + 64 + 128 + 128), count(SpikingVgg.build(noBn, new Rng(1))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> small.withNeuron(null));
        assertTrue(e.getMessage().contains("neuron"), e.getMessage());
    }

    @Test
    void vggForwardBackwardAndShapes() {
        SpikingVgg.Config c = SpikingVgg.Config.small28(1, 10, ACTIVE).withWidth(0.25);
        assertEquals("8C3-BN-MP2-16C3-BN-16C3-BN-MP2-32C3-BN-32C3-BN-MP2-FC64-DP-FC10", c.architecture());
        forwardBackward(SpikingVgg.build(c, new Rng(2)), random(3, -1, 2, 2, 2, 1, 28, 28), 2, 2, 10);
        // average pooling, spiking output
        SpikingVgg.Config d = c.withPooling(SpikingVgg.Pooling.AVG).withSpikingOutput(true)
                .withNeuron(ACTIVE.withSurrogate("atan"));
        Tensor out = forwardBackward(SpikingVgg.build(d, new Rng(4)), random(5, 0, 3, 2, 2, 1, 28, 28), 2, 2, 10);
        assertTrue(out.isBinary());
        // without batch norm (shapes only: small initial weights leave deep layers silent at T = 3)
        Tensor y = SpikingVgg.build(d.withBatchNorm(false), new Rng(4)).forward(random(5, 0, 3, 3, 2, 1, 28, 28));
        assertArrayEquals(new int[] {3, 2, 10}, y.shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpikingVgg.Config.vgg11(3, 28, 10, LIF));
        assertTrue(e.getMessage().contains("stage 4"), e.getMessage());
    }

    // ---- SpikingResNet ----

    @Test
    void resNetParameterCounts() {
        SpikingResNet.Config r8 = SpikingResNet.Config.depth(8, 1, 10, LIF);
        assertEquals(8, r8.depth());
        // stem 9*1*16 + 2*16 = 176
        // stage 1, 16->16: 9*16*16*2 + 4*16 = 4672 (identity shortcut)
        // stage 2, 16->32 stride 2: 9*16*32 + 9*32*32 + 4*32 + (16*32 + 2*32) = 4608 + 9216 + 128 + 576 = 14528
        // stage 3, 32->64 stride 2: 18432 + 36864 + 256 + (2048 + 128) = 57728
        // fc 64*10 + 10 = 650
        long expected8 = 176 + 4672 + 14528 + 57728 + 650;
        assertEquals(77754, expected8);
        assertEquals(expected8, count(SpikingResNet.build(r8, new Rng(1))));
        // SEW blocks have the same convolutions and batch norms
        assertEquals(expected8, count(SpikingResNet.build(r8.withSew(SewFunction.IAND), new Rng(1))));
        // PLIF adds one w per neuron layer: plain 1 (stem) + 2 per block = 7; SEW 1 + 2 + 3 + 3 (downsample SN) = 9
        NeuronOptions plif = NeuronOptions.of(NeuronOptions.Kind.PLIF);
        assertEquals(expected8 + 7, count(SpikingResNet.build(r8.withNeuron(plif), new Rng(1))));
        assertEquals(expected8 + 9, count(SpikingResNet.build(r8.withNeuron(plif).withSew(SewFunction.ADD),
                new Rng(1))));
        // ResNet-18 stages on 1x28x28, 10 classes:
        // stem 9*64 + 128 = 704; stage 1: 2 * (2*9*64*64 + 4*64) = 147968;
        // stage 2: 9*64*128 + 9*128*128 + 4*128 + 64*128 + 2*128 = 230144, then 2*9*128*128 + 4*128 = 295424;
        // stage 3: 9*128*256 + 9*256*256 + 4*256 + 128*256 + 2*256 = 919040, then 2*9*256*256 + 4*256 = 1180672;
        // stage 4: 9*256*512 + 9*512*512 + 4*512 + 256*512 + 2*512 = 3673088, then 2*9*512*512 + 4*512 = 4720640;
        // fc 512*10 + 10 = 5130. The body (stages) is torchvision's resnet18 (11689512) minus its 7x7 stem
        // (9408 + 128) and 1000-class fc (513000) = 11166976.
        long body = 147968 + 230144 + 295424 + 919040 + 1180672 + 3673088 + 4720640;
        assertEquals(11689512 - 9408 - 128 - 513000, body);
        SpikingResNet.Config r18 = SpikingResNet.Config.depth(18, 1, 10, LIF);
        assertEquals(18, r18.depth());
        assertEquals(704 + body + 5130, count(SpikingResNet.build(r18, new Rng(1))));
        // width 1/4 of ResNet-8, widths 4-8-16: stem 9*4 + 8 = 44; 2*9*4*4 + 4*4 = 304;
        // 9*4*8 + 9*8*8 + 4*8 + (4*8 + 2*8) = 944; 9*8*16 + 9*16*16 + 4*16 + (8*16 + 2*16) = 3680; fc 16*10 + 10 = 170
        assertEquals(44 + 304 + 944 + 3680 + 170, count(SpikingResNet.build(r8.withWidth(0.25), new Rng(1))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpikingResNet.Config.depth(11, 1, 10, LIF));
        assertTrue(e.getMessage().contains("8, 14, 20"), e.getMessage());
    }

    @Test
    void resNetForwardBackwardForEachBlockKind() {
        SpikingResNet.Config base = SpikingResNet.Config.depth(8, 1, 10, ACTIVE).withWidth(0.25);
        Tensor x = random(11, -1, 2, 2, 2, 1, 28, 28);
        forwardBackward(SpikingResNet.build(base, new Rng(12)), x, 2, 2, 10);
        for (SewFunction g : SewFunction.values()) {
            forwardBackward(SpikingResNet.build(base.withSew(g), new Rng(13)), x, 2, 2, 10);
        }
        // four stages: 28 -> 14 -> 7 -> 4, spiking output
        SpikingResNet.Config r18 = SpikingResNet.Config.depth(18, 1, 10, ACTIVE).withWidth(1.0 / 16)
                .withSpikingOutput(true).withSew(SewFunction.ADD);
        Tensor out = forwardBackward(SpikingResNet.build(r18, new Rng(14)), x, 2, 2, 10);
        assertTrue(out.isBinary());
    }

    // ---- shared ----

    @Test
    void sameSeedSameModelOtherSeedOtherModel() {
        Module[] a = models(21);
        Module[] b = models(21);
        Module[] c = models(22);
        Tensor x = random(23, 0, 2, 2, 2, 1, 28, 28);
        for (int i = 0; i < a.length; i++) {
            Map<String, Tensor> sa = a[i].stateDict();
            Map<String, Tensor> sb = b[i].stateDict();
            Map<String, Tensor> sc = c[i].stateDict();
            assertEquals(sa.keySet(), sb.keySet());
            boolean differs = false;
            for (String k : sa.keySet()) {
                assertArrayEquals(sa.get(k).data(), sb.get(k).data(), 0f, k);
                differs |= !java.util.Arrays.equals(sa.get(k).data(), sc.get(k).data());
            }
            assertTrue(differs, "model " + i + " is the same for seeds 21 and 22");
            // training-mode forward (dropout masks from the seed) is repeatable too
            assertArrayEquals(a[i].forward(x).data(), b[i].forward(x).data(), 0f, "model " + i);
        }
    }

    private static Module[] models(long seed) {
        return new Module[] {
            Csnn.build(new Rng(seed)),
            PlifNet.build(PlifNet.Config.paper().withWidth(4), new Rng(seed)),
            SpikingVgg.build(SpikingVgg.Config.small28(1, 10, LIF).withWidth(0.25), new Rng(seed)),
            SpikingResNet.build(SpikingResNet.Config.depth(8, 1, 10, LIF).withWidth(0.25).withSew(SewFunction.ADD),
                    new Rng(seed)),
        };
    }
}
