package org.mpire4j.api;

import org.osgi.annotation.versioning.ProviderType;

/** A long in shared memory with atomic operations that hold across processes. */
@ProviderType
public interface SharedLong extends java.io.Serializable, AutoCloseable {

    /** @return the value */
    long get();

    /** @param value the new value */
    void set(long value);

    /**
     * Adds atomically.
     *
     * @param delta what to add
     * @return the new value
     */
    long addAndGet(long delta);

    /**
     * Sets the value if it is the expected one, atomically.
     *
     * @param expected the expected value
     * @param value the new value
     * @return whether it was set
     */
    boolean compareAndSet(long expected, long value);

    /**
     * The value's lock, for compound updates.
     *
     * @return the lock
     * @throws IllegalStateException if the value was created without one
     */
    SharedLock lock();

    /** Releases this process's mapping. */
    @Override
    void close();
}
