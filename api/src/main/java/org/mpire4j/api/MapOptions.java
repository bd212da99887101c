package org.mpire4j.api;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The options of one map (or apply) call, MPIRE's per-map parameters: chunking, the cap on tasks
 * in flight, worker lifespan, hooks and timeouts. Immutable: each {@code withX}-style method returns
 * a new instance, so options can be built once and reused.
 *
 * <pre>{@code
 * pool.map(task, args, MapOptions.defaults().chunkSize(10).taskTimeout(Duration.ofSeconds(5)));
 * pool.map(task, args, pool.options().workerInit(ctx -> ctx.state().put("model", load(ctx.shared()))));
 * }</pre>
 *
 * <p>{@link WorkerPool#options()} returns defaults typed with the pool's shared-object type, so
 * hooks see {@code ctx.shared()} without a cast.
 *
 * @param <S> the type of the shared objects the hooks expect
 */
public final class MapOptions<S> {

    private static final MapOptions<Object> DEFAULTS =
            new MapOptions<>(-1, 0, 0, 0, 0, false, null, null, null, null, null);

    private final long length;
    private final int chunkSize;
    private final int nSplits;
    private final int maxTasksActive;
    private final int workerLifespan;
    private final boolean progressBar;
    private final WorkerInit<? super S> workerInit;
    private final WorkerExit<? super S, ?> workerExit;
    private final Duration taskTimeout;
    private final Duration workerInitTimeout;
    private final Duration workerExitTimeout;

    private MapOptions(long length, int chunkSize, int nSplits, int maxTasksActive, int workerLifespan,
            boolean progressBar, WorkerInit<? super S> workerInit, WorkerExit<? super S, ?> workerExit,
            Duration taskTimeout, Duration workerInitTimeout, Duration workerExitTimeout) {
        this.length = length;
        this.chunkSize = chunkSize;
        this.nSplits = nSplits;
        this.maxTasksActive = maxTasksActive;
        this.workerLifespan = workerLifespan;
        this.progressBar = progressBar;
        this.workerInit = workerInit;
        this.workerExit = workerExit;
        this.taskTimeout = taskTimeout;
        this.workerInitTimeout = workerInitTimeout;
        this.workerExitTimeout = workerExitTimeout;
    }

    /**
     * The default options: automatic chunking, MPIRE's default cap on tasks in flight, no lifespan,
     * no hooks, no timeouts, no progress bar.
     *
     * @param <S> the shared-object type the hooks will expect
     * @return the defaults
     */
    @SuppressWarnings("unchecked")
    public static <S> MapOptions<S> defaults() {
        return (MapOptions<S>) DEFAULTS;
    }

    private MapOptions<S> copy(long length, int chunkSize, int nSplits, int maxTasksActive, int workerLifespan,
            boolean progressBar, WorkerInit<? super S> workerInit, WorkerExit<? super S, ?> workerExit,
            Duration taskTimeout, Duration workerInitTimeout, Duration workerExitTimeout) {
        return new MapOptions<>(length, chunkSize, nSplits, maxTasksActive, workerLifespan, progressBar,
                workerInit, workerExit, taskTimeout, workerInitTimeout, workerExitTimeout);
    }

    /**
     * The number of tasks, for input whose size is unknown (MPIRE's {@code iterable_len}). It sizes
     * automatic chunks and truncates longer input.
     *
     * @param length the number of arguments to take, at least 0
     * @return options with this length
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public MapOptions<S> length(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, was " + length
                    + ": pass the number of arguments the input holds");
        }
        return copy(length, chunkSize, nSplits, maxTasksActive, workerLifespan, progressBar, workerInit,
                workerExit, taskTimeout, workerInitTimeout, workerExitTimeout);
    }

    /**
     * The number of arguments sent to a worker at once. Unset, it is {@code tasks / nSplits} when
     * {@link #nSplits(int)} is set, else {@code tasks / (jobs * 64)} when the number of tasks is known,
     * else 4.
     *
     * @param chunkSize arguments per chunk, at least 1
     * @return options with this chunk size
     * @throws IllegalArgumentException if {@code chunkSize < 1}
     */
    public MapOptions<S> chunkSize(int chunkSize) {
        return copy(length, positive("chunkSize", chunkSize, "a number of arguments per chunk"), nSplits,
                maxTasksActive, workerLifespan, progressBar, workerInit, workerExit, taskTimeout,
                workerInitTimeout, workerExitTimeout);
    }

    /**
     * Splits the input into about this many chunks; used only when no chunk size is set and the
     * number of tasks is known.
     *
     * @param nSplits the number of chunks, at least 1
     * @return options with this number of splits
     * @throws IllegalArgumentException if {@code nSplits < 1}
     */
    public MapOptions<S> nSplits(int nSplits) {
        return copy(length, chunkSize, positive("nSplits", nSplits, "a number of chunks"), maxTasksActive,
                workerLifespan, progressBar, workerInit, workerExit, taskTimeout, workerInitTimeout,
                workerExitTimeout);
    }

    /**
     * The most tasks taken from the input and not yet returned to the caller. Lazy input is not
     * read further while the cap is reached, so an infinite input consumed by {@code imap} stays in
     * bounded memory. Unset, it is {@code jobs * ceil(chunkSize) * 2}, as in MPIRE.
     *
     * @param maxTasksActive the cap, at least 1
     * @return options with this cap
     * @throws IllegalArgumentException if {@code maxTasksActive < 1}
     */
    public MapOptions<S> maxTasksActive(int maxTasksActive) {
        return copy(length, chunkSize, nSplits, positive("maxTasksActive", maxTasksActive, "a number of tasks"),
                workerLifespan, progressBar, workerInit, workerExit, taskTimeout, workerInitTimeout,
                workerExitTimeout);
    }

    /**
     * Restarts a worker after it ran this many tasks (counted in whole chunks): its exit hook runs,
     * a fresh worker with the same id and an empty state takes over and runs the init hook again.
     *
     * @param workerLifespan tasks per worker life, at least 1
     * @return options with this lifespan
     * @throws IllegalArgumentException if {@code workerLifespan < 1}
     */
    public MapOptions<S> workerLifespan(int workerLifespan) {
        return copy(length, chunkSize, nSplits, maxTasksActive,
                positive("workerLifespan", workerLifespan, "a number of tasks"), progressBar, workerInit,
                workerExit, taskTimeout, workerInitTimeout, workerExitTimeout);
    }

    /**
     * Shows a progress bar on standard error while the map runs.
     *
     * @param progressBar whether to show it
     * @return options with this setting
     */
    public MapOptions<S> progressBar(boolean progressBar) {
        return copy(length, chunkSize, nSplits, maxTasksActive, workerLifespan, progressBar, workerInit,
                workerExit, taskTimeout, workerInitTimeout, workerExitTimeout);
    }

    /**
     * The hook each worker runs once before its first task.
     *
     * @param <T> the shared-object type of the new options
     * @param workerInit the hook, or {@code null} for none
     * @return options with this hook
     */
    @SuppressWarnings("unchecked")
    public <T extends S> MapOptions<T> workerInit(WorkerInit<? super T> workerInit) {
        MapOptions<T> self = (MapOptions<T>) this;
        return self.copy(length, chunkSize, nSplits, maxTasksActive, workerLifespan, progressBar, workerInit,
                self.workerExit, taskTimeout, workerInitTimeout, workerExitTimeout);
    }

    /**
     * The hook each worker that ran a task runs when it stops; its results are collected by
     * {@link WorkerPool#exitResults()}.
     *
     * @param <T> the shared-object type of the new options
     * @param workerExit the hook, or {@code null} for none
     * @return options with this hook
     */
    @SuppressWarnings("unchecked")
    public <T extends S> MapOptions<T> workerExit(WorkerExit<? super T, ?> workerExit) {
        MapOptions<T> self = (MapOptions<T>) this;
        return self.copy(length, chunkSize, nSplits, maxTasksActive, workerLifespan, progressBar, self.workerInit,
                workerExit, taskTimeout, workerInitTimeout, workerExitTimeout);
    }

    /**
     * The longest a single task may run. Past it the map fails with a {@link WorkerTimeoutException}
     * and its workers are stopped; an {@code apply} fails alone and the worker is replaced.
     *
     * @param taskTimeout the limit, positive, or {@code null} for none
     * @return options with this limit
     * @throws IllegalArgumentException if the limit is zero or negative
     */
    public MapOptions<S> taskTimeout(Duration taskTimeout) {
        return copy(length, chunkSize, nSplits, maxTasksActive, workerLifespan, progressBar, workerInit,
                workerExit, timeout("taskTimeout", taskTimeout), workerInitTimeout, workerExitTimeout);
    }

    /**
     * The longest the worker-init hook may run.
     *
     * @param workerInitTimeout the limit, positive, or {@code null} for none
     * @return options with this limit
     * @throws IllegalArgumentException if the limit is zero or negative
     */
    public MapOptions<S> workerInitTimeout(Duration workerInitTimeout) {
        return copy(length, chunkSize, nSplits, maxTasksActive, workerLifespan, progressBar, workerInit,
                workerExit, taskTimeout, timeout("workerInitTimeout", workerInitTimeout), workerExitTimeout);
    }

    /**
     * The longest the worker-exit hook may run.
     *
     * @param workerExitTimeout the limit, positive, or {@code null} for none
     * @return options with this limit
     * @throws IllegalArgumentException if the limit is zero or negative
     */
    public MapOptions<S> workerExitTimeout(Duration workerExitTimeout) {
        return copy(length, chunkSize, nSplits, maxTasksActive, workerLifespan, progressBar, workerInit,
                workerExit, taskTimeout, workerInitTimeout, timeout("workerExitTimeout", workerExitTimeout));
    }

    /** @return the number of tasks when set, else empty */
    public OptionalLong length() {
        return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
    }

    /** @return the chunk size, or 0 for automatic */
    public int chunkSize() {
        return chunkSize;
    }

    /** @return the number of splits, or 0 when unset */
    public int nSplits() {
        return nSplits;
    }

    /** @return the cap on tasks in flight, or 0 for the default */
    public int maxTasksActive() {
        return maxTasksActive;
    }

    /** @return the worker lifespan in tasks, or 0 for unlimited */
    public int workerLifespan() {
        return workerLifespan;
    }

    /** @return whether a progress bar is shown */
    public boolean progressBar() {
        return progressBar;
    }

    /** @return the worker-init hook, or {@code null} */
    public WorkerInit<? super S> workerInit() {
        return workerInit;
    }

    /** @return the worker-exit hook, or {@code null} */
    public WorkerExit<? super S, ?> workerExit() {
        return workerExit;
    }

    /** @return the task timeout, or {@code null} */
    public Duration taskTimeout() {
        return taskTimeout;
    }

    /** @return the worker-init timeout, or {@code null} */
    public Duration workerInitTimeout() {
        return workerInitTimeout;
    }

    /** @return the worker-exit timeout, or {@code null} */
    public Duration workerExitTimeout() {
        return workerExitTimeout;
    }

    @Override
    public String toString() {
        return "MapOptions[length=" + length + ", chunkSize=" + chunkSize + ", nSplits=" + nSplits
                + ", maxTasksActive=" + maxTasksActive + ", workerLifespan=" + workerLifespan
                + ", progressBar=" + progressBar + ", workerInit=" + workerInit + ", workerExit=" + workerExit
                + ", taskTimeout=" + taskTimeout + ", workerInitTimeout=" + workerInitTimeout
                + ", workerExitTimeout=" + workerExitTimeout + "]";
    }

    private static int positive(String name, int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + value + ": pass " + what
                    + ", or leave it unset for the default");
        }
        return value;
    }

    private static Duration timeout(String name, Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new IllegalArgumentException(name + " must be positive, was " + value
                    + ": pass a positive duration, or null for no limit");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MapOptions<?> other && length == other.length && chunkSize == other.chunkSize
                && nSplits == other.nSplits && maxTasksActive == other.maxTasksActive
                && workerLifespan == other.workerLifespan && progressBar == other.progressBar
                && Objects.equals(workerInit, other.workerInit) && Objects.equals(workerExit, other.workerExit)
                && Objects.equals(taskTimeout, other.taskTimeout)
                && Objects.equals(workerInitTimeout, other.workerInitTimeout)
                && Objects.equals(workerExitTimeout, other.workerExitTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(length, chunkSize, nSplits, maxTasksActive, workerLifespan, progressBar, workerInit,
                workerExit, taskTimeout, workerInitTimeout, workerExitTimeout);
    }
}
