/**
 * Small differentiable tensor ops shared by losses and read-outs (reductions over time and over
 * all elements, element-wise add/mul/scale, fused cross-entropy and one-hot MSE), all aware of
 * time-static tensors, plus {@link org.snn4j.core.ops.Spec}, the {@code name:key=value,flag} parser
 * behind the CLI's encoder, loss and schedule options.
 */
package org.snn4j.core.ops;
