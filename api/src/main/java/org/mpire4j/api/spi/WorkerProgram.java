package org.mpire4j.api.spi;

import java.io.Serializable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The engine's worker loop, as a start method runs it: on a thread of the parent, or, after being
 * serialized, in a worker process. It carries the shared objects and is the same object for every
 * worker of a pool until the shared objects change, so a process start method may serialize it
 * once per worker start (spawn) or once for all workers (fork).
 */
@ProviderType
public interface WorkerProgram extends Serializable {

    /**
     * Runs the worker until the engine tells it to stop or its channel closes.
     *
     * @param workerId the worker's id, from {@link WorkerLaunch#workerId()}
     * @param endpoint the worker's end of the channel to the parent
     * @throws Exception if the worker cannot go on; the start method reports it as the worker's end
     */
    void run(int workerId, WorkerEndpoint endpoint) throws Exception;
}
