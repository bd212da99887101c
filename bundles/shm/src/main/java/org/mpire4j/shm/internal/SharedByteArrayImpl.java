package org.mpire4j.shm.internal;

import java.io.Serial;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.mpire4j.api.SharedByteArray;

/** {@link SharedByteArray} over a region: the header holding the lock, then the elements. */
final class SharedByteArrayImpl extends RegionArray implements SharedByteArray {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final VarHandle ELEMENT = ValueLayout.JAVA_BYTE.varHandle();

    private SharedByteArrayImpl(Region region, int length, boolean withLock) {
        super(region, length, 1, withLock);
    }

    static SharedByteArray create(int length, boolean withLock) {
        return new SharedByteArrayImpl(region("bytes", length, 1), length, withLock);
    }

    @Override
    public byte get(int index) {
        long offset = offset(index);
        acquire();
        try {
            return (byte) ELEMENT.getVolatile(region.segment, offset);
        } finally {
            release();
        }
    }

    @Override
    public void set(int index, byte value) {
        long offset = offset(index);
        acquire();
        try {
            ELEMENT.setVolatile(region.segment, offset, value);
        } finally {
            release();
        }
    }

    @Override
    public byte[] toArray() {
        byte[] copy = new byte[length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = get(i);
        }
        return copy;
    }

    @Override
    String kind() {
        return "SharedByteArray";
    }

    @Override
    Rebuild rebuild() {
        int size = length();
        boolean withLock = lock != null;
        return region -> new SharedByteArrayImpl(region, size, withLock);
    }
}
