/**
 * Implementation classes of the kernel backends. Classes here that use
 * {@code jdk.incubator.vector} ({@code VectorGemm}, {@code VectorElementwiseKernels}) are only
 * loaded reflectively by {@link org.snn4j.core.kernel.Kernels} after it has checked that the
 * module is present, so the library still runs (on the scalar kernels) without
 * {@code --add-modules jdk.incubator.vector}. Use them through {@code Kernels}, not directly.
 */
package org.snn4j.core.kernel.internal;
