package org.mpire4j.api;

import java.io.Serializable;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The function a pool applies to each argument, MPIRE's {@code func}.
 *
 * <p>A task receives the {@link WorkerContext} of the worker that runs it (worker id, shared
 * objects, worker state) and one argument; several values travel as one argument in a record.
 * Tasks are {@link Serializable} so that process workers can receive them: a lambda or method
 * reference whose target type is {@code Task} is serializable as long as what it captures is.
 *
 * <p>Inside OSGi a task bundle may register tasks as services with the property
 * {@value #NAME_PROPERTY}{@code =<name>}.
 *
 * @param <S> the type of the pool's shared objects
 * @param <A> the argument type
 * @param <R> the result type
 */
@ConsumerType
@FunctionalInterface
public interface Task<S, A, R> extends Serializable {

    /** The service property naming a task registered by a task bundle. */
    String NAME_PROPERTY = "mpire.task";

    /**
     * Computes the result for one argument.
     *
     * @param context the context of the worker running this task; never {@code null}
     * @param argument one element of the map's input
     * @return the result, placed in the map's output
     * @throws Exception anything; in a map it fails the map and reaches the caller as the cause of
     *     a {@link TaskFailedException}, in {@code apply} it fails only that call
     */
    R apply(WorkerContext<? extends S> context, A argument) throws Exception;
}
