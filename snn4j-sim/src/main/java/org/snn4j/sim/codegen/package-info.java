/**
 * Java code generation for the simulator: {@link org.snn4j.sim.codegen.JavaExpressionPrinter}
 * translates expressions with Python semantics, {@link org.snn4j.sim.codegen.GroupCodeGenerator}
 * writes one {@link org.snn4j.sim.codegen.GroupCode} subclass per neuron group, and a
 * {@link org.snn4j.sim.codegen.CodeCompiler} (by default {@link org.snn4j.sim.codegen.JaninoCompiler})
 * compiles it in-process.
 */
package org.snn4j.sim.codegen;
