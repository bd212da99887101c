package org.mpire4j.shm.internal;

import java.io.Serial;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.mpire4j.api.SharedLongArray;

/** {@link SharedLongArray} over a region: the header holding the lock, then the elements. */
final class SharedLongArrayImpl extends RegionObject implements SharedLongArray {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final VarHandle ELEMENT = ValueLayout.JAVA_LONG.varHandle();

    private final int length;

    private SharedLongArrayImpl(Region region, int length, boolean withLock) {
        super(region, withLock);
        this.length = length;
    }

    static SharedLongArray create(int length, boolean withLock) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, was " + length);
        }
        return new SharedLongArrayImpl(Region.create("longs", HEADER + (long) length * 8, false), length, withLock);
    }

    @Override
    public int length() {
        return length;
    }

    private long offset(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("Index " + index + " out of bounds for length " + length);
        }
        return HEADER + (long) index * 8;
    }

    @Override
    public long get(int index) {
        long offset = offset(index);
        acquire();
        try {
            return (long) ELEMENT.getVolatile(region.segment, offset);
        } finally {
            release();
        }
    }

    @Override
    public void set(int index, long value) {
        long offset = offset(index);
        acquire();
        try {
            ELEMENT.setVolatile(region.segment, offset, value);
        } finally {
            release();
        }
    }

    @Override
    public long[] toArray() {
        long[] copy = new long[length];
        for (int i = 0; i < length; i++) {
            copy[i] = get(i);
        }
        return copy;
    }

    @Override
    String kind() {
        return "SharedLongArray";
    }

    @Override
    String describe() {
        return "length=" + length;
    }

    @Override
    Rebuild rebuild() {
        int size = length;
        boolean withLock = lock != null;
        return region -> new SharedLongArrayImpl(region, size, withLock);
    }
}
