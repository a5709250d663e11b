/**
 * The simulator's runtime: {@link org.snn4j.sim.runtime.NeuronGroup},
 * {@link org.snn4j.sim.runtime.StateMonitor}, {@link org.snn4j.sim.runtime.SpikeMonitor} and
 * {@link org.snn4j.sim.runtime.Network}, which generates, compiles and runs each group's code.
 */
package org.snn4j.sim.runtime;
