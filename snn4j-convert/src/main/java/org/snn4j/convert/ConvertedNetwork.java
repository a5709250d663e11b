package org.snn4j.convert;

import java.util.Arrays;
import java.util.List;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.nn.Module;
import org.snn4j.core.tensor.Tensor;

/**
 * The result of {@link Converter#convert}: the spiking network (stateless layers and {@link IFNeuron}s on
 * {@code [T, B, ...]}), the ANN sample shape it accepts, and the threshold chosen for each activation.
 *
 * @param snn         the spiking network
 * @param sampleShape the shape of one input sample (the ANN input without its batch dimension)
 * @param layers      one entry per converted activation, in network order
 */
public record ConvertedNetwork(Module snn, int[] sampleShape, List<Layer> layers) {
    /**
     * One converted activation.
     *
     * @param path       the activation's dotted name in the ANN ({@code "3.0.branch.2"})
     * @param activation what it was ({@code ReLU}, {@code QCFS(L=4, lambda=2.0)}, ...)
     * @param neuron     the IF layer that replaces it
     */
    public record Layer(String path, String activation, IFNeuron neuron) {
    }

    public ConvertedNetwork {
        sampleShape = sampleShape.clone();
        layers = List.copyOf(layers);
    }

    @Override
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /**
     * Runs {@code T} steps on ANN inputs {@code x [B, ...]}: the first layer gets the analog input at every step (a
     * time-static tensor, so it is computed once); returns the output layer's current {@code [T, B, ...]}. Its
     * running sum over steps is the membrane of a non-firing read-out neuron.
     */
    public Tensor run(Tensor x, int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("ConvertedNetwork.run: steps must be positive, got " + steps);
        }
        if (x.isTimeStatic() || x.rank() != sampleShape.length + 1
                || !Arrays.equals(Arrays.copyOfRange(x.shape(), 1, x.rank()), sampleShape)) {
            throw new IllegalArgumentException("ConvertedNetwork: expected input [B, " + join(sampleShape)
                    + "] (the calibration samples' shape), got " + x.shapeString());
        }
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            return snn.forward(Tensor.repeatTime(x.detach(), steps));
        }
    }

    private static String join(int[] s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(s[i]);
        }
        return sb.toString();
    }
}
