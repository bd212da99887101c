package org.mpire4j.api.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs an engine's worker side over sample messages, without a parent, so that a JVM training an AOT cache
 * for worker processes (Java 25's {@code -XX:AOTCacheOutput}) loads, links and profiles the code a real
 * worker runs before its first result: the worker program, the decoding of its messages, the encoding of
 * results. Process start methods find implementations with {@link java.util.ServiceLoader} on the worker's
 * class path and call each once in the training JVM; a worker started from that cache then skips that work.
 *
 * <p>Implementations must not touch anything outside their JVM (no files, sockets or processes) and must
 * return within a few seconds.
 *
 * @since 1.2
 */
@ConsumerType
public interface WorkerTraining {

    /**
     * Exercises the worker side.
     *
     * @throws Exception if it fails; the training goes on without it
     */
    void train() throws Exception;
}
