package org.snn4j.core.optim;

import java.util.Map;

import org.snn4j.core.ops.Spec;
import org.snn4j.core.tensor.Tensor;

/**
 * Builds optimisers from CLI specs: {@code sgd:lr=0.1[,momentum=0.9,dampening=0,nesterov,weight_decay=0]},
 * {@code adam[:lr=1e-3,beta1=0.9,beta2=0.999,eps=1e-8,weight_decay=0,amsgrad]},
 * {@code adamw[:lr=1e-3,...,weight_decay=1e-2]}. Defaults are PyTorch's; SGD needs {@code lr}.
 * {@code defaultLr}, when positive, replaces the lr default (a CLI {@code --lr} option).
 */
public final class Optimizers {
    private Optimizers() {
    }

    public static Optimizer parse(String spec, Map<String, Tensor> params, float defaultLr) {
        Spec s = Spec.parse("optimizer", spec);
        Optimizer opt = switch (s.name()) {
            case "sgd" -> {
                if (!s.has("lr") && !(defaultLr > 0)) {
                    throw new IllegalArgumentException("optimizer '" + spec + "': sgd needs lr=...");
                }
                yield new SGD(params, (float) s.getDouble("lr", defaultLr), s.getDouble("momentum", 0),
                        s.getDouble("dampening", 0), s.getBool("nesterov", false), s.getDouble("weight_decay", 0));
            }
            case "adam", "adamw" -> {
                boolean w = s.name().equals("adamw");
                float lr = (float) s.getDouble("lr", defaultLr > 0 ? defaultLr : 1e-3);
                double b1 = s.getDouble("beta1", 0.9);
                double b2 = s.getDouble("beta2", 0.999);
                double eps = s.getDouble("eps", 1e-8);
                double wd = s.getDouble("weight_decay", w ? 1e-2 : 0);
                boolean ams = s.getBool("amsgrad", false);
                yield w ? new AdamW(params, lr, b1, b2, eps, wd, ams) : new Adam(params, lr, b1, b2, eps, wd, ams);
            }
            default -> throw new IllegalArgumentException("unknown optimizer '" + s.name() + "' in spec '" + spec
                    + "' (known: sgd, adam, adamw)");
        };
        s.finish();
        return opt;
    }
}
