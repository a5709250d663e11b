package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.neuron.LIF;
import org.snn4j.core.ops.Ops;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * Gradient checkpointing: a checkpointed network gives the outputs, gradients, batch-norm running statistics and
 * dropout masks of the same network without checkpointing, bit for bit.
 */
class CheckpointTest {
    /**
     * conv-BN-LIF-pool, conv-BN-LIF, flatten-dropout-linear-LIF on {@code [T, B, 2, 6, 6]}; the same seed gives the
     * same weights. A low threshold so that the LIF layers spike.
     */
    private static Sequential net(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(
                new Conv2d(2, 4, 3, 1, 1, 1, 1, false, rng), new BatchNorm2d(4), lif(), new MaxPool2d(2),
                new Conv2d(4, 4, 3, 1, 1, 1, 1, true, rng), new BatchNorm2d(4), lif(),
                new Flatten(), new Dropout(0.5, rng.nextLong()), new Linear(36, 5, rng), lif());
    }

    private static LIF lif() {
        return LIF.builder().tau(2f).threshold(0.3f).hardReset(0f).surrogate(new ATan(2f)).build();
    }

    private static Tensor random(long seed, int... shape) {
        Rng rng = new Rng(seed);
        float[] d = new float[(int) Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.uniform(-2f, 2f);
        }
        return Tensor.of(d, shape);
    }

    /** {@code sum(out * r)} with a fixed random {@code r}: every output element gets its own gradient. */
    private static Tensor loss(Tensor out) {
        return Ops.sum(Ops.mul(out, random(99, out.shape())));
    }

    private static void assertBitwise(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + " element " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    /** Runs two training steps on both networks and compares everything after each. */
    private static void compareSteps(Sequential plain, Module checkpointed, boolean inputGrad, boolean staticInput) {
        for (int step = 0; step < 2; step++) {
            Tensor xa = staticInput ? Tensor.repeatTime(random(10 + step, 2, 2, 6, 6), 3) : random(10 + step, 3, 2, 2, 6, 6);
            Tensor xb = staticInput ? Tensor.repeatTime(random(10 + step, 2, 2, 6, 6), 3) : random(10 + step, 3, 2, 2, 6, 6);
            if (inputGrad) {
                xa.requiresGrad(true);
                xb.requiresGrad(true);
            }
            Tensor ya = plain.forward(xa);
            Tensor yb = checkpointed.forward(xb);
            assertBitwise(ya.data(), yb.data(), "output, step " + step);
            float spikes = 0;
            for (float v : ya.data()) {
                spikes += v;
            }
            assertTrue(spikes > 0, "the last layer spikes");
            loss(ya).backward();
            loss(yb).backward();
            if (inputGrad) {
                assertBitwise(xa.grad().data(), xb.grad().data(), "input gradient, step " + step);
            } else {
                assertNull(xb.grad());
            }
            Map<String, Tensor> pa = plain.namedParameters();
            List<Tensor> pb = checkpointed.parameters();
            assertEquals(pa.size(), pb.size());
            int k = 0;
            for (Map.Entry<String, Tensor> e : pa.entrySet()) {
                Tensor b = pb.get(k++);
                assertBitwise(e.getValue().grad().data(), b.grad().data(), e.getKey() + " gradient, step " + step);
            }
            List<Tensor> ba = List.copyOf(plain.namedBuffers().values());
            List<Tensor> bb = List.copyOf(checkpointed.namedBuffers().values());
            assertEquals(ba.size(), bb.size());
            for (int i = 0; i < ba.size(); i++) {
                // running statistics updated once per forward, not again by the recomputation
                assertBitwise(ba.get(i).data(), bb.get(i).data(), "buffer " + i + ", step " + step);
            }
            plain.zeroGrad();
            checkpointed.zeroGrad();
        }
    }

    @Test
    void sequentialSegmentsGiveTheSameGradientsBitForBit() {
        Sequential plain = net(1);
        Sequential cp = net(1).checkpoint(0, 4).checkpoint(4, 7).checkpoint(7, 11);
        assertEquals(3, cp.checkpointSegments().size());
        compareSteps(plain, cp, true, false);
        // names and indices are those of the plain network
        assertEquals(plain.namedParameters().keySet(), cp.namedParameters().keySet());
        // the dropout layer was called once per step (its masks continued, not repeated)
        assertEquals(2, ((Dropout) cp.get(8)).calls());
        assertEquals(((Dropout) plain.get(8)).calls(), ((Dropout) cp.get(8)).calls());
    }

    @Test
    void staticImageInputWithoutGradient() {
        // the first block sees a time-static image that needs no gradient: only the parameters get one
        compareSteps(net(2), net(2).checkpoint(0, 4).checkpoint(4, 11), false, true);
    }

    @Test
    void checkpointModuleWrappingABlock() {
        Sequential plain = net(3);
        Sequential inner = net(3);
        Checkpoint wrapped = new Checkpoint(inner);
        assertEquals("block.0.weight", wrapped.namedParameters().keySet().iterator().next());
        compareSteps(plain, wrapped, true, false);
    }

    /** Bytes held by the tensors the graph below {@code y} keeps (inputs of its nodes, each tensor once). */
    private static long keptBytes(Tensor y) {
        java.util.Set<Tensor> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Tensor> todo = new java.util.ArrayDeque<>(List.of(y));
        long bytes = 0;
        while (!todo.isEmpty()) {
            Tensor t = todo.pop();
            if (t.gradFn() == null) {
                continue;
            }
            for (Tensor in : t.gradFn().inputs()) {
                if (in != null && seen.add(in)) {
                    bytes += in.requiresGrad() && in.isLeaf() && in.name() != null ? 0 : in.storageBytes();
                    todo.push(in);
                }
            }
        }
        return bytes;
    }

    @Test
    void aCheckpointedNetworkKeepsOnlyTheBlockInputs() {
        Tensor x = random(13, 3, 2, 2, 6, 6).requiresGrad(true);
        Tensor y = net(6).checkpoint(0, 4).checkpoint(4, 7).checkpoint(7, 11).forward(x);
        // the input (3*2*2*6*6 floats) and the outputs of the first two blocks, spikes [3, 2, 4, 3, 3] packed to
        // 216 bits, i.e. 4 words of 8 bytes each
        assertEquals(3 * 2 * 2 * 6 * 6 * 4 + 2 * 4 * 8, keptBytes(y));
        // without checkpointing the graph keeps every activation: conv and BN outputs alone are 2 x 3*2*4*6*6 floats
        long plain = keptBytes(net(6).forward(random(13, 3, 2, 2, 6, 6).requiresGrad(true)));
        assertTrue(plain > 3 * 2 * 2 * 6 * 6 * 4 + 2 * (3 * 2 * 4 * 6 * 6 * 4), "plain graph keeps " + plain);
    }

    @Test
    void withoutAGraphTheBlockJustRuns() {
        Sequential plain = net(4);
        plain.train(false);
        Sequential cp = net(4).checkpoint(0, 11);
        cp.train(false);
        Tensor x = random(5, 3, 2, 2, 6, 6);
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            Tensor y = cp.forward(x);
            assertNull(y.gradFn());
            assertBitwise(plain.forward(x).data(), y.data(), "evaluation output");
        }
    }

    @Test
    void hooksSeeOnePassPerForward() {
        Sequential cp = net(5).checkpoint(0, 4);
        int[] calls = new int[1];
        cp.get(1).setForwardHook((m, in, out) -> calls[0]++);
        loss(cp.forward(random(6, 3, 2, 2, 6, 6).requiresGrad(true))).backward();
        assertEquals(1, calls[0]);
        assertTrue(cp.get(1).forwardHook() != null);
    }

    /** A layer with state that checkpointing does not know about: it adds its call count. */
    private static final class Counter extends Module {
        private int calls;

        @Override
        public Tensor forward(Tensor x) {
            calls++;
            return Ops.scale(x, calls);
        }
    }

    @Test
    void aRecomputationThatDiffersIsAnError() {
        Rng rng = new Rng(7);
        Sequential s = new Sequential(new Linear(3, 3, rng), new Counter()).checkpoint(0, 2);
        Tensor y = s.forward(random(8, 2, 1, 3).requiresGrad(true));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loss(y).backward());
        assertTrue(e.getMessage().contains("recomputed forward differs"), e.getMessage());
    }

    @Test
    void segmentsMustBeValidAndDisjoint() {
        Sequential s = net(9);
        assertThrows(IllegalArgumentException.class, () -> s.checkpoint(3, 3));
        assertThrows(IllegalArgumentException.class, () -> s.checkpoint(0, 12));
        s.checkpoint(2, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.checkpoint(4, 6));
        assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.checkpoint(0, 3));
        s.checkpoint(0, 2).checkpoint(5, 6);
        assertEquals(3, s.checkpointSegments().size());
    }

    @Test
    void gradCheckThroughACheckpointedBlock() {
        // conv - BN - average pool, smooth: central differences check the recomputed graph end to end
        Rng rng = new Rng(11);
        Sequential s = new Sequential(new Conv2d(2, 3, 3, 1, 1, 1, 1, true, rng), new BatchNorm2d(3),
                new AvgPool2d(2)).checkpoint(0, 3);
        Tensor x = random(12, 2, 2, 2, 4, 4).requiresGrad(true);
        Tensor w = s.get(0).ownParameters().get("weight");
        GradCheck.Result r = GradCheck.check(a -> s.forward(a[0]), new Tensor[] {x, w}, 1e-2, 2e-3, 2e-2);
        assertTrue(r.passed(), r.toString());
        assertNotEquals(0.0, Math.abs(w.grad().data()[0]) + Math.abs(x.grad().data()[0]));
        assertFalse(s.checkpointSegments().isEmpty());
    }
}
