package org.snn4j.core.optim;

import java.util.Map;

import org.snn4j.core.tensor.Tensor;

/**
 * AdamW with PyTorch's {@code torch.optim.AdamW} semantics: Adam (see {@link Adam} for the update)
 * with decoupled weight decay {@code p = p * (1 - lr * weight_decay)} applied before the moment
 * update instead of an L2 term in the gradient. Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8,
 * weight_decay 1e-2, amsgrad false. State type {@code "adamw"}.
 */
public final class AdamW extends Adam {
    public static final String TYPE = "adamw";

    public AdamW(Map<String, Tensor> params, float lr, double beta1, double beta2, double eps, double weightDecay,
            boolean amsgrad) {
        super(params, lr, beta1, beta2, eps, weightDecay, amsgrad, true);
    }

    /** AdamW with the PyTorch defaults (weight decay 1e-2) and learning rate {@code lr}. */
    public AdamW(Map<String, Tensor> params, float lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 1e-2, false);
    }

    /** AdamW with all PyTorch defaults (lr 1e-3, weight decay 1e-2). */
    public AdamW(Map<String, Tensor> params) {
        this(params, 1e-3f);
    }

    @Override
    protected String type() {
        return TYPE;
    }
}
