package org.snn4j.core.optim;

import org.snn4j.core.ops.Spec;

/**
 * A learning-rate schedule in closed form: the rate for an epoch (counted from 0) given the base
 * rate. Being stateless, a schedule resumes from a checkpoint with nothing but the epoch number.
 *
 * <p>{@link #parse} accepts {@code constant}, {@code step:step_size=N[,gamma=0.1]},
 * {@code cosine:t_max=N[,eta_min=0]} and {@code warmup:epochs=N[,start_factor=1/N][,then=<name>]}
 * where the schedule after the warm-up is given with its options as
 * {@code "warmup:epochs=2,then=cosine,t_max=10"} (options other than the warm-up's go to it).
 */
@FunctionalInterface
public interface LrSchedule {
    /** The learning rate at {@code epoch} (0-based) for base rate {@code baseLr}. */
    double lr(double baseLr, int epoch);

    /** Sets {@code optimizer}'s learning rate for {@code epoch} and returns it. */
    default float apply(Optimizer optimizer, float baseLr, int epoch) {
        float rate = (float) lr(baseLr, epoch);
        optimizer.setLearningRate(rate);
        return rate;
    }

    /** The base rate at every epoch. */
    static LrSchedule constant() {
        return (base, epoch) -> base;
    }

    /**
     * PyTorch {@code StepLR(step_size, gamma)}: {@code lr = base * gamma^floor(epoch / step_size)}.
     * Default gamma 0.1.
     */
    static LrSchedule step(int stepSize, double gamma) {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("StepLR: step_size must be positive, got " + stepSize);
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("StepLR: gamma must be positive, got " + gamma);
        }
        return (base, epoch) -> base * Math.pow(gamma, Math.floorDiv(epoch, stepSize));
    }

    /**
     * PyTorch {@code CosineAnnealingLR(T_max, eta_min)} in its closed form:
     * {@code lr = eta_min + (base - eta_min) * (1 + cos(pi * epoch / T_max)) / 2}. Past
     * {@code T_max} the cosine continues (rises again), as in PyTorch. Default eta_min 0.
     */
    static LrSchedule cosine(int tMax, double etaMin) {
        if (tMax <= 0) {
            throw new IllegalArgumentException("CosineAnnealingLR: T_max must be positive, got " + tMax);
        }
        if (!(etaMin >= 0) || Double.isInfinite(etaMin)) {
            throw new IllegalArgumentException("CosineAnnealingLR: eta_min must be finite and >= 0, got " + etaMin);
        }
        return (base, epoch) -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }

    /**
     * Linear warm-up (PyTorch {@code LinearLR(start_factor, end_factor=1, total_iters=epochs)}):
     * {@code lr = base * (start + (1 - start) * epoch / epochs)} for {@code epoch < epochs}, then
     * {@code after.lr(base, epoch - epochs)} (a constant base rate when {@code after} is null).
     * The CLI default start factor is {@code 1/epochs}.
     */
    static LrSchedule warmup(int epochs, double startFactor, LrSchedule after) {
        if (epochs <= 0) {
            throw new IllegalArgumentException("LinearWarmup: epochs must be positive, got " + epochs);
        }
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearWarmup: start_factor must lie in (0, 1], got " + startFactor);
        }
        LrSchedule next = after == null ? constant() : after;
        return (base, epoch) -> epoch < epochs
                ? base * (startFactor + (1 - startFactor) * epoch / epochs)
                : next.lr(base, epoch - epochs);
    }

    /** Parses a CLI spec: {@code "step:step_size=10,gamma=0.5"}, {@code "cosine:t_max=20"}, ... */
    static LrSchedule parse(String spec) {
        Spec s = Spec.parse("lr schedule", spec);
        LrSchedule result = parse(s, s.name(), spec);
        s.finish();
        return result;
    }

    private static LrSchedule parse(Spec s, String name, String spec) {
        return switch (name) {
            case "constant", "none" -> constant();
            case "step", "steplr" -> {
                if (!s.has("step_size")) {
                    throw new IllegalArgumentException("lr schedule '" + spec + "': step needs step_size=N");
                }
                yield step(s.getInt("step_size", 0), s.getDouble("gamma", 0.1));
            }
            case "cosine", "cosineannealinglr" -> {
                if (!s.has("t_max")) {
                    throw new IllegalArgumentException("lr schedule '" + spec + "': cosine needs t_max=N");
                }
                yield cosine(s.getInt("t_max", 0), s.getDouble("eta_min", 0));
            }
            case "warmup", "linearwarmup" -> {
                int epochs = s.getInt("epochs", 0);
                double start = s.getDouble("start_factor", epochs > 0 ? 1.0 / epochs : 1.0);
                String then = s.getString("then", "constant").toLowerCase(java.util.Locale.ROOT);
                if (then.startsWith("warmup") || then.startsWith("linearwarmup")) {
                    throw new IllegalArgumentException("lr schedule '" + spec + "': warmup cannot follow warmup");
                }
                yield warmup(epochs, start, parse(s, then, spec));
            }
            default -> throw new IllegalArgumentException("unknown lr schedule '" + name + "' in spec '" + spec
                    + "' (known: constant, step, cosine, warmup)");
        };
    }
}
