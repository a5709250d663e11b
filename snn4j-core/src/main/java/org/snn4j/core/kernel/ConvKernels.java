package org.snn4j.core.kernel;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

import org.snn4j.core.util.Parallel;

/**
 * Forward and backward kernels of the 2-d convolution ({@link ConvGeometry}), dense and
 * event-driven. Arrays are row-major: input {@code x [n, cin, h, w]} (floats, or 0/1 bytes of a
 * spike tensor), weight {@code W [cout, cin/groups, kh, kw]}, output {@code y [n, cout, ho, wo]}.
 *
 * <p><b>Dense path.</b> The samples are cut into <em>chunks</em> of {@link #samplesPerChunk} samples
 * (about 1024 output positions). For a chunk and a group, im2col writes the patches as a matrix
 * {@code col [patch, positions]} (patch index {@code (c, ky, kx)}, position {@code (sample, oy, ox)}),
 * so the forward is one GEMM {@code W_g col} of the configured backend ({@link Kernels#gemm()}), the
 * input gradient is {@code W_g^T G} followed by col2im, and the weight gradient {@code G col^T}.
 * Chunks are independent (parallel); the weight gradient is reduced over fixed <em>blocks</em> of
 * chunks (at most 16, set by the shape alone): each block adds its chunks' products in order, then
 * the block sums are added in block order. Nothing depends on the thread count.
 *
 * <p><b>Event-driven path</b> for binary inputs ({@link SpikeMatrix}, one row per sample): each
 * active input {@code (c, iy, ix)} adds the kernel column {@code W[:, c, ky, kx]} to every output
 * position {@code (oy, ox)} it reaches ({@code oy*sh - ph + ky*dh = iy}), in a channel-last scratch;
 * the weight gradient adds the output gradient at those positions into {@code dW[:, c, ky, kx]}, with
 * the same chunks and blocks as the dense path. For one output element the active inputs come in
 * ascending {@code (c, ky, kx)} order, and for one weight element in ascending {@code (sample, oy, ox)}
 * order: the order of a plain dot product over the im2col matrix, so with {@link ScalarGemm} both
 * paths give the same floats (with the blocked FMA kernels, equal up to rounding).
 */
public final class ConvKernels {
    /** Target number of output positions per im2col chunk. */
    static final int CHUNK_POSITIONS = 1024;
    /** Most blocks the weight gradient is reduced over. */
    static final int MAX_BLOCKS = 16;

    private static volatile LinearPath path = initialPath();
    private static final TapAdder TAPS = loadTapAdder();
    private static final SparseRows ROWS = loadSparseRows();
    private static final Transposer TRANSPOSE = Kernels.vectorOr(Transposer.class,
            "org.snn4j.core.kernel.internal.VectorTransposer", Transposer.SCALAR);
    private static final ChannelLastPool POOL_CL = Kernels.vectorOr(ChannelLastPool.class,
            "org.snn4j.core.kernel.internal.VectorChannelLastPool", ChannelLastPool.SCALAR);
    private static volatile double maxSparseGradDensity = 0.5;
    private static volatile double minBitWindowDensity = 0.1;

    private ConvKernels() {
    }

    private static TapAdder loadTapAdder() {
        return Kernels.vectorOr(TapAdder.class, "org.snn4j.core.kernel.internal.VectorTapAdder", TapAdder.SCALAR);
    }

    private static SparseRows loadSparseRows() {
        return Kernels.vectorOr(SparseRows.class, "org.snn4j.core.kernel.internal.VectorSparseRows",
                SparseRows.SCALAR);
    }

    private static LinearPath initialPath() {
        String v = System.getProperty("snn4j.conv");
        if (v == null || v.isBlank()) {
            return LinearPath.AUTO;
        }
        try {
            return LinearPath.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("snn4j: ignoring snn4j.conv=" + v + " (expected auto, dense or event)");
            return LinearPath.AUTO;
        }
    }

    /** How convolutions treat binary inputs ({@code -Dsnn4j.conv=auto|dense|event}, default auto). */
    public static LinearPath path() {
        return path;
    }

    /** Forces the convolution path (tests and benchmarks). */
    public static void setPath(LinearPath p) {
        path = java.util.Objects.requireNonNull(p, "path");
    }

    /**
     * Largest input density at which the event path is used. Measured on the CSNN's second layer
     * (12->64 channels, 5x5, 12x12 byte spikes, T*B = 3200 samples, {@code ConvBench parts}, one thread,
     * CPU time) with the bit-window gathers: event forward 50 / 64 / 81 / 103 ms at density 0.17 / 0.3 /
     * 0.45 / 0.6 against 135-140 ms dense; event weight gradient 53 / 74 / 94 / 93 ms against 160-170 ms.
     * Layers with more output channels favour the GEMM more, so the bounds stay well below that crossing.
     * Float spikes cost the dense path no conversion, hence a lower bound for them.
     */
    public static double maxEventDensity(boolean byteBacked) {
        return byteBacked ? 0.35 : 0.3;
    }

    /**
     * Largest density of nonzero output gradients at which the input gradient is computed by
     * {@link #inputGradSparse} (0 turns it off, 1 forces it where supported). After a 2x2 max-pool
     * three quarters of a convolution's output gradient are zeros.
     */
    public static double maxSparseGradDensity() {
        return maxSparseGradDensity;
    }

    /**
     * Smallest input density at which the event paths read receptive fields as bit windows
     * ({@link BitWindows}) rather than as lists of (input, tap) pairs; both add the same floats. Below
     * it the bit loops' exits (one per mask word, hard to predict when words hold one or two bits) cost
     * more than the lists: {@code ConvBench parts}, CSNN conv2, one thread, forward 35 ms with windows
     * against 22 with lists at density 0.04, 47 / 47 at 0.12, 50 / 65 at 0.17; weight gradient 37 / 33,
     * 50 / 56 and 53 / 70.
     */
    public static double minBitWindowDensity() {
        return minBitWindowDensity;
    }

    /** Sets {@link #minBitWindowDensity()} (tests and benchmarks; 0 always, above 1 never). */
    public static void setMinBitWindowDensity(double d) {
        if (!(d >= 0)) {
            throw new IllegalArgumentException("bit window density bound must be >= 0, got " + d);
        }
        minBitWindowDensity = d;
    }

    private static boolean useWindows(SpikeMatrix x) {
        return x.density() >= minBitWindowDensity;
    }

    /** Sets {@link #maxSparseGradDensity()} (tests and benchmarks). */
    public static void setMaxSparseGradDensity(double d) {
        if (!(d >= 0 && d <= 1)) {
            throw new IllegalArgumentException("sparse gradient density bound must be in [0, 1], got " + d);
        }
        maxSparseGradDensity = d;
    }

    /** Whether {@link #inputGradSparse} handles this geometry: one group, no horizontal dilation. */
    public static boolean sparseGradSupported(ConvGeometry g) {
        return g.groups() == 1 && g.dw() == 1;
    }

    /** Fraction of nonzero elements of {@code v} (counted in parallel; an exact count, so thread-independent). */
    public static double density(float[] v) {
        if (v.length == 0) {
            return 0;
        }
        int chunk = 1 << 16;
        int nChunks = (v.length + chunk - 1) / chunk;
        long[] counts = new long[nChunks];
        ElementwiseKernels ek = Kernels.elementwise();
        Parallel.forRange(nChunks, 1, (from, to) -> {
            long[] bits = new long[chunk / 64];
            for (int c = from; c < to; c++) {
                int start = c * chunk;
                counts[c] = ek.nonzeroBits(v, start, Math.min(v.length, start + chunk) - start, bits, 0);
            }
        });
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return (double) total / v.length;
    }

    /**
     * Input gradient {@code gx[n, c, iy, ix] = sum over o, oy, ox, ky, kx of W[o, c, ky, kx] gy[n, o, oy, ox]}
     * where {@code iy = oy*sh - ph + ky*dh}, {@code ix = ox*sw - pw + kx} (overwritten), driven by the
     * nonzero output gradients. Per sample, the nonzero {@code gy[n, o, oy, ox]} are listed per output
     * position; per position and kernel row {@code ky}, {@code sum_o gy[o] * W[o, :, ky, :]} (a sparse
     * combination of rows of a {@code [o][ky][kx][c]} table, all kernel rows at once, {@link SparseRows}) is added to one row of
     * {@code kw*cin} contiguous floats ({@code [ix][c]}) of a channel-last, zero-padded scratch, which
     * is finally cropped and transposed into {@code gx}. Costs {@code nnz * kh * kw * cin} multiply-adds
     * instead of the dense {@code n*ho*wo*cout*kh*kw*cin}. Positions are visited column by column
     * ({@code ox} outer), so consecutive row additions touch different scratch rows. Samples are
     * independent (parallel) and the order of the additions within one is fixed, so the result does not
     * depend on the thread count. Needs {@link #sparseGradSupported}.
     */
    public static void inputGradSparse(ConvGeometry g, float[] w, float[] gy, float[] gx) {
        if (!sparseGradSupported(g)) {
            throw new IllegalArgumentException("sparse input gradient needs one group and no horizontal dilation, got groups="
                    + g.groups() + " dilation=" + g.dh() + "x" + g.dw());
        }
        SparseInputGrad sig = new SparseInputGrad(g, w);
        int cout = g.cout();
        int hw = g.outH() * g.outW();
        Parallel.forRange(g.n(), 4, (from, to) -> {
            SparseInputGrad.Scratch sc = sig.scratch();
            for (int s = from; s < to; s++) {
                // the nonzero gradients of each output position, channels ascending (branch-free)
                int[] count = sc.count;
                Arrays.fill(count, 0);
                for (int o = 0; o < cout; o++) {
                    int gBase = (s * cout + o) * hw;
                    int tOff = o * sig.oStep;
                    for (int p = 0; p < hw; p++) {
                        float v = gy[gBase + p];
                        int k = p * cout + count[p];
                        sc.off[k] = tOff;
                        sc.val[k] = v;
                        count[p] += v != 0f ? 1 : 0;
                    }
                }
                sig.sample(sc, gx, s);
            }
        });
    }

    /**
     * The per-sample part of {@link #inputGradSparse}: the {@code [o][ky][kx][c]} table (rows padded to
     * {@link SparseRows#PAD}) and, given the nonzero gradients listed per output position, the row
     * additions into a channel-last padded scratch and the crop back into {@code gx}.
     */
    private static final class SparseInputGrad {
        final ConvGeometry g;
        final float[] table;
        final int rowPad;
        final int oStep;
        final int hp;
        final int wp;

        SparseInputGrad(ConvGeometry g, float[] w) {
            this.g = g;
            int cin = g.cin();
            int cout = g.cout();
            int kh = g.kh();
            int kw = g.kw();
            hp = g.h() + 2 * g.ph();
            wp = g.w() + 2 * g.pw();
            int row = kw * cin;
            rowPad = (row + SparseRows.PAD - 1) / SparseRows.PAD * SparseRows.PAD;
            oStep = kh * rowPad;
            // table[LEAD + (o*kh + ky)*rowPad + kx*cin + c] = W[o, c, ky, kx], zero beyond kw*cin; rows on cache lines
            table = new float[Aligned.LEAD + cout * kh * rowPad];
            for (int o = 0; o < cout; o++) {
                for (int c = 0; c < cin; c++) {
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            table[Aligned.LEAD + (o * kh + ky) * rowPad + kx * cin + c] = w[((o * cin + c) * kh + ky) * kw + kx];
                        }
                    }
                }
            }
        }

        /** Scratch of one task: padded input plane, and per position its nonzero gradients ({@code off}, {@code val}). */
        final class Scratch {
            final float[] pad = new float[hp * wp * g.cin() + rowPad];
            final int[] count = new int[g.outH() * g.outW()];
            final int[] off = new int[g.outH() * g.outW() * g.cout()];
            final float[] val = new float[g.outH() * g.outW() * g.cout()];
        }

        Scratch scratch() {
            return new Scratch();
        }

        /**
         * {@code gx} of sample {@code s} (overwritten) from the lists in {@code sc}: entries
         * {@code [p*cout, p*cout + count[p])} of {@code off} (table offset {@code o*oStep}) and {@code val}.
         */
        void sample(Scratch sc, float[] gx, int s) {
            int cin = g.cin();
            int cout = g.cout();
            int ho = g.outH();
            int wo = g.outW();
            int rowStep = g.dh() * wp * cin;
            float[] pad = sc.pad;
            Arrays.fill(pad, 0f);
            // kernel rows in bands of two, positions inside: the band's part of the table (2*cout rows of
            // rowPad floats) stays in L1 across the positions, where the whole table would not
            int kh = g.kh();
            for (int ky = 0; ky < kh; ky += 2) {
                int rows = Math.min(2, kh - ky);
                for (int ox = 0; ox < wo; ox++) {
                    for (int oy = 0; oy < ho; oy++) {
                        int p = oy * wo + ox;
                        if (sc.count[p] == 0) {
                            continue;
                        }
                        int d = (oy * g.sh() * wp + ox * g.sw()) * cin + ky * rowStep;
                        // whole padded rows: the table's zero padding adds +0 to the next pixel's channels
                        ROWS.addCombinations(table, sc.off, sc.val, p * cout, sc.count[p], rows, rowPad, pad, d,
                                rowStep, rowPad, Aligned.LEAD + ky * rowPad);
                    }
                }
            }
            // crop the padding and go back to [c][iy][ix]
            int hwIn = g.h() * g.w();
            int base = s * g.inSample();
            for (int iy = 0; iy < g.h(); iy++) {
                int src = ((iy + g.ph()) * wp + g.pw()) * cin;
                for (int ix = 0; ix < g.w(); ix++) {
                    int sp = src + ix * cin;
                    int dst = base + iy * g.w() + ix;
                    for (int c = 0; c < cin; c++) {
                        gx[dst + c * hwIn] = pad[sp + c];
                    }
                }
            }
        }
    }

    /** Whether {@link #backwardEvent} handles this geometry: one group, no horizontal dilation. */
    public static boolean backwardEventSupported(ConvGeometry g) {
        return g.groups() == 1 && g.dw() == 1;
    }

    /**
     * Weight gradient ({@link #weightGradEvent}) and, when {@code gx} is non-null, sparse input gradient
     * ({@link #inputGradSparse}) in one pass over the samples, with the same floats as those two: per
     * sample the output gradient is transposed once to channel-last {@code [position][channel]}; its rows
     * feed the weight gradient's per-column sums, and their nonzero channels (found with vector compares)
     * the input gradient's lists. Parallel over the weight gradient's blocks. Needs
     * {@link #backwardEventSupported}.
     */
    public static void backwardEvent(ConvGeometry g, SpikeMatrix x, float[] w, float[] gy, float[] gx, float[] gw) {
        backwardEvent(g, x, w, gy, null, gx, gw);
    }

    /**
     * {@link #backwardEvent} with the output gradient given as a max-pool's factored input gradient
     * ({@code pg}, {@code [n*cout]} planes of {@code outH*outW}): a sample's channel-last rows are filled
     * from its {@code cout*out} pooled gradients (the rest stays zero) and each position's nonzero channels
     * are listed from them directly, without the full array or a scan. Same floats as
     * {@code backwardEvent(g, x, w, pg.materialize(), gx, gw)}.
     */
    public static void backwardEvent(ConvGeometry g, SpikeMatrix x, float[] w, PooledGradient pg, float[] gx,
                                     float[] gw) {
        checkPooled(g, pg);
        backwardEvent(g, x, w, null, pg, gx, gw);
    }

    private static void checkPooled(ConvGeometry g, PooledGradient pg) {
        pg.requireCovers((long) g.n() * g.cout(), g.outH() * g.outW());
    }

    private static void backwardEvent(ConvGeometry g, SpikeMatrix x, float[] w, float[] gy, PooledGradient pg,
                                      float[] gx, float[] gw) {
        if (!backwardEventSupported(g)) {
            throw new IllegalArgumentException("fused event backward needs one group and no horizontal dilation, got groups="
                    + g.groups() + " dilation=" + g.dh() + "x" + g.dw());
        }
        checkSpikes(g, x);
        int hw = g.outH() * g.outW();
        int cout = g.cout();
        int patch = g.patch();
        ColumnSums columns = new ColumnSums(g, useWindows(x));
        int[] map = Transposer.indexMap(cout, hw);
        SparseInputGrad sig = gx != null ? new SparseInputGrad(g, w) : null;
        ElementwiseKernels ek = Kernels.elementwise();
        int words = (cout + 63) >>> 6;
        int gOff = columns.gOff();
        eventWeightGrad(g, patch * cout, gw, () -> {
            float[] gT = new float[gOff + hw * cout];
            ColumnSums.Scratch cs = columns.scratch();
            SparseInputGrad.Scratch sc = sig != null ? sig.scratch() : null;
            long[] bits = new long[words];
            return (s, chunkAcc) -> {
                if (pg != null) {
                    pooledRows(pg, s, cout, gT, gOff, sc, sig != null ? sig.oStep : 0);
                } else {
                    TRANSPOSE.transpose(gy, s * cout * hw, cout, hw, null, gT, gOff, map);
                }
                columns.add(x, s, gT, gOff, chunkAcc, cs);
                if (pg != null) {
                    if (sc != null) {
                        sig.sample(sc, gx, s);
                    }
                    // back to zeros for the next sample: only the entries written
                    int base = s * cout * pg.out();
                    int[] arg = pg.arg();
                    for (int o = 0; o < cout; o++) {
                        for (int q = 0; q < pg.out(); q++) {
                            gT[gOff + arg[base + o * pg.out() + q] * cout + o] = 0f;
                        }
                    }
                } else if (sc != null) {
                    // per position, its nonzero channels ascending
                    for (int p = 0; p < hw; p++) {
                        int k = p * cout;
                        ek.nonzeroBits(gT, gOff + p * cout, cout, bits, 0);
                        for (int wd = 0; wd < words; wd++) {
                            long word = bits[wd];
                            while (word != 0) {
                                int o = (wd << 6) + Long.numberOfTrailingZeros(word);
                                sc.off[k] = o * sig.oStep;
                                sc.val[k] = gT[gOff + p * cout + o];
                                k++;
                                word &= word - 1;
                            }
                        }
                        sc.count[p] = k - p * cout;
                    }
                    sig.sample(sc, gx, s);
                }
            };
        });
    }

    /** The weight-gradient terms of one sample, added into a chunk's accumulator (one instance per task). */
    @FunctionalInterface
    private interface SampleTerms {
        void add(int s, float[] chunkAcc);
    }

    /**
     * The event weight gradients' reduction, the same chunks and blocks as {@link #backwardDense}: per chunk of
     * samples an accumulator ({@code tableSize} floats, layout of {@link #toWeightLayout}) that each sample adds
     * to ({@code perTask} gives one {@link SampleTerms} with its own scratch per parallel task), added into
     * its block's sum (block = chunk + block so far, as the GEMM accumulates), then the blocks summed in order
     * ({@link #sumBlocks}) and written into {@code gw}. Parallel over blocks; the result does not depend on the
     * thread count.
     */
    private static void eventWeightGrad(ConvGeometry g, int tableSize, float[] gw,
                                        Supplier<SampleTerms> perTask) {
        int spc = samplesPerChunk(g);
        int nChunks = chunks(g);
        int cpb = chunksPerBlock(g);
        int nBlocks = (nChunks + cpb - 1) / cpb;
        float[][] partial = new float[nBlocks][];
        Parallel.forRange(nBlocks, 1, (from, to) -> {
            SampleTerms terms = perTask.get();
            float[] chunkAcc = new float[tableSize];
            for (int b = from; b < to; b++) {
                float[] blockAcc = new float[tableSize];
                int chEnd = Math.min(nChunks, (b + 1) * cpb);
                for (int ch = b * cpb; ch < chEnd; ch++) {
                    Arrays.fill(chunkAcc, 0f);
                    int sEnd = Math.min(g.n(), (ch + 1) * spc);
                    for (int s = ch * spc; s < sEnd; s++) {
                        terms.add(s, chunkAcc);
                    }
                    for (int i = 0; i < tableSize; i++) {
                        blockAcc[i] = chunkAcc[i] + blockAcc[i];
                    }
                }
                partial[b] = blockAcc;
            }
        });
        float[] total = new float[tableSize];
        sumBlocks(partial, total);
        toWeightLayout(g, total, gw);
    }

    /**
     * Sample {@code s}'s output gradient from a pooled form: {@code gT[gOff + arg*cout + o] = 0 + gy} (channel-last,
     * {@code gT} zero before) and, when {@code sc} is non-null, each position's nonzero channels in ascending
     * order ({@code off = o*oStep}, {@code val}), as the scan of the dense rows would list them.
     */
    private static void pooledRows(PooledGradient pg, int s, int cout, float[] gT, int gOff, SparseInputGrad.Scratch sc,
                                   int oStep) {
        float[] py = pg.gy();
        int[] arg = pg.arg();
        int out = pg.out();
        int base = s * cout * out;
        if (sc != null) {
            Arrays.fill(sc.count, 0);
        }
        for (int o = 0; o < cout; o++) {
            int b = base + o * out;
            for (int q = 0; q < out; q++) {
                float v = 0f + py[b + q];
                int p = arg[b + q];
                gT[gOff + p * cout + o] = v;
                if (sc != null) {
                    int k = p * cout + sc.count[p];
                    sc.off[k] = o * oStep;
                    sc.val[k] = v;
                    sc.count[p] += v != 0f ? 1 : 0;
                }
            }
        }
    }

    /**
     * {@link #biasGrad} with the output gradient in pooled form: the same per-channel plane of partial sums
     * in sample order (the zero terms left out, which changes no float: the partial sums start at +0 and
     * adding a zero to them is exact), then summed in position order.
     */
    public static void biasGrad(ConvGeometry g, PooledGradient pg, float[] gb) {
        checkPooled(g, pg);
        int hw = g.outH() * g.outW();
        int cout = g.cout();
        Parallel.forRange(cout, 1, (from, to) -> {
            float[] plane = new float[(to - from) * hw];
            for (int n = 0; n < g.n(); n++) {
                for (int o = from; o < to; o++) {
                    pg.addPlane(n * cout + o, plane, (o - from) * hw);
                }
            }
            for (int o = from; o < to; o++) {
                float sum = 0f;
                int pb = (o - from) * hw;
                for (int p = 0; p < hw; p++) {
                    sum += plane[pb + p];
                }
                gb[o] = sum;
            }
        });
    }

    // ---- chunking ----

    /** Samples per im2col chunk: about {@link #CHUNK_POSITIONS} output positions, at least one sample. */
    public static int samplesPerChunk(ConvGeometry g) {
        int hw = g.outH() * g.outW();
        return Math.max(1, Math.min(Math.max(g.n(), 1), (CHUNK_POSITIONS + hw - 1) / hw));
    }

    private static int chunks(ConvGeometry g) {
        int s = samplesPerChunk(g);
        return (g.n() + s - 1) / s;
    }

    private static int chunksPerBlock(ConvGeometry g) {
        int c = chunks(g);
        return Math.max(1, (c + MAX_BLOCKS - 1) / MAX_BLOCKS);
    }

    // ---- dense ----

    /**
     * {@code y = conv(x, W) + b} (overwritten); {@code xb} (0/1 bytes) is read when non-null,
     * else {@code xf}; {@code bias} may be null.
     */
    public static void forwardDense(ConvGeometry g, float[] xf, byte[] xb, float[] w, float[] bias, float[] y) {
        int spc = samplesPerChunk(g);
        int nChunks = chunks(g);
        int hw = g.outH() * g.outW();
        int k = g.patch();
        int coutG = g.coutG();
        Gemm gemm = Kernels.gemm();
        Parallel.forRange(nChunks, 1, (from, to) -> {
            float[] col = new float[k * spc * hw];
            float[] yc = new float[coutG * spc * hw];
            for (int ch = from; ch < to; ch++) {
                int n0 = ch * spc;
                int ns = Math.min(spc, g.n() - n0);
                int cols = ns * hw;
                for (int grp = 0; grp < g.groups(); grp++) {
                    im2col(g, xf, xb, n0, ns, grp, col);
                    gemm.sgemm(false, false, coutG, cols, k, 1f, w, grp * coutG * k, k, col, 0, cols, 0f, yc, 0, cols);
                    for (int s = 0; s < ns; s++) {
                        for (int og = 0; og < coutG; og++) {
                            int o = grp * coutG + og;
                            int dst = ((n0 + s) * g.cout() + o) * hw;
                            int src = og * cols + s * hw;
                            if (bias == null) {
                                System.arraycopy(yc, src, y, dst, hw);
                            } else {
                                float b = bias[o];
                                for (int p = 0; p < hw; p++) {
                                    y[dst + p] = yc[src + p] + b;
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * Gradients of the dense convolution from the output gradient {@code gy}: the input gradient
     * into {@code gx} (overwritten; skipped when null) and the weight gradient into {@code gw}
     * (overwritten; skipped when null; needs the input {@code xb} or {@code xf}).
     */
    public static void backwardDense(ConvGeometry g, float[] xf, byte[] xb, float[] w, float[] gy, float[] gx,
                                     float[] gw) {
        int spc = samplesPerChunk(g);
        int nChunks = chunks(g);
        int cpb = chunksPerBlock(g);
        int nBlocks = (nChunks + cpb - 1) / cpb;
        int hw = g.outH() * g.outW();
        int k = g.patch();
        int coutG = g.coutG();
        int cout = g.cout();
        Gemm gemm = Kernels.gemm();
        float[][] partial = new float[nBlocks][];
        Parallel.forRange(nBlocks, 1, (from, to) -> {
            float[] col = gw != null ? new float[k * spc * hw] : null;
            float[] colGrad = gx != null ? new float[k * spc * hw] : null;
            float[] gT = new float[cout * spc * hw];
            for (int b = from; b < to; b++) {
                float[] acc = gw != null ? new float[cout * k] : null;
                int chEnd = Math.min(nChunks, (b + 1) * cpb);
                for (int ch = b * cpb; ch < chEnd; ch++) {
                    int n0 = ch * spc;
                    int ns = Math.min(spc, g.n() - n0);
                    int cols = ns * hw;
                    // gT [cout, cols]: the chunk's output gradient, channel-major
                    for (int s = 0; s < ns; s++) {
                        for (int o = 0; o < cout; o++) {
                            System.arraycopy(gy, ((n0 + s) * cout + o) * hw, gT, o * cols + s * hw, hw);
                        }
                    }
                    if (gx != null) {
                        Arrays.fill(gx, n0 * g.inSample(), (n0 + ns) * g.inSample(), 0f);
                    }
                    float beta = ch == b * cpb ? 0f : 1f;
                    for (int grp = 0; grp < g.groups(); grp++) {
                        if (gw != null) {
                            im2col(g, xf, xb, n0, ns, grp, col);
                            gemm.sgemm(false, true, coutG, k, cols, 1f, gT, grp * coutG * cols, cols, col, 0, cols,
                                    beta, acc, grp * coutG * k, k);
                        }
                        if (gx != null) {
                            gemm.sgemm(true, false, k, cols, coutG, 1f, w, grp * coutG * k, k, gT, grp * coutG * cols,
                                    cols, 0f, colGrad, 0, cols);
                            col2im(g, colGrad, n0, ns, grp, gx);
                        }
                    }
                }
                partial[b] = acc;
            }
        });
        if (gw != null) {
            sumBlocks(partial, gw);
        }
    }

    /** {@code out = 0 + p[0] + p[1] + ...}, element-wise, in block order. */
    static void sumBlocks(float[][] partial, float[] out) {
        Arrays.fill(out, 0f);
        Parallel.forRange(out.length, 4096, (from, to) -> {
            for (float[] p : partial) {
                for (int i = from; i < to; i++) {
                    out[i] += p[i];
                }
            }
        });
    }

    /**
     * Bias gradient {@code gb[o] = sum_n sum_p gy[n, o, p]} (overwritten): per channel, the samples'
     * planes are added element-wise in sample order into one plane of partial sums, which is then
     * summed in position order. Only plain element-wise adds in a fixed order (no lane reduction,
     * whose order the Vector API leaves to the compiler), so the result is the same on every thread
     * and at every JIT tier.
     */
    public static void biasGrad(ConvGeometry g, float[] gy, float[] gb) {
        int hw = g.outH() * g.outW();
        int cout = g.cout();
        Parallel.forRange(cout, 1, (from, to) -> {
            // the planes of channels [from, to), samples outer: gy is read in storage order
            int len = (to - from) * hw;
            float[] plane = new float[len];
            for (int n = 0; n < g.n(); n++) {
                int base = (n * cout + from) * hw;
                for (int i = 0; i < len; i++) {
                    plane[i] += gy[base + i];
                }
            }
            for (int o = from; o < to; o++) {
                float s = 0f;
                int pb = (o - from) * hw;
                for (int p = 0; p < hw; p++) {
                    s += plane[pb + p];
                }
                gb[o] = s;
            }
        });
    }

    /**
     * {@code col[(c*kh + ky)*kw + kx][s*hw + oy*wo + ox] = x[n0+s, grp*cinG + c, oy*sh - ph + ky*dh, ox*sw - pw + kx*dw]}
     * (zero outside), row stride {@code ns*hw}.
     */
    static void im2col(ConvGeometry g, float[] xf, byte[] xb, int n0, int ns, int grp, float[] col) {
        int[] off = positionOffsets(g);
        int ho = g.outH();
        int wo = g.outW();
        int hw = ho * wo;
        int cols = ns * hw;
        int hwIn = g.h() * g.w();
        int cinG = g.cinG();
        for (int cl = 0; cl < cinG; cl++) {
            int c = grp * cinG + cl;
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++) {
                    int rb = ((cl * g.kh() + ky) * g.kw() + kx) * cols;
                    int xoff = kx * g.dw() - g.pw();
                    int lo = validLo(xoff, g.sw());
                    int hi = validHi(xoff, g.sw(), g.w(), wo);
                    if (interior(g, ky, lo, hi)) {
                        // every position reads inside the input: one gather through the offset table
                        int shift = (ky * g.dh() - g.ph()) * g.w() + xoff;
                        for (int s = 0; s < ns; s++) {
                            int xb0 = ((n0 + s) * g.cin() + c) * hwIn + shift;
                            int db = rb + s * hw;
                            if (xb != null) {
                                for (int p = 0; p < hw; p++) {
                                    col[db + p] = xb[xb0 + off[p]];
                                }
                            } else {
                                for (int p = 0; p < hw; p++) {
                                    col[db + p] = xf[xb0 + off[p]];
                                }
                            }
                        }
                        continue;
                    }
                    for (int s = 0; s < ns; s++) {
                        int xBase = ((n0 + s) * g.cin() + c) * hwIn;
                        for (int oy = 0; oy < ho; oy++) {
                            int db = rb + s * hw + oy * wo;
                            int iy = oy * g.sh() - g.ph() + ky * g.dh();
                            if (iy < 0 || iy >= g.h() || lo >= hi) {
                                Arrays.fill(col, db, db + wo, 0f);
                                continue;
                            }
                            int xr = xBase + iy * g.w() + xoff;
                            for (int ox = 0; ox < lo; ox++) {
                                col[db + ox] = 0f;
                            }
                            if (xb != null) {
                                if (g.sw() == 1) {
                                    for (int ox = lo; ox < hi; ox++) {
                                        col[db + ox] = xb[xr + ox];
                                    }
                                } else {
                                    for (int ox = lo; ox < hi; ox++) {
                                        col[db + ox] = xb[xr + ox * g.sw()];
                                    }
                                }
                            } else if (g.sw() == 1) {
                                System.arraycopy(xf, xr + lo, col, db + lo, hi - lo);
                            } else {
                                for (int ox = lo; ox < hi; ox++) {
                                    col[db + ox] = xf[xr + ox * g.sw()];
                                }
                            }
                            for (int ox = hi; ox < wo; ox++) {
                                col[db + ox] = 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /** Adds {@code colGrad} (layout of {@link #im2col}) back into the input gradient {@code gx}. */
    static void col2im(ConvGeometry g, float[] colGrad, int n0, int ns, int grp, float[] gx) {
        int[] off = positionOffsets(g);
        int ho = g.outH();
        int wo = g.outW();
        int hw = ho * wo;
        int cols = ns * hw;
        int hwIn = g.h() * g.w();
        int cinG = g.cinG();
        int sw = g.sw();
        for (int cl = 0; cl < cinG; cl++) {
            int c = grp * cinG + cl;
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++) {
                    int rb = ((cl * g.kh() + ky) * g.kw() + kx) * cols;
                    int xoff = kx * g.dw() - g.pw();
                    int lo = validLo(xoff, sw);
                    int hi = validHi(xoff, sw, g.w(), wo);
                    if (lo >= hi) {
                        continue;
                    }
                    if (interior(g, ky, lo, hi)) {
                        int shift = (ky * g.dh() - g.ph()) * g.w() + xoff;
                        for (int s = 0; s < ns; s++) {
                            int xb0 = ((n0 + s) * g.cin() + c) * hwIn + shift;
                            int db = rb + s * hw;
                            if (sw == 1) {
                                // ho rows of wo contiguous elements, input rows sh*w apart
                                TAPS.addTaps(colGrad, db, wo, gx, xb0, g.sh() * g.w(), ho, wo);
                            } else {
                                for (int p = 0; p < hw; p++) {
                                    gx[xb0 + off[p]] += colGrad[db + p];
                                }
                            }
                        }
                        continue;
                    }
                    for (int s = 0; s < ns; s++) {
                        int xBase = ((n0 + s) * g.cin() + c) * hwIn;
                        for (int oy = 0; oy < ho; oy++) {
                            int iy = oy * g.sh() - g.ph() + ky * g.dh();
                            if (iy < 0 || iy >= g.h()) {
                                continue;
                            }
                            int db = rb + s * hw + oy * wo;
                            int xr = xBase + iy * g.w() + xoff;
                            for (int ox = lo; ox < hi; ox++) {
                                gx[xr + ox * sw] += colGrad[db + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code off[oy*wo + ox] = oy*sh*w + ox*sw}: where output position (oy, ox) reads, relative to its tap's origin. */
    private static int[] positionOffsets(ConvGeometry g) {
        int wo = g.outW();
        int[] off = new int[g.outH() * wo];
        for (int oy = 0; oy < g.outH(); oy++) {
            for (int ox = 0; ox < wo; ox++) {
                off[oy * wo + ox] = oy * g.sh() * g.w() + ox * g.sw();
            }
        }
        return off;
    }

    /** Whether tap row {@code ky} with valid output columns {@code [lo, hi)} reads inside the input at every output position. */
    private static boolean interior(ConvGeometry g, int ky, int lo, int hi) {
        int first = ky * g.dh() - g.ph();
        int last = (g.outH() - 1) * g.sh() + first;
        return lo == 0 && hi == g.outW() && first >= 0 && last < g.h();
    }

    /** First output column whose input column {@code ox*stride + xoff} is >= 0. */
    private static int validLo(int xoff, int stride) {
        return xoff >= 0 ? 0 : (-xoff + stride - 1) / stride;
    }

    /** One past the last output column (at most {@code wo}) whose input column is < {@code w}. */
    private static int validHi(int xoff, int stride, int w, int wo) {
        int lastIn = w - 1 - xoff;
        if (lastIn < 0) {
            return 0;
        }
        return Math.min(wo, lastIn / stride + 1);
    }

    // ---- event-driven ----

    /** {@code t[((c*kh + ky)*kw + kx)*coutG + og] = W[grp*coutG + og, c - grp*cinG, ky, kx]}: kernel columns by input channel. */
    static float[] eventTable(ConvGeometry g, float[] w) {
        return eventTable(g, w, 0);
    }

    /** {@link #eventTable(ConvGeometry, float[])} starting at {@code t[lead]}. */
    static float[] eventTable(ConvGeometry g, float[] w, int lead) {
        int coutG = g.coutG();
        int cinG = g.cinG();
        int kk = g.kh() * g.kw();
        float[] t = new float[lead + g.cin() * kk * coutG];
        for (int c = 0; c < g.cin(); c++) {
            int grp = c / cinG;
            int cl = c - grp * cinG;
            for (int q = 0; q < kk; q++) {
                for (int og = 0; og < coutG; og++) {
                    t[lead + (c * kk + q) * coutG + og] = w[((grp * coutG + og) * cinG + cl) * kk + q];
                }
            }
        }
        return t;
    }

    /**
     * Event-driven {@code y = conv(x, W) + b} (overwritten) for a binary {@code x} given as a
     * {@link SpikeMatrix} with one row per sample ({@code [n, cin*h*w]}); {@code bias} may be null.
     */
    public static void forwardEvent(ConvGeometry g, SpikeMatrix x, float[] w, float[] bias, float[] y) {
        EventForward ef = new EventForward(g, x, w, bias);
        Parallel.forRange(g.n(), 4, (from, to) -> {
            EventForward.Scratch sc = ef.scratch();
            for (int s = from; s < to; s++) {
                ef.sample(s, sc, y, s * g.outSample());
            }
        });
    }

    /**
     * The event-driven forward ({@link #forwardEvent}) one sample at a time, so that a consumer (a max-pool)
     * can take each sample's output while it is in cache instead of the whole array. Holds its own copies
     * of the kernel (as the event table) and the bias, and the input bitmap, so later changes to the
     * parameters do not change what it computes.
     */
    public static final class EventForward {
        private final ConvGeometry g;
        private final SpikeMatrix x;
        private final float[] table;
        private final int tableOff;
        private final float[] bias;
        private final Taps rows;
        private final Taps colTaps;
        private final Pairs pairs;
        private final BitWindows windows;
        private final int[] map;

        /** Per-thread buffers of {@link #sample}. */
        public static final class Scratch {
            final int[] idx;
            final float[] acc;
            final int[] count;
            final int[] lists;
            final long[] rows;
            final long[] masks;

            Scratch(ConvGeometry g, boolean gather, BitWindows windows) {
                int hw = g.outH() * g.outW();
                boolean lists = gather && windows == null;
                idx = new int[g.inSample()];
                acc = new float[hw * g.cout()];
                count = lists ? new int[hw] : null;
                this.lists = lists ? new int[hw * g.patch()] : null;
                rows = windows != null ? windows.newRows() : null;
                masks = windows != null ? windows.newPositionMasks() : null;
            }
        }

        public EventForward(ConvGeometry g, SpikeMatrix x, float[] w, float[] bias) {
            checkSpikes(g, x);
            this.g = g;
            this.x = x;
            this.windows = BitWindows.supported(g) && useWindows(x) ? new BitWindows(g) : null;
            // the bit-window gather reads whole rows: start them on cache lines
            this.tableOff = windows != null ? Aligned.LEAD : 0;
            this.table = eventTable(g, w, tableOff);
            this.bias = bias == null ? null : bias.clone();
            this.rows = Taps.rows(g);
            this.colTaps = Taps.cols(g);
            this.pairs = g.groups() == 1 && windows == null ? Pairs.of(g) : null;
            this.map = Transposer.indexMap(g.outH() * g.outW(), g.cout());
        }

        public ConvGeometry geometry() {
            return g;
        }

        public Scratch scratch() {
            return new Scratch(g, pairs != null, windows);
        }

        /** Sample {@code s}'s output {@code [cout][ho*wo]} into {@code y[yOff ..]}. */
        public void sample(int s, Scratch sc, float[] y, int yOff) {
            accumulate(s, sc);
            // channel-last accumulator -> [o][p], plus the bias
            TRANSPOSE.transpose(sc.acc, 0, g.outH() * g.outW(), g.cout(), bias, y, yOff, map);
        }

        /**
         * The 2x2 max-pool of sample {@code s}'s output ({@code ho}, {@code wo} even) into {@code y[yOff ..]}
         * ({@code [cout][ho/2 * wo/2]}) and the selected positions into {@code arg[yOff ..]} (when non-null),
         * straight from the channel-last accumulator ({@link ChannelLastPool}): the same values and selections
         * as {@link #sample} followed by {@link MaxPool2x2}.
         */
        public void samplePooled(int s, Scratch sc, float[] y, int[] arg, int yOff) {
            if (g.outH() % 2 != 0 || g.outW() % 2 != 0) {
                throw new IllegalArgumentException("2x2 pooling needs an even output, got " + g.outH() + "x" + g.outW());
            }
            accumulate(s, sc);
            POOL_CL.pool(sc.acc, g.outH(), g.outW(), g.cout(), bias, y, yOff, arg, yOff);
        }

        /** Sample {@code s}'s sums, channel-last, into {@code sc.acc}. */
        private void accumulate(int s, Scratch sc) {
            int hw = g.outH() * g.outW();
            int cout = g.cout();
            float[] acc = sc.acc;
            Arrays.fill(acc, 0f);
            ElementwiseKernels ek = Kernels.elementwise();
            if (windows != null) {
                // per output position, the bits of its active weight rows (ascending), one register-held sum each
                windows.rows(x, s, sc.rows);
                windows.positionMasks(sc.rows, sc.masks);
                for (int p = 0; p < hw; p++) {
                    ek.gatherBitRows(table, tableOff, cout, sc.masks, p, hw, windows.posWords, windows.posSpan, cout, acc,
                            p * cout);
                }
                return;
            }
            int cnt = x.decodeRow(s, sc.idx);
            if (pairs != null) {
                // per output position, its active taps (ascending), then one register-held sum per position
                int patch = g.patch();
                pairs.list(sc.idx, cnt, sc.count, sc.lists, patch, true);
                for (int p = 0; p < hw; p++) {
                    ek.gatherRowSum(table, cout, sc.lists, p * patch, sc.count[p], cout, acc, p * cout);
                }
            } else {
                scatter(g, rows, colTaps, sc.idx, cnt, table, acc, null, TAPS);
            }
        }

        /** The whole output {@code [n][cout][ho*wo]}, as {@link #forwardEvent}. */
        public float[] compute() {
            float[] y = new float[Math.toIntExact((long) g.n() * g.outSample())];
            Parallel.forRange(g.n(), 4, (from, to) -> {
                Scratch sc = scratch();
                for (int s = from; s < to; s++) {
                    sample(s, sc, y, s * g.outSample());
                }
            });
            return y;
        }
    }

    /**
     * Event-driven weight gradient {@code dW[o, c, ky, kx] = sum over active x[s, c', iy, ix] of gy[s, o, oy, ox]}
     * (overwritten), reduced over the same chunks and blocks as {@link #backwardDense}.
     */
    public static void weightGradEvent(ConvGeometry g, SpikeMatrix x, float[] gy, float[] gw) {
        checkSpikes(g, x);
        int hw = g.outH() * g.outW();
        int cout = g.cout();
        int kk = g.kh() * g.kw();
        Taps rows = Taps.rows(g);
        Taps colTaps = Taps.cols(g);
        ColumnSums columns = g.groups() == 1 ? new ColumnSums(g, useWindows(x)) : null;
        int[] map = Transposer.indexMap(cout, hw);
        int gOff = columns != null ? columns.gOff() : 0;
        eventWeightGrad(g, g.cin() * kk * g.coutG(), gw, () -> {
            int[] idx = new int[g.inSample()];
            float[] gT = new float[gOff + hw * cout];
            ColumnSums.Scratch cs = columns != null ? columns.scratch() : null;
            return (s, chunkAcc) -> {
                TRANSPOSE.transpose(gy, s * cout * hw, cout, hw, null, gT, gOff, map);
                if (columns != null) {
                    columns.add(x, s, gT, gOff, chunkAcc, cs);
                } else {
                    int cnt = x.decodeRow(s, idx);
                    scatter(g, rows, colTaps, idx, cnt, null, gT, chunkAcc, TAPS);
                }
            };
        });
    }

    /**
     * The event weight gradients' accumulator, {@code acc[(c*kk + q)*coutG + og]} (input channel and tap major,
     * the group's output channels contiguous), written into the weight's layout {@code [out, in/groups, kh, kw]}.
     */
    private static void toWeightLayout(ConvGeometry g, float[] acc, float[] gw) {
        int kk = g.kh() * g.kw();
        int coutG = g.coutG();
        int cinG = g.cinG();
        for (int c = 0; c < g.cin(); c++) {
            int grp = c / cinG;
            int cl = c - grp * cinG;
            for (int q = 0; q < kk; q++) {
                for (int og = 0; og < coutG; og++) {
                    gw[((grp * coutG + og) * cinG + cl) * kk + q] = acc[(c * kk + q) * coutG + og];
                }
            }
        }
    }

    /**
     * The gather form of the event weight gradient ({@code groups == 1}): per weight column
     * {@code (c, ky, kx)}, the channel-last output-gradient rows of the positions its active inputs
     * reach, added in ascending position order, from {@link BitWindows#columnMasks} where the geometry allows
     * and from {@link Pairs} lists otherwise (the same floats either way).
     */
    private static final class ColumnSums {
        private final ConvGeometry g;
        private final BitWindows windows;
        private final Pairs pairs;

        final class Scratch {
            final int[] idx;
            final int[] count;
            final int[] lists;
            final long[] rows;
            final long[] masks;

            Scratch() {
                int hw = g.outH() * g.outW();
                idx = pairs != null ? new int[g.inSample()] : null;
                count = pairs != null ? new int[g.patch()] : null;
                lists = pairs != null ? new int[g.patch() * hw] : null;
                rows = windows != null ? windows.newRows() : null;
                masks = windows != null ? windows.newColumnMasks() : null;
            }
        }

        ColumnSums(ConvGeometry g, boolean windows) {
            this.g = g;
            this.windows = windows && BitWindows.columnsSupported(g) ? new BitWindows(g) : null;
            this.pairs = this.windows == null ? Pairs.of(g) : null;
        }

        Scratch scratch() {
            return new Scratch();
        }

        /** Where the callers start the rows of {@code gT}: on a cache line for the bit-window gather, else 0. */
        int gOff() {
            return windows != null ? Aligned.LEAD : 0;
        }

        /**
         * {@code acc[col*cout + o] += sum over the positions p column col reaches in sample s of gT[gOff + p*cout + o]},
         * {@code gOff} as {@link #gOff()}.
         */
        void add(SpikeMatrix x, int s, float[] gT, int gOff, float[] acc, Scratch sc) {
            ElementwiseKernels ek = Kernels.elementwise();
            int patch = g.patch();
            int cout = g.cout();
            if (windows != null) {
                windows.rows(x, s, sc.rows);
                windows.columnMasks(sc.rows, sc.masks);
                int words = windows.colWords;
                for (int col = 0; col < patch; col++) {
                    long any = 0;
                    for (int l = 0; l < words; l++) {
                        any |= sc.masks[l * patch + col];
                    }
                    if (any != 0) {
                        ek.gatherBitRows(gT, gOff, cout, sc.masks, col, patch, words, windows.colSpan, cout, acc, col * cout);
                    }
                }
                return;
            }
            int hw = g.outH() * g.outW();
            int cnt = x.decodeRow(s, sc.idx);
            pairs.list(sc.idx, cnt, sc.count, sc.lists, hw, false);
            for (int r = 0; r < patch; r++) {
                if (sc.count[r] > 0) {
                    ek.gatherRowSum(gT, cout, sc.lists, r * hw, sc.count[r], cout, acc, r * cout);
                }
            }
        }
    }

    /**
     * Bit windows of one sample's input for the event convolutions ({@link #supported}: one group, no
     * horizontal dilation, padded input rows of at most 64 columns). The input rows are read from the bitmap
     * as zero-padded words ({@link #rows}). A position's receptive field ({@link #positionMasks}) is then
     * cut from words that hold several rows side by side ({@code rowsPerRaw} rows of {@code wp} bits):
     * one shift and one bit extraction ({@link Long#compress}, one instruction with BMI2) take the
     * {@code kw} window bits of every row in the word at once. Each weight column's reached positions
     * ({@link #columnMasks}) are a shift and a mask per output row. The masks' set bits, walked by
     * {@link ElementwiseKernels#gatherBitRows}, come out ascending: the order of the lists {@link Pairs}
     * builds, so the sums are the same floats, without the lists' scattered writes.
     */
    private static final class BitWindows {
        private final ConvGeometry g;
        private final int hp;
        private final int wp;
        private final int hw;
        /** Row of {@link #rows}' output holding field {@code fi = c*kh + ky} at {@code oy = 0}. */
        private final int[] fieldRow;
        /** Fields (input rows) per raw word, raw words per output row, and the window pattern of a raw word. */
        private final int rowsPerRaw;
        private final int rawWords;
        private final long pattern;
        /** Bits one raw word yields ({@code rowsPerRaw*kw}) and raw words per mask word. */
        private final int chunkBits;
        private final int chunksPerWord;
        /** Words of a position's mask, and the weight rows each word covers ({@code <= 64}). */
        final int posWords;
        final int posSpan;
        /** Output rows ({@code wo} bits each) per word of a column's mask (stride 1 only), and its words. */
        final int colWords;
        final int colSpan;
        private final int colRows;
        private final long woMask;

        BitWindows(ConvGeometry g) {
            this.g = g;
            hp = g.h() + 2 * g.ph();
            wp = g.w() + 2 * g.pw();
            hw = g.outH() * g.outW();
            int kh = g.kh();
            int kw = g.kw();
            fieldRow = new int[g.cin() * kh];
            for (int c = 0; c < g.cin(); c++) {
                for (int ky = 0; ky < kh; ky++) {
                    fieldRow[c * kh + ky] = c * hp + ky * g.dh();
                }
            }
            long kMask = kw == 64 ? -1L : (1L << kw) - 1;
            rowsPerRaw = 64 / wp;
            rawWords = (fieldRow.length + rowsPerRaw - 1) / rowsPerRaw;
            long pat = 0;
            for (int j = 0; j < rowsPerRaw; j++) {
                pat |= kMask << (j * wp);
            }
            pattern = pat;
            chunkBits = rowsPerRaw * kw;
            chunksPerWord = 64 / chunkBits;
            posSpan = chunksPerWord * chunkBits;
            posWords = (rawWords + chunksPerWord - 1) / chunksPerWord;
            int wo = g.outW();
            colRows = 64 / wo;
            colSpan = colRows * wo;
            colWords = (g.outH() + colRows - 1) / colRows;
            woMask = wo == 64 ? -1L : (1L << wo) - 1;
        }

        /** One group, no horizontal dilation, padded rows of at most 64 columns. */
        static boolean supported(ConvGeometry g) {
            return g.groups() == 1 && g.dw() == 1 && g.w() + 2L * g.pw() <= 64;
        }

        /** Whether {@link #columnMasks} applies: also horizontal stride 1. */
        static boolean columnsSupported(ConvGeometry g) {
            return supported(g) && g.sw() == 1;
        }

        long[] newRows() {
            return new long[g.cin() * hp + g.outH() * rawWords];
        }

        long[] newPositionMasks() {
            return new long[posWords * hw];
        }

        long[] newColumnMasks() {
            return new long[colWords * g.patch()];
        }

        /**
         * {@code prow[c*hp + iy + ph]} = input row {@code (c, iy)} of sample {@code s} shifted left by {@code pw};
         * padding rows stay 0. The {@code outH*rawWords} words after them are {@link #positionMasks}' scratch.
         */
        void rows(SpikeMatrix x, int s, long[] prow) {
            int h = g.h();
            int w = g.w();
            for (int c = 0; c < g.cin(); c++) {
                for (int iy = 0; iy < h; iy++) {
                    prow[c * hp + iy + g.ph()] = x.bitsAt(s, (c * h + iy) * w, w) << g.pw();
                }
            }
        }

        /**
         * {@code masks[l*hw + p]}: bit {@code b} set when weight row {@code l*posSpan + b} ({@code (c*kh + ky)*kw + kx},
         * the event table's row) meets an active input at output position {@code p}. Needs {@link #rows} first.
         */
        void positionMasks(long[] prow, long[] masks) {
            int wo = g.outW();
            int ho = g.outH();
            int sh = g.sh();
            int sw = g.sw();
            int nf = fieldRow.length;
            int raw0 = g.cin() * hp;
            // per output row, the rows it reads, rowsPerRaw side by side in each raw word
            for (int oy = 0; oy < ho; oy++) {
                for (int r = 0; r < rawWords; r++) {
                    long v = 0;
                    int fEnd = Math.min(nf, (r + 1) * rowsPerRaw);
                    for (int fi = r * rowsPerRaw; fi < fEnd; fi++) {
                        v |= prow[fieldRow[fi] + oy * sh] << ((fi - r * rowsPerRaw) * wp);
                    }
                    prow[raw0 + oy * rawWords + r] = v;
                }
            }
            for (int oy = 0; oy < ho; oy++) {
                int rb = raw0 + oy * rawWords;
                for (int ox = 0; ox < wo; ox++) {
                    int p = oy * wo + ox;
                    int shift = ox * sw;
                    for (int l = 0; l < posWords; l++) {
                        long m = 0;
                        int rEnd = Math.min(rawWords, (l + 1) * chunksPerWord);
                        for (int r = l * chunksPerWord; r < rEnd; r++) {
                            m |= Long.compress(prow[rb + r] >>> shift, pattern) << ((r - l * chunksPerWord) * chunkBits);
                        }
                        masks[l * hw + p] = m;
                    }
                }
            }
        }

        /**
         * {@code masks[l*patch + col]} for weight column {@code col = (c*kh + ky)*kw + kx}: bit {@code b} set when
         * output position {@code l*colSpan + b} ({@code oy*wo + ox}) reads an active input through it. Needs
         * {@link #columnsSupported}.
         */
        void columnMasks(long[] prow, long[] masks) {
            int kw = g.kw();
            int ho = g.outH();
            int wo = g.outW();
            int sh = g.sh();
            int patch = g.patch();
            for (int fi = 0; fi < fieldRow.length; fi++) {
                int rb = fieldRow[fi];
                for (int kx = 0; kx < kw; kx++) {
                    int col = fi * kw + kx;
                    for (int l = 0; l < colWords; l++) {
                        long m = 0;
                        int oyEnd = Math.min(ho, (l + 1) * colRows);
                        for (int oy = l * colRows; oy < oyEnd; oy++) {
                            m |= ((prow[rb + oy * sh] >>> kx) & woMask) << ((oy - l * colRows) * wo);
                        }
                        masks[l * patch + col] = m;
                    }
                }
            }
        }
    }

    /**
     * The (kernel tap, output position) pairs of every input position of a plane ({@code groups == 1}):
     * input position {@code r = iy*w + ix} reaches output {@code pos[k]} through tap {@code tap[k] = ky*kw + kx}
     * for {@code k} in {@code [start[r], start[r + 1])}, taps ascending. Built once per call from the
     * row and column taps, so that listing one sample's pairs needs no division or bound test per tap.
     */
    private record Pairs(int[] start, int[] tap, int[] pos, int planeSize, int kk) {
        static Pairs of(ConvGeometry g) {
            Taps rows = Taps.rows(g);
            Taps cols = Taps.cols(g);
            int w = g.w();
            int kh = g.kh();
            int kw = g.kw();
            int hwIn = g.h() * w;
            int[] start = new int[hwIn + 1];
            int total = 0;
            for (int r = 0; r < hwIn; r++) {
                total += rows.count()[r / w] * cols.count()[r % w];
            }
            int[] tap = new int[total];
            int[] pos = new int[total];
            int k = 0;
            for (int r = 0; r < hwIn; r++) {
                start[r] = k;
                int iy = r / w;
                int ix = r % w;
                for (int jy = iy * kh; jy < iy * kh + rows.count()[iy]; jy++) {
                    for (int jx = ix * kw; jx < ix * kw + cols.count()[ix]; jx++) {
                        tap[k] = rows.tap()[jy] * kw + cols.tap()[jx];
                        pos[k] = rows.out()[jy] * g.outW() + cols.out()[jx];
                        k++;
                    }
                }
            }
            start[hwIn] = k;
            return new Pairs(start, tap, pos, hwIn, kh * kw);
        }

        /**
         * The pairs of one sample's active inputs {@code idx[0..cnt)} (ascending) as lists (counts
         * cleared first): with {@code byPosition}, list {@code p} gets the weight columns {@code c*kk + tap}
         * reaching output {@code p}; otherwise list {@code c*kk + tap} gets the positions. List {@code l}
         * is {@code lists[l*cap .. l*cap + count[l])}. The active inputs are walked in ascending order, so
         * each list is ascending: the order in which {@link #scatter} adds the same terms, hence the same floats.
         */
        void list(int[] idx, int cnt, int[] count, int[] lists, int cap, boolean byPosition) {
            Arrays.fill(count, 0);
            int c = 0;
            int cStart = 0;
            for (int a = 0; a < cnt; a++) {
                int i = idx[a];
                while (i >= cStart + planeSize) {
                    c++;
                    cStart += planeSize;
                }
                int r = i - cStart;
                int colBase = c * kk;
                int kEnd = start[r + 1];
                if (byPosition) {
                    for (int k = start[r]; k < kEnd; k++) {
                        int p = pos[k];
                        lists[p * cap + count[p]++] = colBase + tap[k];
                    }
                } else {
                    for (int k = start[r]; k < kEnd; k++) {
                        int col = colBase + tap[k];
                        lists[col * cap + count[col]++] = pos[k];
                    }
                }
            }
        }
    }

    /**
     * The kernel taps through which each input row (or column) reaches the output: for input
     * coordinate {@code i}, entries {@code [i*k, i*k + count[i])} of {@code tap} and {@code out} list the
     * taps {@code t} (ascending) and output coordinates {@code o} with {@code o*stride - pad + t*dil = i}.
     */
    private record Taps(int[] count, int[] tap, int[] out, int[] rowOf) {
        /** Taps of the input rows, with {@code rowOf[r] = r / w} for the {@code h*w} positions of a plane. */
        static Taps rows(ConvGeometry g) {
            Taps t = of(g.h(), g.kh(), g.sh(), g.ph(), g.dh(), g.outH());
            int[] rowOf = new int[g.h() * g.w()];
            for (int r = 0; r < rowOf.length; r++) {
                rowOf[r] = r / g.w();
            }
            return new Taps(t.count(), t.tap(), t.out(), rowOf);
        }

        /** Taps of the input columns. */
        static Taps cols(ConvGeometry g) {
            return of(g.w(), g.kw(), g.sw(), g.pw(), g.dw(), g.outW());
        }

        private static Taps of(int size, int k, int stride, int pad, int dil, int outSize) {
            int[] count = new int[size];
            int[] tap = new int[size * k];
            int[] out = new int[size * k];
            for (int i = 0; i < size; i++) {
                for (int t = 0; t < k; t++) {
                    int num = i + pad - t * dil;
                    if (num >= 0 && num % stride == 0 && num / stride < outSize) {
                        tap[i * k + count[i]] = t;
                        out[i * k + count[i]] = num / stride;
                        count[i]++;
                    }
                }
            }
            return new Taps(count, tap, out, null);
        }
    }

    /**
     * Walks the active inputs {@code idx[0..cnt)} of one sample and, for each output position
     * {@code (oy, ox)} reached through kernel tap {@code (ky, kx)}: forward ({@code table != null})
     * {@code out[(oy*wo + ox)*cout + grp*coutG + og] += table[tap row + og]}; weight gradient
     * ({@code table == null}) {@code tapAcc[tap row + og] += out[(oy*wo + ox)*cout + grp*coutG + og]}.
     * Taps are visited in ascending order, so each sum runs over the active inputs in index order.
     */
    private static void scatter(ConvGeometry g, Taps rows, Taps cols, int[] idx, int cnt, float[] table, float[] out,
                                float[] tapAcc, TapAdder adder) {
        int hwIn = g.h() * g.w();
        int win = g.w();
        int kh = g.kh();
        int kw = g.kw();
        int wo = g.outW();
        int cout = g.cout();
        int coutG = g.coutG();
        int cinG = g.cinG();
        int[] rCount = rows.count();
        int[] rTap = rows.tap();
        int[] rOut = rows.out();
        int[] cCount = cols.count();
        int[] cTap = cols.tap();
        int[] cOut = cols.out();
        // idx is ascending: the channel only moves forward, so no division per active input
        int c = -1;
        int cEnd = 0;
        int tBase = 0;
        int oOff = 0;
        for (int a = 0; a < cnt; a++) {
            int i = idx[a];
            if (i >= cEnd) {
                c = i / hwIn;
                cEnd = (c + 1) * hwIn;
                tBase = c * kh * kw * coutG;
                oOff = (c / cinG) * coutG;
            }
            int r = i - c * hwIn;
            int iy = rows.rowOf()[r];
            int ix = r - iy * win;
            int ny = rCount[iy];
            int nx = cCount[ix];
            if (nx == 0) {
                continue;
            }
            int kx0 = cTap[ix * kw];
            int ox0 = cOut[ix * kw];
            // the column taps of one input column are an arithmetic progression (as are their outputs)
            int kxStep = nx > 1 ? cTap[ix * kw + 1] - kx0 : 0;
            int oxStep = nx > 1 ? cOut[ix * kw + 1] - ox0 : 0;
            for (int jy = iy * kh; jy < iy * kh + ny; jy++) {
                int t = tBase + (rTap[jy] * kw + kx0) * coutG;
                int o = (rOut[jy] * wo + ox0) * cout + oOff;
                if (table != null) {
                    adder.addTaps(table, t, kxStep * coutG, out, o, oxStep * cout, nx, coutG);
                } else {
                    adder.addTaps(out, o, oxStep * cout, tapAcc, t, kxStep * coutG, nx, coutG);
                }
            }
        }
    }

    private static void checkSpikes(ConvGeometry g, SpikeMatrix x) {
        if (x.rows() != g.n() || x.cols() != g.inSample()) {
            throw new IllegalArgumentException("spike matrix is " + x.rows() + "x" + x.cols() + ", convolution needs "
                    + g.n() + "x" + g.inSample());
        }
    }
}
