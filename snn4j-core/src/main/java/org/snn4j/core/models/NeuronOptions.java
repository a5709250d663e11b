package org.snn4j.core.models;

import java.util.Locale;

import org.snn4j.core.neuron.ALIF;
import org.snn4j.core.neuron.Alpha;
import org.snn4j.core.neuron.EIF;
import org.snn4j.core.neuron.IF;
import org.snn4j.core.neuron.Izhikevich;
import org.snn4j.core.neuron.LIF;
import org.snn4j.core.neuron.Lapicque;
import org.snn4j.core.neuron.Leaky;
import org.snn4j.core.neuron.ParametricLIF;
import org.snn4j.core.neuron.QIF;
import org.snn4j.core.neuron.ResetMode;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.core.neuron.Synaptic;
import org.snn4j.core.surrogate.Surrogate;

/**
 * The neuron layers a model builder creates: one kind with its options, turned into a fresh layer by
 * {@link #create(int)} for every place the architecture has a neuron. Options left unset ({@code NaN}, or
 * {@code null}) take the kind's library default (the class comment of each neuron lists them):
 * <pre>
 *   kind        library      uses           defaults here
 *   LIF         SpikingJelly tau            tau 2
 *   IF          SpikingJelly -
 *   PLIF        SpikingJelly tau (initial)  init tau 2, one w per layer (perChannel: one per channel)
 *   LEAKY       snnTorch     beta           beta 0.5
 *   LAPICQUE    snnTorch     beta           beta 0.5 (R = 1)
 *   SYNAPTIC    snnTorch     alpha, beta    alpha 0.9, beta 0.8
 *   ALPHA       snnTorch     alpha, beta    alpha 0.9, beta 0.8
 *   ALIF        LSNN         beta           beta exp(-1/20)
 *   QIF, EIF, IZHIKEVICH  SpikingJelly  tau  tau 2
 * </pre>
 * {@code threshold}, {@code surrogate}, {@code reset} (mode; a hard reset goes to the kind's default
 * {@code vReset}) and {@code detachReset} override the library default when set. The reset timing is always
 * the library's. Immutable; the {@code with...} methods return modified copies.
 *
 * @param kind        neuron model
 * @param tau         membrane time constant in steps (LIF, PLIF initial, QIF, EIF, Izhikevich), NaN for default
 * @param beta        membrane decay (Leaky, Lapicque, Synaptic, Alpha, ALIF), NaN for default
 * @param alpha       synaptic decay (Synaptic, Alpha), NaN for default
 * @param threshold   firing threshold, NaN for default (1 for every kind)
 * @param surrogate   surrogate gradient, null for the library default
 * @param reset       reset mode, null for the library default
 * @param detachReset whether the reset is detached from the graph, null for the library default
 * @param perChannel  PLIF only: one learnable {@code w} per channel (dim 2) instead of one per layer
 */
public record NeuronOptions(Kind kind, float tau, float beta, float alpha, float threshold, Surrogate surrogate,
        ResetMode reset, Boolean detachReset, boolean perChannel) {

    /** The neuron models a builder can use. */
    public enum Kind {
        LIF, IF, PLIF, LEAKY, LAPICQUE, SYNAPTIC, ALPHA, ALIF, QIF, EIF, IZHIKEVICH;

        /** Parses a kind name ({@code lif}, {@code plif}, {@code leaky}, ...; any case). */
        public static Kind parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown neuron kind '" + name + "' (known: lif, if, plif, leaky,"
                        + " lapicque, synaptic, alpha, alif, qif, eif, izhikevich)");
            }
        }
    }

    public NeuronOptions {
        if (kind == null) {
            throw new IllegalArgumentException("NeuronOptions: kind must be set");
        }
        if (perChannel && kind != Kind.PLIF) {
            throw new IllegalArgumentException("NeuronOptions: perChannel applies to PLIF only, kind is " + kind);
        }
    }

    /** The kind with every option at its library default. */
    public static NeuronOptions of(Kind kind) {
        return new NeuronOptions(kind, Float.NaN, Float.NaN, Float.NaN, Float.NaN, null, null, null, false);
    }

    public NeuronOptions withTau(float v) {
        return new NeuronOptions(kind, v, beta, alpha, threshold, surrogate, reset, detachReset, perChannel);
    }

    public NeuronOptions withBeta(float v) {
        return new NeuronOptions(kind, tau, v, alpha, threshold, surrogate, reset, detachReset, perChannel);
    }

    public NeuronOptions withAlpha(float v) {
        return new NeuronOptions(kind, tau, beta, v, threshold, surrogate, reset, detachReset, perChannel);
    }

    public NeuronOptions withThreshold(float v) {
        return new NeuronOptions(kind, tau, beta, alpha, v, surrogate, reset, detachReset, perChannel);
    }

    public NeuronOptions withSurrogate(Surrogate s) {
        return new NeuronOptions(kind, tau, beta, alpha, threshold, s, reset, detachReset, perChannel);
    }

    /** A surrogate in {@link Surrogate#parse(String)} syntax ({@code atan:alpha=2}, {@code fast_sigmoid:k=25}). */
    public NeuronOptions withSurrogate(String spec) {
        return withSurrogate(Surrogate.parse(spec));
    }

    public NeuronOptions withReset(ResetMode m) {
        return new NeuronOptions(kind, tau, beta, alpha, threshold, surrogate, m, detachReset, perChannel);
    }

    public NeuronOptions withDetachReset(boolean on) {
        return new NeuronOptions(kind, tau, beta, alpha, threshold, surrogate, reset, on, perChannel);
    }

    public NeuronOptions withPerChannel(boolean on) {
        return new NeuronOptions(kind, tau, beta, alpha, threshold, surrogate, reset, detachReset, on);
    }

    private static float or(float v, float dflt) {
        return Float.isNaN(v) ? dflt : v;
    }

    /**
     * A new neuron layer for inputs with {@code channels} channels (dim 2 of {@code [T, B, C, ...]}; the
     * features of {@code [T, B, F]}). Only a per-channel PLIF uses the count.
     */
    public SpikingNeuron create(int channels) {
        if (channels <= 0) {
            throw new IllegalArgumentException("NeuronOptions.create: channels must be positive, got " + channels);
        }
        return switch (kind) {
            case LIF -> common(LIF.builder().tau(or(tau, 2f))).build();
            case IF -> common(IF.builder()).build();
            case PLIF -> {
                ParametricLIF.Builder b = ParametricLIF.builder().initTau(or(tau, 2f));
                if (perChannel) {
                    b.perChannel(channels);
                }
                yield common(b).build();
            }
            case LEAKY -> common(Leaky.builder(or(beta, 0.5f))).build();
            case LAPICQUE -> common(Lapicque.builder().beta(or(beta, 0.5f))).build();
            case SYNAPTIC -> common(Synaptic.builder(or(alpha, 0.9f), or(beta, 0.8f))).build();
            case ALPHA -> common(Alpha.builder(or(alpha, 0.9f), or(beta, 0.8f))).build();
            case ALIF -> {
                ALIF.Builder b = ALIF.builder();
                if (!Float.isNaN(beta)) {
                    b.beta(beta);
                }
                yield common(b).build();
            }
            case QIF -> common(QIF.builder().tau(or(tau, 2f))).build();
            case EIF -> common(EIF.builder().tau(or(tau, 2f))).build();
            case IZHIKEVICH -> common(Izhikevich.builder().tau(or(tau, 2f))).build();
        };
    }

    private <B extends SpikingNeuron.Builder<B>> B common(B b) {
        if (!Float.isNaN(threshold)) {
            b.threshold(threshold);
        }
        if (surrogate != null) {
            b.surrogate(surrogate);
        }
        if (reset != null) {
            b.resetMode(reset);
        }
        if (detachReset != null) {
            b.detachReset(detachReset);
        }
        return b;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.name().toLowerCase(Locale.ROOT));
        if (!Float.isNaN(tau)) {
            sb.append(" tau=").append(tau);
        }
        if (!Float.isNaN(beta)) {
            sb.append(" beta=").append(beta);
        }
        if (!Float.isNaN(alpha)) {
            sb.append(" alpha=").append(alpha);
        }
        if (!Float.isNaN(threshold)) {
            sb.append(" threshold=").append(threshold);
        }
        if (surrogate != null) {
            sb.append(" surrogate=").append(surrogate);
        }
        if (reset != null) {
            sb.append(" reset=").append(reset);
        }
        if (detachReset != null) {
            sb.append(" detach_reset=").append(detachReset);
        }
        if (perChannel) {
            sb.append(" per_channel");
        }
        return sb.toString();
    }
}
