package org.snn4j.io.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.tensor.Tensor;

class SafeTensorsTest {
    /** An 8-byte little-endian length, the header padded with spaces to 8, then the data bytes. */
    static byte[] file(String header, int... data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = header.getBytes(StandardCharsets.UTF_8).length;
        int padded = (n + 7) / 8 * 8;
        for (int i = 0; i < 8; i++) {
            out.write((int) ((long) padded >>> (8 * i)) & 0xFF);
        }
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        for (int i = n; i < padded; i++) {
            out.write(' ');
        }
        for (int d : data) {
            out.write(d);
        }
        return out.toByteArray();
    }

    static String error(byte[] bytes) {
        return assertThrows(SafeTensorsException.class, () -> SafeTensors.parse(bytes, "m.safetensors")).getMessage();
    }

    @Test
    void tinyTensorMatchesBytesWrittenByHand() throws IOException {
        byte[] expected = {
            56, 0, 0, 0, 0, 0, 0, 0,
            '{', '"', 'a', '"', ':', '{', '"', 'd', 't', 'y', 'p', 'e', '"', ':', '"', 'F', '3', '2', '"', ',',
            '"', 's', 'h', 'a', 'p', 'e', '"', ':', '[', '2', ']', ',',
            '"', 'd', 'a', 't', 'a', '_', 'o', 'f', 'f', 's', 'e', 't', 's', '"', ':', '[', '0', ',', '8', ']', '}', '}',
            ' ', ' ',
            0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0};
        byte[] got = SafeTensors.toBytes(Map.of("a", Tensor.of(new float[] {1f, -2f}, 2)), Map.of());
        assertArrayEquals(expected, got);
        SafeTensors.Contents c = SafeTensors.parse(expected, "x");
        assertArrayEquals(new float[] {1f, -2f}, c.tensors().get("a").data());
        assertEquals(Map.of(), c.metadata());
    }

    @Test
    void metadataFirstAndTensorsSortedByName() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("b", Tensor.of(new float[] {3f, 4f}, 1, 2));
        t.put("a", Tensor.scalar(0.5f));
        byte[] got = SafeTensors.toBytes(t, Map.of("k", "v"));
        byte[] expected = file("{\"__metadata__\":{\"k\":\"v\"},\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[4,12]}}",
                0, 0, 0, 0x3F, 0, 0, 0x40, 0x40, 0, 0, (byte) 0x80, 0x40);
        assertArrayEquals(expected, got);
        assertEquals(0, (got.length - 12) % 8);
    }

    @Test
    void roundTripThroughAFile(@TempDir Path dir) throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("fc1.weight", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        t.put("empty", Tensor.zeros(0, 3));
        t.put("exp_avg/0.weight", Tensor.of(new float[] {Float.NaN, Float.NEGATIVE_INFINITY, -0f}, 3));
        Path f = dir.resolve("w.safetensors");
        SafeTensors.write(f, t, Map.of("producer", "test"));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(List.of("empty", "exp_avg/0.weight", "fc1.weight"), List.copyOf(c.tensors().keySet()));
        for (var e : t.entrySet()) {
            assertArrayEquals(e.getValue().shape(), c.tensors().get(e.getKey()).shape());
            assertArrayEquals(e.getValue().data(), c.tensors().get(e.getKey()).data());
        }
        assertEquals(Map.of("producer", "test"), c.metadata());
    }

    @Test
    void otherFloatDtypesConvertToFloat() throws IOException {
        byte[] b = file("{\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[8,10]},"
                + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[10,12]},"
                + "\"i\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[12,16]}}",
                0, 0, 0, 0, 0, 0, 0xE0, 0xBF, // -0.5 as F64
                0x00, 0x3C, // 1.0 as F16
                0xC0, 0x3F, // 1.5 as BF16
                0xFE, 0xFF, 0xFF, 0xFF); // -2 as I32
        Map<String, Tensor> t = SafeTensors.parse(b, "x").tensors();
        assertEquals(-0.5f, t.get("d").item());
        assertEquals(1.0f, t.get("h").item());
        assertEquals(1.5f, t.get("bf").item());
        assertEquals(-2f, t.get("i").item());
    }

    @Test
    void malformedFilesAreRejectedWithTheProblem() {
        String a = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        assertEquals("m.safetensors: too short for a safetensors file: 5 bytes, the header length alone takes 8",
                error(new byte[5]));
        byte[] big = file("{" + a + "}", 0, 0, 0, 0, 0, 0, 0, 0);
        big[1] = 1; // header length 56 + 256
        assertEquals("m.safetensors: header length 312 runs past the end of the file (72 bytes): file truncated?",
                error(big));
        assertEquals("m.safetensors: header length 0 is implausible (must be 2..100000000): not a safetensors file?",
                error(new byte[8]));
        assertEquals("m.safetensors: header does not start with '{': not a safetensors file?", error(file("[1, 2]")));
        assertEquals("m.safetensors: tensor 'a': data_offsets [0,8] run past the 4-byte data section (file truncated?)",
                error(file("{" + a + "}", 0, 0, 0, 0)));
        assertEquals("m.safetensors: tensor 'a': shape [3] of F32 needs 12 bytes but data_offsets [0,8] span 8",
                error(file("{" + a.replace("[2]", "[3]") + "}", 0, 0, 0, 0, 0, 0, 0, 0)));
        assertEquals("m.safetensors: data section has 12 bytes but the tensors cover 8 (4 trailing bytes)",
                error(file("{" + a + "}", 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4)));
        assertEquals("m.safetensors: tensor 'b' starts at data byte 4 but tensor 'a' ends at 8 (overlap)",
                error(file("{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                        0, 0, 0, 0, 0, 0, 0, 0)));
        assertEquals("m.safetensors: tensor 'a' starts at data byte 4 but the data section starts at 0 (gap)",
                error(file("{" + a.replace("[0,8]", "[4,12]") + "}", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
        assertEquals("m.safetensors: tensor 'a': unsupported dtype F8_E4M3 (supported: F32, F64, F16, BF16, I8, U8, "
                + "I16, U16, I32, U32, I64, U64, BOOL)", error(file("{" + a.replace("F32", "F8_E4M3") + "}")));
        assertEquals("m.safetensors: header is not valid JSON: Duplicate field 'a'",
                error(file("{" + a + "," + a + "}", 0, 0, 0, 0, 0, 0, 0, 0)));
        assertEquals("m.safetensors: __metadata__ value for 'k' must be a string, found NUMBER",
                error(file("{\"__metadata__\":{\"k\":1}}")));
    }
}
