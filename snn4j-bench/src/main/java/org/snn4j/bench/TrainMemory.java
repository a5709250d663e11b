package org.snn4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import org.snn4j.core.encode.DirectEncoder;
import org.snn4j.core.loss.MseRateLoss;
import org.snn4j.core.models.PlifNet;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.optim.Adam;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Parallel;
import org.snn4j.core.util.Rng;
import org.snn4j.io.data.DataLocator;
import org.snn4j.io.data.ImageDataset;
import org.snn4j.io.data.Layout;

/**
 * Heap used by training the PLIF paper's network ({@link PlifNet}, the {@code train --model plif} recipe's loss
 * and optimiser: MSE on rates, Adam 1e-3, direct input) on Fashion-MNIST batches:
 * {@code java -Xmx4g --add-modules jdk.incubator.vector -cp snn4j.jar org.snn4j.bench.TrainMemory
 * [width 128] [batch 64] [T 8] [batches 4] [checkpoint: none|blocks] [threads 1]}. Prints one line of
 * {@code key=value}:
 * <ul>
 *   <li>{@code static_mb}: heap in use after a collection between steps (model, optimiser state, data set);
 *   <li>{@code graph_mb}: heap in use after a collection right after the forward pass (the loss held), minus
 *       {@code static_mb}: what the graph keeps for backward;
 *   <li>{@code live_peak_mb}: the largest heap in use right after any collection during the timed steps (the
 *       live set, plus old-generation garbage not yet collected: an upper bound, tighter with a small heap);
 *   <li>{@code peak_heap_mb}: the sum of the heap pools' peaks over the timed steps (as {@code bench csnn}; with
 *       a large heap it mostly measures how much garbage the collector let accumulate);
 *   <li>{@code train_sps}: samples per second over the timed steps (the first step, untimed, warms up).
 * </ul>
 */
public final class TrainMemory {
    private TrainMemory() {
    }

    public static void main(String[] args) throws java.io.IOException {
        int width = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int batches = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        String checkpoint = args.length > 4 ? args[4] : "none";
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        if (!checkpoint.equals("none") && !checkpoint.equals("blocks")) {
            throw new IllegalArgumentException("checkpoint must be none or blocks, got '" + checkpoint + "'");
        }
        Parallel.setThreads(threads);
        ImageDataset data = DataLocator.system().locate("fashion-mnist").loadTrain();
        PlifNet.Config config = PlifNet.Config.paper().withWidth(width);
        Sequential net = PlifNet.build(config, new Rng(0));
        if (checkpoint.equals("blocks")) {
            PlifNet.checkpointBlocks(net);
        }
        Adam opt = new Adam(net.namedParameters(), 1e-3f, 0.9, 0.999, 1e-8, 0, false);
        MseRateLoss loss = new MseRateLoss();
        DirectEncoder enc = new DirectEncoder();
        LiveAfterGc live = new LiveAfterGc();

        step(net, opt, loss, enc, data, 0, batch, steps, false); // warm-up; creates the optimiser state
        long staticBytes = usedAfterGc();
        // the graph: everything the forward pass keeps until backward
        long graphBytes = step(net, opt, loss, enc, data, 1, batch, steps, true) - staticBytes;
        resetPeaks();
        live.reset();
        long t0 = System.nanoTime();
        for (int k = 0; k < batches; k++) {
            step(net, opt, loss, enc, data, 2 + k, batch, steps, false);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        try {
            Thread.sleep(200); // collector notifications arrive on another thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("width", width);
        r.put("batch", batch);
        r.put("T", steps);
        r.put("checkpoint", checkpoint);
        r.put("threads", threads);
        r.put("static_mb", mb(staticBytes));
        r.put("graph_mb", mb(graphBytes));
        r.put("live_peak_mb", mb(live.max()));
        r.put("peak_heap_mb", mb(peakSum()));
        r.put("max_heap_mb", mb(Runtime.getRuntime().maxMemory()));
        r.put("train_sps", batches * batch / seconds);
        StringBuilder sb = new StringBuilder("snn4j_train_memory");
        r.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v instanceof Double d
                ? String.format(Locale.ROOT, "%.1f", d) : v));
        System.out.println(sb);
    }

    /** One training step on batch {@code k}; with {@code measure}, returns the heap in use after the forward pass. */
    private static long step(Sequential net, Adam opt, MseRateLoss loss, DirectEncoder enc, ImageDataset data, int k,
            int batch, int steps, boolean measure) {
        int[] idx = new int[batch];
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            idx[i] = (k * batch + i) % data.size();
            labels[i] = data.label(idx[i]);
        }
        Tensor x = enc.encode(data.toTensor(idx, Layout.NCHW), steps, 0);
        Tensor l = loss.compute(net.forward(x), labels);
        long used = measure ? usedAfterGc() : 0;
        l.backward();
        opt.step();
        opt.zeroGrad();
        return used;
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static long peakSum() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** The largest heap in use right after a young or full collection, from the collectors' notifications. */
    private static final class LiveAfterGc {
        private final AtomicLong max = new AtomicLong();
        private final Set<String> heapPools = new HashSet<>();

        LiveAfterGc() {
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    heapPools.add(p.getName());
                }
            }
            for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter e) {
                    e.addNotificationListener((n, hb) -> {
                        if (!"com.sun.management.gc.notification".equals(n.getType())) {
                            return;
                        }
                        com.sun.management.GarbageCollectionNotificationInfo info =
                                com.sun.management.GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                        String action = info.getGcAction();
                        if (!action.contains("minor") && !action.contains("major")) {
                            return;
                        }
                        long used = 0;
                        for (Map.Entry<String, MemoryUsage> u : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                            if (heapPools.contains(u.getKey())) {
                                used += u.getValue().getUsed();
                            }
                        }
                        max.accumulateAndGet(used, Math::max);
                    }, null, null);
                }
            }
        }

        void reset() {
            max.set(0);
        }

        long max() {
            return max.get();
        }
    }
}
