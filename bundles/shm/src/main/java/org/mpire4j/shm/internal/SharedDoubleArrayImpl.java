package org.mpire4j.shm.internal;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.mpire4j.api.SharedLock;
import org.mpire4j.api.SharedDoubleArray;

/** {@link SharedDoubleArray} over a region: a 64-byte header holding the lock, then the elements. */
final class SharedDoubleArrayImpl implements SharedDoubleArray {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final long HEADER = 64;
    private static final VarHandle ELEMENT = ValueLayout.JAVA_DOUBLE.varHandle();

    private final transient Region region;
    private final int length;
    private final transient RegionLock lock;

    private SharedDoubleArrayImpl(Region region, int length, boolean withLock) {
        this.region = region;
        this.length = length;
        this.lock = withLock ? new RegionLock(region, 0) : null;
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
        if (lock == null) {
            return (double) ELEMENT.getVolatile(region.segment, offset);
        }
        lock.lock();
        try {
            return (double) ELEMENT.getVolatile(region.segment, offset);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void set(int index, double value) {
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
    public double[] toArray() {
        double[] copy = new double[length];
        for (int i = 0; i < length; i++) {
            copy[i] = get(i);
        }
        return copy;
    }

    @Override
    public SharedLock lock() {
        if (lock == null) {
            throw new IllegalStateException("This array was created without a lock: create it with"
                    + " SharedMemory.get().doubles(length, true) to lock compound updates");
        }
        return lock;
    }

    @Override
    public void close() {
        region.close();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharedDoubleArrayImpl other && other.region.ref.id().equals(region.ref.id());
    }

    @Override
    public int hashCode() {
        return region.ref.id().hashCode();
    }

    @Override
    public String toString() {
        return "SharedDoubleArray[length=" + length + ", " + region.ref.id() + "]";
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
            return new SharedDoubleArrayImpl(Region.attach(ref), length, withLock);
        }
    }
}
