package org.snn4j.viz;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/** Small image helpers used to combine several rendered charts into one PNG. */
public final class Images {
    static {
        Headless.ensure();
    }

    private Images() {}

    /** Stacks images top to bottom on a white background; the width is the widest image. */
    public static BufferedImage stackVertically(List<BufferedImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to stack");
        }
        int w = 0;
        int h = 0;
        for (BufferedImage im : images) {
            w = Math.max(w, im.getWidth());
            h += im.getHeight();
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Style.BACKGROUND);
            g.fillRect(0, 0, w, h);
            int y = 0;
            for (BufferedImage im : images) {
                g.drawImage(im, 0, y, null);
                y += im.getHeight();
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
