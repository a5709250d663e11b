package org.snn4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.snn4j.core.util.Rng;
import org.snn4j.io.idx.IdxFile;
import org.snn4j.io.idx.IdxWriter;

/** What the command-line tests share: running {@code Main} with captured output, and a synthetic data set. */
final class CliTestSupport {
    private CliTestSupport() {
    }

    /** The exit status and the captured standard output and error of one command. */
    record Run(int status, String out, String err) {
    }

    /** Runs {@code snn4j args...} in this JVM, capturing what it prints. */
    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * Writes {@code dir/prefix-images-idx3-ubyte.gz} and the labels: n 28x28 images of random classes c, rows
     * 3c to 3c+2 drawn from {@code on + [0, onSpan)}, the other pixels from {@code [0, offSpan)}, one draw per
     * pixel in row-major order from {@code Rng(seed)}.
     */
    static void writeStripes(Path dir, String prefix, int n, long seed, int on, int onSpan, int offSpan) throws IOException {
        Rng rng = new Rng(seed);
        byte[] px = new byte[n * 784];
        byte[] lab = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(10);
            lab[i] = (byte) c;
            for (int p = 0; p < 784; p++) {
                px[i * 784 + p] = (byte) (p / 28 / 3 == c ? on + rng.nextInt(onSpan) : rng.nextInt(offSpan));
            }
        }
        IdxWriter.write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), IdxFile.ofUnsignedBytes(px, n, 28, 28), true);
        IdxWriter.write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), IdxFile.ofUnsignedBytes(lab, n), true);
    }
}
