package org.mpire4j.api.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The parent's handle on one worker, returned by {@link org.mpire4j.api.StartMethod#start}.
 * Thread-safe.
 */
@ConsumerType
public interface WorkerHandle {

    /**
     * Queues a message for the worker; it arrives through {@link WorkerEndpoint#receive()}. Never
     * blocks for long: process start methods buffer and write on their own thread. Messages sent to
     * a worker that has ended are dropped.
     *
     * @param message the message
     */
    void send(Object message);

    /**
     * Asks the worker to abandon what it is running now and go on with its next message: interrupts
     * a worker thread. Start methods that cannot interrupt a worker do nothing; the engine then
     * {@linkplain #kill() kills} and replaces it.
     *
     * @return whether the request was delivered
     */
    boolean interrupt();

    /**
     * Ends the worker now: a process is killed; a thread is interrupted and abandoned (it is a daemon,
     * and its later messages are ignored). {@link WorkerEvents#exited} follows once it has ended, or
     * at once for an abandoned thread.
     */
    void kill();

    /**
     * Asks that whatever runs this worker (a process) is not handed to a later worker once this one
     * ends: a worker retired at the end of its lifespan must give its memory back to the system. Start
     * methods that reuse nothing ignore it.
     *
     * @since 1.1
     */
    default void doNotReuse() {
    }

    /**
     * The worker in words for errors and logs, such as {@code "thread mpire4j-1-worker-0"} or
     * {@code "process 4711"}.
     *
     * @return a description
     */
    String describe();
}
