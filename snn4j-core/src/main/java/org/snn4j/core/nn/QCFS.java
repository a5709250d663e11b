package org.snn4j.core.nn;

import org.snn4j.core.tensor.Tensor;

/**
 * The quantization clip-floor-shift activation of Bu et al. 2022 ("Optimal ANN-SNN Conversion for High-accuracy
 * and Ultra-low-latency Spiking Neural Networks", ICLR), with {@code L} quantization levels and a learnable
 * ceiling {@code lambda} (one per layer, parameter {@code "lambda"}):
 * <pre>
 *   u = clamp(x / lambda, 0, 1)
 *   q = floor(u * L + 0.5) / L                 (q in {0, 1/L, ..., 1})
 *   y = lambda * q
 * </pre>
 * The floor is straight-through (its derivative taken as 1), the rest differentiated as written, which is what
 * autograd gives for the authors' code ({@code ANN_SNN_QCFS}: clamp first, PyTorch's {@code clamp} passing the
 * gradient at both bounds):
 * <pre>
 *   dy/dx      = [0 &lt;= x &lt;= lambda]
 *   dy/dlambda = q - (x / lambda) * [0 &lt;= x &lt;= lambda]
 *              = (y - x) / lambda  inside,   1 for x &gt; lambda,   0 for x &lt; 0
 * </pre>
 * An IF neuron
 * with threshold {@code lambda}, reset by subtraction and initial membrane {@code lambda/2}, fed a constant
 * current {@code x}, emits {@code floor(t*x/lambda + 0.5)} spikes (at most t) in its first t steps, so after
 * {@code t = L} steps its rate times lambda is exactly {@code y}. Element-wise on any shape ({@code [B, ...]} or
 * {@code [T, B, ...]}; a time-static input stays time-static).
 */
public final class QCFS extends PointwiseActivation {
    private final int levels;
    private final Tensor lambda;

    /**
     * @param levels     L, the number of quantization steps (positive)
     * @param initLambda the initial ceiling (positive, finite; the authors start at 8)
     */
    public QCFS(int levels, float initLambda) {
        if (levels <= 0) {
            throw new IllegalArgumentException("QCFS: levels L must be positive, got " + levels);
        }
        if (!(initLambda > 0) || Float.isInfinite(initLambda)) {
            throw new IllegalArgumentException("QCFS: initial lambda must be positive and finite, got " + initLambda);
        }
        this.levels = levels;
        this.lambda = registerParameter("lambda", Tensor.of(new float[] {initLambda}, 1));
    }

    /** L. */
    public int levels() {
        return levels;
    }

    /** The current ceiling lambda (the threshold of the converted neuron). */
    public float lambda() {
        return lambda.data()[0];
    }

    /** The learnable parameter holding lambda, shape {@code [1]}. */
    public Tensor lambdaParameter() {
        return lambda;
    }

    private float checkedLambda() {
        float lam = lambda();
        if (!(lam > 0) || Float.isInfinite(lam)) {
            throw new IllegalStateException(this + ": lambda must stay positive and finite, is " + lam);
        }
        return lam;
    }

    /** The normalised level {@code q} of {@code x}. */
    private float level(float x, float lam) {
        float u = x / lam;
        u = u < 0f ? 0f : (u > 1f ? 1f : u);
        return (float) Math.floor(u * levels + 0.5f) / levels;
    }

    @Override
    void apply(float[] x, float[] y) {
        float lam = checkedLambda();
        for (int i = 0; i < x.length; i++) {
            y[i] = lam * level(x[i], lam);
        }
    }

    @Override
    void inputGradient(float[] x, float[] g, float[] gx) {
        float lam = lambda();
        for (int i = 0; i < x.length; i++) {
            gx[i] = x[i] >= 0f && x[i] <= lam ? g[i] : 0f;
        }
    }

    @Override
    Tensor[] graphInputs(Tensor x) {
        return new Tensor[] {x, lambda};
    }

    @Override
    Tensor parameterGradient(int k, float[] x, float[] g) {
        float lam = lambda();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            float d = level(x[i], lam);
            if (x[i] >= 0f && x[i] <= lam) {
                d -= x[i] / lam;
            }
            s += (double) g[i] * d;
        }
        return Tensor.of(new float[] {(float) s}, 1);
    }

    @Override
    public String toString() {
        return "QCFS(L=" + levels + ", lambda=" + lambda() + ")";
    }
}
