package org.mpire4j.process;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns the engine's messages (tasks, chunks of arguments, results, exceptions) into bytes and
 * back. Implementations must be thread-safe: a worker's reader and writer use one codec at once.
 */
@ConsumerType
public interface Codec {

    /**
     * Encodes one message.
     *
     * @param message the message
     * @return its bytes
     * @throws IOException if the message cannot be encoded (for example, it is not serializable)
     */
    byte[] encode(Object message) throws IOException;

    /**
     * Decodes one message.
     *
     * @param bytes what {@link #encode(Object)} produced
     * @return the message
     * @throws IOException if the bytes are not a message or a class is missing
     */
    Object decode(byte[] bytes) throws IOException;
}
