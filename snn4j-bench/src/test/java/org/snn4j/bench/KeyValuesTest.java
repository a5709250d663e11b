package org.snn4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class KeyValuesTest {
    @Test
    void parsesTheReferenceLine() {
        Map<String, String> kv = KeyValues.parse(
                "torch_fc hidden=1000 T=25 epochs=1 train_samples=59904 train_sps=2282.1 infer_sps=5012.0 test_acc=0.8350");
        assertEquals("2282.1", kv.get("train_sps"));
        assertEquals("0.8350", kv.get("test_acc"));
        assertEquals(7, kv.size()); // "torch_fc" has no '=' and is skipped
    }

    @Test
    void formatsInOrderWithFixedPrecision() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train_sps", 7012.345);
        m.put("test_acc", 0.83456);
        m.put("peak_heap_mb", 412L);
        assertEquals("train_sps=7012.3 test_acc=0.8346 peak_heap_mb=412", KeyValues.format(m));
    }
}
