/**
 * Model equations in Brian2's syntax: differential equations {@code dv/dt = expr : unit (flags)},
 * subexpressions {@code I = expr : unit} and parameters {@code x : unit}, parsed by
 * {@link org.snn4j.sim.equations.Equations#parse} into an ordered, immutable set of
 * {@link org.snn4j.sim.equations.SingleEquation}s and checked for dimensional consistency
 * ({@code dv/dt} of a volt variable must be volt/second), unknown identifiers, duplicate
 * definitions and cyclic subexpressions. {@link org.snn4j.sim.equations.LinearAnalysis} tells
 * integrators whether a system is linear with constant coefficients (and extracts the coefficient
 * matrix), whether each equation is conditionally linear ({@code dx/dt = A*x + B} for
 * exponential Euler) and splits stochastic equations into their drift and noise terms.
 */
package org.snn4j.sim.equations;
