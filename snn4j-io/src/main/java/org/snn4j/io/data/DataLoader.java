package org.snn4j.io.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.snn4j.core.util.Rng;

/**
 * Cuts an {@link ImageDataset} into batches. With shuffling, epoch {@code e} visits the images in
 * the order {@code Rng.derive(seed, e).permutation(n)}: it depends only on (seed, epoch), so a run
 * resumed at epoch e, batch b (via {@link #epoch(int, int)}) sees exactly the batches the
 * interrupted run would have seen.
 *
 * <p>With {@code prefetch > 0}, each {@link Epoch} builds batches on a daemon thread into a
 * bounded queue while the caller trains on the current one; an exception there is rethrown to
 * the caller as a {@link DataLoaderException}. Close the epoch (try-with-resources) if you stop
 * early, so the thread ends.
 *
 * <p>An {@link Augmentation} (set it on training loaders only) changes each batch in place where
 * it is built, so on the prefetch thread when there is one, before the {@code transform}; sample i
 * of epoch e is augmented from (seed, e, i) alone, whatever the batch size, start batch or thread.
 */
public final class DataLoader {
    private final ImageDataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final Layout layout;
    private final int prefetch;
    private final UnaryOperator<Batch> transform;
    private final Augmentation augmentation;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.layout = b.layout;
        this.prefetch = b.prefetch;
        this.transform = b.transform;
        this.augmentation = b.augmentation;
    }

    /** A builder; defaults: batch 64, shuffled with seed 0, keep last partial batch, FLAT, prefetch 2. */
    public static Builder builder(ImageDataset dataset) {
        return new Builder(dataset);
    }

    public ImageDataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The augmentation of built batches ({@link Augmentation#NONE} by default). */
    public Augmentation augmentation() {
        return augmentation;
    }

    /** Batches per epoch: {@code floor(n/B)} with drop-last, {@code ceil(n/B)} without. */
    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The order in which epoch {@code epoch} visits the data set. */
    public int[] order(int epoch) {
        if (shuffle) {
            return Rng.derive(seed, epoch).permutation(dataset.size());
        }
        int[] o = new int[dataset.size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        return o;
    }

    /** Builds batch {@code index} of {@code epoch} synchronously (random access). */
    public Batch batch(int epoch, int index) {
        checkBatch(index, false);
        return build(order(epoch), epoch, index);
    }

    /** All batches of an epoch from the first. */
    public Epoch epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /** The batches of an epoch from {@code startBatch} on (to resume mid-epoch). */
    public Epoch epoch(int epoch, int startBatch) {
        checkBatch(startBatch, true);
        return new Epoch(epoch, startBatch);
    }

    private void checkBatch(int index, boolean endAllowed) {
        int n = batchesPerEpoch();
        if (index < 0 || index > n || (index == n && !endAllowed)) {
            throw new IndexOutOfBoundsException("batch index " + index + " out of range: an epoch of "
                    + dataset.name() + " has " + n + " batches of " + batchSize);
        }
    }

    private Batch build(int[] order, int epoch, int index) {
        int from = index * batchSize;
        int to = Math.min(from + batchSize, order.length);
        int[] idx = java.util.Arrays.copyOfRange(order, from, to);
        try {
            Batch b = dataset.batch(idx, layout);
            if (!augmentation.isNone()) {
                augmentation.apply(b.x().data(), b.indices(), dataset.channels(), dataset.rows(), dataset.cols(), seed,
                        epoch);
            }
            return transform == null ? b : transform.apply(b);
        } catch (RuntimeException | Error e) {
            throw new DataLoaderException("building batch " + index + " of epoch " + epoch + " of "
                    + dataset.name() + " failed: " + e, e);
        }
    }

    /** The batches of one epoch; single use. */
    public final class Epoch implements Iterator<Batch>, Iterable<Batch>, AutoCloseable {
        private static final Object END = new Object();

        private final int epoch;
        private final int[] order;
        private final int end;
        private int next;
        private final BlockingQueue<Object> queue;
        private final Thread worker;
        private Object peeked;
        private volatile boolean closed;

        private Epoch(int epoch, int start) {
            this.epoch = epoch;
            this.order = order(epoch);
            this.end = batchesPerEpoch();
            this.next = start;
            if (prefetch > 0 && start < end) {
                queue = new ArrayBlockingQueue<>(prefetch);
                worker = Thread.ofPlatform().daemon().name("snn4j-prefetch-" + dataset.name() + "-epoch-" + epoch)
                        .start(() -> produce(start));
            } else {
                queue = null;
                worker = null;
            }
        }

        private void produce(int start) {
            try {
                for (int i = start; i < end && !closed; i++) {
                    Object item;
                    try {
                        item = build(order, epoch, i);
                    } catch (Throwable t) {
                        item = t;
                    }
                    queue.put(item);
                    if (item instanceof Throwable) {
                        return;
                    }
                }
                queue.put(END);
            } catch (InterruptedException e) {
                // close() interrupts a producer blocked on a full queue; nothing left to do.
            }
        }

        /** The epoch number. */
        public int epochNumber() {
            return epoch;
        }

        /** The index the next call to {@link #next()} returns. */
        public int nextBatchIndex() {
            return next;
        }

        @Override
        public Iterator<Batch> iterator() {
            return this;
        }

        @Override
        public boolean hasNext() {
            if (closed) {
                return false;
            }
            if (queue == null) {
                return next < end;
            }
            if (peeked == null) {
                try {
                    peeked = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DataLoaderException("interrupted waiting for batch " + next + " of epoch " + epoch, e);
                }
            }
            return peeked != END;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch " + epoch + " has no batch " + next + " (it has " + end + ")");
            }
            int index = next++;
            if (queue == null) {
                return build(order, epoch, index);
            }
            Object item = peeked;
            peeked = null;
            if (item instanceof Throwable t) {
                next = end;
                peeked = END;
                // Already wrapped by build(); rethrow with the consumer's stack attached.
                throw new DataLoaderException("prefetch thread failed: " + t.getMessage(), t);
            }
            return (Batch) item;
        }

        /** Stops the prefetch thread and drops queued batches; idempotent. */
        @Override
        public void close() {
            closed = true;
            if (worker != null) {
                worker.interrupt();
                queue.clear();
                try {
                    // Bounded wait: a transform that ignores interrupts must not hang the caller.
                    worker.join(TimeUnit.SECONDS.toMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Whether the prefetch thread is still running (for tests and diagnostics). */
        public boolean workerAlive() {
            return worker != null && worker.isAlive();
        }
    }

    /** Configures a {@link DataLoader}. */
    public static final class Builder {
        private final ImageDataset dataset;
        private int batchSize = 64;
        private boolean shuffle = true;
        private long seed;
        private boolean dropLast;
        private Layout layout = Layout.FLAT;
        private int prefetch = 2;
        private UnaryOperator<Batch> transform;
        private Augmentation augmentation = Augmentation.NONE;

        private Builder(ImageDataset dataset) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
        }

        public Builder batchSize(int b) {
            if (b <= 0) {
                throw new IllegalArgumentException("batch size must be positive, got " + b);
            }
            this.batchSize = b;
            return this;
        }

        public Builder shuffle(boolean on) {
            this.shuffle = on;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Drop a final batch smaller than the batch size. */
        public Builder dropLast(boolean on) {
            this.dropLast = on;
            return this;
        }

        public Builder layout(Layout l) {
            this.layout = Objects.requireNonNull(l, "layout");
            return this;
        }

        /** Batches built ahead on a background thread; 0 builds them on the caller's thread. */
        public Builder prefetch(int batches) {
            if (batches < 0) {
                throw new IllegalArgumentException("prefetch must be >= 0, got " + batches);
            }
            this.prefetch = batches;
            return this;
        }

        /** Applied to each batch where it is built (on the prefetch thread): encoding, augmentation. */
        public Builder transform(UnaryOperator<Batch> t) {
            this.transform = t;
            return this;
        }

        /**
         * Augments every batch (crop, flip) from (seed, epoch, sample index); for training loaders.
         * The crop must fit the images ({@link Augmentation#check}).
         */
        public Builder augment(Augmentation a) {
            Objects.requireNonNull(a, "augmentation").check(dataset.rows(), dataset.cols());
            this.augmentation = a;
            return this;
        }

        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
