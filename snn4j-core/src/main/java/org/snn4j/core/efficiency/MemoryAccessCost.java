package org.snn4j.core.efficiency;

import java.util.List;
import java.util.Locale;

/**
 * Energy of one memory access, for the optional memory term of an {@link EnergyEstimate}. Horowitz's 45 nm
 * figures are for a 64-bit access (M. Horowitz, ISSCC 2014, Figure 1.1.9):
 * <pre>
 *   8 KB SRAM cache    10 pJ
 *   32 KB SRAM cache   20 pJ
 *   1 MB SRAM cache    100 pJ
 *   DRAM               1.3 - 2.6 nJ (the lower end, 1300 pJ, is used)
 * </pre>
 * They are charged per access whatever the word width (a coarse model: a 32-bit or 8-bit weight is not
 * made cheaper; the compute profiles carry the width).
 *
 * @param name       a short label for tables
 * @param pjPerAccess energy of one access, picojoules
 * @param source     where the figure comes from
 */
public record MemoryAccessCost(String name, double pjPerAccess, String source) {
    public static final MemoryAccessCost SRAM_8KB = new MemoryAccessCost("SRAM 8KB", 10, EnergyProfile.HOROWITZ);
    public static final MemoryAccessCost SRAM_32KB = new MemoryAccessCost("SRAM 32KB", 20, EnergyProfile.HOROWITZ);
    public static final MemoryAccessCost SRAM_1MB = new MemoryAccessCost("SRAM 1MB", 100, EnergyProfile.HOROWITZ);
    public static final MemoryAccessCost DRAM = new MemoryAccessCost("DRAM", 1300, EnergyProfile.HOROWITZ);

    public MemoryAccessCost {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("MemoryAccessCost: name must be given");
        }
        if (!(pjPerAccess >= 0) || Double.isInfinite(pjPerAccess)) {
            throw new IllegalArgumentException("MemoryAccessCost '" + name + "': energy must be finite and >= 0, got "
                    + pjPerAccess);
        }
    }

    /** The four Horowitz 45 nm figures. */
    public static List<MemoryAccessCost> horowitz45nm() {
        return List.of(SRAM_8KB, SRAM_32KB, SRAM_1MB, DRAM);
    }

    /**
     * The smallest of Horowitz's memories that holds {@code bytes} (a model's footprint): up to 8 KiB the 8 KB
     * SRAM, up to 32 KiB the 32 KB SRAM, up to 1 MiB the 1 MB SRAM, above that DRAM.
     */
    public static MemoryAccessCost forFootprint(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("MemoryAccessCost.forFootprint: bytes must be >= 0, got " + bytes);
        }
        if (bytes <= 8L << 10) {
            return SRAM_8KB;
        }
        if (bytes <= 32L << 10) {
            return SRAM_32KB;
        }
        return bytes <= 1L << 20 ? SRAM_1MB : DRAM;
    }

    /** {@code sram-8kb}, {@code sram-32kb}, {@code sram-1mb} or {@code dram} (case and spaces ignored). */
    public static MemoryAccessCost parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace(' ', '-');
        for (MemoryAccessCost m : horowitz45nm()) {
            if (m.name().toLowerCase(Locale.ROOT).replace(' ', '-').equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("memory must be sram-8kb, sram-32kb, sram-1mb or dram, got '" + name + "'");
    }
}
