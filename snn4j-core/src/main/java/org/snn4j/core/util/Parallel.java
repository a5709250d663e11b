package org.snn4j.core.util;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * Data-parallel loops over independent index ranges (batch rows, neurons, output features).
 *
 * <p>Each index is computed by exactly one task in a fixed order, so results never depend on
 * the number of threads. The thread count comes from {@link #setThreads}, else the system
 * property {@code snn4j.threads}, else the number of available processors.
 */
public final class Parallel {
    /** Body of a range loop: processes indices {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static volatile ForkJoinPool pool;
    private static volatile int threads = initialThreads();
    private static final List<IntConsumer> THREAD_LISTENERS = new CopyOnWriteArrayList<>();

    private Parallel() {
    }

    private static int initialThreads() {
        String p = System.getProperty("snn4j.threads");
        if (p != null && !p.isBlank()) {
            try {
                int n = Integer.parseInt(p.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through to the default, with a message
            }
            System.err.println("snn4j: ignoring snn4j.threads=" + p + " (not a positive integer)");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Number of worker threads used by parallel loops. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of worker threads (1 runs everything on the calling thread). */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        if (n != threads) {
            threads = n;
            ForkJoinPool old = pool;
            pool = null;
            if (old != null) {
                old.shutdown();
            }
            for (IntConsumer l : THREAD_LISTENERS) {
                l.accept(n);
            }
        }
    }

    /**
     * Registers {@code listener} to be told the new thread count after each change by
     * {@link #setThreads}; native backends (OpenBLAS) use it to keep their own pools in step.
     */
    public static void addThreadsListener(IntConsumer listener) {
        THREAD_LISTENERS.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(threads);
                    pool = p;
                }
            }
        }
        return p;
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into contiguous chunks of at least
     * {@code minChunk} indices, in parallel when more than one thread is configured.
     */
    public static void forRange(int n, int minChunk, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int t = threads;
        int chunks = Math.min(t * 4, Math.max(1, n / Math.max(1, minChunk)));
        if (t == 1 || chunks <= 1 || inWorker()) {
            body.run(0, n);
            return;
        }
        int per = (n + chunks - 1) / chunks;
        pool().invoke(new Chunk(body, 0, n, per));
    }

    private static boolean inWorker() {
        return Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread;
    }

    private static final class Chunk extends RecursiveAction {
        private final RangeBody body;
        private final int from;
        private final int to;
        private final int per;

        Chunk(RangeBody body, int from, int to, int per) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.per = per;
        }

        @Override
        protected void compute() {
            if (to - from <= per) {
                body.run(from, to);
                return;
            }
            int nChunks = (to - from + per - 1) / per;
            int mid = from + (nChunks / 2) * per;
            invokeAll(new Chunk(body, from, mid, per), new Chunk(body, mid, to, per));
        }
    }
}
