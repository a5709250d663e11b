package org.snn4j.io.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.snn4j.core.tensor.Tensor;
import org.snn4j.io.idx.IdxFile;
import org.snn4j.io.idx.IdxFormatException;
import org.snn4j.io.idx.IdxReader;
import org.snn4j.io.idx.IdxType;

/**
 * Grey-scale images with integer labels, held as uint8 ({@code n*rows*cols} bytes: 47 MB for
 * the Fashion-MNIST training set instead of 188 MB as floats). Pixels become floats in [0,1]
 * ({@code x/255}) only when a batch is built.
 */
public final class ImageDataset {
    private static final float[] SCALE = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            // A table of exact x/255 values: same result as dividing, without a divide per pixel.
            SCALE[i] = i / 255f;
        }
    }

    private final String name;
    private final int rows;
    private final int cols;
    private final byte[] pixels;
    private final byte[] labels;

    /**
     * Wraps (does not copy) {@code pixels}, {@code n*rows*cols} uint8 values, image after image
     * in row-major order, and {@code labels}, n uint8 class indices.
     */
    public ImageDataset(String name, int rows, int cols, byte[] pixels, byte[] labels) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(name + ": image size must be positive, got " + rows + "x" + cols);
        }
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels need "
                    + (long) labels.length * rows * cols + " pixels of " + rows + "x" + cols + ", got " + pixels.length);
        }
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
        this.labels = labels;
    }

    /** Loads an images file ({@code n x rows x cols} uint8) and a labels file ({@code n} uint8). */
    public static ImageDataset load(String name, Path images, Path labels) throws IOException {
        IdxFile img = IdxReader.read(images);
        IdxFile lab = IdxReader.read(labels);
        return fromIdx(name, img, images.toString(), lab, labels.toString());
    }

    /** Checks that two parsed IDX files form an image data set; sources name them in errors. */
    public static ImageDataset fromIdx(String name, IdxFile images, String imagesSource, IdxFile labels,
            String labelsSource) throws IdxFormatException {
        if (images.type() != IdxType.UBYTE || images.rank() != 3) {
            throw new IdxFormatException(imagesSource, "expected images as unsigned bytes n x rows x cols, found "
                    + images.type().description() + " " + images.dimsString());
        }
        if (labels.type() != IdxType.UBYTE || labels.rank() != 1) {
            throw new IdxFormatException(labelsSource, "expected labels as unsigned bytes of rank 1, found "
                    + labels.type().description() + " " + labels.dimsString());
        }
        if (images.count() != labels.count()) {
            throw new IdxFormatException(labelsSource, "has " + labels.count() + " labels but " + imagesSource
                    + " has " + images.count() + " images");
        }
        int[] d = images.dims();
        return new ImageDataset(name, d[1], d[2], images.data(), labels.data());
    }

    public String name() {
        return name;
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Always 1: IDX image sets are grey-scale. */
    public int channels() {
        return 1;
    }

    /** Values per image: {@code channels*rows*cols}. */
    public int imageSize() {
        return rows * cols;
    }

    /** The uint8 pixels (not copied; do not modify). */
    public byte[] pixels() {
        return pixels;
    }

    /** The uint8 labels (not copied; do not modify). */
    public byte[] labels() {
        return labels;
    }

    public int label(int i) {
        return labels[i] & 0xFF;
    }

    /** Labels widened to int. */
    public int[] labelsAsInts() {
        int[] out = new int[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels[i] & 0xFF;
        }
        return out;
    }

    /** One more than the largest label (10 for MNIST); 0 when empty. */
    public int numClasses() {
        int max = -1;
        for (byte b : labels) {
            max = Math.max(max, b & 0xFF);
        }
        return max + 1;
    }

    /** How many images carry each label, indexed by label. */
    public int[] labelCounts() {
        int[] counts = new int[numClasses()];
        for (byte b : labels) {
            counts[b & 0xFF]++;
        }
        return counts;
    }

    /** The uint8 value of pixel (r, c) of image i. */
    public int pixel(int i, int r, int c) {
        return pixels[(i * rows + r) * cols + c] & 0xFF;
    }

    /** The first {@code limit} images (all if fewer), copied. */
    public ImageDataset subset(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        int n = Math.min(limit, size());
        return new ImageDataset(name, rows, cols, Arrays.copyOf(pixels, n * imageSize()), Arrays.copyOf(labels, n));
    }

    /** The images at {@code indices}, in that order, copied. */
    public ImageDataset select(int[] indices) {
        int sz = imageSize();
        byte[] px = new byte[indices.length * sz];
        byte[] lb = new byte[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = checkIndex(indices[k]);
            System.arraycopy(pixels, i * sz, px, k * sz, sz);
            lb[k] = labels[i];
        }
        return new ImageDataset(name, rows, cols, px, lb);
    }

    /** Writes image i scaled to [0,1] into {@code dst} at {@code offset}. */
    public void copyScaled(int i, float[] dst, int offset) {
        int sz = imageSize();
        int src = checkIndex(i) * sz;
        for (int k = 0; k < sz; k++) {
            dst[offset + k] = SCALE[pixels[src + k] & 0xFF];
        }
    }

    /** The images at {@code indices} scaled to [0,1], shaped by {@code layout}. */
    public Tensor toTensor(int[] indices, Layout layout) {
        int sz = imageSize();
        float[] x = new float[indices.length * sz];
        for (int k = 0; k < indices.length; k++) {
            copyScaled(indices[k], x, k * sz);
        }
        return layout == Layout.FLAT ? Tensor.of(x, indices.length, sz)
                : Tensor.of(x, indices.length, channels(), rows, cols);
    }

    /** A batch of the images at {@code indices}. */
    public Batch batch(int[] indices, Layout layout) {
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            y[k] = label(indices[k]);
        }
        return new Batch(toTensor(indices, layout), y, indices.clone());
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("index " + i + " out of range for " + name + " with " + size() + " images");
        }
        return i;
    }

    @Override
    public String toString() {
        return "ImageDataset[" + name + ", " + size() + " x " + rows + "x" + cols + "]";
    }
}
