package org.snn4j.io.idx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.snn4j.io.AtomicFiles;

/** Writes IDX files (for subsets, generated data and tests), optionally gzip-compressed. */
public final class IdxWriter {
    private IdxWriter() {
    }

    /** The file's bytes: header then elements, gzip-compressed when {@code gzip}. */
    public static byte[] toBytes(IdxFile file, boolean gzip) throws IOException {
        int[] dims = file.dims();
        ByteArrayOutputStream raw = new ByteArrayOutputStream(4 + 4 * dims.length + file.data().length);
        raw.write(new byte[] {0, 0, (byte) file.type().code(), (byte) dims.length});
        for (int d : dims) {
            raw.write(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
        }
        raw.write(file.data());
        if (!gzip) {
            return raw.toByteArray();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            raw.writeTo(z);
        }
        return out.toByteArray();
    }

    /** Writes {@code file} to {@code path} atomically. */
    public static void write(Path path, IdxFile file, boolean gzip) throws IOException {
        AtomicFiles.write(path, toBytes(file, gzip));
    }
}
