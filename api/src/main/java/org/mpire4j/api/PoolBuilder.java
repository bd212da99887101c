package org.mpire4j.api;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link WorkerPool}; obtained from {@link WorkerPool#builder()} or
 * {@link WorkerPoolFactory#builder()}. Not thread-safe.
 *
 * @param <S> the type of the shared objects, fixed by {@link #sharedObjects(Object)}
 */
public final class PoolBuilder<S> {

    private final WorkerPoolFactory factory;
    private int jobs = Runtime.getRuntime().availableProcessors();
    private String startMethod;
    private S sharedObjects;
    private boolean keepAlive;
    private boolean orderTasks;
    private boolean enableInsights;
    private int retryLostChunks;
    private final Map<String, String> startMethodOptions = new HashMap<>();
    private final java.util.List<MapObserver> observers = new java.util.ArrayList<>();

    /**
     * Creates a builder for pools of the given factory.
     *
     * @param factory the engine that will create the pool
     */
    public PoolBuilder(WorkerPoolFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * The number of workers, MPIRE's {@code n_jobs}. Default: one per available processor.
     *
     * @param jobs at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code jobs < 1}
     */
    public PoolBuilder<S> jobs(int jobs) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be >= 1, was " + jobs
                    + ": pass the number of workers, or leave it unset for one per processor");
        }
        this.jobs = jobs;
        return this;
    }

    /**
     * The start method by name: {@code "thread"}, {@code "spawn"}, {@code "fork"}, or any other
     * installed. Default: the framework or system property {@value StartMethod#DEFAULT_PROPERTY}, else
     * the installed start method with the highest ranking.
     *
     * @param startMethod the name, or {@code null} for the default
     * @return this builder
     */
    public PoolBuilder<S> startMethod(String startMethod) {
        this.startMethod = startMethod;
        return this;
    }

    /**
     * An option for the start method, such as {@code virtualThreads=true} for the thread start
     * method. Unknown options, and values the start method cannot use, are rejected by {@link #build()}
     * (by start methods that check their options, {@link StartMethod#checkOptions}: all built-in ones).
     *
     * @param key the option's name
     * @param value its value
     * @return this builder
     */
    public PoolBuilder<S> startMethodOption(String key, String value) {
        startMethodOptions.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * The objects every worker receives (MPIRE's {@code shared_objects}): the same reference on
     * threads, a copy made once per worker start on process start methods, copy-on-write memory on
     * fork. Several objects travel together in a record.
     *
     * @param <T> their type
     * @param sharedObjects the shared objects, or {@code null} for none
     * @return this builder, typed with the shared objects' type
     */
    @SuppressWarnings("unchecked")
    public <T> PoolBuilder<T> sharedObjects(T sharedObjects) {
        PoolBuilder<T> self = (PoolBuilder<T>) this;
        self.sharedObjects = sharedObjects;
        return self;
    }

    /**
     * Whether workers stay up between maps, keeping their state. Default: {@code false}.
     *
     * @param keepAlive whether to keep workers alive
     * @return this builder
     */
    public PoolBuilder<S> keepAlive(boolean keepAlive) {
        this.keepAlive = keepAlive;
        return this;
    }

    /**
     * Whether chunk {@code i} of every map goes to worker {@code i mod jobs}, so that the same
     * arguments land on the same worker in every map. Default: {@code false} (chunks go to the worker
     * with the least work queued).
     *
     * @param orderTasks whether to place chunks in order
     * @return this builder
     */
    public PoolBuilder<S> orderTasks(boolean orderTasks) {
        this.orderTasks = orderTasks;
        return this;
    }

    /**
     * Whether workers record where their time goes ({@link WorkerPool#insights()}). Default:
     * {@code false}.
     *
     * @param enableInsights whether to record insights
     * @return this builder
     */
    public PoolBuilder<S> enableInsights(boolean enableInsights) {
        this.enableInsights = enableInsights;
        return this;
    }

    /**
     * How many times the work lost with a dead worker is re-run before the map fails. Default:
     * {@code 0}: a worker that dies with work fails the map (and an apply it ran) with a
     * {@link WorkerDiedException}, as in MPIRE.
     *
     * <p>Work is <em>lost</em> when the worker it was handed to ends without the pool having asked
     * it to: its process exits or is killed from outside ({@code System.exit}, {@code halt},
     * {@code kill -9}, the kernel's out-of-memory killer), its cluster member leaves, its thread
     * dies (each reported to the engine as the worker's unexpected end). What the pool ends itself is
     * never re-run: a task that throws fails the map with a {@link TaskFailedException}, a worker-init
     * that throws with a {@link WorkerException}, a timeout with a {@link WorkerTimeoutException};
     * workers stopped at the end of their lifespan or of a map, or killed by
     * {@link WorkerPool#terminate()}, {@link WorkerPool#close()} or a failing map, lose nothing that
     * is re-run. The lost work is every chunk of a map (and every apply) that was handed to the dead
     * worker and whose results had not arrived; the chunks it completed before it died are kept.
     *
     * <p>A lost chunk runs again, whole, on another worker; each chunk (and each apply) may be
     * re-run at most {@code maxRetries} times. When it is lost once more, the map fails (the apply's
     * future completes exceptionally) with the usual {@link WorkerDiedException}, whose
     * {@link WorkerDiedException#attempts() attempts} is {@code maxRetries + 1}: a task that always
     * kills its worker fails the map after a bounded number of runs rather than looping forever.
     *
     * <p>Guarantees when work is re-run:
     * <ul>
     * <li>A chunk's results are delivered exactly once, from the run that completed it; none is
     * lost or duplicated. {@code map} and {@code imap} still return every result in input order,
     * {@code mapUnordered} and {@code imapUnordered} every result exactly once.</li>
     * <li>The re-run happens on another worker life: without {@link #orderTasks(boolean)} on the
     * worker with the least work queued (which may be the replacement started in the dead worker's
     * place); with it, on the replacement in the dead worker's place, so that chunk {@code i}
     * still runs on worker {@code i mod jobs}. The state in {@link WorkerContext#state()} is that of
     * the worker it runs on: whatever the dead worker had built is gone, and a replacement runs
     * its worker-init again before its first task.</li>
     * <li>Tasks of a lost chunk that had already run on the dead worker run again: tasks with
     * side effects outside the worker must tolerate that.</li>
     * <li>The progress bar, {@link MapObserver observers} and {@link WorkerPool#insights()} count a
     * re-run chunk once.</li>
     * <li>A re-run chunk counts towards the worker lifespan of the worker that re-runs it, and still
     * counts once towards {@link MapOptions#maxTasksActive(int)}.</li>
     * </ul>
     * Each re-run is logged as a {@link System.Logger.Level#WARNING WARNING} naming the pool, the
     * worker, how it ended, the chunk's size and the attempt.
     *
     * @param maxRetries how many times a lost chunk or apply may be re-run, at least 0
     * @return this builder
     * @throws IllegalArgumentException if {@code maxRetries < 0}
     * @since 1.1
     */
    public PoolBuilder<S> retryLostChunks(int maxRetries) {
        PoolSettings.checkRetryLostChunks(maxRetries);
        this.retryLostChunks = maxRetries;
        return this;
    }

    /**
     * Someone to tell about this pool's maps as they start, progress and end (a dashboard, say).
     *
     * @param observer the observer
     * @return this builder
     */
    public PoolBuilder<S> observer(MapObserver observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
        return this;
    }

    /**
     * The settings collected so far.
     *
     * @return the settings
     */
    public PoolSettings<S> settings() {
        return new PoolSettings<>(jobs, startMethod, sharedObjects, keepAlive, orderTasks, enableInsights,
                startMethodOptions, observers, retryLostChunks);
    }

    /**
     * Creates the pool. Workers start at its first map or apply.
     *
     * @return a new pool
     * @throws IllegalArgumentException if the start method is not installed (the message lists those
     *     that are), or if it rejects an option ({@link StartMethod#checkOptions}): the message names it
     */
    public WorkerPool<S> build() {
        return factory.create(settings());
    }
}
