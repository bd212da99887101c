package org.mpire4j.api.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a start method delivers what one worker reports. Thread-safe and non-blocking: calls may
 * come from any thread.
 */
@ProviderType
public interface WorkerEvents {

    /**
     * A message from the worker.
     *
     * @param message what the worker sent with {@link WorkerEndpoint#send(Object)}
     */
    void message(Object message);

    /**
     * The worker has ended; called exactly once, after its last message.
     *
     * @param howItEnded how, in words: {@code "returned"}, {@code "exit code 1"}, {@code "killed by signal 9"}
     * @param error the error that ended it, or {@code null}
     */
    void exited(String howItEnded, Throwable error);
}
