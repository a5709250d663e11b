package org.snn4j.core.kernel;

/**
 * The 2x2, stride-2 max-pool of a channel-last block {@code src[(iy*w + ix)*n + c]} ({@code h} and {@code w}
 * even), each element read as {@code v = src + add[c]} ({@code v = src} when {@code add} is null), with the
 * selection rule of {@link MaxPool2x2} (window scanned row by row, an element replaces the running maximum
 * when its {@link MaxPool2x2#key} is greater): writes channel-first
 * {@code y[yOff + c*oh*ow + i*ow + j] = v} of the selected element and, when {@code arg} is non-null,
 * {@code arg[aOff + c*oh*ow + i*ow + j] = iy*w + ix}. Used by the event-driven convolution, whose
 * accumulator is channel-last, so that a following max-pool needs no transposed copy of its output: the same
 * values (the same one addition) and the same selections as transposing, then {@link MaxPool2x2}.
 */
public interface ChannelLastPool {
    void pool(float[] src, int h, int w, int n, float[] add, float[] y, int yOff, int[] arg, int aOff);

    /** The plain-Java implementation; {@code c0} is the first channel it handles (vector kernels leave a tail). */
    static void scalar(float[] src, int h, int w, int n, int c0, float[] add, float[] y, int yOff, int[] arg, int aOff) {
        int oh = h / 2;
        int ow = w / 2;
        int out = oh * ow;
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                int a = 2 * i * w + 2 * j;
                int[] cand = {a, a + 1, a + w, a + w + 1};
                for (int c = c0; c < n; c++) {
                    float b = add == null ? 0f : add[c];
                    int best = a;
                    float bv = add == null ? src[a * n + c] : src[a * n + c] + b;
                    int km = MaxPool2x2.key(bv);
                    for (int e = 1; e < 4; e++) {
                        float v = add == null ? src[cand[e] * n + c] : src[cand[e] * n + c] + b;
                        int kv = MaxPool2x2.key(v);
                        if (kv > km) {
                            km = kv;
                            best = cand[e];
                            bv = v;
                        }
                    }
                    y[yOff + c * out + i * ow + j] = bv;
                    if (arg != null) {
                        arg[aOff + c * out + i * ow + j] = best;
                    }
                }
            }
        }
    }

    ChannelLastPool SCALAR = (src, h, w, n, add, y, yOff, arg, aOff) -> scalar(src, h, w, n, 0, add, y, yOff, arg, aOff);
}
