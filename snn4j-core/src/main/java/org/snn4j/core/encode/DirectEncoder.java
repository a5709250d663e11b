package org.snn4j.core.encode;

import org.snn4j.core.tensor.Tensor;

/**
 * Direct (current) encoding: the analog values are fed as input current at every step. The
 * result is a time-static tensor {@code [T, B, ...]} sharing {@code x}'s data (no copy), which
 * layers compute once per sequence. The seed is unused.
 */
public final class DirectEncoder implements Encoder {
    @Override
    public Tensor encode(Tensor x, int steps, long seed) {
        Encoder.check(name(), x, steps);
        return Tensor.repeatTime(x.detach(), steps);
    }

    @Override
    public String name() {
        return "direct";
    }
}
