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

    /**
     * A message the start method could not send because it cannot be encoded (something in it is not
     * serializable). The worker never saw it and goes on; the engine fails what the message was for, naming
     * the cause, instead of taking the worker for dead. Start methods built against api 1.0 never call it;
     * the default reports the worker's end, as they did.
     *
     * @param message the message, as given to {@link WorkerHandle#send(Object)}
     * @param error why it could not be encoded
     * @since 1.1
     */
    default void unsendable(Object message, Throwable error) {
        exited("could not send it a message: " + error, error);
    }
}
