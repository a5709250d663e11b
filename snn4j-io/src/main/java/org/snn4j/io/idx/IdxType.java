package org.snn4j.io.idx;

/** The element types the IDX format defines, with their type byte and size. */
public enum IdxType {
    UBYTE(0x08, 1, "unsigned byte"),
    BYTE(0x09, 1, "signed byte"),
    SHORT(0x0B, 2, "short"),
    INT(0x0C, 4, "int"),
    FLOAT(0x0D, 4, "float"),
    DOUBLE(0x0E, 8, "double");

    private final int code;
    private final int size;
    private final String description;

    IdxType(int code, int size, String description) {
        this.code = code;
        this.size = size;
        this.description = description;
    }

    /** The type byte in the magic number. */
    public int code() {
        return code;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    public String description() {
        return description;
    }

    /** The type for a type byte, or null if the format defines none. */
    public static IdxType ofCode(int code) {
        for (IdxType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** "0x08 unsigned byte, 0x09 signed byte, ..." for error messages. */
    static String known() {
        StringBuilder sb = new StringBuilder();
        for (IdxType t : values()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(String.format("0x%02X %s", t.code, t.description));
        }
        return sb.toString();
    }
}
