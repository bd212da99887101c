package org.mpire4j.shm.internal;

import java.io.Serial;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.mpire4j.api.SharedFloatArray;

/** {@link SharedFloatArray} over a region: the header holding the lock, then the elements. */
final class SharedFloatArrayImpl extends RegionObject implements SharedFloatArray {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final VarHandle ELEMENT = ValueLayout.JAVA_FLOAT.varHandle();

    private final int length;

    private SharedFloatArrayImpl(Region region, int length, boolean withLock) {
        super(region, withLock);
        this.length = length;
    }

    static SharedFloatArray create(int length, boolean withLock) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, was " + length);
        }
        return new SharedFloatArrayImpl(Region.create("floats", HEADER + (long) length * 4, false), length, withLock);
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
    public float get(int index) {
        long offset = offset(index);
        acquire();
        try {
            return (float) ELEMENT.getVolatile(region.segment, offset);
        } finally {
            release();
        }
    }

    @Override
    public void set(int index, float value) {
        long offset = offset(index);
        acquire();
        try {
            ELEMENT.setVolatile(region.segment, offset, value);
        } finally {
            release();
        }
    }

    @Override
    public float[] toArray() {
        float[] copy = new float[length];
        for (int i = 0; i < length; i++) {
            copy[i] = get(i);
        }
        return copy;
    }

    @Override
    String kind() {
        return "SharedFloatArray";
    }

    @Override
    String describe() {
        return "length=" + length;
    }

    @Override
    Rebuild rebuild() {
        int size = length;
        boolean withLock = lock != null;
        return region -> new SharedFloatArrayImpl(region, size, withLock);
    }
}
