package org.mpire4j.core.internal;

import java.io.Serializable;
import java.util.List;
import org.mpire4j.api.Task;
import org.mpire4j.api.TaskTime;
import org.mpire4j.api.WorkerExit;
import org.mpire4j.api.WorkerInit;
import org.mpire4j.api.WorkerPhase;

/**
 * The protocol between the engine and its workers. Thread workers receive these objects as they
 * are; process start methods serialize them. Every message is small except chunks and results,
 * which carry whole chunks so that a transport pays per chunk, not per task.
 */
final class Messages {

    private Messages() {
    }

    // ---- parent to worker ----

    /**
     * The functions of the maps and applies that follow. Timed phases make the worker announce
     * each start with {@link Busy} so that the parent can enforce their timeouts.
     */
    record Configure(Task<?, ?, ?> task, WorkerInit<?> init, WorkerExit<?, ?> exit, boolean timedInit,
            boolean insights) implements Serializable {
    }

    /**
     * Run the task over these arguments; {@code timed} asks for a {@link Busy} before each,
     * {@code progress} for a {@link Progress} at most every 100 ms.
     */
    record RunChunk(long jobId, long chunkId, Object[] args, boolean timed, boolean progress) implements Serializable {
    }

    /** Run one task; it carries its own function, so applies and maps may interleave. */
    record RunApply(long jobId, Task<?, ?, ?> task, Object arg, boolean timed) implements Serializable {
    }

    /** Run the exit hook (if a task ran), send its result, and end. */
    record Stop(boolean timedExit) implements Serializable {
    }

    // ---- worker to parent ----

    /** The worker's loop is running. */
    record Started() implements Serializable {
    }

    /** The worker began a timed phase; for tasks, the index of the argument within its chunk. */
    record Busy(WorkerPhase phase, long jobId, int index) implements Serializable {
    }

    /** How many tasks of a chunk are done so far, for progress bars; the chunk's results follow later. */
    record Progress(long jobId, long chunkId, int done) implements Serializable {
    }

    /** A chunk's results, in the order of its arguments. */
    record ChunkDone(long jobId, long chunkId, Object[] results) implements Serializable {
    }

    /** An apply's result. */
    record ApplyDone(long jobId, Object result) implements Serializable {
    }

    /** A task threw; {@code index} is the argument's position in its chunk (0 for an apply). */
    record TaskFailed(long jobId, int index, Throwable error) implements Serializable {
    }

    /** The init or exit hook threw. After a failed init the worker ends. */
    record HookFailed(WorkerPhase phase, long jobId, Throwable error) implements Serializable {
    }

    /** What the exit hook returned. */
    record ExitResult(Object value) implements Serializable {
    }

    /** The worker's cumulative time figures for its life so far. */
    record InsightsUpdate(long initNanos, long waitingNanos, long workingNanos, long exitNanos, long tasks,
            List<TaskTime> longest) implements Serializable {
    }

    /** The worker's last message before it ends of its own accord. */
    record Stopped() implements Serializable {
    }
}
