package org.snn4j.convert;

/**
 * The result of {@link Converter#searchPercentile}: for candidate k, the network converted at
 * {@code percentiles[k]} reached {@code accuracy[k]} on the validation set at {@code t = T}
 * ({@code curves[k][t-1]} at every t); {@code best} indexes the highest accuracy at T (ties to the earlier
 * candidate) and {@code network} is that conversion.
 *
 * @param percentiles the candidates, in the order given
 * @param accuracy    validation accuracy at T per candidate
 * @param curves      validation accuracy at every t = 1..T per candidate
 * @param best        index of the best candidate
 * @param network     the network converted at the best percentile
 */
public record PercentileSearch(double[] percentiles, double[] accuracy, double[][] curves, int best,
        ConvertedNetwork network) {
    public PercentileSearch {
        percentiles = percentiles.clone();
        accuracy = accuracy.clone();
        curves = curves.clone();
    }

    @Override
    public double[] percentiles() {
        return percentiles.clone();
    }

    @Override
    public double[] accuracy() {
        return accuracy.clone();
    }

    @Override
    public double[][] curves() {
        return curves.clone();
    }

    /** The best candidate percentile. */
    public double bestPercentile() {
        return percentiles[best];
    }

    /** Its validation accuracy at T. */
    public double bestAccuracy() {
        return accuracy[best];
    }
}
