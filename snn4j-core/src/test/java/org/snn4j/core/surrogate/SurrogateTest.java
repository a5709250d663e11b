package org.snn4j.core.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SurrogateTest {
    @Test
    void derivativesMatchReferenceFormulasAtHandPoints() {
        // ATan alpha=2: d(0) = 1, d(0.5) = 1 / (1 + (pi/2)^2) = 1 / 3.4674011 = 0.2884004
        assertEquals(1f, new ATan().derivative(0f), 1e-7f);
        assertEquals(0.2884004f, new ATan().derivative(0.5f), 1e-6f);
        // FastSigmoid k=25: d(0.1) = 1/(1+2.5)^2 = 1/12.25 = 0.08163265
        assertEquals(0.08163265f, new FastSigmoid().derivative(0.1f), 1e-7f);
        assertEquals(0.08163265f, new FastSigmoid().derivative(-0.1f), 1e-7f);
        // Sigmoid k=4: d(0) = 4 * 0.5 * 0.5 = 1; d(0.5) = 4 s(2)(1-s(2)) = 4 * 0.8807971 * 0.1192029 = 0.4199743
        assertEquals(1f, new Sigmoid(4).derivative(0f), 1e-7f);
        assertEquals(0.4199743f, new Sigmoid(4).derivative(0.5f), 1e-6f);
        // Sigmoid default k=25 (snnTorch slope)
        assertEquals(25f * 0.25f, new Sigmoid().derivative(0f), 1e-6f);
        // Triangle width 1: d(0.25) = 0.75, d(-1.5) = 0; width 2: d(0.5) = (1 - 0.25)/2 = 0.375
        assertEquals(0.75f, new Triangle().derivative(0.25f), 1e-7f);
        assertEquals(0f, new Triangle().derivative(-1.5f), 0f);
        assertEquals(0.375f, new Triangle(2f).derivative(0.5f), 1e-7f);
        assertEquals(1f, new StraightThrough().derivative(123f), 0f);
    }

    @Test
    void primitiveDerivativeIsTheSurrogate() {
        List<Surrogate> all = List.of(new ATan(), new ATan(0.7f), new FastSigmoid(), new FastSigmoid(3f), new Sigmoid(4f),
                new Sigmoid(), new Triangle(), new Triangle(2.5f), new StraightThrough());
        double eps = 1e-3;
        for (Surrogate s : all) {
            for (float x = -2f; x <= 2f; x += 0.0625f + 0.003f) {
                double num = (s.primitive((float) (x + eps)) - s.primitive((float) (x - eps))) / (2 * eps);
                assertEquals(s.derivative(x), num, 2e-3 + 2e-2 * Math.abs(num), s + " at " + x);
            }
            if (s.kind() != Surrogate.Kind.STRAIGHT_THROUGH) {
                assertEquals(0.5f, s.primitive(0f), 1e-6f, s.toString());
            }
        }
    }

    @Test
    void heavisideStrictAndInclusive() {
        assertEquals(0f, Surrogate.heaviside(0f, false));
        assertEquals(1f, Surrogate.heaviside(0f, true));
        assertEquals(1f, Surrogate.heaviside(1e-7f, false));
        assertEquals(0f, Surrogate.heaviside(-1e-7f, true));
    }

    @Test
    void parsesCliSyntax() {
        assertEquals(new ATan(2f), Surrogate.parse("atan"));
        assertEquals(new ATan(3f), Surrogate.parse("ATan:alpha=3"));
        assertEquals(new FastSigmoid(25f), Surrogate.parse("fast_sigmoid:k=25"));
        assertEquals(new FastSigmoid(10f), Surrogate.parse("fast-sigmoid:slope=10"));
        assertEquals(new Sigmoid(4f), Surrogate.parse("sigmoid:alpha=4"));
        assertEquals(new Sigmoid(25f), Surrogate.parse("sigmoid"));
        assertEquals(new Triangle(0.5f), Surrogate.parse("triangle:0.5"));
        assertEquals(new StraightThrough(), Surrogate.parse("ste"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Surrogate.parse("relu"));
        assertTrue(e.getMessage().contains("relu"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Surrogate.parse("atan:k=2"));
        assertTrue(e.getMessage().contains("'k'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Surrogate.parse("atan:alpha=-1"));
        assertThrows(IllegalArgumentException.class, () -> Surrogate.parse("sigmoid:abc"));
    }
}
