/**
 * Benchmarks that run an snn4j workload and the matching reference script (PyTorch, Brian2)
 * side by side in one run and print both sets of figures and their ratios as {@code key=value}
 * lines.
 */
package org.snn4j.bench;
