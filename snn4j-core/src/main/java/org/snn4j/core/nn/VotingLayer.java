package org.snn4j.core.nn;

import java.util.Arrays;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;

/**
 * Voting layer of the PLIF paper (Fang et al. 2021; SpikingJelly's {@code layer.VotingLayer}): the output
 * neurons form consecutive groups of {@code groupSize}, and class {@code k} is the mean of group {@code k}:
 * <pre>
 *   y[..., k] = (1/groupSize) * sum_{j < groupSize} x[..., k*groupSize + j]        dx[..., k*groupSize + j] = dy[..., k] / groupSize
 * </pre>
 * on the last dimension of {@code [T, B, F]} (any {@code [..., F]}), {@code F} a multiple of {@code groupSize}.
 * A time-static input gives a time-static output.
 */
public final class VotingLayer extends Module {
    private final int groupSize;

    public VotingLayer(int groupSize) {
        if (groupSize <= 0) {
            throw new IllegalArgumentException("VotingLayer: groupSize must be positive, got " + groupSize);
        }
        this.groupSize = groupSize;
    }

    public int groupSize() {
        return groupSize;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1 || x.size(-1) % groupSize != 0) {
            throw new IllegalArgumentException(this + ": the last dimension must be a multiple of " + groupSize
                    + ", got shape " + x.shapeString());
        }
        int f = x.size(-1);
        int k = f / groupSize;
        int rows = f == 0 ? 0 : x.storedNumel() / f;
        int gs = groupSize;
        byte[] xb = x.spikeBytes();
        float[] xd = xb != null ? null : x.data();
        float[] y = new float[rows * k];
        Parallel.forRange(rows, Math.max(1, (1 << 14) / Math.max(1, f)), (from, to) -> {
            for (int r = from; r < to; r++) {
                for (int c = 0; c < k; c++) {
                    int o = r * f + c * gs;
                    float s = 0f;
                    if (xd != null) {
                        for (int j = 0; j < gs; j++) {
                            s += xd[o + j];
                        }
                    } else {
                        int cnt = 0;
                        for (int j = 0; j < gs; j++) {
                            cnt += xb[o + j];
                        }
                        s = cnt;
                    }
                    y[r * k + c] = s / gs;
                }
            }
        });
        int[] shape = x.shape();
        shape[shape.length - 1] = k;
        Tensor out = x.isTimeStatic() ? Tensor.staticOf(y, shape[0], Arrays.copyOfRange(shape, 1, shape.length))
                : Tensor.of(y, shape);
        if (Autograd.isTracking(x)) {
            SavedSpikes.keep(x);
            out.withGradFn(new GradFn("voting[" + gs + "]", x) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    float[] g = gradOutput.data();
                    float[] gx = new float[rows * f];
                    Parallel.forRange(rows, Math.max(1, (1 << 14) / Math.max(1, f)), (from, to) -> {
                        for (int r = from; r < to; r++) {
                            for (int c = 0; c < k; c++) {
                                float v = g[r * k + c] / gs;
                                Arrays.fill(gx, r * f + c * gs, r * f + (c + 1) * gs, v);
                            }
                        }
                    });
                    accumulate(0, Pool2d.storedLike(x, gx));
                }
            });
        }
        return out;
    }

    @Override
    public String toString() {
        return "VotingLayer(" + groupSize + ")";
    }
}
