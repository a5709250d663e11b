package org.snn4j.core.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.snn4j.core.tensor.Tensor;

/**
 * The reverse-mode engine: topological order over {@link GradFn} nodes, gradient accumulation,
 * and the no-grad switch used at inference.
 */
public final class Autograd {
    private static final ThreadLocal<int[]> NO_GRAD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    /** With {@code -Dsnn4j.profile.backward=true}, time spent in each backward kernel by op name. */
    private static final boolean PROFILE = Boolean.getBoolean("snn4j.profile.backward");
    private static final Map<String, long[]> PROFILE_NANOS = new java.util.concurrent.ConcurrentHashMap<>();

    private Autograd() {
    }

    /** Whether ops on the calling thread record graph nodes. */
    public static boolean isEnabled() {
        return NO_GRAD_DEPTH.get()[0] == 0;
    }

    /** Whether an op should record a node for an input: grad mode on and the input tracked. */
    public static boolean isTracking(Tensor t) {
        return t != null && t.requiresGrad() && isEnabled();
    }

    /** Whether any of the inputs is tracked. */
    public static boolean isTracking(Tensor... ts) {
        if (!isEnabled()) {
            return false;
        }
        for (Tensor t : ts) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /** Turns off graph recording until the returned scope is closed (nestable). */
    public static NoGrad noGrad() {
        NO_GRAD_DEPTH.get()[0]++;
        return new NoGrad();
    }

    /**
     * Turns recording on until the returned scope is closed, even inside {@link #noGrad()} scopes (which apply
     * again afterwards); for recomputing a part of a graph during backward.
     */
    public static EnableGrad enableGrad() {
        int[] depth = NO_GRAD_DEPTH.get();
        EnableGrad scope = new EnableGrad(depth[0]);
        depth[0] = 0;
        return scope;
    }

    /** A scope in which ops record a graph; closing it restores the enclosing no-grad depth. */
    public static final class EnableGrad implements AutoCloseable {
        private final int saved;
        private boolean closed;

        private EnableGrad(int saved) {
            this.saved = saved;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                NO_GRAD_DEPTH.get()[0] = saved;
            }
        }
    }

    /** A scope in which ops record no graph. */
    public static final class NoGrad implements AutoCloseable {
        private boolean closed;

        private NoGrad() {
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                NO_GRAD_DEPTH.get()[0]--;
            }
        }
    }

    /** Adds {@code g} to {@code t}'s gradient (taking over {@code g}'s array when it is the first). */
    static void accumulate(Tensor t, Tensor g) {
        if (t == null || !t.requiresGrad()) {
            return;
        }
        if (g.storedNumel() != t.storedNumel()) {
            throw new IllegalStateException("gradient for " + describe(t) + " has " + g.storedNumel()
                    + " elements but the tensor stores " + t.storedNumel() + " (shape " + t.shapeString() + ")");
        }
        Tensor cur = t.grad();
        if (cur == null) {
            t.setGrad(g);
        } else {
            float[] a = cur.data();
            float[] b = g.data();
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
        }
    }

    private static String describe(Tensor t) {
        if (t.name() != null) {
            return "'" + t.name() + "'";
        }
        return t.gradFn() != null ? "output of " + t.gradFn().name() : "leaf";
    }

    /**
     * Runs backward from {@code root} with seed gradient {@code seed}, releasing the graph as it goes: after a
     * node's backward the tensor it produced keeps only a released stub as its node ({@link GradFn#isReleased()}),
     * so the op's node and everything it kept for backward can be collected before the pass ends (PyTorch frees
     * saved tensors alike). A second backward through a released
     * node is an error; {@link #backward(Tensor, Tensor, boolean)} with {@code retainGraph} keeps the graph.
     */
    public static void backward(Tensor root, Tensor seed) {
        backward(root, seed, false);
    }

    /** Runs backward from {@code root}; with {@code retainGraph} the graph stays usable for another backward. */
    public static void backward(Tensor root, Tensor seed, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward() on a tensor that does not require grad");
        }
        if (seed.storedNumel() != root.storedNumel()) {
            throw new IllegalArgumentException("seed gradient has " + seed.storedNumel()
                    + " elements, root stores " + root.storedNumel());
        }
        List<Tensor> order = topoOrder(root);
        accumulate(root, seed);
        for (int i = 0; i < order.size(); i++) {
            Tensor t = order.get(i);
            GradFn fn = t.gradFn();
            Tensor g = t.grad();
            if (fn == null || g == null) {
                continue;
            }
            if (PROFILE) {
                long t0 = System.nanoTime();
                fn.backward(t, g);
                long[] acc = PROFILE_NANOS.computeIfAbsent(fn.name(), k -> new long[2]);
                acc[0] += System.nanoTime() - t0;
                acc[1]++;
            } else {
                fn.backward(t, g);
            }
            t.setGrad(null); // non-leaf gradients are freed as soon as they are used
            if (!retainGraph) {
                // the op's node and what it captured (its inputs, saved arrays) become garbage now
                fn.release();
                t.withGradFn(GradFn.releasedNode(fn.name()));
                order.set(i, null);
            }
        }
    }

    /** Milliseconds per call of each backward kernel so far (empty unless snn4j.profile.backward is set). */
    public static Map<String, Double> backwardProfile() {
        Map<String, Double> out = new java.util.TreeMap<>();
        PROFILE_NANOS.forEach((k, v) -> out.put(k + " x" + v[1], v[0] / 1e6 / Math.max(1, v[1])));
        return out;
    }

    /** Clears the backward profile. */
    public static void resetBackwardProfile() {
        PROFILE_NANOS.clear();
    }

    /** Non-leaf tensors reachable from root, root first, each before its inputs. */
    private static List<Tensor> topoOrder(Tensor root) {
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        List<Tensor> post = new ArrayList<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Tensor t = (Tensor) top[0];
            int next = (Integer) top[1];
            GradFn fn = t.gradFn();
            if (fn != null && fn.isReleased()) {
                throw new IllegalStateException("backward through the graph of " + fn.name() + " a second time: an"
                        + " earlier backward released it; pass retainGraph=true to that backward to keep the graph");
            }
            Tensor[] ins = fn == null ? new Tensor[0] : fn.inputs();
            if (next < ins.length) {
                top[1] = next + 1;
                Tensor in = ins[next];
                if (in != null && in.requiresGrad() && in.gradFn() != null && !visited.containsKey(in)) {
                    visited.put(in, Boolean.TRUE);
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                if (fn != null) {
                    post.add(t);
                }
            }
        }
        Collections.reverse(post);
        return post;
    }
}
