package org.snn4j.core.nn;

import org.snn4j.core.tensor.Tensor;

/**
 * Two branches on the same input, joined element-wise, then an optional layer:
 * <pre>
 *   a = branch(x),   s = shortcut(x)   (s = x for an identity shortcut)
 *   y = post(g(a, s))                  (y = g(a, s) without post)
 * </pre>
 * with {@code g} a {@link SewFunction}: {@code ADD} ({@code a + s}, the plain residual add), {@code AND}
 * ({@code a * s}) or {@code IAND} ({@code (1 - a) * s}). {@code a} and {@code s} must have the same shape.
 * Each op records its own backward, so the gradient of {@code x} is the sum of the gradients through both
 * branches ({@code Autograd} accumulates over the DAG). Children: {@code "branch"}, {@code "shortcut"} (absent
 * for an identity shortcut), {@code "post"} (absent without one), in that order.
 *
 * <p>The spiking ResNet block ("plain add": {@code post} a neuron layer after the sum) and the SEW block
 * ({@code g} on spikes, no {@code post}) of {@code org.snn4j.core.models} are built from it.
 */
public class Residual extends Module {
    private final Module branch;
    private final Module shortcut;
    private final SewFunction join;
    private final Module post;

    /**
     * @param branch   the residual branch
     * @param shortcut the shortcut, or null for the identity
     * @param join     how the branch output {@code a} and the shortcut {@code s} are combined
     * @param post     applied to the joined value, or null
     */
    public Residual(Module branch, Module shortcut, SewFunction join, Module post) {
        if (branch == null || join == null) {
            throw new IllegalArgumentException("Residual: branch and join function must be given");
        }
        this.branch = registerModule("branch", branch);
        this.shortcut = shortcut == null ? null : registerModule("shortcut", shortcut);
        this.join = join;
        this.post = post == null ? null : registerModule("post", post);
    }

    /** {@code x + branch(x)}. */
    public Residual(Module branch) {
        this(branch, null, SewFunction.ADD, null);
    }

    public Module branch() {
        return branch;
    }

    /** The shortcut module, or null for the identity. */
    public Module shortcut() {
        return shortcut;
    }

    public SewFunction join() {
        return join;
    }

    /** The layer after the join, or null. */
    public Module post() {
        return post;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor a;
        try {
            a = branch.call(x);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(this + " branch: " + e.getMessage(), e);
        }
        Tensor s;
        try {
            s = shortcut == null ? x : shortcut.call(x);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(this + " shortcut: " + e.getMessage(), e);
        }
        if (!java.util.Arrays.equals(a.shape(), s.shape())) {
            throw new IllegalArgumentException(this + ": branch output " + a.shapeString() + " and shortcut output "
                    + s.shapeString() + " differ (input " + x.shapeString() + "); a shortcut that changes channels or"
                    + " stride needs a downsample module");
        }
        Tensor y = join.apply(a, s);
        return post == null ? y : post.call(y);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + join + (shortcut == null ? ", identity shortcut" : "")
                + (post == null ? "" : ", post") + ")";
    }
}
