package org.mpire4j.shm.internal;

import java.io.Serial;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.mpire4j.api.SharedLongArray;

/** {@link SharedLongArray} over a region: the header holding the lock, then the elements. */
final class SharedLongArrayImpl extends RegionArray implements SharedLongArray {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final VarHandle ELEMENT = ValueLayout.JAVA_LONG.varHandle();

    private SharedLongArrayImpl(Region region, int length, boolean withLock) {
        super(region, length, 8, withLock);
    }

    static SharedLongArray create(int length, boolean withLock) {
        return new SharedLongArrayImpl(region("longs", length, 8), length, withLock);
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
        long[] copy = new long[length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = get(i);
        }
        return copy;
    }

    @Override
    String kind() {
        return "SharedLongArray";
    }

    @Override
    Rebuild rebuild() {
        int size = length();
        boolean withLock = lock != null;
        return region -> new SharedLongArrayImpl(region, size, withLock);
    }
}
