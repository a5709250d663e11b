package org.snn4j.viz;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;

/** PNG encoding of rendered plots: to bytes, to a {@code data:} URI for the HTML report, or atomically to a file. */
public final class Png {
    static {
        Headless.ensure();
    }

    private Png() {}

    /** Encodes {@code image} as PNG bytes. */
    public static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer available for image type " + image.getType());
            }
        } catch (IOException e) {
            // Writing to memory cannot really fail; keep the API free of checked exceptions.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes {@code image} as PNG to {@code file}, atomically (a failure leaves any previous file). */
    public static Path write(BufferedImage image, Path file) throws IOException {
        return AtomicFiles.write(file, encode(image));
    }

    /** {@code data:image/png;base64,...} URI of already-encoded PNG bytes. */
    public static String dataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    /** {@code data:image/png;base64,...} URI of {@code image}. */
    public static String dataUri(BufferedImage image) {
        return dataUri(encode(image));
    }
}
