package org.snn4j.core.kernel;

/**
 * How a linear layer multiplies a binary (spike) input: {@link #AUTO} picks per call from the
 * measured density, {@link #DENSE} always uses the GEMM, {@link #EVENT} always uses the
 * event-driven {@link SpikeMatrix} path. Inputs not marked binary always take the dense path.
 * Set with {@code -Dsnn4j.linear=auto|dense|event} or {@link Kernels#setLinearPath}.
 */
public enum LinearPath {
    AUTO, DENSE, EVENT
}
