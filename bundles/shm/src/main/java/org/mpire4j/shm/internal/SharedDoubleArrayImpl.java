package org.mpire4j.shm.internal;

import java.io.Serial;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.mpire4j.api.SharedDoubleArray;

/** {@link SharedDoubleArray} over a region: the header holding the lock, then the elements. */
final class SharedDoubleArrayImpl extends RegionObject implements SharedDoubleArray {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final VarHandle ELEMENT = ValueLayout.JAVA_DOUBLE.varHandle();

    private final int length;

    private SharedDoubleArrayImpl(Region region, int length, boolean withLock) {
        super(region, withLock);
        this.length = length;
    }

    static SharedDoubleArray create(int length, boolean withLock) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, was " + length);
        }
        return new SharedDoubleArrayImpl(Region.create("doubles", HEADER + (long) length * 8, false), length, withLock);
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
    public double get(int index) {
        long offset = offset(index);
        acquire();
        try {
            return (double) ELEMENT.getVolatile(region.segment, offset);
        } finally {
            release();
        }
    }

    @Override
    public void set(int index, double value) {
        long offset = offset(index);
        acquire();
        try {
            ELEMENT.setVolatile(region.segment, offset, value);
        } finally {
            release();
        }
    }

    @Override
    public double[] toArray() {
        double[] copy = new double[length];
        for (int i = 0; i < length; i++) {
            copy[i] = get(i);
        }
        return copy;
    }

    @Override
    String kind() {
        return "SharedDoubleArray";
    }

    @Override
    String describe() {
        return "length=" + length;
    }

    @Override
    Rebuild rebuild() {
        int size = length;
        boolean withLock = lock != null;
        return region -> new SharedDoubleArrayImpl(region, size, withLock);
    }
}
