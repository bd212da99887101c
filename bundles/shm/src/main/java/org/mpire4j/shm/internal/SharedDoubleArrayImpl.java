package org.mpire4j.shm.internal;

import java.io.Serial;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.mpire4j.api.SharedDoubleArray;

/** {@link SharedDoubleArray} over a region: the header holding the lock, then the elements. */
final class SharedDoubleArrayImpl extends RegionArray implements SharedDoubleArray {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final VarHandle ELEMENT = ValueLayout.JAVA_DOUBLE.varHandle();

    private SharedDoubleArrayImpl(Region region, int length, boolean withLock) {
        super(region, length, 8, withLock);
    }

    static SharedDoubleArray create(int length, boolean withLock) {
        return new SharedDoubleArrayImpl(region("doubles", length, 8), length, withLock);
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
        double[] copy = new double[length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = get(i);
        }
        return copy;
    }

    @Override
    String kind() {
        return "SharedDoubleArray";
    }

    @Override
    Rebuild rebuild() {
        int size = length();
        boolean withLock = lock != null;
        return region -> new SharedDoubleArrayImpl(region, size, withLock);
    }
}
