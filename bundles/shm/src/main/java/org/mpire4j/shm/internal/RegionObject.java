package org.mpire4j.shm.internal;

import java.io.Serial;
import java.io.Serializable;
import org.mpire4j.api.SharedLock;

/**
 * What every shared-memory object has in common: its region, an optional lock in the region's
 * first 16 bytes, identity by region (two copies of one array are equal), and how it travels to a
 * process worker: as a {@link Proxy} naming the region, which maps the same memory there.
 */
abstract class RegionObject implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Data starts after the header that holds the lock. */
    static final long HEADER = 64;

    final transient Region region;
    final transient RegionLock lock;

    RegionObject(Region region, boolean withLock) {
        this.region = region;
        this.lock = withLock ? new RegionLock(region, 0) : null;
    }

    /** Takes the lock around one access when the object has one. */
    final void acquire() {
        if (lock != null) {
            lock.lock();
        }
    }

    final void release() {
        if (lock != null) {
            lock.unlock();
        }
    }

    /**
     * The lock, for compound updates.
     *
     * @return the lock
     * @throws IllegalStateException if the object was created without one
     */
    public final SharedLock lock() {
        if (lock == null) {
            throw new IllegalStateException("This " + kind() + " was created without a lock: create it with"
                    + " withLock = true to lock compound updates");
        }
        return lock;
    }

    /** Releases this process's mapping; other processes keep theirs. */
    public final void close() {
        region.close();
    }

    /** @return the kind of object, for messages */
    abstract String kind();

    /** @return a description of the contents for {@link #toString()} */
    abstract String describe();

    /**
     * How to rebuild this object over another process's mapping of the region.
     *
     * @return a serializable function from the mapped region to the object
     */
    abstract Rebuild rebuild();

    /** Rebuilds an object over a region mapped in this process; travels inside a {@link Proxy}. */
    @FunctionalInterface
    interface Rebuild extends Serializable {
        RegionObject over(Region region);
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof RegionObject other && other.getClass() == getClass()
                && other.region.ref.id().equals(region.ref.id());
    }

    @Override
    public final int hashCode() {
        return region.ref.id().hashCode();
    }

    @Override
    public final String toString() {
        return kind() + "[" + describe() + ", " + region.ref.id() + "]";
    }

    @Serial
    final Object writeReplace() {
        return new Proxy(region.ref, rebuild());
    }

    /** What travels: where the memory is, not what it holds, and how to rebuild the object over it. */
    private record Proxy(Region.Ref ref, Rebuild rebuild) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() {
            return rebuild.over(Region.attach(ref));
        }
    }
}
