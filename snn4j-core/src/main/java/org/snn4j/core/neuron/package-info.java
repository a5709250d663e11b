/**
 * Spiking neuron layers with fused multi-step kernels: {@link org.snn4j.core.neuron.Leaky} and
 * {@link org.snn4j.core.neuron.Lapicque} (snnTorch semantics), {@link org.snn4j.core.neuron.LIF},
 * {@link org.snn4j.core.neuron.IF} and {@link org.snn4j.core.neuron.ParametricLIF} (SpikingJelly
 * semantics). All share {@link org.snn4j.core.neuron.SpikingNeuron}: a linear charge
 * {@code H = a V + b X + c}, a Heaviside spike with a surrogate gradient, a configurable reset (subtract,
 * to a value, none; same step or next step; optionally detached), and one forward and one BPTT backward
 * kernel that loop over time inside, per block of elements, with a Vector API implementation and a scalar
 * fallback ({@code -Dsnn4j.kernels=vector|scalar}) that give identical results for any thread count.
 *
 * <p>Multi-state and nonlinear models run on {@code StateNeuron} (plain loops, stored states, BPTT):
 * {@link org.snn4j.core.neuron.Synaptic}, {@link org.snn4j.core.neuron.Alpha},
 * {@link org.snn4j.core.neuron.RLeaky}, {@link org.snn4j.core.neuron.RSynaptic} (snnTorch),
 * {@link org.snn4j.core.neuron.QIF}, {@link org.snn4j.core.neuron.EIF},
 * {@link org.snn4j.core.neuron.Izhikevich} (SpikingJelly) and the adaptive {@link org.snn4j.core.neuron.ALIF}.
 */
package org.snn4j.core.neuron;
