package org.snn4j.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Peak heap use over a stretch of a run: {@link #reset()} collects garbage and clears the heap pools' peaks,
 * {@link #mb()} sums the pools' peaks since then (eden, survivor and old generation each at its own worst
 * moment: an upper bound of the heap in use at any one time, the figure {@code bench fc/csnn} print too).
 */
final class HeapPeak {
    private HeapPeak() {
    }

    /** Collects garbage, then starts a new peak. */
    static void reset() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak use since the last {@link #reset()}, in MiB. */
    static long mb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / (1024 * 1024);
    }
}
