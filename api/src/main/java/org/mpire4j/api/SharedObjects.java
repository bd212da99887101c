package org.mpire4j.api;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Shared memory for shared objects: off-heap arrays, single values and locks that every worker
 * sees, whatever its start method (the Java counterparts of {@code multiprocessing.Array},
 * {@code Value} and {@code Lock}), and copy-on-write datasets. Inside OSGi this is a service of the
 * {@code org.mpire4j.shm} bundle; {@link SharedMemory} finds it anywhere.
 *
 * <p>Everything created here is placed once in anonymous shared memory ({@code memfd_create}): no
 * file is ever created, and the memory is freed when the last process using it ends, so a crash
 * leaves nothing behind. Objects are {@link java.io.Serializable}: passed to a process worker (as or
 * inside the pool's shared objects, or as task arguments) they arrive as a mapping of the same
 * memory, not as a copy. Close them (or let them become unreachable) to release the parent's mapping.
 */
@ProviderType
public interface SharedObjects {

    /**
     * An array of ints, all zero.
     *
     * @param length the number of elements, at least 0
     * @param withLock whether element access takes a lock (as {@code Array(..., lock=True)}); without
     *     one, each element read or write is still atomic, but compound updates are not
     * @return the array
     */
    SharedIntArray ints(int length, boolean withLock);

    /**
     * An array of longs, all zero.
     *
     * @param length the number of elements
     * @param withLock whether element access takes a lock
     * @return the array
     */
    SharedLongArray longs(int length, boolean withLock);

    /**
     * An array of floats, all zero; the seed's {@code Array('f', 100, lock=False)} is
     * {@code floats(100, false)}.
     *
     * @param length the number of elements
     * @param withLock whether element access takes a lock
     * @return the array
     */
    SharedFloatArray floats(int length, boolean withLock);

    /**
     * An array of doubles, all zero.
     *
     * @param length the number of elements
     * @param withLock whether element access takes a lock
     * @return the array
     */
    SharedDoubleArray doubles(int length, boolean withLock);

    /**
     * An array of bytes, all zero.
     *
     * @param length the number of elements
     * @param withLock whether element access takes a lock
     * @return the array
     */
    SharedByteArray bytes(int length, boolean withLock);

    /**
     * A single long value with atomic operations, {@code multiprocessing.Value('q', initial)}.
     *
     * @param initial its first value
     * @param withLock whether it also carries a lock for compound updates ({@link SharedLong#lock()})
     * @return the value
     */
    SharedLong value(long initial, boolean withLock);

    /**
     * A lock that excludes threads and processes alike, {@code multiprocessing.Lock}. It is
     * reentrant, and a lock whose owner process died is taken over rather than held forever.
     *
     * @return the lock
     */
    SharedLock lock();

    /**
     * A copy-on-write dataset holding a copy of these doubles, placed once. Process workers map it
     * privately: reads share the same physical pages, a worker's writes stay its own.
     *
     * @param data the data
     * @return the dataset
     */
    SharedDataset dataset(double[] data);

    /**
     * A copy-on-write dataset holding a copy of these longs.
     *
     * @param data the data
     * @return the dataset
     */
    SharedDataset dataset(long[] data);

    /**
     * A copy-on-write dataset holding a copy of these bytes (the buffer's remaining bytes).
     *
     * @param data the data
     * @return the dataset
     */
    SharedDataset dataset(ByteBuffer data);

    /**
     * A copy-on-write dataset holding a copy of this memory.
     *
     * @param data the data
     * @return the dataset
     */
    SharedDataset dataset(MemorySegment data);

    /**
     * A copy-on-write dataset of {@code byteSize} bytes that {@code writer} fills in place, so data
     * larger than any Java array never needs a heap copy.
     *
     * @param byteSize the size in bytes
     * @param writer fills the new, zeroed segment
     * @return the dataset
     */
    SharedDataset dataset(long byteSize, java.util.function.Consumer<MemorySegment> writer);
}
