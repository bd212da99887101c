package org.mpire4j.api;

import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A reentrant lock in shared memory, held by one thread of one process at a time. Waiters spin
 * briefly, then back off. If the process that holds it dies, the next waiter takes it over.
 */
@ProviderType
public interface SharedLock extends java.io.Serializable {

    /** Waits until this thread holds the lock. */
    void lock();

    /**
     * Waits at most {@code timeout} for the lock.
     *
     * @param timeout the longest wait
     * @return whether this thread now holds the lock
     */
    boolean tryLock(Duration timeout);

    /**
     * Releases one hold of the lock.
     *
     * @throws IllegalMonitorStateException if this thread does not hold it
     */
    void unlock();

    /**
     * Runs an action while holding the lock.
     *
     * @param action what to run
     */
    default void withLock(Runnable action) {
        lock();
        try {
            action.run();
        } finally {
            unlock();
        }
    }
}
