package org.mpire4j.api.spi;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The worker's end of its channel to the parent, supplied by the start method. Used by the
 * worker's own thread only.
 */
@ConsumerType
public interface WorkerEndpoint {

    /**
     * Waits for the next message from the parent.
     *
     * @return the message
     * @throws InterruptedException if the worker's thread is interrupted while waiting
     * @throws IOException if the channel closed or broke
     */
    Object receive() throws InterruptedException, IOException;

    /**
     * Sends a message to the parent, where it arrives through {@link WorkerEvents#message(Object)}.
     *
     * @param message the message
     * @throws IOException if the channel closed or broke
     */
    void send(Object message) throws IOException;
}
