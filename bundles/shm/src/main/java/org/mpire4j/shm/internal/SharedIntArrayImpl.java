package org.mpire4j.shm.internal;

import java.io.Serial;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.mpire4j.api.SharedIntArray;

/** {@link SharedIntArray} over a region: the header holding the lock, then the elements. */
final class SharedIntArrayImpl extends RegionObject implements SharedIntArray {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final VarHandle ELEMENT = ValueLayout.JAVA_INT.varHandle();

    private final int length;

    private SharedIntArrayImpl(Region region, int length, boolean withLock) {
        super(region, withLock);
        this.length = length;
    }

    static SharedIntArray create(int length, boolean withLock) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, was " + length);
        }
        return new SharedIntArrayImpl(Region.create("ints", HEADER + (long) length * 4, false), length, withLock);
    }

    @Override
    public int length() {
        return length;
    }

    private long offset(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("Index " + index + " out of bounds for length " + length);
        }
        return HEADER + (long) index * 4;
    }

    @Override
    public int get(int index) {
        long offset = offset(index);
        acquire();
        try {
            return (int) ELEMENT.getVolatile(region.segment, offset);
        } finally {
            release();
        }
    }

    @Override
    public void set(int index, int value) {
        long offset = offset(index);
        acquire();
        try {
            ELEMENT.setVolatile(region.segment, offset, value);
        } finally {
            release();
        }
    }

    @Override
    public int[] toArray() {
        int[] copy = new int[length];
        for (int i = 0; i < length; i++) {
            copy[i] = get(i);
        }
        return copy;
    }

    @Override
    String kind() {
        return "SharedIntArray";
    }

    @Override
    String describe() {
        return "length=" + length;
    }

    @Override
    Rebuild rebuild() {
        int size = length;
        boolean withLock = lock != null;
        return region -> new SharedIntArrayImpl(region, size, withLock);
    }
}
