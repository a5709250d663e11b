package org.snn4j.core.loss;

import org.snn4j.core.ops.Ops;
import org.snn4j.core.tensor.Tensor;

/**
 * snnTorch {@code mse_count_loss(correct_rate, incorrect_rate)}: mean squared error between the
 * spike counts {@code sum_t x[t]} ({@code [B, C]}) and target counts, divided by {@code T}:
 * {@code L = mean_{b,c} (count[b,c] - target[b,c])^2 / T} with
 * {@code target = int(T * correct_rate)} for the label's class and {@code int(T * incorrect_rate)}
 * otherwise ({@code int} truncates, as in snnTorch). Defaults: correct 1, incorrect 0.
 */
public final class MseCountLoss implements Loss {
    private final double correctRate;
    private final double incorrectRate;

    public MseCountLoss(double correctRate, double incorrectRate) {
        if (!(correctRate >= 0 && correctRate <= 1) || !(incorrectRate >= 0 && incorrectRate <= 1)) {
            throw new IllegalArgumentException("mse_count: correct_rate=" + correctRate + " and incorrect_rate="
                    + incorrectRate + " must lie in [0, 1]");
        }
        this.correctRate = correctRate;
        this.incorrectRate = incorrectRate;
    }

    public MseCountLoss() {
        this(1.0, 0.0);
    }

    @Override
    public Tensor compute(Tensor output, int[] labels) {
        Loss.checkOutput(name(), output, labels);
        int steps = output.size(0);
        float on = (int) (steps * correctRate);
        float off = (int) (steps * incorrectRate);
        return Ops.scale(Ops.mseToTargets(Ops.sumOverTime(output), labels, on, off), 1f / steps);
    }

    @Override
    public String name() {
        return "mse_count";
    }

    public double correctRate() {
        return correctRate;
    }

    public double incorrectRate() {
        return incorrectRate;
    }
}
