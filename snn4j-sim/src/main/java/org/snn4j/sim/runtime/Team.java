package org.snn4j.sim.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads of one {@link Network#run}: the calling thread and {@code parts - 1} workers that
 * stay alive for the whole run and wait for work by spinning (then parking after
 * {@link #SPIN_NANOS} without work). A simulation step hands out work a few times, each a few
 * microseconds to a fraction of a millisecond long; waking pooled threads each time (tens of
 * microseconds) would cost more than the work at small network sizes.
 *
 * <p>Work is split statically: part {@code k} of every call goes to the same thread, so a thread
 * keeps updating the same neurons, which stay in its core's cache from one step to the next. Which
 * thread runs a part never changes a result: the parts write disjoint data.
 */
final class Team implements AutoCloseable {
    /** Work for one part of {@code parts}. */
    @FunctionalInterface
    interface Part {
        void run(int part, int parts);
    }

    /** A contiguous range of indices. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** How long an idle worker spins before it parks. */
    static final long SPIN_NANOS = 200_000;

    private static final Team SINGLE = new Team(1);

    private final int parts;
    private final Thread[] workers;
    private volatile Part task;
    private volatile long epoch;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger parked = new AtomicInteger();
    private volatile boolean closed;
    private volatile Throwable failure;

    /** A team of {@code parts} threads (the caller included); 1: everything runs on the caller. */
    static Team of(int parts) { return parts <= 1 ? SINGLE : new Team(parts); }

    private Team(int parts) {
        this.parts = parts;
        this.workers = new Thread[parts - 1];
        this.busy = new long[parts - 1];
        for (int k = 1; k < parts; k++) {
            final int part = k;
            Thread th = new Thread(() -> work(part), "snn4j-sim-" + k);
            th.setDaemon(true);
            workers[k - 1] = th;
        }
        for (Thread th : workers) th.start();
    }

    /** The number of parts (threads). */
    int parts() { return parts; }

    /**
     * When the caller runs every part alone. Each team call reports its length and what one thread would have
     * taken (the caller's part plus the workers' compute times, which they measure). Over a window of
     * {@link #WINDOW} calls, if the team took longer, the next {@link #SOLO_MIN} calls run solo; a retry whose
     * first window is slow again doubles the stretch (up to {@link #SOLO_MAX}); a window that is not slow ends
     * the doubling. The first {@link #GRACE} calls after a solo stretch are not measured: the workers wake from
     * parking and their data comes back to their caches.
     */
    static final class SoloPolicy {
        static final int SOLO_MIN = 64;
        static final int SOLO_MAX = 16384;
        static final int WINDOW = 32;
        static final int GRACE = 6;

        private int length = SOLO_MIN, grace, calls;
        private boolean retrying;
        private long team, alone;

        /** Records one team call; returns the number of calls to run solo next (0: stay a team). */
        int afterCall(long teamNanos, long aloneNanos) {
            if (grace > 0) {
                grace--;
                return 0;
            }
            team += teamNanos;
            alone += aloneNanos;
            if (++calls < WINDOW) return 0;
            int solo = 0;
            if (team > alone) {
                if (!retrying) length = SOLO_MIN;
                solo = length;
                length = Math.min(2 * length, SOLO_MAX);
            }
            retrying = false;
            calls = 0;
            team = 0;
            alone = 0;
            return solo;
        }

        /** A solo stretch has ended; the next window is a retry. */
        void soloEnded() {
            grace = GRACE;
            retrying = true;
        }
    }

    /** The compute time of each worker's part in the current call (written before its {@code pending} decrement). */
    private final long[] busy;
    private final SoloPolicy policy = new SoloPolicy();
    private int soloLeft;

    /**
     * Runs {@code p} for every part, part 0 on the calling thread, and returns when all are done.
     *
     * <p>A part whose thread has no core of its own (the JIT compiles on it, or other programs keep the cores
     * busy) makes the whole call wait; when that makes the team slower than one thread would be, the caller runs
     * every part itself for a while and the workers park ({@link SoloPolicy}). At the start of a run, on a
     * machine with as many cores as threads, this leaves a core to the JIT while it compiles the run's code.
     * The parts write disjoint data, so results are the same.
     */
    void run(Part p) {
        if (parts == 1) {
            p.run(0, 1);
            return;
        }
        if (soloLeft > 0) {
            if (--soloLeft == 0) policy.soloEnded();
            for (int k = 0; k < parts; k++) p.run(k, parts);
            return;
        }
        long t0 = System.nanoTime();
        task = p;
        pending.set(parts - 1);
        epoch = epoch + 1;
        if (parked.get() > 0) for (Thread th : workers) LockSupport.unpark(th);
        Throwable mine = null;
        try {
            p.run(0, parts);
        } catch (Throwable t) {
            mine = t;
        }
        long t1 = System.nanoTime();
        awaitWorkers(t1);
        long t2 = System.nanoTime();
        task = null;
        long alone = t1 - t0;
        for (long b : busy) alone += b;
        soloLeft = policy.afterCall(t2 - t0, alone);
        Throwable f = failure;
        if (mine == null && f != null) {
            failure = null;
            mine = f;
        }
        if (mine instanceof RuntimeException r) throw r;
        if (mine instanceof Error e) throw e;
        if (mine != null) throw new IllegalStateException(mine);
    }

    /** How long the caller spins for the workers to finish before it parks (a worker then wakes it). */
    static final long CALLER_SPIN_NANOS = 50_000;

    private volatile Thread parkedCaller;

    private void awaitWorkers(long start) {
        int spins = 0;
        while (pending.get() != 0) {
            Thread.onSpinWait();
            if ((++spins & 63) == 0 && System.nanoTime() - start > CALLER_SPIN_NANOS) {
                // a worker that has no core of its own gets one sooner if the caller sleeps
                parkedCaller = Thread.currentThread();
                while (pending.get() != 0) LockSupport.park(this);
                parkedCaller = null;
                return;
            }
        }
    }

    /** Splits {@code [0, n)} into {@link #parts} contiguous ranges (part k: {@link #bound}(k) to bound(k+1)). */
    void forRange(int n, Range r) {
        if (parts == 1 || n < parts) {
            if (n > 0) r.run(0, n);
            return;
        }
        run((k, m) -> {
            int from = bound(n, k), to = bound(n, k + 1);
            if (from < to) r.run(from, to);
        });
    }

    /** The start of part {@code k} of {@code [0, n)}. */
    int bound(int n, int k) { return (int) ((long) n * k / parts); }

    private void work(int part) {
        long seen = 0;
        while (true) {
            long e = epoch;
            if (e == seen) {
                long start = System.nanoTime();
                int spins = 0;
                while ((e = epoch) == seen) {
                    if (closed) return;
                    Thread.onSpinWait();
                    if ((++spins & 255) == 0 && System.nanoTime() - start > SPIN_NANOS) {
                        parked.incrementAndGet();
                        if (epoch == seen && !closed) LockSupport.park(this);
                        parked.decrementAndGet();
                        start = System.nanoTime();
                    }
                }
            }
            seen = e;
            if (closed) return;
            long b0 = System.nanoTime();
            try {
                task.run(part, parts);
            } catch (Throwable t) {
                failure = t;
            }
            busy[part - 1] = System.nanoTime() - b0;
            if (pending.decrementAndGet() == 0) {
                Thread caller = parkedCaller;
                if (caller != null) LockSupport.unpark(caller);
            }
        }
    }

    /** Stops the workers. */
    @Override
    public void close() {
        if (parts == 1 || closed) return;
        closed = true;
        for (Thread th : workers) LockSupport.unpark(th);
    }
}
