package org.snn4j.core.autograd;

import java.util.function.Function;

import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * Finite-difference gradient check. The scalar probed is {@code sum(f(inputs) * r)} with a fixed
 * random {@code r}, so every output element contributes. Central differences in float32 with
 * step {@code eps}; an element passes when {@code |analytic - numeric| <= atol + rtol * |numeric|}.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** Result of a check: worst absolute error and where it happened. */
    public record Result(boolean passed, double maxAbsError, int input, int index, double analytic, double numeric) {
        @Override
        public String toString() {
            return (passed ? "passed" : "FAILED") + ": max |analytic-numeric| = " + maxAbsError
                    + " at input " + input + " element " + index + " (analytic " + analytic + ", numeric " + numeric + ")";
        }
    }

    /**
     * Checks the gradient of {@code f} with respect to every input that requires grad. Inputs
     * are perturbed in place and restored.
     */
    public static Result check(Function<Tensor[], Tensor> f, Tensor[] inputs, double eps, double atol, double rtol) {
        Tensor probe = f.apply(inputs);
        float[] r = new float[probe.storedNumel()];
        Rng rng = new Rng(12345);
        for (int i = 0; i < r.length; i++) {
            r[i] = rng.uniform(-1f, 1f);
        }
        for (Tensor t : inputs) {
            t.zeroGrad();
        }
        Tensor out = f.apply(inputs);
        out.backward(Tensor.of(r.clone(), out.isTimeStatic() ? stepShape(out) : out.shape()));
        double worst = -1;
        Result worstResult = new Result(true, 0, -1, -1, 0, 0);
        boolean passed = true;
        for (int ii = 0; ii < inputs.length; ii++) {
            Tensor t = inputs[ii];
            if (!t.requiresGrad()) {
                continue;
            }
            float[] analytic = t.grad() == null ? new float[t.storedNumel()] : t.grad().data().clone();
            float[] x = t.data();
            for (int k = 0; k < x.length; k++) {
                float orig = x[k];
                x[k] = (float) (orig + eps);
                double plus = weighted(f, inputs, r);
                x[k] = (float) (orig - eps);
                double minus = weighted(f, inputs, r);
                x[k] = orig;
                double numeric = (plus - minus) / (2 * eps);
                double err = Math.abs(analytic[k] - numeric);
                boolean ok = err <= atol + rtol * Math.abs(numeric);
                if (!ok) {
                    passed = false;
                }
                if (err > worst) {
                    worst = err;
                    worstResult = new Result(ok, err, ii, k, analytic[k], numeric);
                }
            }
        }
        return new Result(passed, worstResult.maxAbsError(), worstResult.input(), worstResult.index(),
                worstResult.analytic(), worstResult.numeric());
    }

    private static int[] stepShape(Tensor t) {
        return java.util.Arrays.copyOfRange(t.shape(), 1, t.rank());
    }

    private static double weighted(Function<Tensor[], Tensor> f, Tensor[] inputs, float[] r) {
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            Tensor out = f.apply(inputs);
            float[] d = out.data();
            double s = 0;
            for (int i = 0; i < d.length; i++) {
                s += (double) d[i] * r[i];
            }
            return s;
        }
    }
}
