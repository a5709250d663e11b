package org.snn4j.core.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.snn4j.core.ops.Ops;
import org.snn4j.core.tensor.Tensor;

/**
 * Branches on the same input, summed: {@code y = sum_k branch_k(x)} (an {@link Identity} branch adds
 * {@code x} itself). Branches may be any module, containers included, so nesting {@code Add},
 * {@link Residual} and {@link Sequential} builds any series-parallel graph; the sum is recorded op by op, so
 * the gradient of {@code x} collects every path. All branch outputs must have the same shape. Children are
 * named "0", "1", ... in order; the sum runs in that order ({@code ((b0 + b1) + b2) ...}).
 */
public final class Add extends Module {
    private final List<Module> branches = new ArrayList<>();

    public Add(Module... branches) {
        if (branches.length == 0) {
            throw new IllegalArgumentException("Add: needs at least one branch");
        }
        for (Module m : branches) {
            if (m == null) {
                throw new IllegalArgumentException("Add: branch " + this.branches.size() + " is null");
            }
            registerModule(Integer.toString(this.branches.size()), m);
            this.branches.add(m);
        }
    }

    public List<Module> branches() {
        return Collections.unmodifiableList(branches);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor sum = null;
        for (int k = 0; k < branches.size(); k++) {
            Tensor y;
            try {
                y = branches.get(k).call(x);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Add branch " + k + " (" + branches.get(k) + "): " + e.getMessage(),
                        e);
            }
            if (sum != null && !java.util.Arrays.equals(sum.shape(), y.shape())) {
                throw new IllegalArgumentException("Add: branch " + k + " gives " + y.shapeString()
                        + " but the branches before it give " + sum.shapeString() + " (input " + x.shapeString() + ")");
            }
            sum = sum == null ? y : Ops.add(sum, y);
        }
        return sum;
    }

    @Override
    public String toString() {
        return "Add(" + branches.size() + " branches)";
    }
}
