package org.snn4j.core.nn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.tensor.Tensor;

/**
 * Gradient checkpointing (activation recomputation) of a block, as PyTorch's {@code torch.utils.checkpoint} and
 * SpikingJelly's checkpointed sequences: the forward pass runs the block without recording a graph and keeps
 * only the block's input; backward runs the block's forward again, this time recording, and back-propagates
 * through that graph. Memory kept from forward to backward drops from every activation inside the block to
 * its input (spikes packed to bits, {@link Tensor#packSpikes()}); the price is a second forward of the block.
 *
 * <p>The recomputation gives the same floats as the first forward, so the gradients are those of the block
 * without checkpointing, bit for bit. For that the block's state is put back as it was before the forward:
 * buffers (batch-norm running statistics are updated once, by the first forward, and the recomputation sees
 * the values the first forward saw) and each {@link Dropout}'s call counter (the same masks), and forward
 * hooks are not called during the recomputation (a {@code MetricsCollector} counts the pass once). Backward
 * checks that the recomputed output equals the first one and fails otherwise (a layer with other state would
 * break the guarantee). Parameters shared with layers outside the block get their gradient contributions in
 * another order than without checkpointing (equal up to rounding).
 *
 * <p>Without a graph to record (inference under {@link Autograd#noGrad()}, or neither the input nor any
 * parameter tracked) the block simply runs. Use it as a module, {@code new Checkpoint(block)} (the block is
 * the child {@code "block"}: its parameters are named {@code block.*}), or mark segments of a
 * {@link Sequential} with {@link Sequential#checkpoint(int, int)}, which keeps the layers' names and indices.
 */
public final class Checkpoint extends Module {
    private final Module block;

    public Checkpoint(Module block) {
        if (block == null) {
            throw new IllegalArgumentException("Checkpoint: block must not be null");
        }
        this.block = registerModule("block", block);
    }

    /** The checkpointed block. */
    public Module block() {
        return block;
    }

    @Override
    public Tensor forward(Tensor x) {
        return apply(List.of(block), block::call, x, "checkpoint[" + block + "]");
    }

    /**
     * Runs {@code forward} (the computation of {@code modules}, whose parameters, buffers, dropout layers and
     * hooks it involves) on {@code x} as one checkpointed block: see the class comment. {@code name} labels
     * the graph node and errors.
     */
    public static Tensor apply(List<? extends Module> modules, UnaryOperator<Tensor> forward, Tensor x, String name) {
        if (!Autograd.isEnabled()) {
            return forward.apply(x);
        }
        List<Module> all = tree(modules);
        boolean params = false;
        for (Module m : all) {
            for (Tensor p : m.ownParameters().values()) {
                params |= p.requiresGrad();
            }
        }
        if (!params && !Autograd.isTracking(x)) {
            return forward.apply(x);
        }
        State before = State.of(all);
        Tensor y;
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            y = forward.apply(x);
        }
        // a new tensor on the output's storage: the block may have returned its input or a shared view
        Tensor out = y.detach();
        if (y.isBinary()) {
            out.markBinary();
        }
        SavedSpikes.keep(x);
        boolean inputTracked = Autograd.isTracking(x);
        return out.withGradFn(new GradFn(name, x) {
            @Override
            public void backward(Tensor output, Tensor gradOutput) {
                Tensor xr = x.detach();
                if (x.isBinary()) {
                    xr.markBinary();
                }
                if (inputTracked) {
                    xr.requiresGrad(true);
                }
                Tensor yr;
                State after = State.of(all);
                before.restore();
                after.hooks(false);
                try (Autograd.EnableGrad on = Autograd.enableGrad()) {
                    yr = forward.apply(xr);
                } finally {
                    after.restore();
                    after.hooks(true);
                }
                checkSame(name, output, yr);
                if (yr.requiresGrad()) {
                    Autograd.backward(yr, gradOutput);
                }
                if (inputTracked && xr.grad() != null) {
                    accumulate(0, xr.grad());
                }
            }
        });
    }

    /** Every module of the trees rooted at {@code roots}, each once, parents first. */
    private static List<Module> tree(List<? extends Module> roots) {
        List<Module> out = new ArrayList<>();
        Map<Module, Boolean> seen = new IdentityHashMap<>();
        Deque<Module> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Module m = todo.poll();
            if (seen.put(m, Boolean.TRUE) == null) {
                out.add(m);
                todo.addAll(m.children().values());
            }
        }
        return out;
    }

    /** Throws unless the recomputed output has the first forward's shape and values (bit for bit). */
    private static void checkSame(String name, Tensor first, Tensor again) {
        boolean same = java.util.Arrays.equals(first.shape(), again.shape())
                && first.isTimeStatic() == again.isTimeStatic();
        if (same) {
            byte[] fb = first.spikeBytes();
            byte[] ab = again.spikeBytes();
            if (fb != null && ab != null) {
                same = java.util.Arrays.equals(fb, ab);
            } else {
                float[] fd = fb != null ? null : first.data();
                float[] ad = again.data();
                if (fd == null) {
                    same = fb.length == ad.length;
                    for (int i = 0; same && i < ad.length; i++) {
                        same = Float.floatToRawIntBits(ad[i]) == Float.floatToRawIntBits(fb[i]);
                    }
                } else {
                    same = fd.length == ad.length;
                    for (int i = 0; same && i < fd.length; i++) {
                        same = Float.floatToRawIntBits(fd[i]) == Float.floatToRawIntBits(ad[i]);
                    }
                }
            }
        }
        if (!same) {
            throw new IllegalStateException(name + ": the recomputed forward differs from the first one; a layer in "
                    + "the block has state that checkpointing does not restore (only buffers, dropout counters and "
                    + "hooks are)");
        }
    }

    /** The forward-time state of a block: buffer values, dropout call counters, forward hooks. */
    private record State(List<Tensor> buffers, List<float[]> values, List<Dropout> dropouts, long[] calls,
            List<Module> modules, List<ForwardHook> hooks) {
        static State of(List<Module> all) {
            List<Tensor> buffers = new ArrayList<>();
            List<float[]> values = new ArrayList<>();
            List<Dropout> dropouts = new ArrayList<>();
            List<ForwardHook> hooks = new ArrayList<>();
            for (Module m : all) {
                // own buffers only: each module of the tree is visited
                for (Map.Entry<String, Tensor> e : m.namedBuffers().entrySet()) {
                    if (!e.getKey().contains(".")) {
                        buffers.add(e.getValue());
                        values.add(e.getValue().data().clone());
                    }
                }
                if (m instanceof Dropout d) {
                    dropouts.add(d);
                }
                hooks.add(m.forwardHook());
            }
            long[] calls = new long[dropouts.size()];
            for (int i = 0; i < calls.length; i++) {
                calls[i] = dropouts.get(i).calls();
            }
            return new State(buffers, values, dropouts, calls, all, hooks);
        }

        /** Removes the forward hooks ({@code on} false) or sets them back as they were when this state was taken. */
        void hooks(boolean on) {
            for (int i = 0; i < modules.size(); i++) {
                modules.get(i).setForwardHook(on ? hooks.get(i) : null);
            }
        }

        /** Puts the buffer values and dropout counters back. */
        void restore() {
            for (int i = 0; i < buffers.size(); i++) {
                float[] v = values.get(i);
                System.arraycopy(v, 0, buffers.get(i).data(), 0, v.length);
            }
            for (int i = 0; i < calls.length; i++) {
                dropouts.get(i).setCalls(calls[i]);
            }
        }
    }
}
