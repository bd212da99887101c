package org.mpire4j.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An array of {@code int} in shared memory: a write by any worker, thread or process, is visible to
 * the parent and to every other worker. Element reads and writes are single atomic accesses; an
 * array created with a lock takes it around each access, and {@link #lock()} covers compound updates.
 */
@ProviderType
public interface SharedIntArray extends java.io.Serializable, AutoCloseable {

    /** @return the number of elements */
    int length();

    /**
     * Reads one element.
     *
     * @param index from 0 to {@code length() - 1}
     * @return its value
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    int get(int index);

    /**
     * Writes one element.
     *
     * @param index from 0 to {@code length() - 1}
     * @param value the new value
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    void set(int index, int value);

    /** @return a copy of the elements, read one by one */
    int[] toArray();

    /**
     * The array's lock.
     *
     * @return the lock
     * @throws IllegalStateException if the array was created without one
     */
    SharedLock lock();

    /** Releases this process's mapping; other workers keep theirs. */
    @Override
    void close();
}
