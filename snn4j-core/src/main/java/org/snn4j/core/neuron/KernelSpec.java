package org.snn4j.core.neuron;

import org.snn4j.core.surrogate.Surrogate;

/**
 * Everything a fused kernel needs to know about the update rule besides the charge coefficients.
 *
 * @param zeroClearsCharge only for {@code NEXT_STEP + ZERO}: the reset replaces the whole new charge
 *        ({@code H = (1-R)(aU + bX + c) + R vReset}, snnTorch Lapicque) instead of only the previous
 *        membrane ({@code H = a((1-R)U + R vReset) + bX + c}, snnTorch Leaky)
 * @param smooth test mode: the spike is {@code surrogate.primitive(H - threshold)} instead of a step
 */
record KernelSpec(ResetMode reset, boolean nextStep, boolean inclusive, boolean detach, float vReset,
        float vInit, boolean zeroClearsCharge, Surrogate.Kind kind, float sgParam, boolean smooth) {
}
