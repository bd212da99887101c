package org.mpire4j.api;

import java.lang.foreign.MemorySegment;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A block of data placed once in shared memory and mapped copy-on-write by process workers: reads
 * share the parent's physical pages, a worker's writes copy only the pages it touches and stay
 * visible to that worker alone. Thread workers share the parent's segment as it is.
 */
@ProviderType
public interface SharedDataset extends java.io.Serializable, AutoCloseable {

    /** @return the size in bytes */
    long byteSize();

    /**
     * The data: readable, and writable privately in process workers.
     *
     * @return the segment
     */
    MemorySegment segment();

    /**
     * Reads the {@code index}-th double.
     *
     * @param index the element index
     * @return the value
     */
    double getDouble(long index);

    /**
     * Writes the {@code index}-th double (privately in a process worker).
     *
     * @param index the element index
     * @param value the value
     */
    void setDouble(long index, double value);

    /**
     * Reads the {@code index}-th long.
     *
     * @param index the element index
     * @return the value
     */
    long getLong(long index);

    /**
     * Writes the {@code index}-th long (privately in a process worker).
     *
     * @param index the element index
     * @param value the value
     */
    void setLong(long index, long value);

    /** Releases this process's mapping. */
    @Override
    void close();
}
