package org.mpire4j.shm.internal;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.mpire4j.api.SharedLock;
import org.mpire4j.api.SharedLong;

/** {@link SharedLong} over a region: the lock's 16 bytes, then the value at offset 64. */
final class SharedLongImpl implements SharedLong {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final long VALUE = 64;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final transient Region region;
    private final transient RegionLock lock;

    private SharedLongImpl(Region region, boolean withLock) {
        this.region = region;
        this.lock = withLock ? new RegionLock(region, 0) : null;
    }

    static SharedLong create(long initial, boolean withLock) {
        SharedLongImpl value = new SharedLongImpl(Region.create("value", VALUE + 8, false), withLock);
        value.set(initial);
        return value;
    }

    @Override
    public long get() {
        return (long) LONG.getVolatile(region.segment, VALUE);
    }

    @Override
    public void set(long value) {
        LONG.setVolatile(region.segment, VALUE, value);
    }

    @Override
    public long addAndGet(long delta) {
        return (long) LONG.getAndAdd(region.segment, VALUE, delta) + delta;
    }

    @Override
    public boolean compareAndSet(long expected, long value) {
        return LONG.compareAndSet(region.segment, VALUE, expected, value);
    }

    @Override
    public SharedLock lock() {
        if (lock == null) {
            throw new IllegalStateException("This value was created without a lock: create it with"
                    + " SharedMemory.get().value(initial, true) to lock compound updates");
        }
        return lock;
    }

    @Override
    public void close() {
        region.close();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharedLongImpl other && other.region.ref.id().equals(region.ref.id());
    }

    @Override
    public int hashCode() {
        return region.ref.id().hashCode();
    }

    @Override
    public String toString() {
        return "SharedLong[" + get() + ", " + region.ref.id() + "]";
    }

    @Serial
    private Object writeReplace() {
        return new Proxy(region.ref, lock != null);
    }

    private record Proxy(Region.Ref ref, boolean withLock) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() {
            return new SharedLongImpl(Region.attach(ref), withLock);
        }
    }
}
