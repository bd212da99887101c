package org.mpire4j.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.mpire4j.api.MapObserver;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.MpireException;
import org.mpire4j.api.PoolInsights;
import org.mpire4j.api.PoolSettings;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerException;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.core.internal.Jobs.ApplyJob;
import org.mpire4j.core.internal.Jobs.MapJob;
import org.mpire4j.core.internal.Jobs.Setup;
import org.mpire4j.core.internal.Messages.Configure;

/**
 * The engine's {@link WorkerPool}: validates calls, runs maps on the caller's thread through
 * {@link MapRun}, and leaves workers to its {@link Dispatcher}.
 *
 * @param <S> the type of the shared objects
 */
final class Pool<S> implements WorkerPool<S> {

    private static final AtomicLong POOLS = new AtomicLong();
    /** Stops the workers of pools that became unreachable without being closed. */
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    private final PoolSettings<S> settings;
    /** Observers every pool reports to (OSGi services); live, so ones registered later count too. */
    private final List<MapObserver> globalObservers;
    private final StartMethod startMethod;
    private final Dispatcher dispatcher;
    /** The functions this pool has already checked: a map run again with the same task is not serialized twice. */
    private final Sendable sendable = new Sendable();
    private final Abandoned abandoned;
    private final java.lang.ref.Cleaner.Cleanable cleanable;
    private static final AtomicLong JOB_IDS = new AtomicLong();
    private final AtomicReference<MapRun> runningMap = new AtomicReference<>();
    private final Object lifecycle = new Object();
    private volatile boolean closed;
    private volatile String closedReason = "The pool is closed: build a new pool";
    private volatile boolean sharedChanged;
    private volatile S shared;

    Pool(PoolSettings<S> settings, StartMethod startMethod, List<MapObserver> globalObservers) {
        // Before any thread or worker exists: a bad option fails build(), at the caller's line.
        startMethod.checkOptions(settings.startMethodOptions());
        this.settings = settings;
        this.globalObservers = globalObservers;
        this.startMethod = startMethod;
        this.shared = settings.sharedObjects();
        this.dispatcher = new Dispatcher("mpire4j-pool-" + POOLS.incrementAndGet(), settings.jobs(), startMethod,
                settings.startMethodOptions(), settings.orderTasks(), settings.enableInsights(),
                settings.retryLostChunks(), shared);
        this.abandoned = new Abandoned(dispatcher); // the cleaning action must not refer to the pool itself
        this.cleanable = CLEANER.register(this, abandoned);
    }

    /**
     * Stops the workers of a pool that became unreachable without close(). Closing a pool runs it at once as
     * a no-op, which also unregisters it: a closed pool leaves nothing in the Cleaner.
     */
    private static final class Abandoned implements Runnable {
        private volatile Dispatcher dispatcher;

        Abandoned(Dispatcher dispatcher) {
            this.dispatcher = dispatcher;
        }

        void closed() {
            dispatcher = null;
        }

        @Override
        public void run() {
            Dispatcher orphan = dispatcher;
            if (orphan != null) {
                orphan.terminate(new IllegalStateException("The pool was garbage-collected without close()"));
                orphan.close();
            }
        }
    }

    @Override
    public int jobs() {
        return settings.jobs();
    }

    @Override
    public String startMethod() {
        return startMethod.name();
    }

    // ---------------------------------------------------------------- maps

    @Override
    @SuppressWarnings("unchecked")
    public <A, R> List<R> map(Task<? super S, ? super A, ? extends R> task, Iterable<? extends A> args,
            MapOptions<? super S> options) {
        // Run unordered and place chunks by input index, as MPIRE sorts: a slow chunk never holds back the others.
        MapRun run = start(task, args, options, false);
        List<Object[]> chunks = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        long total = 0;
        for (Object[] chunk; (chunk = run.takeChunk()) != null;) {
            chunks.add(chunk);
            starts.add(run.takenStart());
            total += chunk.length;
        }
        Object[] ordered = new Object[Math.toIntExact(total)];
        for (int i = 0; i < chunks.size(); i++) {
            Object[] chunk = chunks.get(i);
            System.arraycopy(chunk, 0, ordered, (int) (long) starts.get(i), chunk.length);
        }
        return (List<R>) Arrays.asList(ordered);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A, R> List<R> mapUnordered(Task<? super S, ? super A, ? extends R> task, Iterable<? extends A> args,
            MapOptions<? super S> options) {
        MapRun run = start(task, args, options, false);
        List<Object> results = new ArrayList<>();
        for (Object[] chunk; (chunk = run.takeChunk()) != null;) {
            results.addAll(Arrays.asList(chunk));
        }
        return (List<R>) results;
    }

    @Override
    public <A, R> Stream<R> imap(Task<? super S, ? super A, ? extends R> task, Iterable<? extends A> args,
            MapOptions<? super S> options) {
        return stream(start(task, args, options, true));
    }

    @Override
    public <A, R> Stream<R> imapUnordered(Task<? super S, ? super A, ? extends R> task, Iterable<? extends A> args,
            MapOptions<? super S> options) {
        return stream(start(task, args, options, false));
    }

    @SuppressWarnings("unchecked")
    private static <R> Stream<R> stream(MapRun run) {
        Spliterator<R> spliterator = Spliterators.spliteratorUnknownSize((java.util.Iterator<R>) run,
                Spliterator.ORDERED);
        return StreamSupport.stream(spliterator, false).onClose(run::cancel);
    }

    private MapRun start(Task<?, ?, ?> task, Iterable<?> args, MapOptions<?> options, boolean ordered) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(options, "options");
        checkOpen();
        Chunker chunker = Chunker.of(args, options, jobs());
        int cap = options.maxTasksActive() > 0 ? options.maxTasksActive()
                : Chunker.defaultMaxTasksActive(jobs(), chunker.chunkSize());
        MapJob job = new MapJob(JOB_IDS.incrementAndGet(), setup(task, options), options.taskTimeout(),
                options.workerLifespan(), options.progressBar());
        ProgressBar progress = options.progressBar()
                ? ProgressBar.onStandardError(options.length().orElse(args instanceof java.util.Collection<?> c ? c.size() : -1))
                : ProgressBar.NONE;
        long total = options.length().orElse(args instanceof java.util.Collection<?> c ? c.size() : -1);
        List<MapObserver> watching = new ArrayList<>(settings.observers());
        watching.addAll(globalObservers);
        Observers observers = new Observers(watching, job.id);
        MapRun run = new MapRun(dispatcher, job, chunker, cap, ordered, new MapRun.Ending() {
            @Override
            public void ended(MapRun ended, boolean normally) {
                mapEnded(ended, normally);
            }

            @Override
            public PoolInsights insights() {
                return Pool.this.insights();
            }
        }, progress, observers, total);
        if (!runningMap.compareAndSet(null, run)) {
            throw new IllegalStateException("Cannot start a map while another map is running on this pool: consume"
                    + " or close the Stream returned by imap/imapUnordered first (use try-with-resources)");
        }
        try {
            restartIfSharedChanged();
            dispatcher.beginMap(job);
        } catch (RuntimeException e) {
            runningMap.set(null);
            throw e;
        }
        if (!observers.isEmpty()) {
            observers.started(new MapObserver.MapInfo(job.id, dispatcher.poolName(), startMethod.name(), jobs(),
                    task.getClass().getName(), total, System.currentTimeMillis()));
        }
        return run;
    }

    private void mapEnded(MapRun run, boolean normally) {
        runningMap.compareAndSet(run, null);
        if (!settings.keepAlive() && !closed) {
            // Without keep-alive, workers run their exit hooks and stop at the end of every map.
            List<WorkerException> errors = awaitStop();
            if (normally && !errors.isEmpty()) {
                throw errors.getFirst();
            }
        }
    }

    private Setup setup(Task<?, ?, ?> task, MapOptions<?> options) {
        if (startMethod.needsCodeAtStart()) {
            // Workers in other processes receive these serialized: fail here, at the caller's line, before any starts.
            sendable.check(startMethod.name(), "task", task);
            sendable.check(startMethod.name(), "workerInit", options.workerInit());
            sendable.check(startMethod.name(), "workerExit", options.workerExit());
        }
        return new Setup(new Configure(task, options.workerInit(), options.workerExit(),
                options.workerInitTimeout() != null, settings.enableInsights()),
                options.workerInitTimeout(), options.workerExitTimeout());
    }

    // ---------------------------------------------------------------- applies

    @Override
    @SuppressWarnings("unchecked")
    public <A, R> R apply(Task<? super S, ? super A, ? extends R> task, A arg, MapOptions<? super S> options) {
        CompletableFuture<R> future = applyAsync(task, arg, options);
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            CancellationException cancelled = new CancellationException("Interrupted while waiting for apply");
            cancelled.initCause(e);
            throw cancelled;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                runtime.fillInStackTrace();
                throw runtime;
            }
            throw new MpireException("apply failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A, R> CompletableFuture<R> applyAsync(Task<? super S, ? super A, ? extends R> task, A arg,
            MapOptions<? super S> options) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(options, "options");
        checkOpen();
        if (startMethod.needsCodeAtStart()) {
            sendable.check(startMethod.name(), "argument of apply", arg);
        }
        restartIfSharedChanged();
        ApplyJob job = new ApplyJob(JOB_IDS.incrementAndGet(), task, arg, setup(task, options), options.taskTimeout(),
                this);
        return (CompletableFuture<R>) (CompletableFuture<?>) dispatcher.apply(job);
    }

    // ---------------------------------------------------------------- shared objects, results, lifecycle

    @Override
    public void setSharedObjects(S sharedObjects) {
        checkOpen();
        synchronized (lifecycle) {
            if (!Objects.equals(shared, sharedObjects)) {
                shared = sharedObjects;
                sharedChanged = true;
            }
        }
    }

    /** MPIRE restarts kept-alive workers when the shared objects changed; so do we. */
    private void restartIfSharedChanged() {
        synchronized (lifecycle) {
            if (sharedChanged) {
                sharedChanged = false;
                awaitStop();
                dispatcher.setShared(shared);
            }
        }
    }

    @Override
    public List<Object> exitResults() {
        return dispatcher.exitResults();
    }

    @Override
    public PoolInsights insights() {
        return dispatcher.isRunning() ? dispatcher.insights() : new PoolInsights(settings.enableInsights(), List.of());
    }

    @Override
    public void stopAndJoin() {
        checkOpen();
        if (runningMap.get() != null) {
            throw new IllegalStateException("Cannot stop the workers while a map is running: finish or close it first");
        }
        List<WorkerException> errors = awaitStop();
        if (!errors.isEmpty()) {
            throw errors.getFirst();
        }
    }

    private List<WorkerException> awaitStop() {
        try {
            // Bounded by the exit hooks' own timeouts; without one, an exit hook may take as long as it takes.
            return dispatcher.stopWorkers().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpireException("Interrupted while waiting for the workers to stop", e);
        } catch (ExecutionException e) {
            throw new MpireException("Stopping the workers failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void terminate() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        dispatcher.terminate(new IllegalStateException("The pool was terminated"));
        dispatcher.close();
        forgetCleaner();
    }

    private void forgetCleaner() {
        abandoned.closed();
        cleanable.clean();
        // Killed workers report their end within milliseconds; a bound keeps close() from ever hanging on one.
        dispatcher.awaitEnd(java.time.Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        MapRun running = runningMap.get();
        if (running != null) {
            dispatcher.terminate(new IllegalStateException("The pool was closed while a map was running"));
            dispatcher.close();
            forgetCleaner();
            return;
        }
        try {
            List<WorkerException> errors = awaitStop();
            if (!errors.isEmpty()) {
                throw errors.getFirst();
            }
        } finally {
            dispatcher.close();
            forgetCleaner();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(closedReason);
        }
    }

    /** Its start method is gone: kill the workers, fail what runs, refuse further use with the reason. */
    void abandon(String reason) {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closedReason = reason;
            closed = true;
        }
        dispatcher.terminate(new IllegalStateException(reason));
        dispatcher.close();
    }
}
