package org.snn4j.convert;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.nn.Module;
import org.snn4j.core.tensor.Tensor;

/**
 * The result of {@link Converter#convert}: the spiking network (stateless layers and {@link IFNeuron}s on
 * {@code [T, B, ...]}), the ANN sample shape it accepts, the threshold chosen for each activation and how the input
 * is presented. {@link #thresholds()} and {@link Converter#convert(Module, int[], Map, ConversionConfig)} rebuild
 * the same network from the ANN without the calibration set.
 *
 * @param snn         the spiking network
 * @param sampleShape the shape of one input sample (the ANN input without its batch dimension)
 * @param layers      one entry per converted activation, in network order (then the read-out IF layer, if any)
 * @param input       how {@link #run} presents the ANN input over the steps
 */
public record ConvertedNetwork(Module snn, int[] sampleShape, List<Layer> layers, InputEncoding input) {
    /** The path of the read-out IF layer of {@link Readout#SPIKE_COUNT} (no ANN layer has it). */
    public static final String OUTPUT_PATH = "(output)";

    /**
     * One converted activation.
     *
     * @param path       the activation's dotted name in the ANN ({@code "3.0.branch.2"}), or {@link #OUTPUT_PATH}
     * @param activation what it was ({@code ReLU}, {@code QCFS(L=4, lambda=2.0)}, ...)
     * @param neuron     the IF layer that replaces it
     */
    public record Layer(String path, String activation, IFNeuron neuron) {
    }

    public ConvertedNetwork {
        if (snn == null || sampleShape == null || layers == null || input == null) {
            throw new IllegalArgumentException("ConvertedNetwork: network, sample shape, layers and input encoding"
                    + " must be given");
        }
        sampleShape = sampleShape.clone();
        layers = List.copyOf(layers);
    }

    /** With analog input. */
    public ConvertedNetwork(Module snn, int[] sampleShape, List<Layer> layers) {
        this(snn, sampleShape, layers, InputEncoding.analog());
    }

    /** The same network (shared, not copied) with another input encoding. */
    public ConvertedNetwork withInput(InputEncoding e) {
        return new ConvertedNetwork(snn, sampleShape, layers, e);
    }

    /**
     * Every IF layer's thresholds by path, in network order (one value per layer, or one per channel); the map to
     * save beside the ANN checkpoint to rebuild this network with {@link Converter#convert(Module, int[], Map,
     * ConversionConfig)}.
     */
    public Map<String, float[]> thresholds() {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (Layer l : layers) {
            m.put(l.path(), l.neuron().thresholds());
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /**
     * Runs {@code T} steps on ANN inputs {@code x [B, ...]} (the batch's first sample counted as sample 0 of the
     * Poisson streams); see {@link #run(Tensor, int, long)}.
     */
    public Tensor run(Tensor x, int steps) {
        return run(x, steps, 0);
    }

    /**
     * Runs {@code T} steps on ANN inputs {@code x [B, ...]} encoded by {@link #input()}: with analog input the
     * first layer gets the same current at every step (a time-static tensor, so it is computed once); with Poisson
     * input sample b draws from the stream of {@code firstSample + b}. Returns the output layer's current
     * {@code [T, B, ...]}; its running sum over steps is the membrane of a non-firing read-out neuron (or theta
     * times the spike count with a read-out IF layer).
     */
    public Tensor run(Tensor x, int steps, long firstSample) {
        if (steps <= 0) {
            throw new IllegalArgumentException("ConvertedNetwork.run: steps must be positive, got " + steps);
        }
        if (x.isTimeStatic() || x.rank() != sampleShape.length + 1
                || !Arrays.equals(Arrays.copyOfRange(x.shape(), 1, x.rank()), sampleShape)) {
            throw new IllegalArgumentException("ConvertedNetwork: expected input [B, " + join(sampleShape)
                    + "] (the calibration samples' shape), got " + x.shapeString());
        }
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            return snn.forward(input.encode(x.detach(), steps, firstSample));
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
