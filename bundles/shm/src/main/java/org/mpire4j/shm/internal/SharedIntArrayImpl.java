package org.mpire4j.shm.internal;

import java.io.Serial;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.mpire4j.api.SharedIntArray;

/** {@link SharedIntArray} over a region: the header holding the lock, then the elements. */
final class SharedIntArrayImpl extends RegionArray implements SharedIntArray {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final VarHandle ELEMENT = ValueLayout.JAVA_INT.varHandle();

    private SharedIntArrayImpl(Region region, int length, boolean withLock) {
        super(region, length, 4, withLock);
    }

    static SharedIntArray create(int length, boolean withLock) {
        return new SharedIntArrayImpl(region("ints", length, 4), length, withLock);
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
        int[] copy = new int[length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = get(i);
        }
        return copy;
    }

    @Override
    String kind() {
        return "SharedIntArray";
    }

    @Override
    Rebuild rebuild() {
        int size = length();
        boolean withLock = lock != null;
        return region -> new SharedIntArrayImpl(region, size, withLock);
    }
}
