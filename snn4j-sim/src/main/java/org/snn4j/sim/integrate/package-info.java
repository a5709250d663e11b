/**
 * Numerical integration methods (Brian2's state updaters): each {@link org.snn4j.sim.integrate.StateUpdater}
 * turns a model's differential equations into abstract code for one time step, which the code generator and
 * the runtime compile and run per neuron.
 *
 * <h2>Methods</h2>
 * <table>
 * <caption>Integration methods</caption>
 * <tr><th>name</th><th>equations</th><th>order</th></tr>
 * <tr><td>{@code exact} ({@code linear})</td><td>linear, constant coefficients, deterministic</td><td>exact</td></tr>
 * <tr><td>{@code euler}</td><td>any deterministic; additive noise (Euler–Maruyama)</td><td>1</td></tr>
 * <tr><td>{@code exponential_euler}</td><td>conditionally linear ({@code dx/dt = A*x + B}), deterministic</td>
 *     <td>1 (exact when linear)</td></tr>
 * <tr><td>{@code rk2}</td><td>deterministic (midpoint method)</td><td>2</td></tr>
 * <tr><td>{@code rk4}</td><td>deterministic (classical Runge–Kutta)</td><td>4</td></tr>
 * <tr><td>{@code heun}</td><td>any; stochastic Heun for Stratonovich noise, also multiplicative</td>
 *     <td>2 (strong 1 for scalar noise)</td></tr>
 * <tr><td>{@code milstein}</td><td>any; derivative-free Milstein for diagonal multiplicative
 *     Stratonovich noise</td><td>1 (strong 1)</td></tr>
 * </table>
 * {@link org.snn4j.sim.integrate.StateUpdaters#choose} picks, as Brian2, the first of {@code exact, euler,
 * heun} that can integrate the equations.
 *
 * <h2>The code</h2>
 * <ul>
 * <li>Statements are plain assignments ({@code =}) on SI values. Temporaries start with an underscore:
 *     stages {@code _k1_v}, support states {@code _v_support}, new values {@code _v_new}. The code ends with
 *     {@code v = _v_new} for every clock-driven differential variable, in the order of the equations; nothing
 *     else assigns a model variable, so every stage reads the values at the start of the step.</li>
 * <li>The code reads the model's variables, {@code t} and {@code dt} (seconds). The rk and heun stages
 *     evaluate right-hand sides at {@code t + 0.5*dt} and {@code t + dt}.</li>
 * <li>Subexpressions are inlined, except those flagged {@code (constant over dt)}: they stay names, which the
 *     runtime computes once per step before the update (as Brian2's subexpression updater does).</li>
 * <li>Equations flagged {@code (event-driven)} are not integrated (they belong to synaptic event code).</li>
 * <li>White noise: for each noise symbol ({@code xi}, {@code xi_*}) the code starts with one temporary
 *     {@code _xi_<symbol> = dt**0.5*randn()}, the Wiener increment of the step, so the same symbol in several
 *     equations shares one draw. {@code randn()} is the standard normal function of the expression language;
 *     the runtime must give every neuron an independent draw per call.</li>
 * <li>{@code exact} needs the time step as a number for coupled systems:
 *     {@link org.snn4j.sim.integrate.StateUpdater#update(org.snn4j.sim.equations.Equations,
 *     org.snn4j.sim.expr.Namespace, double)} computes {@code exp(A*dt)} at build time and emits numeric
 *     coefficients, valid only for that dt. Runtimes should always call that overload.</li>
 * <li>{@code (unless refractory)} is left to the runtime: during the refractory period it must not apply the
 *     final assignment of a flagged variable (Brian2 multiplies its update by {@code not_refractory}); the
 *     other variables evolve normally.</li>
 * <li>Numbers in the code are SI values, and {@code exact} folds constants into numbers, so the code is not
 *     meant to be dimension-checked again (the explicit methods' code is consistent when the equations were
 *     not constant-resolved).</li>
 * </ul>
 */
package org.snn4j.sim.integrate;
