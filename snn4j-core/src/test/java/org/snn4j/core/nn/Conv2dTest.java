package org.snn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/** Conv2d, Conv1d and Flatten: hand-computed cases, finite-difference gradients, time-static input, wiring. */
class Conv2dTest {
    private static final float[] X3 = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    /** A 1->1 channel 2x2 convolution with W = [[1, 2], [3, 4]] and b = 0.5. */
    private static Conv2d unitConv(int stride, int padding, int dilation) {
        Conv2d c = new Conv2d(1, 1, 2, stride, padding, dilation, 1, true, new Rng(1));
        System.arraycopy(new float[] {1, 2, 3, 4}, 0, c.weight().data(), 0, 4);
        c.bias().data()[0] = 0.5f;
        return c;
    }

    @Test
    void forwardAndGradientsByHand() {
        Conv2d c = unitConv(1, 0, 1);
        Tensor x = Tensor.of(X3.clone(), 1, 1, 1, 3, 3).requiresGrad(true);
        Tensor y = c.forward(x);
        assertArrayEquals(new int[] {1, 1, 1, 2, 2}, y.shape());
        // x = [[1,2,3],[4,5,6],[7,8,9]]: each output is 1*x00 + 2*x01 + 3*x10 + 4*x11 of its window, + 0.5
        // (0,0): 1+4+12+20 = 37; (0,1): 2+6+15+24 = 47; (1,0): 4+10+21+32 = 67; (1,1): 5+12+24+36 = 77
        assertArrayEquals(new float[] {37.5f, 47.5f, 67.5f, 77.5f}, y.data(), 0f);
        y.backward(Tensor.full(1f, 1, 1, 1, 2, 2));
        // dW[ky,kx] = sum of x over the 4 windows shifted by (ky,kx): 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9
        assertArrayEquals(new float[] {12, 16, 24, 28}, c.weight().grad().data(), 0f);
        assertArrayEquals(new float[] {4}, c.bias().grad().data(), 0f);
        // dx[i,j] = sum of the weights that touch (i,j): corners one tap each, edges two, centre all four
        assertArrayEquals(new float[] {1, 3, 2, 4, 10, 6, 3, 7, 4}, x.grad().data(), 0f);
    }

    @Test
    void strideAndPaddingByHand() {
        Conv2d c = unitConv(2, 1, 1);
        Tensor y = c.forward(Tensor.of(X3.clone(), 1, 1, 1, 3, 3));
        // output floor((3 + 2 - 1 - 1)/2) + 1 = 2; windows start at input (-1,-1), (-1,1), (1,-1), (1,1)
        // (0,0): only tap (1,1) inside: 4*x00 = 4
        // (0,1): taps (1,0),(1,1) on x01, x02: 3*2 + 4*3 = 18
        // (1,0): taps (0,1),(1,1) on x10, x20: 2*4 + 4*7 = 36
        // (1,1): all taps on x11, x12, x21, x22: 5 + 12 + 24 + 36 = 77
        assertArrayEquals(new float[] {4.5f, 18.5f, 36.5f, 77.5f}, y.data(), 0f);
    }

    @Test
    void dilationByHand() {
        Conv2d c = unitConv(1, 0, 2);
        Tensor y = c.forward(Tensor.of(X3.clone(), 1, 1, 1, 3, 3));
        // dilated kernel 3x3, output 1x1, taps on the corners: 1*1 + 2*3 + 3*7 + 4*9 = 64
        assertArrayEquals(new int[] {1, 1, 1, 1, 1}, y.shape());
        assertArrayEquals(new float[] {64.5f}, y.data(), 0f);
    }

    @Test
    void groupsKeepChannelsApart() {
        // 2 groups, 1x1 kernels, no bias: out 0 = 3 * in 0, out 1 = 5 * in 1, out 2 = -1 * in 2, out 3 = 2 * in 3
        Conv2d c = new Conv2d(4, 4, 1, 1, 0, 1, 4, false, new Rng(1));
        System.arraycopy(new float[] {3, 5, -1, 2}, 0, c.weight().data(), 0, 4);
        float[] x = {1, 2, 3, 4};
        Tensor y = c.forward(Tensor.of(x, 1, 1, 4, 1, 1));
        assertArrayEquals(new float[] {3, 10, -3, 8}, y.data(), 0f);
        // 2 groups of 2: out o sees inputs 2*(o/2), 2*(o/2)+1 with weights W[o, 0], W[o, 1]
        Conv2d g2 = new Conv2d(4, 2, 1, 1, 0, 1, 2, false, new Rng(1));
        System.arraycopy(new float[] {1, 10, 100, 1000}, 0, g2.weight().data(), 0, 4);
        Tensor y2 = g2.forward(Tensor.of(x, 1, 1, 4, 1, 1));
        // out 0 = 1*1 + 10*2 = 21; out 1 = 100*3 + 1000*4 = 4300
        assertArrayEquals(new float[] {21, 4300}, y2.data(), 0f);
    }

    @Test
    void conv1dByHand() {
        Conv1d c = new Conv1d(1, 1, 3, 2, 1, 1, 1, true, new Rng(1));
        System.arraycopy(new float[] {1, -1, 2}, 0, c.weight().data(), 0, 3);
        c.bias().data()[0] = 1f;
        // x = [1, 2, 3, 4, 5], padding 1, stride 2: windows start at -1, 1, 3 -> output length 3
        // (0): 1*0 - 1*1 + 2*2 = 3; (1): 1*2 - 1*3 + 2*4 = 7; (2): 1*4 - 1*5 + 2*0 = -1; each + 1
        Tensor y = c.forward(Tensor.of(new float[] {1, 2, 3, 4, 5}, 1, 1, 1, 5));
        assertArrayEquals(new int[] {1, 1, 1, 3}, y.shape());
        assertArrayEquals(new float[] {4, 8, 0}, y.data(), 0f);
        assertEquals(3, c.outputLength(5));
    }

    private static Tensor randomInput(Rng rng, int... shape) {
        float[] x = new float[(int) Tensor.numel(shape)];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.uniform(-1, 1);
        }
        return Tensor.of(x, shape).requiresGrad(true);
    }

    private static void gradCheck(Module m, Tensor x, Tensor w, Tensor b) {
        GradCheck.Result r = GradCheck.check(a -> m.forward(a[0]), b == null ? new Tensor[] {x, w}
                : new Tensor[] {x, w, b}, 1e-2, 1e-3, 1e-2);
        assertTrue(r.passed(), m + ": " + r);
    }

    @Test
    void conv2dGradientsMatchFiniteDifferences() {
        Rng rng = new Rng(11);
        // stride 2, padding, dilation 2, groups 2, non-square kernel, in various combinations
        Conv2d[] convs = {
            new Conv2d(4, 6, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 2}, new int[] {2, 1}, 2, true, rng),
            new Conv2d(2, 3, new int[] {2, 3}, new int[] {1, 2}, new int[] {0, 1}, new int[] {2}, 1, true, rng),
            new Conv2d(4, 4, 3, 2, 1, 1, 2, false, rng),
            new Conv2d(3, 2, 3, 1, 2, 2, 1, true, rng),
        };
        for (Conv2d c : convs) {
            Tensor x = randomInput(rng, 2, 2, c.inChannels(), 7, 6);
            gradCheck(c, x, c.weight(), c.bias());
        }
    }

    @Test
    void conv1dGradientsMatchFiniteDifferences() {
        Rng rng = new Rng(12);
        Conv1d[] convs = {
            new Conv1d(4, 6, 3, 2, 1, 2, 2, true, rng),
            new Conv1d(3, 2, 2, 1, 0, 1, 1, false, rng),
        };
        for (Conv1d c : convs) {
            Tensor x = randomInput(rng, 3, 2, c.inChannels(), 9);
            gradCheck(c, x, c.weight(), c.bias());
        }
    }

    @Test
    void timeStaticInputGivesStaticOutputAndSummedGradients() {
        Rng rng = new Rng(3);
        Conv2d c = new Conv2d(2, 3, 3, 1, 1, 1, 1, true, rng);
        Tensor step = randomInput(rng, 2, 2, 5, 5);
        Tensor stat = Tensor.repeatTime(step, 4);
        Tensor ys = c.forward(stat);
        assertTrue(ys.isTimeStatic());
        assertArrayEquals(new int[] {4, 2, 3, 5, 5}, ys.shape());
        Tensor full = Tensor.repeatTime(Tensor.of(step.data().clone(), 2, 2, 5, 5), 4).materialize().requiresGrad(true);
        Tensor yf = c.forward(full);
        assertArrayEquals(yf.data(), ys.toArray(), 0f);
        // seed 1 at each of the 4 steps = 4 on the static step
        ys.backward(Tensor.full(4f, 2, 3, 5, 5));
        float[] gwStatic = c.weight().grad().data().clone();
        float[] gbStatic = c.bias().grad().data().clone();
        c.zeroGrad();
        yf.backward(Tensor.full(1f, 4, 2, 3, 5, 5));
        assertArrayEquals(c.weight().grad().data(), gwStatic, 1e-4f);
        assertArrayEquals(c.bias().grad().data(), gbStatic, 1e-4f);
        float[] gxFull = full.grad().data();
        float[] gxStatic = step.grad().data();
        assertEquals(2 * 2 * 5 * 5, gxStatic.length);
        for (int i = 0; i < gxStatic.length; i++) {
            float sum = 0;
            for (int t = 0; t < 4; t++) {
                sum += gxFull[t * gxStatic.length + i];
            }
            assertEquals(sum, gxStatic[i], 1e-5f, "input gradient " + i);
        }
    }

    @Test
    void initialisationFollowsPyTorchBounds() {
        // fan_in = 6/2 * 3 * 2 = 18: weight and bias uniform in +-1/sqrt(18), weight drawn first
        Conv2d c = new Conv2d(6, 4, new int[] {3, 2}, new int[] {1}, new int[] {0}, new int[] {1}, 2, true, new Rng(9));
        assertArrayEquals(new int[] {4, 3, 3, 2}, c.weight().shape());
        float bound = (float) (1 / Math.sqrt(18));
        Rng ref = new Rng(9);
        for (float v : c.weight().data()) {
            assertEquals(ref.uniform(-bound, bound), v, 0f);
        }
        for (float v : c.bias().data()) {
            assertEquals(ref.uniform(-bound, bound), v, 0f);
        }
        Conv1d c1 = new Conv1d(4, 2, 5, new Rng(9));
        assertArrayEquals(new int[] {2, 4, 5}, c1.weight().shape());
        float b1 = (float) (1 / Math.sqrt(20));
        Rng ref1 = new Rng(9);
        for (float v : c1.weight().data()) {
            assertEquals(ref1.uniform(-b1, b1), v, 0f);
        }
    }

    @Test
    void flattenIsAViewThatKeepsStaticAndBinary() {
        Flatten f = new Flatten();
        Tensor x = Tensor.of(new float[] {1, 0, 1, 1, 0, 0, 1, 0}, 2, 1, 2, 2, 1).markBinary();
        Tensor y = f.forward(x);
        assertArrayEquals(new int[] {2, 1, 4}, y.shape());
        assertTrue(y.isBinary());
        assertSame(x.data(), y.data());
        byte[] spikes = {1, 0, 0, 1, 1, 1};
        Tensor s = Tensor.repeatTime(Tensor.ofSpikes(spikes, 2, 3, 1), 5);
        Tensor ys = f.forward(s);
        assertTrue(ys.isTimeStatic() && ys.isBinary());
        assertArrayEquals(new int[] {5, 2, 3}, ys.shape());
        assertSame(spikes, ys.spikeBytes());
        // gradient: the output gradient with the input's (stored) shape
        Tensor step = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3, 1).requiresGrad(true);
        Tensor out = f.forward(Tensor.repeatTime(step, 3));
        out.backward(Tensor.of(new float[] {6, 5, 4, 3, 2, 1}, 2, 3));
        assertArrayEquals(new int[] {2, 3, 1}, step.grad().shape());
        assertArrayEquals(new float[] {6, 5, 4, 3, 2, 1}, step.grad().data(), 0f);
        assertThrows(IllegalArgumentException.class, () -> f.forward(Tensor.zeros(4)));
    }

    @Test
    void csnnWiresIntoSequential() {
        // snnTorch tutorial CSNN shapes without the pooling and neurons: 12C5 -> 64C5 -> flatten -> FC10
        Rng rng = new Rng(4);
        Sequential net = new Sequential(new Conv2d(1, 12, 5, rng), new Conv2d(12, 64, 5, rng), new Flatten(),
                new Linear(64 * 20 * 20, 10, rng));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"),
                List.copyOf(net.namedParameters().keySet()));
        assertArrayEquals(new int[] {64, 12, 5, 5}, net.namedParameters().get("1.weight").shape());
        Tensor x = Tensor.repeatTime(Tensor.zeros(2, 1, 28, 28), 3);
        Tensor y = net.forward(x);
        assertArrayEquals(new int[] {3, 2, 10}, y.shape());
        assertTrue(y.isTimeStatic());
        net.train(false);
        assertFalse(net.get(0).isTraining());
    }

    @Test
    void badInputsAreNamed() {
        Conv2d c = new Conv2d(3, 4, 5, new Rng(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.forward(Tensor.zeros(1, 2, 2, 8, 8)));
        assertTrue(e.getMessage().contains("[1, 2, 2, 8, 8]") && e.getMessage().contains("3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.zeros(1, 2, 3, 4, 8)));
        assertTrue(e.getMessage().contains("smaller than the dilated kernel 5x5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, 1, 0, 1, 2, true, new Rng(1)));
        assertTrue(e.getMessage().contains("groups=2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 0, new Rng(1)));
        assertTrue(e.getMessage().contains("kernel=[0, 0]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv1d(2, 2, 3, new Rng(1)).forward(Tensor.zeros(1, 1, 3, 5)));
    }
}
