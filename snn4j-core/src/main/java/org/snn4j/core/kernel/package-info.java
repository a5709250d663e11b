/**
 * Compute kernels behind the layers: matrix products ({@link org.snn4j.core.kernel.Gemm} with
 * Vector API, OpenBLAS and scalar backends), element-wise kernels
 * ({@link org.snn4j.core.kernel.ElementwiseKernels}) and event-driven products with binary spike
 * matrices ({@link org.snn4j.core.kernel.SpikeMatrix}). {@link org.snn4j.core.kernel.Kernels}
 * picks the backends once at start-up from {@code snn4j.gemm}, {@code snn4j.kernels} and
 * {@code snn4j.linear} and logs its choice; every kernel gives results independent of the thread
 * count except OpenBLAS, which is opt-in for that reason.
 */
package org.snn4j.core.kernel;
