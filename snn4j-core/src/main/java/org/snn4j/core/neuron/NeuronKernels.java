package org.snn4j.core.neuron;

/**
 * Chooses the neuron kernel: {@code -Dsnn4j.kernels=vector|scalar}; by default the Vector API kernel
 * when the {@code jdk.incubator.vector} module is present and loads, else the scalar one. The vector
 * class is only touched after the module check, and a {@link LinkageError} falls back to scalar.
 */
final class NeuronKernels {
    private static final NeuronKernel VECTOR = loadVector();
    private static volatile NeuronKernel override;

    private NeuronKernels() {
    }

    private static NeuronKernel loadVector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            return (NeuronKernel) Class.forName("org.snn4j.core.neuron.VectorNeuronKernel")
                    .getDeclaredConstructor().newInstance();
        } catch (LinkageError | ReflectiveOperationException e) {
            return null;
        }
    }

    /** The vector kernel, or null when the Vector API is not available. */
    static NeuronKernel vector() {
        return VECTOR;
    }

    static NeuronKernel scalar() {
        return ScalarNeuronKernel.INSTANCE;
    }

    /** Forces a kernel (tests); null restores the default choice. */
    static void setOverride(NeuronKernel k) {
        override = k;
    }

    static NeuronKernel get() {
        NeuronKernel o = override;
        if (o != null) {
            return o;
        }
        String p = System.getProperty("snn4j.kernels", "").trim();
        if (p.equalsIgnoreCase("scalar") || VECTOR == null) {
            return ScalarNeuronKernel.INSTANCE;
        }
        return VECTOR;
    }
}
