/**
 * Surrogate gradients for the spike non-linearity: the forward pass of a neuron is a Heaviside step
 * of {@code H - threshold}, and backward replaces its derivative (zero almost everywhere) by a smooth
 * pseudo-derivative {@link org.snn4j.core.surrogate.Surrogate#derivative(float)}. Every surrogate also
 * exposes {@link org.snn4j.core.surrogate.Surrogate#primitive(float)}, a smooth step whose exact
 * derivative is the surrogate, used by gradient tests; and a {@link org.snn4j.core.surrogate.Surrogate.Kind}
 * plus one parameter, so fused kernels switch on the kind outside their inner loops instead of making
 * virtual calls per element. {@link org.snn4j.core.surrogate.Surrogate#parse(String)} reads the CLI
 * syntax {@code name[:param=value]}.
 */
package org.snn4j.core.surrogate;
