package org.mpire4j.core.internal;

import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mpire4j.api.Task;
import org.mpire4j.api.TaskTime;
import org.mpire4j.api.WorkerContext;
import org.mpire4j.api.WorkerPhase;
import org.mpire4j.api.spi.WorkerEndpoint;
import org.mpire4j.api.spi.WorkerProgram;
import org.mpire4j.core.internal.Messages.ApplyDone;
import org.mpire4j.core.internal.Messages.Busy;
import org.mpire4j.core.internal.Messages.ChunkDone;
import org.mpire4j.core.internal.Messages.Configure;
import org.mpire4j.core.internal.Messages.ExitResult;
import org.mpire4j.core.internal.Messages.HookFailed;
import org.mpire4j.core.internal.Messages.InsightsUpdate;
import org.mpire4j.core.internal.Messages.Progress;
import org.mpire4j.core.internal.Messages.RunApply;
import org.mpire4j.core.internal.Messages.RunChunk;
import org.mpire4j.core.internal.Messages.Started;
import org.mpire4j.core.internal.Messages.Stop;
import org.mpire4j.core.internal.Messages.Stopped;
import org.mpire4j.core.internal.Messages.TaskFailed;

/**
 * The worker side of the engine, run by the start method on a thread or in a worker process. One
 * instance serves every worker of a pool until the shared objects change: it holds only them.
 *
 * <p>Init runs lazily before the first task; a task failure is reported and the loop goes on (the
 * parent decides whether the map fails); the exit hook runs on {@link Stop} if a task ran.
 */
final class WorkerLoop implements WorkerProgram {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Workers report progress within a chunk at most this often: a bar redraws ten times a second. */
    private static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;

    private final Object shared;

    WorkerLoop(Object shared) {
        this.shared = shared;
    }

    @Override
    public void run(int workerId, WorkerEndpoint endpoint) throws Exception {
        new Life(workerId, endpoint).run();
    }

    /** The mutable part of one worker's life; never serialized. */
    private final class Life implements WorkerContext<Object> {
        private final int workerId;
        private final WorkerEndpoint endpoint;
        private final Map<String, Object> state = new HashMap<>();
        private Configure config;
        private boolean initDone;
        private boolean ranTask;
        private final Stats stats = new Stats();

        Life(int workerId, WorkerEndpoint endpoint) {
            this.workerId = workerId;
            this.endpoint = endpoint;
        }

        @Override
        public int workerId() {
            return workerId;
        }

        @Override
        public Object shared() {
            return shared;
        }

        @Override
        public Map<String, Object> state() {
            return state;
        }

        void run() throws IOException {
            endpoint.send(new Started());
            while (true) {
                long waitStart = System.nanoTime();
                Object message;
                try {
                    message = endpoint.receive();
                } catch (InterruptedException | IOException closed) {
                    return; // the parent killed this worker or its channel closed: nothing left to report to
                }
                stats.waitingNanos += System.nanoTime() - waitStart;
                if (message instanceof ByteBuffer bytes) {
                    message = Wire.read(bytes); // a chunk in its byte form (BinaryMessage), from a process transport
                }
                // instanceof, not a pattern switch: a switch's first run generates a class, which a new worker
                // JVM would pay for before its first result
                if (message instanceof RunChunk chunk) {
                    if (!ensureInit(chunk.jobId())) {
                        return;
                    }
                    runChunk(chunk);
                } else if (message instanceof RunApply apply) {
                    if (!ensureInit(apply.jobId())) {
                        return;
                    }
                    runApply(apply);
                } else if (message instanceof Configure c) {
                    config = c;
                } else if (message instanceof Stop stop) {
                    stop(stop);
                    return;
                } else {
                    throw new IllegalStateException("Unknown message for a worker: " + message);
                }
            }
        }

        /** Runs init before the first task; false if it failed (the failure is reported, the worker ends). */
        private boolean ensureInit(long jobId) throws IOException {
            if (initDone) {
                return true;
            }
            initDone = true;
            if (config == null || config.init() == null) {
                return true;
            }
            if (config.timedInit()) {
                endpoint.send(new Busy(WorkerPhase.INIT, jobId, 0));
            }
            long start = System.nanoTime();
            try {
                @SuppressWarnings("unchecked")
                var init = (org.mpire4j.api.WorkerInit<Object>) config.init();
                init.init(this);
                return true;
            } catch (Throwable e) {
                clearInterrupt();
                sendHookFailure(WorkerPhase.INIT, jobId, e);
                return false;
            } finally {
                stats.initNanos += System.nanoTime() - start;
            }
        }

        private void runChunk(RunChunk chunk) throws IOException {
            @SuppressWarnings("unchecked")
            Task<Object, Object, Object> task = (Task<Object, Object, Object>) config.task();
            Object[] args = chunk.args();
            Object[] results = new Object[args.length];
            boolean insights = config.insights();
            ranTask = true;
            long lastProgress = chunk.progress() ? System.nanoTime() : 0;
            for (int i = 0; i < args.length; i++) {
                if (chunk.progress() && i > 0 && System.nanoTime() - lastProgress >= PROGRESS_INTERVAL_NANOS) {
                    lastProgress = System.nanoTime();
                    endpoint.send(new Progress(chunk.jobId(), chunk.chunkId(), i));
                }
                if (chunk.timed()) {
                    endpoint.send(new Busy(WorkerPhase.TASK, chunk.jobId(), i));
                }
                long start = insights ? System.nanoTime() : 0;
                try {
                    results[i] = task.apply(this, args[i]);
                } catch (Throwable e) {
                    clearInterrupt();
                    reportInsights();
                    sendFailure(chunk.jobId(), i, e);
                    return; // the map fails as a whole: the rest of this chunk is not needed
                } finally {
                    if (insights) {
                        stats.task(System.nanoTime() - start, args[i]);
                    }
                }
            }
            // Insights first: whoever sees the results then also sees the figures that include them.
            reportInsights();
            sendOr(new ChunkDone(chunk.jobId(), chunk.chunkId(), results), chunk.jobId(), 0);
        }

        private void runApply(RunApply apply) throws IOException {
            @SuppressWarnings("unchecked")
            Task<Object, Object, Object> task = (Task<Object, Object, Object>) apply.task();
            boolean insights = config != null && config.insights();
            ranTask = true;
            if (apply.timed()) {
                endpoint.send(new Busy(WorkerPhase.TASK, apply.jobId(), 0));
            }
            long start = System.nanoTime();
            Object result = null;
            Throwable failure = null;
            try {
                result = task.apply(this, apply.arg());
            } catch (Throwable e) {
                failure = e;
            }
            // A timed-out apply was interrupted by the parent; the interrupt must not leak into the next task.
            clearInterrupt();
            if (insights) {
                stats.task(System.nanoTime() - start, apply.arg());
            }
            reportInsights();
            if (failure == null) {
                sendOr(new ApplyDone(apply.jobId(), result), apply.jobId(), 0);
            } else {
                sendFailure(apply.jobId(), 0, failure);
            }
        }

        private void stop(Stop stop) throws IOException {
            if (ranTask && config != null && config.exit() != null) {
                if (stop.timedExit()) {
                    endpoint.send(new Busy(WorkerPhase.EXIT, 0, 0));
                }
                long start = System.nanoTime();
                try {
                    @SuppressWarnings("unchecked")
                    var exit = (org.mpire4j.api.WorkerExit<Object, ?>) config.exit();
                    Object value = exit.exit(this);
                    try {
                        endpoint.send(new ExitResult(value));
                    } catch (ObjectStreamException e) {
                        endpoint.send(new HookFailed(WorkerPhase.EXIT, 0, new IllegalStateException(
                                "The exit result cannot be sent to the parent: " + e + "; return a serializable value")));
                    }
                } catch (Throwable e) {
                    sendHookFailure(WorkerPhase.EXIT, 0, e);
                } finally {
                    stats.exitNanos += System.nanoTime() - start;
                }
            }
            reportInsights();
            endpoint.send(new Stopped());
        }

        /** Sends a result; one that cannot travel becomes the failure of its task instead. */
        private void sendOr(Object message, long jobId, int index) throws IOException {
            try {
                endpoint.send(message);
            } catch (ObjectStreamException e) {
                endpoint.send(new TaskFailed(jobId, index, new IllegalStateException(
                        "A result cannot be sent to the parent: " + e + "; tasks must return serializable values")));
            }
        }

        private void sendFailure(long jobId, int index, Throwable error) throws IOException {
            try {
                endpoint.send(new TaskFailed(jobId, index, error));
            } catch (ObjectStreamException e) {
                endpoint.send(new TaskFailed(jobId, index, new ForeignException(error)));
            }
        }

        private void sendHookFailure(WorkerPhase phase, long jobId, Throwable error) throws IOException {
            try {
                endpoint.send(new HookFailed(phase, jobId, error));
            } catch (ObjectStreamException e) {
                endpoint.send(new HookFailed(phase, jobId, new ForeignException(error)));
            }
        }

        private void reportInsights() throws IOException {
            if (config != null && config.insights()) {
                endpoint.send(stats.snapshot());
            }
        }

        private void clearInterrupt() {
            Thread.interrupted();
        }
    }

    /** Time figures of one worker life, kept only when insights are enabled. */
    private static final class Stats {
        private static final int TOP = 5;
        long initNanos;
        long waitingNanos;
        long workingNanos;
        long exitNanos;
        long tasks;
        private final List<TaskTime> longest = new ArrayList<>(TOP + 1);
        private long shortestKept;

        void task(long nanos, Object arg) {
            workingNanos += nanos;
            tasks++;
            if (longest.size() < TOP || nanos > shortestKept) {
                longest.add(new TaskTime(Duration.ofNanos(nanos), describe(arg)));
                longest.sort(Comparator.comparing(TaskTime::duration).reversed());
                if (longest.size() > TOP) {
                    longest.remove(TOP);
                }
                shortestKept = longest.getLast().duration().toNanos();
            }
        }

        InsightsUpdate snapshot() {
            return new InsightsUpdate(initNanos, waitingNanos, workingNanos, exitNanos, tasks, List.copyOf(longest));
        }

        private static String describe(Object arg) {
            String text;
            try {
                text = String.valueOf(arg);
            } catch (RuntimeException e) {
                text = "<toString() threw " + e + ">";
            }
            return text.length() > 100 ? text.substring(0, 97) + "..." : text;
        }
    }
}
