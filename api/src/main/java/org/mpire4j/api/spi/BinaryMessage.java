package org.mpire4j.api.spi;

import java.io.IOException;
import java.io.OutputStream;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A message that can write itself as plain bytes, for start methods whose messages cross a process
 * boundary. Such a transport asks the message for its bytes before serializing it; if it wrote them, the
 * transport sends those bytes as they are and the other side receives them as a heap {@link java.nio.ByteBuffer}
 * holding exactly them (from {@link WorkerEndpoint#receive()} or {@link WorkerEvents#message(Object)}),
 * which the engine reads back into the message. Transports that hand objects over as they are (threads)
 * ignore this interface.
 *
 * <p>Why: the engine's chunks and results are small and many. Java serialization sets up a stream and
 * writes and resolves class descriptors for every one of them, which costs a worker tens of microseconds
 * per message; a message's own bytes cost a few.
 *
 * @since 1.3
 */
@ConsumerType
public interface BinaryMessage {

    /**
     * Writes this message's bytes, or nothing at all.
     *
     * @param out where the bytes go
     * @return {@code true} if the message was written; {@code false} if it has no byte form (it holds values
     *     only Java serialization carries) and nothing was written: the transport then serializes the message
     * @throws IOException if {@code out} fails
     */
    boolean writeTo(OutputStream out) throws IOException;
}
