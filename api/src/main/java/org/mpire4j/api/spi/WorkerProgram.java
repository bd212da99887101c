package org.mpire4j.api.spi;

import java.io.Serializable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The engine's worker loop, as a start method runs it: on a thread of the parent, or, after being
 * serialized once, in a worker process. It carries everything a worker needs to begin (its id,
 * the shared objects), so process start methods transfer the shared objects exactly once per worker
 * start.
 */
@ProviderType
public interface WorkerProgram extends Serializable {

    /**
     * Runs the worker until the engine tells it to stop or its channel closes.
     *
     * @param endpoint the worker's end of the channel to the parent
     * @throws Exception if the worker cannot go on; the start method reports it as the worker's end
     */
    void run(WorkerEndpoint endpoint) throws Exception;
}
