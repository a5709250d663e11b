package org.snn4j.convert;

import org.snn4j.core.neuron.NeuronLayer;
import org.snn4j.core.neuron.ResetMode;
import org.snn4j.core.nn.Module;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;

/**
 * The integrate-and-fire neuron of a converted network (inference only, no graph), per element of
 * {@code [T, B, C, ...]}:
 * <pre>
 *   V[-1] = offset * theta_c                       (offset 0, or 0.5 for the half-threshold start)
 *   H[t]  = V[t-1] + X[t]
 *   S[t]  = [H[t] &gt;= theta_c]                   (at most one spike per step)
 *   V[t]  = H[t] - S[t]*theta_c                    SUBTRACT (reset by subtraction)
 *   V[t]  = H[t] * (1 - S[t])                      ZERO (reset to zero)
 *   Y[t]  = theta_c * S[t]
 * </pre>
 * {@code theta} is one value per layer or one per channel {@code c} (dimension 2 of {@code [T, B, C, ...]}). A
 * spike carries its threshold ({@code Y = theta*S}), so the layers after it see currents in the units of the ANN's
 * activations and keep the ANN's weights; this is the same network as one with unit thresholds, binary spikes and
 * weights rescaled by {@code theta_{l-1}/theta_l} (Rueckauer et al. 2017), written without the rescaling. With
 * reset by subtraction and a constant input {@code x} (the first layer's analog current), the membrane stays in
 * {@code [0, theta)} for {@code 0 <= x <= theta}, so after t steps the count is {@code floor(t*x/theta + offset)}
 * and the rate times theta is within {@code theta/t} of {@code clamp(x, 0, theta)}. A time-static input is read
 * at every step. Elements are independent, so blocks run in parallel with identical results for any thread count.
 */
public final class IFNeuron extends Module implements NeuronLayer {
    private final float[] thresholds;
    private final ResetMode reset;
    private final float offset;
    private long lastSpikes;
    private boolean recordMembrane;
    private Tensor recorded;

    /**
     * @param thresholds one positive threshold, or one per channel
     * @param reset      SUBTRACT or ZERO
     * @param offset     initial membrane as a fraction of the threshold, in [0, 1)
     */
    public IFNeuron(float[] thresholds, ResetMode reset, float offset) {
        if (thresholds == null || thresholds.length == 0) {
            throw new IllegalArgumentException("IFNeuron: at least one threshold is needed");
        }
        for (int i = 0; i < thresholds.length; i++) {
            if (!(thresholds[i] > 0) || Float.isInfinite(thresholds[i])) {
                throw new IllegalArgumentException("IFNeuron: threshold " + i + " must be positive and finite, got "
                        + thresholds[i]);
            }
        }
        if (reset != ResetMode.SUBTRACT && reset != ResetMode.ZERO) {
            throw new IllegalArgumentException("IFNeuron: reset must be SUBTRACT or ZERO, got " + reset);
        }
        if (!(offset >= 0 && offset < 1)) {
            throw new IllegalArgumentException("IFNeuron: membrane offset must be in [0, 1) of the threshold, got "
                    + offset);
        }
        this.thresholds = thresholds.clone();
        this.reset = reset;
        this.offset = offset;
    }

    /** The thresholds (one, or one per channel). */
    public float[] thresholds() {
        return thresholds.clone();
    }

    public ResetMode reset() {
        return reset;
    }

    /** The initial membrane as a fraction of the threshold. */
    public float offset() {
        return offset;
    }

    /** A spike carries its threshold: the spike values are the thresholds. */
    @Override
    public float[] spikeValues() {
        return thresholds();
    }

    /** Records the membrane {@code V[t]} (after the reset) of each following forward pass. */
    @Override
    public IFNeuron setRecordMembrane(boolean on) {
        recordMembrane = on;
        if (!on) {
            recorded = null;
        }
        return this;
    }

    @Override
    public boolean isRecordingMembrane() {
        return recordMembrane;
    }

    @Override
    public Tensor recordedMembrane() {
        return recorded;
    }

    /** Spikes emitted by the last forward pass (all steps and samples). */
    public long lastSpikes() {
        return lastSpikes;
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] shape = x.shape();
        if (x.rank() < 2) {
            throw new IllegalArgumentException(this + ": expected [T, B, ...], got shape " + x.shapeString());
        }
        int channels = thresholds.length;
        if (channels > 1 && (x.rank() < 3 || shape[2] != channels)) {
            throw new IllegalArgumentException(this + ": " + channels + " per-channel thresholds need input [T, B, "
                    + channels + ", ...], got shape " + x.shapeString());
        }
        int steps = shape[0];
        int n = steps == 0 ? 0 : (int) (Tensor.numel(shape) / steps);
        int inner = 1;
        for (int d = 3; d < shape.length; d++) {
            inner *= shape[d];
        }
        int spatial = inner;
        boolean xStatic = x.isTimeStatic();
        float[] xd = x.data();
        float[] y = new float[steps * n];
        float[] mem = recordMembrane ? new float[steps * n] : null;
        long[] counts = new long[Math.max(1, (n + 4095) / 4096)];
        Parallel.forRange(counts.length, 1, (from, to) -> {
            for (int blk = from; blk < to; blk++) {
                long c = 0;
                int end = Math.min(n, (blk + 1) * 4096);
                for (int i = blk * 4096; i < end; i++) {
                    float th = channels == 1 ? thresholds[0] : thresholds[(i / spatial) % channels];
                    float v = offset * th;
                    for (int t = 0; t < steps; t++) {
                        v += xd[xStatic ? i : t * n + i];
                        if (v >= th) {
                            y[t * n + i] = th;
                            v = reset == ResetMode.SUBTRACT ? v - th : 0f;
                            c++;
                        }
                        if (mem != null) {
                            mem[t * n + i] = v;
                        }
                    }
                }
                counts[blk] = c;
            }
        });
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        lastSpikes = total;
        recorded = mem == null ? null : Tensor.of(mem, shape);
        return Tensor.of(y, shape);
    }

    @Override
    public String toString() {
        return "IFNeuron(" + (thresholds.length == 1 ? "threshold=" + thresholds[0]
                : thresholds.length + " channel thresholds, max=" + max(thresholds)) + ", reset=" + reset
                + (offset != 0 ? ", offset=" + offset : "") + ")";
    }

    private static float max(float[] v) {
        float m = v[0];
        for (float f : v) {
            m = Math.max(m, f);
        }
        return m;
    }
}
