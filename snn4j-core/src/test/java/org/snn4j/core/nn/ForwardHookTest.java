package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

class ForwardHookTest {
    @Test
    void containersRunChildrenThroughCall() {
        Linear a = new Linear(2, 2, new Rng(1));
        Linear b = new Linear(2, 2, new Rng(2));
        Linear c = new Linear(2, 2, new Rng(3));
        Residual res = new Residual(new Add(b, c));
        Sequential net = new Sequential(a, res);
        List<String> events = new ArrayList<>();
        List<Tensor> outputs = new ArrayList<>();
        ForwardHook hook = new ForwardHook() {
            @Override
            public void before(Module m, Tensor input) {
                events.add("before " + name(m));
            }

            @Override
            public void after(Module m, Tensor input, Tensor output) {
                events.add("after " + name(m));
                outputs.add(output);
            }

            private String name(Module m) {
                return m == net ? "net" : m == a ? "a" : m == res ? "res" : m == b ? "b" : m == c ? "c" : "add";
            }
        };
        for (Module m : List.of(net, a, res, res.branch(), b, c)) {
            m.setForwardHook(hook);
        }
        Tensor x = Tensor.of(new float[] {1, -1}, 1, 1, 2);
        Tensor y = net.call(x);
        assertEquals(List.of("before net", "before a", "after a", "before res", "before add", "before b", "after b",
                "before c", "after c", "after add", "after res", "after net"), events);
        assertSame(y, outputs.get(outputs.size() - 1));
        // forward() on the root skips only the root's own hook
        events.clear();
        net.forward(x);
        assertEquals("before a", events.get(0));
        // without hooks nothing is reported, and the result is the same
        events.clear();
        for (Module m : List.of(net, a, res, res.branch(), b, c)) {
            m.setForwardHook(null);
        }
        Tensor y2 = net.call(x);
        assertEquals(List.of(), events);
        assertEquals(y.get(0), y2.get(0));
        assertEquals(y.get(1), y2.get(1));
    }
}
