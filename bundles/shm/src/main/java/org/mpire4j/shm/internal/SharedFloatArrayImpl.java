package org.mpire4j.shm.internal;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.mpire4j.api.SharedLock;
import org.mpire4j.api.SharedFloatArray;

/** {@link SharedFloatArray} over a region: a 64-byte header holding the lock, then the elements. */
final class SharedFloatArrayImpl implements SharedFloatArray {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final long HEADER = 64;
    private static final VarHandle ELEMENT = ValueLayout.JAVA_FLOAT.varHandle();

    private final transient Region region;
    private final int length;
    private final transient RegionLock lock;

    private SharedFloatArrayImpl(Region region, int length, boolean withLock) {
        this.region = region;
        this.length = length;
        this.lock = withLock ? new RegionLock(region, 0) : null;
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
        if (lock == null) {
            return (float) ELEMENT.getVolatile(region.segment, offset);
        }
        lock.lock();
        try {
            return (float) ELEMENT.getVolatile(region.segment, offset);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void set(int index, float value) {
        long offset = offset(index);
        if (lock == null) {
            ELEMENT.setVolatile(region.segment, offset, value);
            return;
        }
        lock.lock();
        try {
            ELEMENT.setVolatile(region.segment, offset, value);
        } finally {
            lock.unlock();
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
    public SharedLock lock() {
        if (lock == null) {
            throw new IllegalStateException("This array was created without a lock: create it with"
                    + " SharedMemory.get().floats(length, true) to lock compound updates");
        }
        return lock;
    }

    @Override
    public void close() {
        region.close();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharedFloatArrayImpl other && other.region.ref.id().equals(region.ref.id());
    }

    @Override
    public int hashCode() {
        return region.ref.id().hashCode();
    }

    @Override
    public String toString() {
        return "SharedFloatArray[length=" + length + ", " + region.ref.id() + "]";
    }

    @Serial
    private Object writeReplace() {
        return new Proxy(region.ref, length, lock != null);
    }

    /** What travels to a process worker: where the memory is, not what it holds. */
    private record Proxy(Region.Ref ref, int length, boolean withLock) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() {
            return new SharedFloatArrayImpl(Region.attach(ref), length, withLock);
        }
    }
}
