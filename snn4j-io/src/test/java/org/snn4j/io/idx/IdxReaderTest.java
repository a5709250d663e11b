package org.snn4j.io.idx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    /** Two 2x3 images, pixels 1..12, written out by hand. */
    static final byte[] IMAGES = {
        0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3,
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, (byte) 255};
    static final byte[] LABELS = {0, 0, 0x08, 1, 0, 0, 0, 4, 9, 0, 3, 1};

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static String message(byte[] bytes) {
        return assertThrows(IdxFormatException.class, () -> IdxReader.parse(bytes, "f.idx")).getMessage();
    }

    @Test
    void readsHandWrittenRawImagesAndWritesTheSameBytes() throws IOException {
        IdxFile f = IdxReader.parse(IMAGES, "imgs");
        assertEquals(IdxType.UBYTE, f.type());
        assertArrayEquals(new int[] {2, 2, 3}, f.dims());
        assertEquals(2, f.count());
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 255}, f.toInts());
        assertArrayEquals(IMAGES, IdxWriter.toBytes(f, false));
    }

    @Test
    void gzipIsDetectedByContentNotName(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("labels-without-gz-suffix");
        Files.write(p, gzip(LABELS));
        IdxFile f = IdxReader.read(p);
        assertArrayEquals(new int[] {4}, f.dims());
        assertArrayEquals(new byte[] {9, 0, 3, 1}, f.data());
        // And the writer's gzip output reads back to the same content.
        Path q = dir.resolve("imgs.gz");
        IdxWriter.write(q, IdxReader.parse(IMAGES, "x"), true);
        assertEquals(0x1f, Files.readAllBytes(q)[0]);
        assertArrayEquals(Arrays.copyOfRange(IMAGES, 16, 28), IdxReader.read(q).data());
    }

    @Test
    void otherElementTypesDecodeBigEndian() throws IOException {
        byte[] ints = {0, 0, 0x0C, 1, 0, 0, 0, 2, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE, 0, 0, 1, 0};
        assertArrayEquals(new int[] {-2, 256}, IdxReader.parse(ints, "i").toInts());
        byte[] floats = {0, 0, 0x0D, 1, 0, 0, 0, 1, 0x3F, (byte) 0xC0, 0, 0};
        assertArrayEquals(new float[] {1.5f}, IdxReader.parse(floats, "f").toFloats());
        byte[] sbytes = {0, 0, 0x09, 1, 0, 0, 0, 1, (byte) 0xFF};
        assertArrayEquals(new int[] {-1}, IdxReader.parse(sbytes, "b").toInts());
    }

    @Test
    void concatenatedGzipMembersAndZeroPaddingAreAccepted() throws IOException {
        byte[] two = concat(gzip(Arrays.copyOf(LABELS, 9)), gzip(Arrays.copyOfRange(LABELS, 9, 12)));
        assertArrayEquals(new byte[] {9, 0, 3, 1}, IdxReader.parse(two, "f").data());
        assertArrayEquals(new byte[] {9, 0, 3, 1}, IdxReader.parse(concat(gzip(LABELS), new byte[5]), "f").data());
    }

    @Test
    void truncatedImageDataNamesExpectedAndFoundBytes() {
        assertEquals("f.idx: expected 12 bytes of image data for 2x2x3, found 5 (file truncated?)",
                message(Arrays.copyOf(IMAGES, 21)));
    }

    @Test
    void truncatedInsideGzipSaysSoAfterDecompression() throws IOException {
        // A complete gzip stream whose decompressed IDX payload is short.
        assertEquals("f.idx: expected 4 bytes of label data for 4, found 2 after gzip decompression (file truncated?)",
                message(gzip(Arrays.copyOf(LABELS, 10))));
    }

    @Test
    void badMagic() {
        byte[] b = IMAGES.clone();
        b[0] = 1;
        b[1] = 2;
        assertEquals("f.idx: bad IDX magic 0x01020803: expected two zero bytes, a type byte and the number of dimensions",
                message(b));
        assertTrue(message("<html><body>Moved</body></html>".getBytes()).endsWith(
                "(looks like an HTML page: was the download redirected?)"));
    }

    @Test
    void unsupportedTypeListsKnownTypes() {
        byte[] b = LABELS.clone();
        b[2] = 0x07;
        assertEquals("f.idx: unsupported IDX data type 0x07 (the format defines 0x08 unsigned byte, 0x09 signed byte, "
                + "0x0B short, 0x0C int, 0x0D float, 0x0E double)", message(b));
    }

    @Test
    void tooShortAndTruncatedHeader() {
        assertEquals("f.idx: too short for an IDX header: 3 bytes, need at least 4", message(new byte[] {0, 0, 8}));
        assertEquals("f.idx: header truncated: 3 dimension sizes need 16 header bytes, found 10",
                message(Arrays.copyOf(IMAGES, 10)));
        assertEquals("f.idx: IDX magic declares 0 dimensions", message(new byte[] {0, 0, 8, 0}));
    }

    @Test
    void trailingGarbageAfterData() {
        assertEquals("f.idx: 2 bytes of trailing data after the 4 bytes of label data for 4 (corrupt file or wrong header)",
                message(concat(LABELS, new byte[] {7, 7})));
    }

    @Test
    void trailingGarbageAfterGzipStream() throws IOException {
        byte[] gz = gzip(LABELS);
        assertEquals("f.idx: 4 bytes of trailing garbage after the gzip stream (at byte " + gz.length + ")",
                message(concat(gz, "junk".getBytes())));
    }

    @Test
    void gzipErrors() throws IOException {
        byte[] payload = new byte[4000];
        new java.util.Random(1).nextBytes(payload);
        byte[] idx = concat(new byte[] {0, 0, 8, 1, 0, 0, 0x0F, (byte) 0xA0}, payload);
        byte[] gz = gzip(idx);

        assertEquals("f.idx: gzip stream truncated: compressed data ends at byte 2000 before the end-of-stream marker"
                + " (incomplete download?)", message(Arrays.copyOf(gz, 2000)));
        assertEquals("f.idx: gzip stream truncated: the 8-byte trailer after the data is 4 bytes",
                message(Arrays.copyOf(gz, gz.length - 4)));
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 8] ^= 1;
        assertTrue(message(badCrc).startsWith("f.idx: gzip CRC mismatch (stored "), message(badCrc));
        byte[] badMethod = gz.clone();
        badMethod[2] = 7;
        assertEquals("f.idx: unsupported gzip compression method 7 (only 8, deflate, exists)", message(badMethod));
        assertEquals("f.idx: gzip header truncated at byte 6", message(Arrays.copyOf(gz, 6)));
        byte[] corrupt = gz.clone();
        for (int i = 20; i < 60; i++) {
            corrupt[i] = (byte) 0xFF;
        }
        String m = message(corrupt);
        assertTrue(m.startsWith("f.idx: corrupt gzip data") || m.startsWith("f.idx: gzip CRC mismatch"), m);
    }

    @Test
    void fileNameAppearsInMessages(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("train-images-idx3-ubyte.gz");
        Files.write(p, gzip(Arrays.copyOf(IMAGES, 20)));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertEquals(p + ": expected 12 bytes of image data for 2x2x3, found 4 after gzip decompression (file truncated?)",
                e.getMessage());
        assertEquals(p.toString(), e.source());
    }
}
