package org.snn4j.core.metrics;

import org.snn4j.core.encode.Decode;
import org.snn4j.core.tensor.Tensor;

/**
 * Classification accuracy of an output sequence {@code [T, B, C]} against labels {@code [B]}: the
 * fraction of samples whose predicted class equals the label. {@link #byRate} predicts by spike
 * count (snnTorch {@code accuracy_rate}), {@link #byFirstSpike} by earliest spike (snnTorch
 * {@code accuracy_temporal}, with the tie rules of {@link Decode#predictByFirstSpike}),
 * {@link #byMaxMembrane} by the largest membrane potential. {@link #correct} counts instead.
 */
public final class Accuracy {
    private Accuracy() {
    }

    public static double byRate(Tensor out, int[] labels) {
        return fraction(Decode.predictByCount(out), labels);
    }

    public static double byFirstSpike(Tensor out, int[] labels) {
        return fraction(Decode.predictByFirstSpike(out), labels);
    }

    public static double byMaxMembrane(Tensor out, int[] labels) {
        return fraction(Decode.predictByMaxMembrane(out), labels);
    }

    /** Number of positions where {@code predicted[i] == labels[i]}. */
    public static int correct(int[] predicted, int[] labels) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException("accuracy: " + predicted.length + " predictions but "
                    + labels.length + " labels");
        }
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                n++;
            }
        }
        return n;
    }

    /** {@code correct / n}, 0 for an empty batch. */
    public static double fraction(int[] predicted, int[] labels) {
        int n = correct(predicted, labels);
        return labels.length == 0 ? 0 : (double) n / labels.length;
    }
}
