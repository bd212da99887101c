package org.mpire4j.core.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import org.mpire4j.api.Task;
import org.mpire4j.api.TaskTime;
import org.mpire4j.api.WorkerExit;
import org.mpire4j.api.WorkerInit;
import org.mpire4j.api.WorkerPhase;
import org.mpire4j.api.spi.BinaryMessage;

/**
 * The protocol between the engine and its workers. Thread workers receive these objects as they
 * are; process start methods serialize them. Every message is small except chunks and results,
 * which carry whole chunks so that a transport pays per chunk, not per task.
 *
 * <p>The messages are plain final classes, not records, on purpose: Java serialization builds a
 * record through method handles it generates on first use, which cost a new worker JVM about 50 ms
 * of CPU before its first result (measured, with and without an AOT cache); a plain class is read
 * field by field.
 */
final class Messages {

    private Messages() {
    }

    // ---- parent to worker ----

    /**
     * The functions of the maps and applies that follow. Timed phases make the worker announce
     * each start with {@link Busy} so that the parent can enforce their timeouts.
     */
    static final class Configure implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Task<?, ?, ?> task;
        private final WorkerInit<?> init;
        private final WorkerExit<?, ?> exit;
        private final boolean timedInit;
        private final boolean insights;

        Configure(Task<?, ?, ?> task, WorkerInit<?> init, WorkerExit<?, ?> exit, boolean timedInit, boolean insights) {
            this.task = task;
            this.init = init;
            this.exit = exit;
            this.timedInit = timedInit;
            this.insights = insights;
        }

        Task<?, ?, ?> task() {
            return task;
        }

        WorkerInit<?> init() {
            return init;
        }

        WorkerExit<?, ?> exit() {
            return exit;
        }

        boolean timedInit() {
            return timedInit;
        }

        boolean insights() {
            return insights;
        }
    }

    /**
     * Run the task over these arguments; {@code timed} asks for a {@link Busy} before each,
     * {@code progress} for a {@link Progress} at most every 100 ms.
     */
    static final class RunChunk implements Serializable, BinaryMessage {
        @Serial
        private static final long serialVersionUID = 1L;
        private final long jobId;
        private final long chunkId;
        private final Object[] args;
        private final boolean timed;
        private final boolean progress;
        /** The packed arguments, once {@link #writeTo} packed them: serialization then need not pack them again. */
        private transient Object packed;

        RunChunk(long jobId, long chunkId, Object[] args, boolean timed, boolean progress) {
            this.jobId = jobId;
            this.chunkId = chunkId;
            this.args = args;
            this.timed = timed;
            this.progress = progress;
        }

        long jobId() {
            return jobId;
        }

        long chunkId() {
            return chunkId;
        }

        Object[] args() {
            return args;
        }

        boolean timed() {
            return timed;
        }

        boolean progress() {
            return progress;
        }

        @Override
        public boolean writeTo(OutputStream out) throws IOException {
            packed = Packed.pack(args);
            return Wire.write(out, Wire.RUN_CHUNK, jobId, chunkId, (timed ? Wire.TIMED : 0)
                    | (progress ? Wire.PROGRESS : 0), packed);
        }

        @Serial
        private Object writeReplace() {
            return new PackedChunk(jobId, chunkId, packed != null ? packed : Packed.pack(args), timed, progress);
        }
    }

    /** How a {@link RunChunk} travels to a worker process: its arguments packed. */
    private static final class PackedChunk implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final long jobId;
        private final long chunkId;
        private final Object args;
        private final boolean timed;
        private final boolean progress;

        PackedChunk(long jobId, long chunkId, Object args, boolean timed, boolean progress) {
            this.jobId = jobId;
            this.chunkId = chunkId;
            this.args = args;
            this.timed = timed;
            this.progress = progress;
        }

        @Serial
        private Object readResolve() {
            return new RunChunk(jobId, chunkId, Packed.unpack(args), timed, progress);
        }
    }

    /** Run one task; it carries its own function, so applies and maps may interleave. */
    static final class RunApply implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final long jobId;
        private final Task<?, ?, ?> task;
        private final Object arg;
        private final boolean timed;

        RunApply(long jobId, Task<?, ?, ?> task, Object arg, boolean timed) {
            this.jobId = jobId;
            this.task = task;
            this.arg = arg;
            this.timed = timed;
        }

        long jobId() {
            return jobId;
        }

        Task<?, ?, ?> task() {
            return task;
        }

        Object arg() {
            return arg;
        }

        boolean timed() {
            return timed;
        }
    }

    /** Run the exit hook (if a task ran), send its result, and end. */
    static final class Stop implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final boolean timedExit;

        Stop(boolean timedExit) {
            this.timedExit = timedExit;
        }

        boolean timedExit() {
            return timedExit;
        }
    }

    // ---- worker to parent ----

    /** The worker's loop is running. */
    static final class Started implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        Started() {
        }
    }

    /** The worker began a timed phase; for tasks, the index of the argument within its chunk. */
    static final class Busy implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final WorkerPhase phase;
        private final long jobId;
        private final int index;

        Busy(WorkerPhase phase, long jobId, int index) {
            this.phase = phase;
            this.jobId = jobId;
            this.index = index;
        }

        WorkerPhase phase() {
            return phase;
        }

        long jobId() {
            return jobId;
        }

        int index() {
            return index;
        }
    }

    /** How many tasks of a chunk are done so far, for progress bars; the chunk's results follow later. */
    static final class Progress implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final long jobId;
        private final long chunkId;
        private final int done;

        Progress(long jobId, long chunkId, int done) {
            this.jobId = jobId;
            this.chunkId = chunkId;
            this.done = done;
        }

        long jobId() {
            return jobId;
        }

        long chunkId() {
            return chunkId;
        }

        int done() {
            return done;
        }
    }

    /** A chunk's results, in the order of its arguments. */
    static final class ChunkDone implements Serializable, BinaryMessage {
        @Serial
        private static final long serialVersionUID = 1L;
        private final long jobId;
        private final long chunkId;
        private final Object[] results;
        /** The packed results, once {@link #writeTo} packed them: serialization then need not pack them again. */
        private transient Object packed;

        ChunkDone(long jobId, long chunkId, Object[] results) {
            this.jobId = jobId;
            this.chunkId = chunkId;
            this.results = results;
        }

        long jobId() {
            return jobId;
        }

        long chunkId() {
            return chunkId;
        }

        Object[] results() {
            return results;
        }

        @Override
        public boolean writeTo(OutputStream out) throws IOException {
            packed = Packed.pack(results);
            return Wire.write(out, Wire.CHUNK_DONE, jobId, chunkId, 0, packed);
        }

        @Serial
        private Object writeReplace() {
            return new PackedResults(jobId, chunkId, packed != null ? packed : Packed.pack(results));
        }
    }

    /** How a {@link ChunkDone} travels from a worker process: its results packed. */
    private static final class PackedResults implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final long jobId;
        private final long chunkId;
        private final Object results;

        PackedResults(long jobId, long chunkId, Object results) {
            this.jobId = jobId;
            this.chunkId = chunkId;
            this.results = results;
        }

        @Serial
        private Object readResolve() {
            return new ChunkDone(jobId, chunkId, Packed.unpack(results));
        }
    }

    /** An apply's result. */
    static final class ApplyDone implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final long jobId;
        private final Object result;

        ApplyDone(long jobId, Object result) {
            this.jobId = jobId;
            this.result = result;
        }

        long jobId() {
            return jobId;
        }

        Object result() {
            return result;
        }
    }

    /** A task threw; {@code index} is the argument's position in its chunk (0 for an apply). */
    static final class TaskFailed implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final long jobId;
        private final int index;
        private final Throwable error;

        TaskFailed(long jobId, int index, Throwable error) {
            this.jobId = jobId;
            this.index = index;
            this.error = error;
        }

        long jobId() {
            return jobId;
        }

        int index() {
            return index;
        }

        Throwable error() {
            return error;
        }
    }

    /** The init or exit hook threw. After a failed init the worker ends. */
    static final class HookFailed implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final WorkerPhase phase;
        private final long jobId;
        private final Throwable error;

        HookFailed(WorkerPhase phase, long jobId, Throwable error) {
            this.phase = phase;
            this.jobId = jobId;
            this.error = error;
        }

        WorkerPhase phase() {
            return phase;
        }

        long jobId() {
            return jobId;
        }

        Throwable error() {
            return error;
        }
    }

    /** What the exit hook returned. */
    static final class ExitResult implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Object value;

        ExitResult(Object value) {
            this.value = value;
        }

        Object value() {
            return value;
        }

        @Serial
        private Object writeReplace() {
            return new PackedExitResult(Packed.pack(new Object[] {value}));
        }
    }

    /** How an {@link ExitResult} travels from a worker process: in the compact form when it has one. */
    private static final class PackedExitResult implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Object value;

        PackedExitResult(Object value) {
            this.value = value;
        }

        @Serial
        private Object readResolve() {
            return new ExitResult(Packed.unpack(value)[0]);
        }
    }

    /** The worker's cumulative time figures for its life so far. */
    static final class InsightsUpdate implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final long initNanos;
        private final long waitingNanos;
        private final long workingNanos;
        private final long exitNanos;
        private final long tasks;
        private final List<TaskTime> longest;

        InsightsUpdate(long initNanos, long waitingNanos, long workingNanos, long exitNanos, long tasks, List<TaskTime> longest) {
            this.initNanos = initNanos;
            this.waitingNanos = waitingNanos;
            this.workingNanos = workingNanos;
            this.exitNanos = exitNanos;
            this.tasks = tasks;
            this.longest = longest;
        }

        long initNanos() {
            return initNanos;
        }

        long waitingNanos() {
            return waitingNanos;
        }

        long workingNanos() {
            return workingNanos;
        }

        long exitNanos() {
            return exitNanos;
        }

        long tasks() {
            return tasks;
        }

        List<TaskTime> longest() {
            return longest;
        }
    }

    /** The worker's last message before it ends of its own accord. */
    static final class Stopped implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        Stopped() {
        }
    }
}
