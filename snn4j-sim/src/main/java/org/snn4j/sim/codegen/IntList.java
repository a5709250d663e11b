package org.snn4j.sim.codegen;

import java.util.Arrays;

/** A growable list of {@code int}s (connection generation, spike queues). */
public final class IntList {
    private int[] data;
    private int size;

    public IntList() { this(16); }

    public IntList(int capacity) { data = new int[Math.max(1, capacity)]; }

    public void add(int v) {
        if (size == data.length) data = Arrays.copyOf(data, data.length * 2);
        data[size++] = v;
    }

    public int get(int k) { return data[k]; }

    public int size() { return size; }

    public void clear() { size = 0; }

    /** The backing array (valid up to {@link #size()}). */
    public int[] array() { return data; }

    public int[] toArray() { return Arrays.copyOf(data, size); }
}
