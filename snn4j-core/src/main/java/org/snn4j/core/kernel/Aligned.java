package org.snn4j.core.kernel;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Where a {@code float[]}'s elements fall on 64-byte cache lines. A 512-bit load that straddles two
 * lines costs about 1.6 times an aligned one on this project's AVX-512 machine (an 8-accumulator
 * FMA loop over table rows of 64 floats: 35 ms misaligned against 22 ms aligned). The JVM places
 * objects on 8-byte boundaries, so the address of an element modulo 64 is unknown, unless it runs
 * with {@code -XX:ObjectAlignmentInBytes=64} (the {@code snn4j} launcher sets it): then every array
 * starts on a line and its elements sit at a fixed offset from it, so element {@link #LEAD} begins a
 * line. Kernels that lay out their own tables with rows of a multiple of 16 floats start them at
 * {@code LEAD}. Without the option {@code LEAD} is 0 and nothing changes but speed.
 */
public final class Aligned {
    /** First element of a {@code float[]} on a 64-byte boundary (0 when that is not known). */
    public static final int LEAD = lead();

    private Aligned() {
    }

    private static int lead() {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            int align = Integer.parseInt(bean.getVMOption("ObjectAlignmentInBytes").getValue());
            if (align < 64) {
                return 0;
            }
            // the array header's size (16 bytes with compressed class pointers, other sizes with other
            // header layouts), read from the JDK's published constant
            int base = Class.forName("sun.misc.Unsafe").getField("ARRAY_FLOAT_BASE_OFFSET").getInt(null);
            return base % 4 != 0 ? 0 : ((64 - base % 64) % 64) / 4;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return 0;
        }
    }
}
