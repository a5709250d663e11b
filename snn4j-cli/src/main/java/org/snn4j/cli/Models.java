package org.snn4j.cli;

import java.util.List;

import org.snn4j.core.autograd.Autograd;
import org.snn4j.core.neuron.IF;
import org.snn4j.core.neuron.LIF;
import org.snn4j.core.neuron.Lapicque;
import org.snn4j.core.neuron.Leaky;
import org.snn4j.core.neuron.ParametricLIF;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * Builds the fully-connected SNN of a {@link RunConfig}: {@code Linear -> neuron} per layer. With a
 * membrane loss the last neuron layer is read out through its membrane potential.
 */
final class Models {
    private Models() {
    }

    static Sequential build(RunConfig c, Rng rng) {
        int[] sizes = c.layerSizes();
        boolean membrane = Predictions.membraneOutput(c.loss());
        Sequential s = new Sequential();
        for (int i = 0; i + 1 < sizes.length; i++) {
            s.add(new Linear(sizes[i], sizes[i + 1], rng));
            SpikingNeuron n = neuron(c);
            boolean last = i + 2 == sizes.length;
            s.add(last && membrane ? new MembraneReadout(n) : n);
        }
        return s;
    }

    static SpikingNeuron neuron(RunConfig c) {
        String reset = c.reset().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("hard", "zero", "soft", "subtract", "none").contains(reset)) {
            throw new Main.UsageException("--reset must be hard, soft or none, got '" + c.reset() + "'");
        }
        boolean hard = reset.equals("hard") || reset.equals("zero");
        boolean none = reset.equals("none");
        return switch (c.neuron().toLowerCase(java.util.Locale.ROOT)) {
            case "lif" -> configure(LIF.builder().tau((float) c.tau()), c, hard, none).build();
            case "if" -> configure(IF.builder(), c, hard, none).build();
            case "plif" -> configure(ParametricLIF.builder().initTau((float) c.tau()), c, hard, none).build();
            case "leaky" -> {
                Leaky.Builder b = Leaky.builder((float) c.beta()).resetMechanism(none ? "none" : hard ? "zero" : "subtract");
                yield b.threshold((float) c.threshold()).surrogate(c.surrogate()).build();
            }
            case "lapicque" -> {
                Lapicque.Builder b = Lapicque.builder().beta((float) c.beta());
                if (none) {
                    b.resetMode(org.snn4j.core.neuron.ResetMode.NONE);
                } else if (hard) {
                    b.hardReset(0f);
                } else {
                    b.softReset();
                }
                yield b.threshold((float) c.threshold()).surrogate(c.surrogate()).build();
            }
            default -> throw new Main.UsageException("--neuron must be lif, if, plif, leaky or lapicque, got '"
                    + c.neuron() + "'");
        };
    }

    private static <B extends SpikingNeuron.Builder<B>> B configure(B b, RunConfig c, boolean hard, boolean none) {
        if (none) {
            b.resetMode(org.snn4j.core.neuron.ResetMode.NONE);
        } else if (hard) {
            b.hardReset(0f);
        } else {
            b.softReset();
        }
        return b.threshold((float) c.threshold()).surrogate(c.surrogate());
    }

    /** The membrane of the last neuron layer for input {@code x}, or null when the model has none. */
    static Tensor outputMembrane(Sequential model, Tensor x) {
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            Tensor h = x;
            List<Module> layers = model.layers();
            int lastNeuron = -1;
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) instanceof SpikingNeuron || layers.get(i) instanceof MembraneReadout) {
                    lastNeuron = i;
                }
            }
            if (lastNeuron < 0) {
                return null;
            }
            for (int i = 0; i < lastNeuron; i++) {
                h = layers.get(i).forward(h);
            }
            Module m = layers.get(lastNeuron);
            SpikingNeuron n = m instanceof MembraneReadout r ? r.neuron() : (SpikingNeuron) m;
            return n.forwardWithMembrane(h).membrane();
        }
    }

    /** Outputs a neuron layer's membrane potential instead of its spikes (for membrane losses). */
    static final class MembraneReadout extends Module {
        private final SpikingNeuron neuron;

        MembraneReadout(SpikingNeuron neuron) {
            this.neuron = registerModule("neuron", neuron);
        }

        SpikingNeuron neuron() {
            return neuron;
        }

        @Override
        public Tensor forward(Tensor x) {
            return neuron.forwardWithMembrane(x).membrane();
        }

        @Override
        public String toString() {
            return "MembraneReadout(" + neuron + ")";
        }
    }
}
