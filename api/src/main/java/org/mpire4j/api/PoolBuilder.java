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
     * method. Unknown options are rejected when the pool starts its workers.
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
                startMethodOptions, observers);
    }

    /**
     * Creates the pool. Workers start at its first map or apply.
     *
     * @return a new pool
     * @throws IllegalArgumentException if the start method is not installed; the message lists those
     *     that are
     */
    public WorkerPool<S> build() {
        return factory.create(settings());
    }
}
