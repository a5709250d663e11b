package org.snn4j.io.checkpoint;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.snn4j.core.tensor.Tensor;
import org.snn4j.io.AtomicFiles;

/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of JSON
 * ({@code {"__metadata__": {...}, "name": {"dtype": "F32", "shape": [...], "data_offsets": [start, end]}}})
 * padded with spaces to a multiple of 8, then the tensors' little-endian bytes back to back.
 *
 * <p>The writer stores F32 and orders tensors by name (byte order of their UTF-8), as the
 * reference Python/Rust writer does for tensors of one dtype. The reader accepts F32, F64, F16,
 * BF16 and the integer and bool dtypes, converting all to float, and validates what the reference
 * reader validates: header bounds, byte counts per shape, and offsets that tile the data section
 * exactly.
 */
public final class SafeTensors {
    /** Largest header accepted; the reference reader uses the same limit against hostile files. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final Comparator<String> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /** Tensors (in file order) and the string metadata of a safetensors file. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    private SafeTensors() {
    }

    /** The bytes of a safetensors file holding {@code tensors} as F32; empty metadata is omitted. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        TreeMap<String, Tensor> sorted = new TreeMap<>(UTF8_ORDER);
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be named " + METADATA_KEY);
            }
            sorted.put(e.getKey(), e.getValue());
        }
        StringWriter sw = new StringWriter();
        long offset = 0;
        try (JsonGenerator g = JSON.getFactory().createGenerator(sw)) {
            g.writeStartObject();
            if (metadata != null && !metadata.isEmpty()) {
                g.writeObjectFieldStart(METADATA_KEY);
                for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
                int[] shape = e.getValue().shape();
                long bytes = 4L * Tensor.numel(shape);
                g.writeObjectFieldStart(e.getKey());
                g.writeStringField("dtype", "F32");
                g.writeArrayFieldStart("shape");
                for (int d : shape) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(offset + bytes);
                g.writeEndArray();
                g.writeEndObject();
                offset += bytes;
            }
            g.writeEndObject();
        }
        byte[] header = sw.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) & ~7;
        long total = 8L + padded + offset;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IOException("safetensors file would be " + total + " bytes, more than one array holds (2 GiB)");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(header);
        for (int i = header.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Tensor t : sorted.values()) {
            float[] data = t.isTimeStatic() ? t.toArray() : t.data();
            out.asFloatBuffer().put(data, 0, t.numel());
            out.position(out.position() + 4 * t.numel());
        }
        return out.array();
    }

    /** Writes a safetensors file atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        AtomicFiles.write(file, toBytes(tensors, metadata));
    }

    /** Reads and validates a safetensors file. */
    public static Contents read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** Parses the bytes of a safetensors file; {@code source} names it in errors. */
    public static Contents parse(byte[] bytes, String source) throws IOException {
        if (bytes.length < 8) {
            throw new SafeTensorsException(source, "too short for a safetensors file: " + bytes.length
                    + " bytes, the header length alone takes 8");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        if (n < 2 || n > MAX_HEADER_BYTES) {
            throw new SafeTensorsException(source, "header length " + Long.toUnsignedString(n)
                    + " is implausible (must be 2.." + MAX_HEADER_BYTES + "): not a safetensors file?");
        }
        if (8 + n > bytes.length) {
            throw new SafeTensorsException(source, "header length " + n + " runs past the end of the file ("
                    + bytes.length + " bytes): file truncated?");
        }
        String header;
        try {
            header = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 8, (int) n)).toString();
        } catch (CharacterCodingException e) {
            throw new SafeTensorsException(source, "header is not valid UTF-8", e);
        }
        if (!header.startsWith("{")) {
            throw new SafeTensorsException(source, "header does not start with '{': not a safetensors file?");
        }
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SafeTensorsException(source, "header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SafeTensorsException(source, "header is not a JSON object");
        }
        int dataStart = 8 + (int) n;
        long dataLen = bytes.length - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals(METADATA_KEY)) {
                readMetadata(f.getValue(), metadata, source);
            } else {
                entries.add(entry(f.getKey(), f.getValue(), dataLen, source));
            }
        }
        // Offsets must tile the data section: no gaps, no overlaps, nothing after the last tensor.
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::start).thenComparingLong(Entry::end));
        long pos = 0;
        String prev = null;
        for (Entry e : byOffset) {
            if (e.start != pos) {
                throw new SafeTensorsException(source, "tensor '" + e.name + "' starts at data byte " + e.start
                        + " but " + (prev == null ? "the data section starts at 0" : "tensor '" + prev + "' ends at " + pos)
                        + (e.start < pos ? " (overlap)" : " (gap)"));
            }
            pos = e.end;
            prev = e.name;
        }
        if (pos != dataLen) {
            throw new SafeTensorsException(source, "data section has " + dataLen + " bytes but the tensors cover "
                    + pos + " (" + (dataLen - pos) + " trailing bytes)");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            tensors.put(e.name, Tensor.of(decode(e, buf, dataStart), e.shape));
        }
        return new Contents(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    private record Entry(String name, String dtype, int size, int[] shape, long start, long end) {
    }

    private static void readMetadata(JsonNode node, Map<String, String> out, String source) throws IOException {
        if (!node.isObject()) {
            throw new SafeTensorsException(source, METADATA_KEY + " must be an object of strings, found " + node.getNodeType());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!m.getValue().isTextual()) {
                throw new SafeTensorsException(source, METADATA_KEY + " value for '" + m.getKey()
                        + "' must be a string, found " + m.getValue().getNodeType());
            }
            out.put(m.getKey(), m.getValue().asText());
        }
    }

    private static Entry entry(String name, JsonNode info, long dataLen, String source) throws IOException {
        String where = "tensor '" + name + "'";
        if (!info.isObject()) {
            throw new SafeTensorsException(source, where + ": expected an object with dtype, shape and data_offsets");
        }
        JsonNode dt = info.get("dtype");
        JsonNode sh = info.get("shape");
        JsonNode off = info.get("data_offsets");
        if (dt == null || !dt.isTextual()) {
            throw new SafeTensorsException(source, where + ": missing or non-string dtype");
        }
        int size = dtypeSize(dt.asText());
        if (size < 0) {
            throw new SafeTensorsException(source, where + ": unsupported dtype " + dt.asText()
                    + " (supported: F32, F64, F16, BF16, I8, U8, I16, U16, I32, U32, I64, U64, BOOL)");
        }
        if (sh == null || !sh.isArray()) {
            throw new SafeTensorsException(source, where + ": missing or non-array shape");
        }
        int[] shape = new int[sh.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0 || d.asLong() > Integer.MAX_VALUE) {
                throw new SafeTensorsException(source, where + ": bad shape entry " + d + " in " + sh);
            }
            shape[i] = (int) d.asLong();
            numel = Math.min(numel * shape[i], Long.MAX_VALUE / 16);
        }
        if (numel > Integer.MAX_VALUE - 8) {
            throw new SafeTensorsException(source, where + ": shape " + sh + " has more than 2^31 elements");
        }
        if (off == null || !off.isArray() || off.size() != 2 || !off.get(0).isIntegralNumber()
                || !off.get(1).isIntegralNumber()) {
            throw new SafeTensorsException(source, where + ": data_offsets must be [start, end], found " + off);
        }
        long start = off.get(0).asLong();
        long end = off.get(1).asLong();
        if (start < 0 || end < start) {
            throw new SafeTensorsException(source, where + ": data_offsets " + off + " are not 0 <= start <= end");
        }
        if (end > dataLen) {
            throw new SafeTensorsException(source, where + ": data_offsets " + off + " run past the "
                    + dataLen + "-byte data section (file truncated?)");
        }
        if (end - start != numel * size) {
            throw new SafeTensorsException(source, where + ": shape " + sh + " of " + dt.asText() + " needs "
                    + numel * size + " bytes but data_offsets " + off + " span " + (end - start));
        }
        return new Entry(name, dt.asText(), size, shape, start, end);
    }

    private static int dtypeSize(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> -1;
        };
    }

    private static float[] decode(Entry e, ByteBuffer buf, int dataStart) {
        int n = (int) ((e.end - e.start) / e.size);
        int p = dataStart + (int) e.start;
        float[] out = new float[n];
        if (e.dtype.equals("F32")) {
            buf.slice(p, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }
        for (int i = 0; i < n; i++) {
            int q = p + i * e.size;
            out[i] = switch (e.dtype) {
                case "F64" -> (float) buf.getDouble(q);
                case "F16" -> Float.float16ToFloat(buf.getShort(q));
                case "BF16" -> Float.intBitsToFloat((buf.getShort(q) & 0xFFFF) << 16);
                case "I64" -> buf.getLong(q);
                case "U64" -> buf.getLong(q) >= 0 ? buf.getLong(q) : Float.parseFloat(Long.toUnsignedString(buf.getLong(q)));
                case "I32" -> buf.getInt(q);
                case "U32" -> buf.getInt(q) & 0xFFFFFFFFL;
                case "I16" -> buf.getShort(q);
                case "U16" -> buf.getShort(q) & 0xFFFF;
                case "I8" -> buf.get(q);
                case "U8", "BOOL" -> buf.get(q) & 0xFF;
                default -> throw new IllegalStateException(e.dtype);
            };
        }
        return out;
    }
}
