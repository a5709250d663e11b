/**
 * Training losses over output sequences {@code [T, B, C]} and integer labels, following snnTorch's
 * {@code snntorch.functional} definitions ({@code ce_rate_loss}, {@code ce_count_loss},
 * {@code ce_max_membrane_loss}, {@code mse_count_loss}, {@code mse_membrane_loss}) plus the
 * tutorials' summed per-step membrane cross-entropy and the benchmark's MSE on firing rates; each
 * returns a batch-averaged scalar in the autograd graph, accepts time-static outputs, and is
 * selectable from the CLI through {@link org.snn4j.core.loss.Loss#parse}.
 */
package org.snn4j.core.loss;
