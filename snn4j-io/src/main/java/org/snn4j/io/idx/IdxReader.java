package org.snn4j.io.idx;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads IDX files, raw or gzip-compressed. Compression is detected from the gzip magic bytes
 * {@code 1f 8b}, not from the file name, so a renamed file still reads correctly.
 */
public final class IdxReader {
    private IdxReader() {
    }

    /** Reads and validates an IDX file. */
    public static IdxFile read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** Reads an IDX stream; {@code source} names it in error messages. */
    public static IdxFile read(InputStream in, String source) throws IOException {
        return parse(in.readAllBytes(), source);
    }

    /** Parses the bytes of an IDX file (possibly gzip); {@code source} names it in error messages. */
    public static IdxFile parse(byte[] bytes, String source) throws IOException {
        boolean gzip = bytes.length >= 2 && bytes[0] == 0x1f && bytes[1] == (byte) 0x8b;
        try (InputStream in = gzip ? new StrictGzipInputStream(bytes, source) : new ByteArrayInputStream(bytes)) {
            return parseStream(in, source, gzip ? " after gzip decompression" : "");
        }
    }

    private static IdxFile parseStream(InputStream in, String source, String where) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new IdxFormatException(source, "too short for an IDX header: " + magic.length
                    + " bytes" + where + ", need at least 4");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            String hint = magic[0] == '<' ? " (looks like an HTML page: was the download redirected?)" : "";
            throw new IdxFormatException(source, String.format(
                    "bad IDX magic 0x%02X%02X%02X%02X: expected two zero bytes, a type byte and the number of dimensions%s",
                    magic[0], magic[1], magic[2], magic[3], hint));
        }
        IdxType type = IdxType.ofCode(magic[2] & 0xFF);
        if (type == null) {
            throw new IdxFormatException(source, String.format(
                    "unsupported IDX data type 0x%02X (the format defines %s)", magic[2] & 0xFF, IdxType.known()));
        }
        int rank = magic[3] & 0xFF;
        if (rank == 0) {
            throw new IdxFormatException(source, "IDX magic declares 0 dimensions");
        }
        byte[] sizes = in.readNBytes(4 * rank);
        if (sizes.length < 4 * rank) {
            throw new IdxFormatException(source, "header truncated: " + rank + " dimension sizes need "
                    + (4 + 4 * rank) + " header bytes, found " + (4 + sizes.length) + where);
        }
        int[] dims = new int[rank];
        long expected = type.size();
        boolean empty = false;
        for (int i = 0; i < rank; i++) {
            long d = (sizes[4 * i] & 0xFFL) << 24 | (sizes[4 * i + 1] & 0xFFL) << 16
                    | (sizes[4 * i + 2] & 0xFFL) << 8 | (sizes[4 * i + 3] & 0xFFL);
            if (d > Integer.MAX_VALUE) {
                throw new IdxFormatException(source, "dimension " + i + " has size " + d + ", more than 2^31-1");
            }
            dims[i] = (int) d;
            empty |= d == 0;
            // Saturate instead of overflowing: anything this big is rejected just below.
            expected = d != 0 && expected > Long.MAX_VALUE / d ? Long.MAX_VALUE : expected * d;
        }
        if (empty) {
            expected = 0;
        }
        String what = describe(type, dims);
        if (expected > Integer.MAX_VALUE - 8) {
            throw new IdxFormatException(source, what + " needs " + expected + " bytes, more than one Java array holds (2 GiB)");
        }
        byte[] data = in.readNBytes((int) expected);
        if (data.length < expected) {
            throw new IdxFormatException(source, "expected " + expected + " bytes of " + what + ", found "
                    + data.length + where + " (file truncated?)");
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw new IdxFormatException(source, extra + " bytes of trailing data after the " + expected
                    + " bytes of " + what + where + " (corrupt file or wrong header)");
        }
        return new IdxFile(type, dims, data);
    }

    /** "image data for 60000x28x28", "label data for 60000", "int data for 3x4". */
    private static String describe(IdxType type, int[] dims) {
        String kind = type != IdxType.UBYTE ? type.description() + " data"
                : dims.length == 3 ? "image data" : dims.length == 1 ? "label data" : "data";
        return kind + " for " + IdxFile.dimsString(dims);
    }
}
