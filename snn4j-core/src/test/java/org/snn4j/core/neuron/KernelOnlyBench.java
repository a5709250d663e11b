package org.snn4j.core.neuron;

import org.snn4j.core.surrogate.Surrogate;
import org.snn4j.core.util.Parallel;

/** Manual: kernel time with preallocated arrays (no allocation), LIF-like spec, static input. */
public final class KernelOnlyBench {
    private KernelOnlyBench() {
    }

    public static void main(String[] args) {
        Parallel.setThreads(Integer.parseInt(args[0]));
        int steps = 25;
        int n = 128 * 1000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i % 97) / 50f - 0.4f;
        }
        
        byte[] s = new byte[steps * n];
        float[] gS = new float[steps * n];
        java.util.Arrays.fill(gS, 0.3f);
        float[] gx = new float[n];
        // second argument "store": forward stores H and backward reads it (no recompute)
        float[] h = args.length > 1 && args[1].equals("store") ? new float[steps * n] : null;
        // "product": the upstream gradient as a RowProduct of a [T*128, 10] x [10, 1000] product
        org.snn4j.core.kernel.RowProduct prod = null;
        if (args.length > 1 && args[1].equals("product")) {
            float[] gg = new float[steps * 128 * 10];
            float[] ww = new float[10 * 1000];
            java.util.Arrays.fill(gg, 0.01f);
            java.util.Arrays.fill(ww, 0.3f);
            prod = new org.snn4j.core.kernel.RowProduct(gg, ww, steps * 128, 10, 1000);
        }
        KernelSpec spec = new KernelSpec(ResetMode.ZERO, false, true, false, 0f, 0f, false, Surrogate.Kind.ATAN, 2f, false);
        Coefficients co = Coefficients.scalar(0.5f, 0.5f, 0f);
        NeuronKernel k = NeuronKernels.vector();
        long bf = Long.MAX_VALUE;
        long bb = Long.MAX_VALUE;
        for (int it = 0; it < 50; it++) {
            long t0 = System.nanoTime();
            k.forward(new NeuronKernel.Fwd(spec, co, 1f, x, true, steps, n, null, s, h, null));
            long t1 = System.nanoTime();
            k.backward(new NeuronKernel.Bwd(spec, co, 1f, x, true, steps, n, h, prod == null ? gS : null, null, gx, null, null, null,
                    null, prod, null));
            long t2 = System.nanoTime();
            bf = Math.min(bf, t1 - t0);
            bb = Math.min(bb, t2 - t1);
        }
        System.out.printf("kernel only, %d threads: forward %.2f ms, backward %.2f ms%n", Parallel.threads(), bf / 1e6, bb / 1e6);
    }
}
