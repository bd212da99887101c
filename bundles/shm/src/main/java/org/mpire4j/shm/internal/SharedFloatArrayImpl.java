package org.mpire4j.shm.internal;

import java.io.Serial;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.mpire4j.api.SharedFloatArray;

/** {@link SharedFloatArray} over a region: the header holding the lock, then the elements. */
final class SharedFloatArrayImpl extends RegionArray implements SharedFloatArray {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final VarHandle ELEMENT = ValueLayout.JAVA_FLOAT.varHandle();

    private SharedFloatArrayImpl(Region region, int length, boolean withLock) {
        super(region, length, 4, withLock);
    }

    static SharedFloatArray create(int length, boolean withLock) {
        return new SharedFloatArrayImpl(region("floats", length, 4), length, withLock);
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
        float[] copy = new float[length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = get(i);
        }
        return copy;
    }

    @Override
    String kind() {
        return "SharedFloatArray";
    }

    @Override
    Rebuild rebuild() {
        int size = length();
        boolean withLock = lock != null;
        return region -> new SharedFloatArrayImpl(region, size, withLock);
    }
}
