package org.snn4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Shared assertions: decode PNG bytes back and inspect pixels. */
final class TestImages {
    static {
        Headless.ensure();
    }

    private TestImages() {}

    /** Encodes to PNG, decodes with ImageIO, and checks the size: proves the bytes are a real PNG. */
    static BufferedImage roundTrip(BufferedImage img, int width, int height) {
        BufferedImage back = decode(Png.encode(img));
        assertEquals(width, back.getWidth(), "width");
        assertEquals(height, back.getHeight(), "height");
        return back;
    }

    static BufferedImage decode(byte[] png) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(img, "ImageIO could not decode the PNG");
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isDark(int rgb) {
        Color c = new Color(rgb);
        return c.getRed() < 100 && c.getGreen() < 100 && c.getBlue() < 100;
    }

    static boolean isWhite(int rgb) {
        return (rgb & 0xFFFFFF) == 0xFFFFFF;
    }

    /** Pixels within a small tolerance of {@code c} (anti-aliasing blends line edges). */
    static int countNear(BufferedImage img, Color c, int tol) {
        int w = img.getWidth();
        int[] px = img.getRGB(0, 0, w, img.getHeight(), null, 0, w);
        int n = 0;
        for (int p : px) {
            if (Math.abs(((p >> 16) & 0xFF) - c.getRed()) <= tol && Math.abs(((p >> 8) & 0xFF) - c.getGreen()) <= tol
                    && Math.abs((p & 0xFF) - c.getBlue()) <= tol) {
                n++;
            }
        }
        return n;
    }

    /** Where sample PNGs go for eyeballing (under target/, never committed). */
    static Path sampleDir() {
        return Path.of("target", "viz-samples");
    }
}
