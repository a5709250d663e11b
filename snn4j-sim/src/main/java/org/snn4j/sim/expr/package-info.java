/**
 * Brian2's expression language for model equations, thresholds, resets and synaptic code: a
 * Python-like syntax ({@code + - * / // % **}, comparisons, {@code and or not}, function calls,
 * numeric literals) read by {@link org.snn4j.sim.expr.ExpressionParser} into an immutable
 * {@link org.snn4j.sim.expr.Expr} tree with source positions; {@link org.snn4j.sim.expr.Exprs}
 * prints, substitutes, folds constants and collects identifiers;
 * {@link org.snn4j.sim.expr.DimensionChecker} infers each node's physical dimension and value
 * type against a {@link org.snn4j.sim.expr.Namespace} and rejects dimensionally inconsistent
 * code; {@link org.snn4j.sim.expr.Evaluator} computes values as a reference for code generation;
 * {@link org.snn4j.sim.expr.Statement}s are the assignments of reset and {@code on_pre} code.
 */
package org.snn4j.sim.expr;
