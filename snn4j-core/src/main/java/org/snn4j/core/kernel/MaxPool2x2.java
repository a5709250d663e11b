package org.snn4j.core.kernel;

/**
 * The 2x2, stride-2 max-pool of float planes {@code [h, w]} with even {@code h} and {@code w}, as
 * {@code PoolKernels.max} defines it: scanning each window row by row, an element replaces the
 * running maximum only when its order key is greater (ties go to the first element; {@code -0.0}
 * and {@code 0.0} tie; the first NaN wins over any number). Writes the selected element to
 * {@code y[p*oh*ow + i*ow + j]} and its index within the plane to {@code arg} (when non-null).
 * Every implementation selects the same element, so results are identical.
 */
public interface MaxPool2x2 {
    void pool(float[] x, int fromPlane, int toPlane, int h, int w, float[] y, int[] arg);

    /** Order key of a float: {@code key(a) > key(b)} exactly when {@code a > b} for numbers; NaN is the greatest. */
    static int key(float v) {
        int b = Float.floatToRawIntBits(v + 0f);
        int k = b ^ ((b >> 31) & 0x7fffffff);
        return v != v ? Integer.MAX_VALUE : k;
    }

    /** The plain-Java implementation. */
    MaxPool2x2 SCALAR = (x, fromPlane, toPlane, h, w, y, arg) -> {
        int oh = h / 2;
        int ow = w / 2;
        for (int p = fromPlane; p < toPlane; p++) {
            int xo = p * h * w;
            int yo = p * oh * ow;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int a = 2 * i * w + 2 * j;
                    int best = a;
                    int km = key(x[xo + a]);
                    int[] cand = {a + 1, a + w, a + w + 1};
                    for (int e : cand) {
                        int kv = key(x[xo + e]);
                        if (kv > km) {
                            km = kv;
                            best = e;
                        }
                    }
                    y[yo + i * ow + j] = x[xo + best];
                    if (arg != null) {
                        arg[yo + i * ow + j] = best;
                    }
                }
            }
        }
    };
}
