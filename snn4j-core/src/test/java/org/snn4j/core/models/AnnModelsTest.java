package org.snn4j.core.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.Flatten;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.QCFS;
import org.snn4j.core.nn.ReLU;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.nn.SewFunction;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

class AnnModelsTest {
    private static long count(Module m) {
        long n = 0;
        for (Tensor p : m.parameters()) {
            n += p.numel();
        }
        return n;
    }

    private static int countOf(Module m, Class<?> k) {
        int n = k.isInstance(m) ? 1 : 0;
        for (Module c : m.children().values()) {
            n += countOf(c, k);
        }
        return n;
    }

    @Test
    void vgg28ParameterCountsAndShapes() {
        // width 1: 32C3-BN, 64C3-BN x2, 128C3-BN x2 (no conv bias with BN), FC 1152->256, FC 256->10
        //   conv: 9*1*32 + 2*32 = 352; 9*32*64 + 128 = 18560; 9*64*64 + 128 = 36992; 9*64*128 + 256 = 73984;
        //         9*128*128 + 256 = 147712
        //   fc:   128*3*3 = 1152 -> 1152*256 + 256 = 295168; 256*10 + 10 = 2570      total 575338
        Sequential full = AnnModels.vgg28(1, 10, 1.0, Activation.relu(), new Rng(1));
        assertEquals(575338, count(full));
        // width 0.25 (8, 16, 32, FC 64): 72+16 = 88; 1152+32 = 1184; 2304+32 = 2336; 4608+64 = 4672; 9216+64 = 9280;
        //   288*64+64 = 18496; 64*10+10 = 650: total 36706; QCFS adds one lambda per activation (5 conv + 1 FC)
        assertEquals(36706, count(AnnModels.vgg28(1, 10, 0.25, Activation.relu(), new Rng(1))));
        Sequential q = AnnModels.vgg28(1, 10, 0.25, Activation.qcfs(4, 8f), new Rng(1));
        assertEquals(36712, count(q));
        assertEquals(6, countOf(q, QCFS.class));
        Tensor y = q.forward(Tensor.full(0.5f, 2, 1, 28, 28));
        assertArrayEquals(new int[] {2, 10}, y.shape());
    }

    @Test
    void resnet8ParameterCountsAndShapes() {
        // stem 9*1*16 + BN 2*16 = 176
        // stage 0 (16->16): 2 * 9*16*16 + 2 BN * 32 = 4672
        // stage 1 (16->32, stride 2): 9*16*32 + 9*32*32 + 2*64 + downsample 16*32 + 64 = 4608+9216+128+512+64 = 14528
        // stage 2 (32->64, stride 2): 18432 + 36864 + 256 + 2048 + 128 = 57728
        // fc 64*10 + 10 = 650                                               total 77754
        Sequential net = AnnModels.resnet(8, 1, 10, 1.0, Activation.relu(), new Rng(3));
        assertEquals(77754, count(net));
        // 1 stem + 2 per block + 2 downsample convs = 9 convolutions, 7 activations (stem, 2 per block)
        assertEquals(9, countOf(net, Conv2d.class));
        assertEquals(7, countOf(net, ReLU.class));
        assertEquals(77761, count(AnnModels.resnet(8, 1, 10, 1.0, Activation.qcfs(8, 8f), new Rng(3))));
        // 28 -> 28 (stage 0) -> 14 -> 7, global pool, [B, 10]
        Tensor x = Tensor.full(0.3f, 2, 1, 28, 28);
        Tensor stem = ((Sequential) net).get(2).forward(net.get(1).forward(net.get(0).forward(x)));
        assertArrayEquals(new int[] {2, 16, 28, 28}, stem.shape());
        Tensor s1 = net.get(3).forward(stem);
        assertArrayEquals(new int[] {2, 16, 28, 28}, s1.shape());
        Tensor s2 = net.get(4).forward(s1);
        assertArrayEquals(new int[] {2, 32, 14, 14}, s2.shape());
        Tensor s3 = net.get(5).forward(s2);
        assertArrayEquals(new int[] {2, 64, 7, 7}, s3.shape());
        assertArrayEquals(new int[] {2, 10}, net.forward(x).shape());
    }

    @Test
    void annGetsTheWeightsOfItsSpikingTwin() {
        NeuronOptions n = NeuronOptions.of(NeuronOptions.Kind.IF);
        SpikingVgg.Config c = SpikingVgg.Config.small28(1, 10, n).withWidth(0.25).withPooling(SpikingVgg.Pooling.AVG)
                .withClassifier(new int[] {64}, 0);
        assertSameParameters(SpikingVgg.build(c, new Rng(9)), AnnModels.vgg(c, Activation.relu(), new Rng(9)));
        SpikingResNet.Config r = SpikingResNet.Config.depth(8, 1, 10, n).withWidth(0.5);
        assertSameParameters(SpikingResNet.build(r, new Rng(4)), AnnModels.resnet(r, Activation.relu(), new Rng(4)));
    }

    private static void assertSameParameters(Module snn, Module ann) {
        Map<String, Tensor> a = snn.namedParameters();
        Map<String, Tensor> b = ann.namedParameters();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).data(), b.get(k).data(), 0f, k);
        }
    }

    @Test
    void annTrainsOnABatchWithoutTime() {
        // one backward pass reaches the first convolution and every QCFS lambda
        Sequential net = AnnModels.resnet(8, 1, 3, 0.25, Activation.qcfs(4, 2f), new Rng(5));
        Rng rng = new Rng(6);
        float[] v = new float[2 * 28 * 28];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.uniform(0f, 1f);
        }
        Tensor loss = org.snn4j.core.ops.Ops.crossEntropy(net.forward(Tensor.of(v, 2, 1, 28, 28)), new int[] {0, 2});
        assertTrue(loss.gradFn() != null);
        loss.backward();
        for (var e : net.namedParameters().entrySet()) {
            assertTrue(e.getValue().grad() != null, "no gradient for " + e.getKey());
        }
    }

    @Test
    void flattenFromDimensionOne() {
        Flatten f = new Flatten(1);
        Tensor y = f.forward(Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 1, 2, 2));
        assertArrayEquals(new int[] {2, 4}, y.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, y.data(), 0f);
        assertThrows(IllegalArgumentException.class, () -> new Flatten(0));
    }

    @Test
    void unsupportedSettingsAreRefused() {
        NeuronOptions n = NeuronOptions.of(NeuronOptions.Kind.IF);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnnModels.vgg(SpikingVgg.Config.small28(1, 10, n), Activation.relu(), new Rng(1)));
        assertTrue(e.getMessage().contains("dropout"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AnnModels.resnet(
                SpikingResNet.Config.depth(8, 1, 10, n).withSew(SewFunction.ADD), Activation.relu(), new Rng(1)));
        assertTrue(e.getMessage().contains("plain"), e.getMessage());
        assertEquals(Activation.qcfs(4, 2f), Activation.parse("qcfs:L=4,lambda=2"));
        assertEquals(Activation.clippedRelu(6f), Activation.parse("clipped_relu"));
        assertThrows(IllegalArgumentException.class, () -> Activation.parse("gelu"));
    }
}
