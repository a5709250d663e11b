/**
 * Integration methods. TEMPORARY in branch simrt: a minimal Euler and exact (uncoupled linear)
 * stand-in for the real package, with the agreed interface {@link org.snn4j.sim.integrate.StateUpdater}.
 */
package org.snn4j.sim.integrate;
