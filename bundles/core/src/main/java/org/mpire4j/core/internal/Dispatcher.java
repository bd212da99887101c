package org.mpire4j.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.mpire4j.api.MpireException;
import org.mpire4j.api.PoolInsights;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.TaskFailedException;
import org.mpire4j.api.WorkerDiedException;
import org.mpire4j.api.WorkerException;
import org.mpire4j.api.WorkerPhase;
import org.mpire4j.core.internal.Incarnation.Ended;
import org.mpire4j.core.internal.Incarnation.Inbound;
import org.mpire4j.core.internal.Incarnation.Unsendable;
import org.mpire4j.core.internal.Jobs.ApplyJob;
import org.mpire4j.core.internal.Jobs.ApplyWork;
import org.mpire4j.core.internal.Jobs.ChunkProgress;
import org.mpire4j.core.internal.Jobs.ChunkResult;
import org.mpire4j.core.internal.Jobs.ChunkWork;
import org.mpire4j.core.internal.Jobs.Failure;
import org.mpire4j.core.internal.Jobs.MapJob;
import org.mpire4j.core.internal.Jobs.Work;
import org.mpire4j.core.internal.Messages.ApplyDone;
import org.mpire4j.core.internal.Messages.Busy;
import org.mpire4j.core.internal.Messages.ChunkDone;
import org.mpire4j.core.internal.Messages.ExitResult;
import org.mpire4j.core.internal.Messages.HookFailed;
import org.mpire4j.core.internal.Messages.InsightsUpdate;
import org.mpire4j.core.internal.Messages.Progress;
import org.mpire4j.core.internal.Messages.RunApply;
import org.mpire4j.core.internal.Messages.RunChunk;
import org.mpire4j.core.internal.Messages.Started;
import org.mpire4j.core.internal.Messages.Stopped;
import org.mpire4j.core.internal.Messages.TaskFailed;

/**
 * The parent side of a pool: one thread that owns every worker and job. Callers and workers talk
 * to it only through its inbox (commands and worker events), so its state needs no locks. It places
 * work on workers, routes results to maps and applies, enforces timeouts, restarts workers at the
 * end of their lifespan and notices workers that die.
 *
 * <p>Invariants: a worker slot holds at most one live incarnation that accepts work; an incarnation
 * whose work was all answered and that was told to stop, or was killed, lives in {@link Workers#ending}
 * until its start method reports its end; a failed map receives exactly one {@link Failure} and no
 * results after it.
 *
 * <p>Every result is delivered once: work sent to an incarnation stays in its {@code sent} queue
 * until the one message that answers it (a chunk's results travel whole, in one message), and
 * nothing an incarnation says after its end counts. So when a worker dies unexpectedly, its
 * {@code sent} queue is exactly the work it lost; with {@code retryLostChunks} that work is placed
 * again (up to that many times per chunk or apply) instead of failing its map.
 *
 * <p>Its state is split into parts it owns, each confined to the dispatcher thread like the rest:
 * {@link Workers} (slots, placement, starting and stopping incarnations), {@link Deadlines} (timeouts),
 * {@link Insights} and {@link GracefulStops}. The dispatcher keeps the loop, the maps and applies, and
 * what happens when a worker answers or ends.
 */
final class Dispatcher {

    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

    private final String poolName;
    private final StartMethod startMethod;
    /** How many times a chunk or apply lost with a dead worker is re-run; 0 fails its map at once. */
    private final int retryLostChunks;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final List<Object> exitResults = Collections.synchronizedList(new ArrayList<>());

    // Everything below, parts included, is owned by the dispatcher thread.
    private final Workers workers;
    private final Deadlines deadlines;
    private final Insights insights;
    private final GracefulStops stops = new GracefulStops();
    private MapJob map;
    private boolean closing;

    Dispatcher(String poolName, int jobs, StartMethod startMethod, Map<String, String> startMethodOptions,
            boolean orderTasks, boolean insightsEnabled, int retryLostChunks, Object shared) {
        this.poolName = poolName;
        this.retryLostChunks = retryLostChunks;
        this.startMethod = startMethod;
        this.insights = new Insights(insightsEnabled, jobs);
        this.workers = new Workers(this, poolName, jobs, startMethod, startMethodOptions, orderTasks, shared, inbox);
        this.deadlines = new Deadlines(this, workers, stops, poolName);
        this.thread = Thread.ofPlatform().name(poolName + "-dispatcher").daemon(true).unstarted(this::loop);
        thread.start();
    }

    // ---------------------------------------------------------------- commands (any thread)

    /** Starts a map: workers are started or reconfigured for it. */
    void beginMap(MapJob job) {
        command(() -> {
            map = job;
            workers.configure(job.setup);
        });
    }

    /** Queues one chunk of a map for a worker. */
    void submit(MapJob job, long chunkId, Object[] args) {
        command(() -> {
            if (!job.failed) {
                ChunkWork chunk = new ChunkWork(job, chunkId, args);
                workers.place(chunk, workers.placementOf(chunk));
            }
        });
    }

    /** Ends a map normally or after its caller gave up; results still coming for it are dropped. */
    void endMap(MapJob job) {
        command(() -> {
            job.failed = true;
            if (map == job) {
                map = null;
            }
            for (Slot slot : workers.slots) {
                slot.pending.removeIf(w -> w instanceof ChunkWork c && c.map() == job);
            }
        });
    }

    /** Runs one apply. */
    CompletableFuture<Object> apply(ApplyJob job) {
        command(() -> {
            if (closing) {
                job.future.completeExceptionally(new IllegalStateException("The pool is closed: build a new pool"));
                return;
            }
            if (map == null && workers.liveCount() == 0) {
                workers.setup = job.setup;
            }
            workers.place(new ApplyWork(job), null);
        });
        return job.future;
    }

    /** Stops every worker gracefully; the future completes when all of them have ended. */
    CompletableFuture<List<WorkerException>> stopWorkers() {
        CompletableFuture<List<WorkerException>> done = new CompletableFuture<>();
        command(() -> {
            for (Slot slot : workers.slots) {
                if (slot.current != null) {
                    workers.retire(slot.current);
                }
            }
            stops.await(workers.ending, done);
            stops.completeEnded();
        });
        return done;
    }

    /** Kills every worker at once, fails what is running, and ends the dispatcher. */
    void terminate(RuntimeException reason) {
        command(() -> {
            closing = true;
            if (map != null) {
                fail(map, reason);
            } else {
                workers.killAll(reason);
            }
            for (Slot slot : workers.slots) {
                workers.failPending(slot, reason);
            }
        });
    }

    /** Ends the dispatcher once its workers have ended; callers stop workers first. */
    void close() {
        command(() -> closing = true);
    }

    /** Replaces the shared objects that workers started from now on receive. */
    void setShared(Object newShared) {
        command(() -> workers.setShared(newShared));
    }

    /** A snapshot of the insights, taken by the dispatcher. */
    PoolInsights insights() {
        CompletableFuture<PoolInsights> result = new CompletableFuture<>();
        command(() -> result.complete(insights.collect(workers.slots, workers.ending)));
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpireException("Interrupted while reading insights", e);
        } catch (Exception e) {
            throw new MpireException("The pool's dispatcher did not answer within 10 s", e);
        }
    }

    List<Object> exitResults() {
        synchronized (exitResults) {
            return List.copyOf(new ArrayList<>(exitResults));
        }
    }

    String poolName() {
        return poolName;
    }

    boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * Waits until the loop has ended (after {@link #close()} or {@link #terminate}, once every worker has
     * ended), so that what the pool held is released when the caller's close() returns.
     *
     * @param timeout the longest wait
     */
    void awaitEnd(Duration timeout) {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void command(Runnable command) {
        inbox.add(command);
    }

    // ---------------------------------------------------------------- the loop (dispatcher thread)

    private void loop() {
        try {
            while (!(closing && workers.liveCount() == 0 && workers.ending.isEmpty())) {
                long wait = deadlines.next() - System.nanoTime();
                Object item = wait > 0 ? inbox.poll(wait, TimeUnit.NANOSECONDS) : inbox.poll();
                if (item != null) {
                    handleSafely(item);
                }
                deadlines.check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Whatever is still queued must not wait forever.
            IllegalStateException closed = new IllegalStateException("The pool is closed: build a new pool");
            Object item;
            while ((item = inbox.poll()) != null) {
                if (item instanceof Runnable command) {
                    handleSafely(command);
                }
            }
            failRunningMap(closed);
            forgetThePool();
        }
    }

    /**
     * Once the loop has ended, nothing of the pool stays reachable through the engine: the start method
     * frees what it kept for the program now (not at garbage collection), and the task, hooks, shared
     * objects and workers' class loaders are dropped. Exit results stay: callers read them after close.
     */
    private void forgetThePool() {
        workers.forget();
        map = null;
    }

    private void handleSafely(Object item) {
        try {
            switch (item) {
                case Runnable command -> command.run();
                case Inbound in -> onMessage(in.incarnation(), in.message());
                case Ended end -> onEnded(end.incarnation(), end.howItEnded(), end.error());
                case Unsendable u -> onUnsendable(u.incarnation(), u.message(), u.error());
                default -> throw new IllegalStateException("Unknown dispatcher item " + item);
            }
        } catch (RuntimeException | Error e) {
            // The dispatcher must outlive any bug: fail what is running rather than leave callers waiting.
            LOG.log(System.Logger.Level.ERROR, poolName + ": internal error, failing running work", e);
            MpireException error = new MpireException("Internal error in the pool's dispatcher: " + e, e);
            failRunningMap(error);
        }
    }

    // ---------------------------------------------------------------- maps, and what the parts ask back

    boolean isClosing() {
        return closing;
    }

    /** Whether a map has begun and not ended: a slot that loses its worker needs a successor for it. */
    boolean hasMap() {
        return map != null;
    }

    /** A fresh set of workers: exit results and insights start over, as in MPIRE. */
    void startBatch() {
        exitResults.clear();
        insights.startOver();
    }

    /** Fails the map that is running, if any. */
    void failRunningMap(RuntimeException error) {
        if (map != null) {
            fail(map, error);
        }
    }

    /** Fails a map: its caller gets the error, every worker is stopped, applies on them fail. */
    void fail(MapJob job, RuntimeException error) {
        if (job.failed) {
            return;
        }
        job.failed = true;
        job.output.add(new Failure(error));
        workers.killAll(error);
        for (Slot slot : workers.slots) {
            slot.pending.removeIf(w -> w instanceof ChunkWork c && c.map() == job);
            if (!slot.pending.isEmpty()) {
                workers.launch(slot);
            }
        }
    }

    /** After a worker finished some work: retire it at the end of its lifespan, feed it otherwise. */
    private void afterWork(Incarnation inc) {
        inc.busyDeadline = Long.MAX_VALUE;
        inc.busyWork = null;
        if (inc.full && inc.sent.isEmpty() && !inc.stopSent && !inc.killed) {
            Slot slot = inc.slot;
            // A lifespan exists to give a worker's memory back: its process must not serve again.
            inc.handle.doNotReuse();
            workers.retire(inc);
            if (map != null || !slot.pending.isEmpty()) {
                workers.launch(slot);
            }
        }
    }

    // ---------------------------------------------------------------- events from workers

    private void onMessage(Incarnation inc, Object message) {
        if (inc.killed || inc.ended) {
            // An abandoned thread may still talk; nobody listens. After its end, a worker's work was
            // re-run or failed: a late answer must not deliver a result twice.
            return;
        }
        switch (message) {
            case Started s -> inc.startupNanos = System.nanoTime() - inc.launchedAt;
            case Busy busy -> deadlines.arm(inc, busy);
            case Progress progress -> {
                if (inc.sent.peek() instanceof ChunkWork c && !c.map().failed) {
                    c.map().output.add(new ChunkProgress(progress.chunkId(), progress.done()));
                }
            }
            case ChunkDone done -> {
                inc.insightsAtLastResult = inc.insights;
                Work work = inc.sent.poll();
                if (work instanceof ChunkWork c && !c.map().failed) {
                    c.map().output.add(new ChunkResult(done.chunkId(), done.results()));
                }
                afterWork(inc);
            }
            case ApplyDone done -> {
                inc.insightsAtLastResult = inc.insights;
                Work work = inc.sent.poll();
                if (work instanceof ApplyWork a) {
                    a.apply().future.complete(done.result());
                }
                inc.interruptDeadline = Long.MAX_VALUE;
                afterWork(inc);
            }
            case TaskFailed failed -> {
                inc.insightsAtLastResult = inc.insights;
                Work work = inc.sent.poll();
                switch (work) {
                    case ChunkWork c -> fail(c.map(),
                            new TaskFailedException(inc.slot.id, c.args()[failed.index()], failed.error()));
                    case ApplyWork a -> a.apply().future.completeExceptionally(
                            new TaskFailedException(inc.slot.id, a.apply().arg, failed.error()));
                    case null -> { }
                }
                inc.interruptDeadline = Long.MAX_VALUE;
                afterWork(inc);
            }
            case HookFailed hook when hook.phase() == WorkerPhase.INIT -> {
                inc.initFailed = true;
                failWorkOf(inc, new WorkerException("Worker-init failed on worker " + inc.slot.id + ": "
                        + hook.error(), inc.slot.id, WorkerPhase.INIT, hook.error()));
            }
            case HookFailed hook -> stops.addExitError(new WorkerException("Worker-exit failed on worker "
                    + inc.slot.id + ": " + hook.error(), inc.slot.id, WorkerPhase.EXIT, hook.error()));
            case ExitResult result -> exitResults.add(result.value());
            case InsightsUpdate update -> inc.insights = update;
            case Stopped s -> inc.stoppedGracefully = true;
            default -> throw new IllegalStateException("Unknown message from worker " + inc.slot.id + ": " + message);
        }
    }

    /**
     * A message never reached its worker: its data cannot be encoded. What it was for fails with the cause;
     * the worker did nothing wrong, so this is no lost work and nothing is re-run.
     */
    private void onUnsendable(Incarnation inc, Object message, Throwable error) {
        if (inc.killed || inc.ended) {
            return;
        }
        String where = "worker " + inc.slot.id + " (" + inc.handle.describe() + ")";
        String hint = "; tasks, hooks, arguments and shared objects must be serializable for start method '"
                + startMethod.name() + "'";
        switch (message) {
            case RunChunk chunk -> {
                Work lost = inc.removeSent(w -> w instanceof ChunkWork c && c.map().id == chunk.jobId()
                        && c.chunkId() == chunk.chunkId());
                if (lost instanceof ChunkWork c) {
                    fail(c.map(), new MpireException("An argument of the map cannot be sent to " + where + ": " + error
                            + hint, error));
                }
            }
            case RunApply apply -> {
                Work lost = inc.removeSent(w -> w instanceof ApplyWork a && a.apply().id == apply.jobId());
                if (lost instanceof ApplyWork a) {
                    a.apply().future.completeExceptionally(new MpireException("The apply's task or argument cannot"
                            + " be sent to " + where + ": " + error + hint, error));
                }
                afterWork(inc);
            }
            default -> {
                MpireException failure = new MpireException("The task or a hook cannot be sent to " + where + ": "
                        + error + hint, error);
                failRunningMap(failure);
                failWorkOf(inc, failure);
                workers.kill(inc);
            }
        }
    }

    /** Fails everything sent to a worker that cannot go on (its init failed or timed out). */
    void failWorkOf(Incarnation inc, RuntimeException error) {
        List<Work> work = new ArrayList<>(inc.sent);
        inc.sent.clear();
        for (Work w : work) {
            switch (w) {
                case ChunkWork c -> fail(c.map(), error);
                case ApplyWork a -> a.apply().future.completeExceptionally(error);
            }
        }
    }

    private void onEnded(Incarnation inc, String howItEnded, Throwable error) {
        inc.ended = true;
        // A handle its start method still holds (a process back in the idle cache, a thread finishing) must not
        // keep the task, its class loader or its map reachable.
        inc.loaders.clear();
        workers.ending.remove(inc);
        Slot slot = inc.slot;
        if (slot.current == inc) {
            slot.current = null;
        }
        boolean expected = inc.stoppedGracefully || inc.killed || inc.initFailed;
        if (!expected) {
            onDied(inc, howItEnded, error);
        } else {
            insights.add(inc);
            if (!inc.sent.isEmpty()) {
                // Killed with work still queued (an abandoned apply): the queued work goes elsewhere.
                List<Work> requeue = new ArrayList<>(inc.sent);
                inc.sent.clear();
                for (Work work : requeue) {
                    if (work instanceof ApplyWork a && !a.apply().future.isDone()) {
                        workers.place(work, null);
                    }
                }
            }
        }
        if (slot.current == null && !slot.pending.isEmpty()) {
            workers.launch(slot);
        }
        inc.setup = null;
        inc.busyWork = null;
        stops.completeEnded();
    }

    /**
     * A worker ended without the pool asking it to. What it was sent and did not answer is lost:
     * re-run while its losses stay within {@link #retryLostChunks}, else its map fails (its apply
     * completes exceptionally) with a {@link WorkerDiedException}.
     */
    private void onDied(Incarnation inc, String howItEnded, Throwable error) {
        Slot slot = inc.slot;
        List<Work> lost = new ArrayList<>(inc.sent);
        inc.sent.clear();
        if (!lost.isEmpty()) {
            // Its latest figures may already count the lost chunk (a worker reports them just before its
            // results); those as of its last answer do not, so a re-run chunk is counted once.
            inc.insights = inc.insightsAtLastResult;
        }
        insights.add(inc);
        List<Work> rerun = new ArrayList<>();
        WorkerDiedException reported = null;
        for (Work work : lost) {
            if (!work.wanted()) {
                continue;
            }
            if (work.losses() < retryLostChunks && !closing) {
                rerun.add(work.lostOnce());
                continue;
            }
            WorkerDiedException died = new WorkerDiedException(slot.id, howItEnded, error, work.losses() + 1);
            reported = reported != null ? reported : died;
            switch (work) {
                case ChunkWork c -> fail(c.map(), died);
                case ApplyWork a -> a.apply().future.completeExceptionally(died);
            }
        }
        rerun.removeIf(work -> !work.wanted()); // a map failed just above takes its other chunks with it
        if (reported != null || rerun.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, poolName + ": " + (reported != null ? reported
                    : new WorkerDiedException(slot.id, howItEnded, error)).getMessage());
        }
        if (slot.current == null && !closing && (!rerun.isEmpty() || map != null && !map.failed)) {
            // The map (or the lost work) runs on a pool that just lost a worker: replace it.
            workers.launch(slot, false);
        }
        for (Work work : rerun) {
            if (!work.wanted()) {
                continue; // the replacement could not start, and that failed the map
            }
            String what = switch (work) {
                case ChunkWork c -> "a chunk of " + c.size() + (c.size() == 1 ? " task" : " tasks") + " of map "
                        + c.map().id;
                case ApplyWork a -> "apply " + a.apply().id;
            };
            LOG.log(System.Logger.Level.WARNING, poolName + ": worker " + slot.id + " ended unexpectedly (" + howItEnded
                    + ") with " + what + " unfinished; re-running it, attempt " + (work.losses() + 1) + " of "
                    + (retryLostChunks + 1));
            // A lost chunk keeps its ordered placement: the replacement in the same slot re-runs it.
            workers.place(work, work instanceof ChunkWork c ? workers.placementOf(c) : null);
        }
    }
}
