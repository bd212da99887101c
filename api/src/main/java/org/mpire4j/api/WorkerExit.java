package org.mpire4j.api;

import java.io.Serializable;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A hook run once by each worker that ran at least one task, when the worker stops, MPIRE's
 * {@code worker_exit}. Its return value is collected by the pool ({@link WorkerPool#exitResults()}):
 * the usual way to bring a worker's {@link WorkerContext#state()} back to the caller.
 *
 * @param <S> the type of the pool's shared objects
 * @param <E> the type of the exit result
 */
@ConsumerType
@FunctionalInterface
public interface WorkerExit<S, E> extends Serializable {

    /**
     * Finishes the worker.
     *
     * @param context the worker's context
     * @return the exit result; {@code null} is collected as {@code null}
     * @throws Exception fails the map (or the stop) with a {@link WorkerException} whose phase is
     *     {@link WorkerPhase#EXIT}
     */
    E exit(WorkerContext<? extends S> context) throws Exception;
}
