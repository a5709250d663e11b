package org.snn4j.io.idx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The contents of an IDX file: element type, dimension sizes and the elements as stored (raw
 * big-endian bytes). For {@link IdxType#UBYTE}, the usual case, {@link #data()} is directly the
 * uint8 values, kept compact rather than widened to int or float.
 */
public final class IdxFile {
    private final IdxType type;
    private final int[] dims;
    private final byte[] data;

    /** Wraps {@code data} (not copied); its length must be the product of {@code dims} times the element size. */
    public IdxFile(IdxType type, int[] dims, byte[] data) {
        if (dims.length == 0 || dims.length > 255) {
            throw new IllegalArgumentException("IDX needs 1 to 255 dimensions, got " + dims.length);
        }
        long n = type.size();
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
            }
            n *= d;
        }
        if (data.length != n) {
            throw new IllegalArgumentException("data has " + data.length + " bytes but " + dimsString(dims)
                    + " " + type.description() + " needs " + n);
        }
        this.type = type;
        this.dims = dims.clone();
        this.data = data;
    }

    /** A uint8 file. */
    public static IdxFile ofUnsignedBytes(byte[] data, int... dims) {
        return new IdxFile(IdxType.UBYTE, dims, data);
    }

    public IdxType type() {
        return type;
    }

    /** Dimension sizes (a copy). */
    public int[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    /** The size of the first dimension: the number of images or labels. */
    public int count() {
        return dims[0];
    }

    /** Number of elements. */
    public int elementCount() {
        return data.length / type.size();
    }

    /** The stored bytes (not copied): uint8 values for UBYTE, big-endian elements otherwise. */
    public byte[] data() {
        return data;
    }

    /** The elements as ints (exact for every type but FLOAT/DOUBLE, which are truncated). */
    public int[] toInts() {
        int n = elementCount();
        int[] out = new int[n];
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < n; i++) {
            out[i] = switch (type) {
                case UBYTE -> data[i] & 0xFF;
                case BYTE -> data[i];
                case SHORT -> b.getShort(2 * i);
                case INT -> b.getInt(4 * i);
                case FLOAT -> (int) b.getFloat(4 * i);
                case DOUBLE -> (int) b.getDouble(8 * i);
            };
        }
        return out;
    }

    /** The elements as floats, unscaled. */
    public float[] toFloats() {
        int n = elementCount();
        float[] out = new float[n];
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < n; i++) {
            out[i] = switch (type) {
                case UBYTE -> data[i] & 0xFF;
                case BYTE -> data[i];
                case SHORT -> b.getShort(2 * i);
                case INT -> b.getInt(4 * i);
                case FLOAT -> b.getFloat(4 * i);
                case DOUBLE -> (float) b.getDouble(8 * i);
            };
        }
        return out;
    }

    /** "60000x28x28". */
    public String dimsString() {
        return dimsString(dims);
    }

    static String dimsString(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(dims[i]);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "IdxFile[" + type.description() + " " + dimsString() + "]";
    }
}
