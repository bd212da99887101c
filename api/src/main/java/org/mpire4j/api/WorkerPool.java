package org.mpire4j.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.mpire4j.api.internal.Engines;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A pool of workers that apply {@link Task}s to the arguments of a map, MPIRE's {@code WorkerPool}.
 *
 * <pre>{@code
 * try (WorkerPool<double[]> pool = WorkerPool.builder().jobs(4).sharedObjects(image).build()) {
 *     List<Double> sums = pool.map((ctx, row) -> sumRow(ctx.shared(), row), rows);
 * }
 * }</pre>
 *
 * <h2>Workers</h2>
 * Workers start lazily, all {@link #jobs()} at once, at the first map or apply. Each has an id
 * {@code 0..jobs-1}, a {@linkplain WorkerContext#state() state} and the pool's shared objects. With
 * {@linkplain PoolBuilder#keepAlive(boolean) keep-alive} they stay up between maps (and are restarted when
 * the shared objects change); without it they run their exit hooks and stop at the end of each map.
 *
 * <h2>Maps</h2>
 * Arguments are sent to workers in chunks; at most {@link MapOptions#maxTasksActive} are taken from
 * the input and not yet returned, so lazy input is read only as fast as results are consumed. One
 * map runs at a time: starting one while another is unfinished (for example an {@link #imap} stream
 * not yet exhausted or closed) throws {@link IllegalStateException}. A failing task fails the whole
 * map with a {@link TaskFailedException} and stops the workers; the next map starts fresh ones.
 * {@link #apply} and {@link #applyAsync} run single tasks, may overlap with each other and with a
 * map, and a failure fails only that call.
 *
 * <h2>Closing</h2>
 * {@link #close()} stops the workers gracefully: each that ran a task runs its exit hook (within
 * the exit timeout) before it ends. MPIRE's context manager terminates instead; use
 * {@link #terminate()} for that. Every method but {@link #exitResults()}, {@link #insights()} and the
 * closing methods throws {@link IllegalStateException} once the pool is closed.
 *
 * <p>A pool is safe to use from several threads; calls that start a map are serialised as above.
 *
 * @param <S> the type of the shared objects
 */
@ProviderType
public interface WorkerPool<S> extends AutoCloseable {

    /**
     * A builder for a pool on the engine found in this runtime: the {@link WorkerPoolFactory}
     * service inside an OSGi framework, else the provider found by {@link java.util.ServiceLoader}.
     *
     * @return a new builder with MPIRE's defaults (one worker per processor, the default start method)
     * @throws IllegalStateException if no engine is installed
     */
    static PoolBuilder<Void> builder() {
        return new PoolBuilder<>(Engines.find());
    }

    /**
     * The number of workers.
     *
     * @return the number of workers, at least 1
     */
    int jobs();

    /**
     * The name of the start method running the workers, such as {@code "thread"}.
     *
     * @return the start method's name
     */
    String startMethod();

    /**
     * Default options typed with this pool's shared-object type, to derive a map's options from.
     *
     * @return {@link MapOptions#defaults()}
     */
    default MapOptions<S> options() {
        return MapOptions.defaults();
    }

    /**
     * Applies the task to every argument and returns the results in input order.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param task the task
     * @param args the arguments; a {@link java.util.Collection} gives the number of tasks, other
     *     iterables are read lazily (pass {@code stream::iterator} for a stream)
     * @return the results, in the order of {@code args}
     * @throws TaskFailedException if a task threw; its cause is the task's exception
     * @throws WorkerException if a hook threw, a timeout passed, or a worker died
     * @throws IllegalStateException if another map is running or the pool is closed
     */
    default <A, R> List<R> map(Task<? super S, ? super A, ? extends R> task, Iterable<? extends A> args) {
        return map(task, args, MapOptions.defaults());
    }

    /**
     * Applies the task to every argument and returns the results in input order.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param task the task
     * @param args the arguments
     * @param options the map's options
     * @return the results, in the order of {@code args}
     * @throws TaskFailedException if a task threw; its cause is the task's exception
     * @throws WorkerException if a hook threw, a timeout passed, or a worker died
     * @throws IllegalStateException if another map is running or the pool is closed
     */
    <A, R> List<R> map(Task<? super S, ? super A, ? extends R> task, Iterable<? extends A> args,
            MapOptions<? super S> options);

    /**
     * Like {@link #map(Task, Iterable)}, with the results in the order they completed.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param task the task
     * @param args the arguments
     * @return the results, in completion order
     */
    default <A, R> List<R> mapUnordered(Task<? super S, ? super A, ? extends R> task, Iterable<? extends A> args) {
        return mapUnordered(task, args, MapOptions.defaults());
    }

    /**
     * Like {@link #map(Task, Iterable, MapOptions)}, with the results in the order they completed.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param task the task
     * @param args the arguments
     * @param options the map's options
     * @return the results, in completion order
     */
    <A, R> List<R> mapUnordered(Task<? super S, ? super A, ? extends R> task, Iterable<? extends A> args,
            MapOptions<? super S> options);

    /**
     * A lazy map: the stream yields results in input order as they become available, and input is
     * read only as results are consumed. Close the stream (or exhaust it) before starting another
     * map; closing it early cancels the rest of the map.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param task the task
     * @param args the arguments
     * @return a sequential stream of results in input order
     */
    default <A, R> Stream<R> imap(Task<? super S, ? super A, ? extends R> task, Iterable<? extends A> args) {
        return imap(task, args, MapOptions.defaults());
    }

    /**
     * A lazy map in input order; see {@link #imap(Task, Iterable)}.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param task the task
     * @param args the arguments
     * @param options the map's options
     * @return a sequential stream of results in input order
     */
    <A, R> Stream<R> imap(Task<? super S, ? super A, ? extends R> task, Iterable<? extends A> args,
            MapOptions<? super S> options);

    /**
     * A lazy map yielding results in completion order; see {@link #imap(Task, Iterable)}.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param task the task
     * @param args the arguments
     * @return a sequential stream of results in completion order
     */
    default <A, R> Stream<R> imapUnordered(Task<? super S, ? super A, ? extends R> task, Iterable<? extends A> args) {
        return imapUnordered(task, args, MapOptions.defaults());
    }

    /**
     * A lazy map yielding results in completion order; see {@link #imap(Task, Iterable)}.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param task the task
     * @param args the arguments
     * @param options the map's options
     * @return a sequential stream of results in completion order
     */
    <A, R> Stream<R> imapUnordered(Task<? super S, ? super A, ? extends R> task, Iterable<? extends A> args,
            MapOptions<? super S> options);

    /**
     * Runs one task on a worker and waits for its result.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param task the task
     * @param arg the argument
     * @return the task's result
     * @throws TaskFailedException if the task threw
     * @throws WorkerException if a hook threw, the timeout passed, or the worker died
     */
    default <A, R> R apply(Task<? super S, ? super A, ? extends R> task, A arg) {
        return apply(task, arg, MapOptions.defaults());
    }

    /**
     * Runs one task on a worker and waits for its result. Of the options, the hooks and their
     * timeouts apply when this call starts the workers, and the task timeout applies to this task.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param task the task
     * @param arg the argument
     * @param options the options
     * @return the task's result
     * @throws TaskFailedException if the task threw
     * @throws WorkerException if a hook threw, the timeout passed, or the worker died
     */
    <A, R> R apply(Task<? super S, ? super A, ? extends R> task, A arg, MapOptions<? super S> options);

    /**
     * Runs one task on a worker without waiting. The future completes with the result, or
     * exceptionally with a {@link TaskFailedException} or {@link WorkerException}; only this task
     * fails, the pool keeps working. Callbacks attached with {@code whenComplete} and its relatives run
     * on the pool's dispatcher thread unless an executor is given: keep them short.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param task the task
     * @param arg the argument
     * @return the task's future result
     */
    default <A, R> CompletableFuture<R> applyAsync(Task<? super S, ? super A, ? extends R> task, A arg) {
        return applyAsync(task, arg, MapOptions.defaults());
    }

    /**
     * Runs one task on a worker without waiting; see {@link #applyAsync(Task, Object)} and
     * {@link #apply(Task, Object, MapOptions)} for the options.
     *
     * @param <A> the argument type
     * @param <R> the result type
     * @param task the task
     * @param arg the argument
     * @param options the options
     * @return the task's future result
     */
    <A, R> CompletableFuture<R> applyAsync(Task<? super S, ? super A, ? extends R> task, A arg,
            MapOptions<? super S> options);

    /**
     * Replaces the shared objects. Workers already running (with keep-alive) are restarted, running
     * their exit hooks, at the start of the next map; MPIRE's code does this although its docs say the
     * change "won't work".
     *
     * @param sharedObjects the new shared objects, or {@code null} for none
     */
    void setSharedObjects(S sharedObjects);

    /**
     * The values the workers' exit hooks returned since the workers were last started, one per
     * worker exit (a worker restarted by its lifespan contributes one per life), in no particular
     * order. With keep-alive, workers exit at {@link #stopAndJoin()} or {@link #close()}.
     *
     * @return an immutable list of exit results
     */
    List<Object> exitResults();

    /**
     * What the workers spent their time on since they were last started; empty figures unless the
     * pool was built with {@linkplain PoolBuilder#enableInsights(boolean) insights} enabled. May be read
     * while a map runs.
     *
     * @return the insights
     */
    PoolInsights insights();

    /**
     * Stops the workers gracefully (exit hooks run) and waits for them; the pool stays usable and
     * starts new workers at the next map.
     *
     * @throws WorkerException if an exit hook threw or timed out
     */
    void stopAndJoin();

    /**
     * Stops the workers at once, without running their exit hooks, and closes the pool. A running
     * map fails with {@link IllegalStateException}.
     */
    void terminate();

    /**
     * Stops the workers gracefully, as {@link #stopAndJoin()}, and closes the pool. Idempotent.
     *
     * @throws WorkerException if an exit hook threw or timed out (the pool is closed regardless)
     */
    @Override
    void close();

    /**
     * Whether {@link #close()} or {@link #terminate()} was called.
     *
     * @return whether the pool is closed
     */
    boolean isClosed();
}
