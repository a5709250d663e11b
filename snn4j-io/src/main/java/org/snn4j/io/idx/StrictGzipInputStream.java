package org.snn4j.io.idx;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses gzip held in memory, member by member, and rejects what
 * {@link java.util.zip.GZIPInputStream} lets through: trailing garbage after the last member is
 * silently ignored there, and here it is an error, as is a truncated stream or a CRC mismatch.
 */
final class StrictGzipInputStream extends InputStream {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final byte[] src;
    private final String source;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private int pos;
    private int memberStart;
    private long memberOut;
    private boolean inMember;
    private boolean eof;

    StrictGzipInputStream(byte[] src, String source) {
        this.src = src;
        this.source = source;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (eof) {
                return -1;
            }
            if (!inMember) {
                if (!startMember()) {
                    eof = true;
                    return -1;
                }
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new IdxFormatException(source, "corrupt gzip data in the member starting at byte "
                        + memberStart + ": " + e.getMessage(), e);
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberOut += n;
                return n;
            }
            if (inflater.finished()) {
                pos = src.length - inflater.getRemaining();
                readTrailer();
                inMember = false;
            } else if (inflater.needsInput()) {
                throw new IdxFormatException(source, "gzip stream truncated: compressed data ends at byte "
                        + src.length + " before the end-of-stream marker (incomplete download?)");
            } else if (inflater.needsDictionary()) {
                throw new IdxFormatException(source, "corrupt gzip data: deflate stream asks for a preset dictionary");
            }
        }
    }

    /** Parses the next member's header; false at a clean end of input. */
    private boolean startMember() throws IOException {
        if (pos == src.length) {
            return false;
        }
        if (memberStart > 0 || pos > 0) {
            // After the first member: only another member or zero padding may follow.
            if (src.length - pos < 2 || src[pos] != 0x1f || src[pos + 1] != (byte) 0x8b) {
                boolean zeros = true;
                for (int i = pos; i < src.length && zeros; i++) {
                    zeros = src[i] == 0;
                }
                if (zeros) {
                    return false;
                }
                throw new IdxFormatException(source, (src.length - pos)
                        + " bytes of trailing garbage after the gzip stream (at byte " + pos + ")");
            }
        }
        memberStart = pos;
        if (src.length - pos < 10) {
            throw new IdxFormatException(source, "gzip header truncated at byte " + src.length);
        }
        if (src[pos + 2] != 8) {
            throw new IdxFormatException(source, "unsupported gzip compression method " + src[pos + 2]
                    + " (only 8, deflate, exists)");
        }
        int flags = src[pos + 3] & 0xFF;
        if ((flags & 0xE0) != 0) {
            throw new IdxFormatException(source, String.format("corrupt gzip header: reserved flag bits set (0x%02X)", flags));
        }
        int p = pos + 10;
        if ((flags & FEXTRA) != 0) {
            need(p, 2);
            p += 2 + ((src[p] & 0xFF) | (src[p + 1] & 0xFF) << 8);
        }
        if ((flags & FNAME) != 0) {
            p = skipZeroTerminated(p);
        }
        if ((flags & FCOMMENT) != 0) {
            p = skipZeroTerminated(p);
        }
        if ((flags & FHCRC) != 0) {
            p += 2;
        }
        need(p, 0);
        pos = p;
        inflater.reset();
        inflater.setInput(src, pos, src.length - pos);
        crc.reset();
        memberOut = 0;
        inMember = true;
        return true;
    }

    private int skipZeroTerminated(int p) throws IOException {
        while (p < src.length && src[p] != 0) {
            p++;
        }
        need(p, 1);
        return p + 1;
    }

    private void need(int p, int n) throws IOException {
        if (p + n > src.length) {
            throw new IdxFormatException(source, "gzip header truncated at byte " + src.length);
        }
    }

    private void readTrailer() throws IOException {
        if (src.length - pos < 8) {
            throw new IdxFormatException(source, "gzip stream truncated: the 8-byte trailer after the data is "
                    + (src.length - pos) + " bytes");
        }
        long storedCrc = le32(pos);
        long storedSize = le32(pos + 4);
        pos += 8;
        if (storedCrc != crc.getValue()) {
            throw new IdxFormatException(source, String.format(
                    "gzip CRC mismatch (stored %08x, computed %08x): the file is corrupt", storedCrc, crc.getValue()));
        }
        if (storedSize != (memberOut & 0xFFFFFFFFL)) {
            throw new IdxFormatException(source, "gzip size mismatch: trailer says " + storedSize
                    + " bytes (mod 2^32), decompressed " + memberOut);
        }
    }

    private long le32(int p) {
        return (src[p] & 0xFFL) | (src[p + 1] & 0xFFL) << 8 | (src[p + 2] & 0xFFL) << 16 | (src[p + 3] & 0xFFL) << 24;
    }

    @Override
    public void close() {
        inflater.end();
    }
}
