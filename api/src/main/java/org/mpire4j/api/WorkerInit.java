package org.mpire4j.api;

import java.io.Serializable;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A hook run once by each worker before its first task, MPIRE's {@code worker_init}: load a model,
 * open a connection, fill {@link WorkerContext#state()}. A worker that never receives a task never
 * runs it. It is not run again for later maps on a kept-alive worker, but it is run again by a
 * worker that was restarted.
 *
 * @param <S> the type of the pool's shared objects
 */
@ConsumerType
@FunctionalInterface
public interface WorkerInit<S> extends Serializable {

    /**
     * Prepares the worker.
     *
     * @param context the worker's context
     * @throws Exception fails the running map (or apply) with a {@link WorkerException} whose
     *     phase is {@link WorkerPhase#INIT}
     */
    void init(WorkerContext<? extends S> context) throws Exception;
}
