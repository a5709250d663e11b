package org.snn4j.core.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.snn4j.core.kernel.internal.GemmArgs;
import org.snn4j.core.util.Parallel;

/**
 * {@code cblas_sgemm} from the system OpenBLAS through {@code java.lang.foreign}. Java arrays are
 * passed in place (a critical downcall with heap segments), so no copy is made.
 *
 * <p>The library is searched, in order, at {@code -Dsnn4j.openblas=PATH}, {@code libopenblas.so.0},
 * the Debian paths {@code /usr/lib/x86_64-linux-gnu/libopenblas.so.0} and
 * {@code .../openblas-pthread/libopenblas.so.0}, {@code libopenblas.so} and {@code libopenblas.dylib}.
 * OpenBLAS's own thread count follows {@link Parallel#threads()}, including later
 * {@link Parallel#setThreads} calls.
 *
 * <p><b>Not thread-count independent</b>, unlike the {@link Gemm} contract asks: OpenBLAS
 * (0.3.21, pthread build, tested) blocks the product differently with 1 and 2 threads, so
 * results differ in the last bits (a 300x200x150 product: 3.7222562 vs 3.7222564). Runs with
 * the same thread count are bitwise repeatable. This is why the pure-Java kernel is the default
 * backend and OpenBLAS is opt-in ({@code -Dsnn4j.gemm=openblas}).
 */
public final class OpenBlasGemm implements Gemm {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    private static volatile Optional<OpenBlasGemm> instance;
    private static volatile String loadFailure;

    private final MethodHandle sgemm;
    private final MethodHandle setNumThreads;
    private final String library;

    private OpenBlasGemm(MethodHandle sgemm, MethodHandle setNumThreads, String library) {
        this.sgemm = sgemm;
        this.setNumThreads = setNumThreads;
        this.library = library;
    }

    /** The library candidates in search order (the property first when set). */
    public static List<String> candidates() {
        List<String> c = new ArrayList<>();
        String p = System.getProperty("snn4j.openblas");
        if (p != null && !p.isBlank()) {
            c.add(p.trim());
        }
        c.add("libopenblas.so.0");
        c.add("/usr/lib/x86_64-linux-gnu/libopenblas.so.0");
        c.add("/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0");
        c.add("libopenblas.so");
        c.add("libopenblas.dylib");
        return c;
    }

    /**
     * The shared instance, or empty when no candidate library loads (the reason is then in
     * {@link #loadFailure()}). Loads once.
     */
    public static synchronized Optional<OpenBlasGemm> load() {
        if (instance == null) {
            instance = Optional.ofNullable(tryLoad());
        }
        return instance;
    }

    /** Why {@link #load()} found no library, or null. */
    public static String loadFailure() {
        return loadFailure;
    }

    private static OpenBlasGemm tryLoad() {
        StringBuilder why = new StringBuilder();
        Linker linker = Linker.nativeLinker();
        for (String cand : candidates()) {
            SymbolLookup lookup;
            try {
                lookup = SymbolLookup.libraryLookup(cand, Arena.global());
            } catch (IllegalArgumentException | IllegalCallerException e) {
                why.append(why.isEmpty() ? "" : "; ").append(cand).append(": ").append(e.getMessage());
                continue;
            }
            Optional<MemorySegment> fn = lookup.find("cblas_sgemm");
            if (fn.isEmpty()) {
                why.append(why.isEmpty() ? "" : "; ").append(cand).append(": no cblas_sgemm");
                continue;
            }
            FunctionDescriptor fd = FunctionDescriptor.ofVoid(
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_FLOAT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
            try {
                // critical(true): native code reads the Java float[] in place; GC waits for the (short) call
                MethodHandle h = linker.downcallHandle(fn.get(), fd, Linker.Option.critical(true));
                MethodHandle threads = lookup.find("openblas_set_num_threads")
                        .map(s -> linker.downcallHandle(s, FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT)))
                        .orElse(null);
                OpenBlasGemm g = new OpenBlasGemm(h, threads, resolvedPath(cand));
                g.setThreads(Parallel.threads());
                Parallel.addThreadsListener(g::setThreads);
                return g;
            } catch (IllegalCallerException e) {
                // native access not enabled for this module
                why.append(why.isEmpty() ? "" : "; ").append(cand).append(": ").append(e.getMessage());
                break;
            }
        }
        loadFailure = why.toString();
        return null;
    }

    /** The file the loader actually mapped (from /proc/self/maps on Linux), else the name asked for. */
    private static String resolvedPath(String cand) {
        Path maps = Path.of("/proc/self/maps");
        if (Files.isReadable(maps)) {
            try (var lines = Files.lines(maps)) {
                Optional<String> hit = lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                        .filter(f -> f.startsWith("/") && f.contains("libopenblas"))
                        .findFirst();
                if (hit.isPresent()) {
                    return hit.get();
                }
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // fall back to the name we loaded
            }
        }
        return cand;
    }

    /** Path (or name) of the loaded library. */
    public String library() {
        return library;
    }

    /** Sets OpenBLAS's internal thread count (no-op when the library lacks the call). */
    public void setThreads(int n) {
        if (setNumThreads == null) {
            return;
        }
        try {
            setNumThreads.invokeExact(n);
        } catch (Throwable t) {
            throw new IllegalStateException("openblas_set_num_threads(" + n + ") failed", t);
        }
    }

    @Override
    public String name() {
        return "openblas";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        GemmArgs.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            GemmArgs.scale(m, n, beta, c, cOff, ldc);
            return;
        }
        try {
            sgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                    MemorySegment.ofArray(a).asSlice(aOff * 4L), lda,
                    MemorySegment.ofArray(b).asSlice(bOff * 4L), ldb, beta,
                    MemorySegment.ofArray(c).asSlice(cOff * 4L), ldc);
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_sgemm failed for m=" + m + " n=" + n + " k=" + k, t);
        }
    }
}
