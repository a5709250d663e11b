package org.snn4j.core.models;

import java.util.Locale;

import org.snn4j.core.nn.ClippedReLU;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.QCFS;
import org.snn4j.core.nn.ReLU;

/**
 * The activation an ANN builder ({@link AnnModels}) puts where the spiking builders put a neuron layer: a fresh
 * {@link ReLU}, {@link ClippedReLU}{@code (max)} or {@link QCFS}{@code (levels, initLambda)} per position.
 *
 * @param kind       which activation
 * @param max        ClippedReLU only: the ceiling
 * @param levels     QCFS only: L
 * @param initLambda QCFS only: the initial lambda
 */
public record Activation(Kind kind, float max, int levels, float initLambda) {
    /** The activations an ANN builder can use. */
    public enum Kind {
        RELU, CLIPPED_RELU, QCFS
    }

    public Activation {
        if (kind == null) {
            throw new IllegalArgumentException("Activation: kind must be set");
        }
        if (kind == Kind.CLIPPED_RELU && (!(max > 0) || Float.isInfinite(max))) {
            throw new IllegalArgumentException("Activation: clipped ReLU needs a positive finite max, got " + max);
        }
        if (kind == Kind.QCFS && (levels <= 0 || !(initLambda > 0) || Float.isInfinite(initLambda))) {
            throw new IllegalArgumentException("Activation: QCFS needs levels > 0 and a positive finite initial lambda,"
                    + " got levels=" + levels + " lambda=" + initLambda);
        }
    }

    public static Activation relu() {
        return new Activation(Kind.RELU, Float.NaN, 0, Float.NaN);
    }

    public static Activation clippedRelu(float max) {
        return new Activation(Kind.CLIPPED_RELU, max, 0, Float.NaN);
    }

    /** QCFS with L levels and initial lambda (Bu et al. use L = 4 or 8 and lambda = 8 on CIFAR). */
    public static Activation qcfs(int levels, float initLambda) {
        return new Activation(Kind.QCFS, Float.NaN, levels, initLambda);
    }

    /** A new activation layer. */
    public Module create() {
        return switch (kind) {
            case RELU -> new ReLU();
            case CLIPPED_RELU -> new ClippedReLU(max);
            case QCFS -> new QCFS(levels, initLambda);
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case RELU -> "relu";
            case CLIPPED_RELU -> "clipped_relu max=" + max;
            case QCFS -> "qcfs L=" + levels + " lambda=" + initLambda;
        };
    }

    /** Parses {@code relu}, {@code clipped_relu:max=6} or {@code qcfs:L=8,lambda=8} (any case). */
    public static Activation parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        String name = s.contains(":") ? s.substring(0, s.indexOf(':')) : s;
        java.util.Map<String, String> kv = new java.util.HashMap<>();
        if (s.contains(":")) {
            for (String part : s.substring(s.indexOf(':') + 1).split(",")) {
                String[] p = part.split("=", 2);
                if (p.length != 2) {
                    throw new IllegalArgumentException("activation '" + spec + "': expected key=value, got '" + part + "'");
                }
                kv.put(p[0].trim(), p[1].trim());
            }
        }
        try {
            return switch (name) {
                case "relu" -> relu();
                case "clipped_relu" -> clippedRelu(Float.parseFloat(kv.getOrDefault("max", "6")));
                case "qcfs" -> qcfs(Integer.parseInt(kv.getOrDefault("l", "8")),
                        Float.parseFloat(kv.getOrDefault("lambda", "8")));
                default -> throw new IllegalArgumentException("unknown activation '" + spec
                        + "' (known: relu, clipped_relu:max=M, qcfs:L=n,lambda=x)");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("activation '" + spec + "': bad number (" + e.getMessage() + ")", e);
        }
    }
}
