package org.mpire4j.api;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a task, a worker-init and a worker-exit hook see of the worker running them.
 *
 * <p>A context belongs to one worker for its whole life: {@link #state()} survives across tasks,
 * and across maps when the pool keeps its workers alive; a worker that is restarted (lifespan
 * reached, parameters changed, a timeout) starts with an empty state. A context is used by its
 * worker's thread only and is not thread-safe.
 *
 * @param <S> the type of the pool's shared objects
 */
@ProviderType
public interface WorkerContext<S> {

    /**
     * The worker's id, from {@code 0} to {@code jobs - 1}. A restarted worker keeps its id.
     *
     * @return the worker id
     */
    int workerId();

    /**
     * The pool's shared objects as this worker sees them: the same reference on the thread start
     * method, a copy received once per worker start on process start methods, and memory
     * inherited copy-on-write on fork.
     *
     * @return the shared objects, or {@code null} when the pool has none
     */
    S shared();

    /**
     * The worker's own mutable state, MPIRE's {@code worker_state}: a map that lives as long as
     * this worker and is never shared with other workers. It reaches the caller only through the
     * values worker-exit hooks return ({@link WorkerPool#exitResults()}).
     *
     * @return the worker's state map; never {@code null}
     */
    Map<String, Object> state();
}
